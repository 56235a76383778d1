package org.matdx.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.matdx.leak.LeakWorld.Built;
import org.matdx.leak.LeakWorld.Sight;
import org.matdx.leak.LeakWorld.Viewer;
import org.matdx.testing.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint that reads data, as a probe: given a viewer, a dataset and what the viewer may
 * see of it, the probe calls the endpoint and checks that nothing hidden is returned, counted or
 * downloadable, and that hidden things answer 404.
 *
 * <p><b>Adding an endpoint</b>: add one {@code new Probe("name", (w, v, d, sight) -> …)} line to
 * {@link #ALL}. The world gives each dataset one structure entry (title "&lt;marker&gt; oxide",
 * property {@code <marker>_secret}, invoice word {@code <marker>word}), an entry with an open raw
 * file and one with a restricted file, and maybe a published version 1.
 */
final class EndpointProbes {
    @FunctionalInterface
    interface Check {
        void check(LeakWorld w, Viewer v, Built d, Sight sight);
    }

    record Probe(String name, Check check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Probe> ALL = List.of(
            new Probe("GET /api/v1/datasets (list)", EndpointProbes::datasetList),
            new Probe("GET /api/v1/datasets/{id}", EndpointProbes::dataset),
            new Probe("GET /api/v1/datasets/{id}/entries", EndpointProbes::entries),
            new Probe("GET /api/v1/entries/{id}", EndpointProbes::entry),
            new Probe("GET /api/v1/entries/{id}/files/{name}", EndpointProbes::files),
            new Probe("GET /api/v1/search (results, totals)", EndpointProbes::search),
            new Probe("GET /api/v1/search (facets)", EndpointProbes::facets),
            new Probe("GET /optimade/v1/structures", EndpointProbes::optimade),
            new Probe("GET /api/v1/datasets/{id}/versions…", EndpointProbes::versions),
            new Probe("GET /api/v1/datasets/{id}/versions/1/export", EndpointProbes::export),
            new Probe("GET /datasets/{id}/versions/1 (page)", EndpointProbes::versionPage),
            new Probe("GET /api/v1/audit?object=", EndpointProbes::audit),
            new Probe("GET /api/v1/datasets/{id}/coworkers", EndpointProbes::coworkers),
            new Probe("GET /datasets/{id}, /entries/{id} (pages)", EndpointProbes::pages),
            new Probe("GET /api/v1/datasets/{id}/entries.csv", EndpointProbes::csv),
            new Probe("GET / (search page: results and facets)", EndpointProbes::searchPage));

    static String as(Viewer v, Built d, String what) {
        return v + " (" + d.spec() + "): " + what;
    }

    static void datasetList(LeakWorld w, Viewer v, Built d, Sight sight) {
        Set<String> ids = new HashSet<>();
        String next = "/api/v1/datasets?limit=500";
        while (next != null) {
            JsonNode page = v.api().get(next).json();
            page.get("items").forEach(i -> ids.add(i.get("id").asString()));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(ids.contains(d.id())).as(as(v, d, "listed")).isEqualTo(sight.atLeast(Sight.METADATA));
    }

    static void dataset(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id());
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "dataset")).isEqualTo(404);
            assertThat(r.body()).doesNotContain("leak probe");
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("visibility").asString()).as(as(v, d, "visibility")).isEqualTo(sight.name().toLowerCase());
        assertThat(r.json().has("entry_count")).as(as(v, d, "entry count")).isEqualTo(sight.atLeast(Sight.FULL));
    }

    static void entries(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id() + "/entries?limit=100");
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "entries")).isEqualTo(404);
            return;
        }
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(3);
        for (JsonNode e : items) {
            assertThat(e.has("properties")).as(as(v, d, "entry data")).isEqualTo(sight.atLeast(Sight.FULL));
            if (e.get("id").asString().equals(d.restrictedFileEntry()) && e.has("files")) {
                assertThat(e.get("files").size()).as(as(v, d, "restricted file listed")).isEqualTo(sight == Sight.OWNER ? 1 : 0);
            }
        }
        if (!sight.atLeast(Sight.FULL)) {
            assertThat(r.body()).doesNotContain(d.marker() + "word").doesNotContain(d.marker() + "_secret");
        }
    }

    static void csv(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id() + "/entries.csv");
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "csv")).isEqualTo(404);
            assertThat(r.body()).doesNotContain(d.marker());
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().lines().count()).as(as(v, d, "csv rows")).isEqualTo(4); // header + 3 entries
        assertThat(r.body().contains(d.marker() + "_secret")).as(as(v, d, "csv property column"))
                .isEqualTo(sight.atLeast(Sight.FULL));
    }

    static void searchPage(LeakWorld w, Viewer v, Built d, Sight sight) {
        String page = v.api().get("/?q=" + d.marker()).body();
        assertThat(page.contains(d.marker() + " oxide")).as(as(v, d, "search page result")).isEqualTo(sight.atLeast(Sight.METADATA));
        String byWord = v.api().get("/?q=" + d.marker() + "word").body();
        assertThat(byWord.contains(d.marker() + " oxide")).as(as(v, d, "search page invoice word")).isEqualTo(sight.atLeast(Sight.FULL));
    }

    static void entry(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String id : List.of(d.structure(), d.openFileEntry(), d.restrictedFileEntry())) {
            var r = v.api().get("/api/v1/entries/" + id);
            assertThat(r.status()).as(as(v, d, "entry " + id)).isEqualTo(sight == Sight.NONE ? 404 : 200);
            if (sight == Sight.NONE) {
                assertThat(r.body()).doesNotContain(d.marker());
            } else if (!sight.atLeast(Sight.FULL)) {
                assertThat(r.body()).doesNotContain(d.marker() + "word").doesNotContain(d.marker() + " rig");
            }
        }
    }

    static void files(LeakWorld w, Viewer v, Built d, Sight sight) {
        var open = v.api().get("/api/v1/entries/" + d.openFileEntry() + "/files/scan.xy");
        assertThat(open.status()).as(as(v, d, "open file")).isEqualTo(sight.atLeast(Sight.FULL) ? 200 : 404);
        var restricted = v.api().get("/api/v1/entries/" + d.restrictedFileEntry() + "/files/notes.txt");
        assertThat(restricted.status()).as(as(v, d, "restricted file")).isEqualTo(sight == Sight.OWNER ? 200 : 404);
        if (sight != Sight.OWNER) {
            assertThat(restricted.body()).doesNotContain("restricted-content");
        }
    }

    static JsonNode search(Viewer v, String query) {
        var r = v.api().get("/api/v1/search?" + query);
        assertThat(r.status()).as(v + " search " + query + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void search(LeakWorld w, Viewer v, Built d, Sight sight) {
        JsonNode all = search(v, "dataset=" + d.id() + "&limit=100");
        assertThat(all.get("total").asLong()).as(as(v, d, "search total")).isEqualTo(sight.atLeast(Sight.METADATA) ? 3 : 0);
        assertThat(all.get("items").size()).isEqualTo(sight.atLeast(Sight.METADATA) ? 3 : 0);
        assertThat(search(v, "q=" + d.marker()).get("total").asLong()).as(as(v, d, "title search"))
                .isEqualTo(sight.atLeast(Sight.METADATA) ? 1 : 0);
        assertThat(search(v, "q=" + d.marker() + "word").get("total").asLong()).as(as(v, d, "invoice search"))
                .isEqualTo(sight.atLeast(Sight.FULL) ? 1 : 0);
        assertThat(search(v, "property=" + enc(d.marker() + "_secret>0 K")).get("total").asLong()).as(as(v, d, "property search"))
                .isEqualTo(sight.atLeast(Sight.FULL) ? 1 : 0);
    }

    static void facets(LeakWorld w, Viewer v, Built d, Sight sight) {
        JsonNode f = search(v, "dataset=" + d.id() + "&facets=dataset,kind,instrument").get("facets");
        long count = 0;
        for (JsonNode c : f.get("dataset")) {
            if (c.get("value").asString().equals(d.id())) {
                count = c.get("count").asLong();
            }
        }
        assertThat(count).as(as(v, d, "dataset facet")).isEqualTo(sight.atLeast(Sight.METADATA) ? 3 : 0);
        boolean instrument = false;
        for (JsonNode c : f.get("instrument")) {
            instrument |= c.get("value").asString().equals(d.marker() + " rig");
        }
        assertThat(instrument).as(as(v, d, "instrument facet")).isEqualTo(sight.atLeast(Sight.FULL));
    }

    static void optimade(LeakWorld w, Viewer v, Built d, Sight sight) {
        var one = v.api().get("/optimade/v1/structures/" + d.structure());
        assertThat(one.status()).as(as(v, d, "OPTIMADE structure")).isEqualTo(sight.atLeast(Sight.FULL) ? 200 : 404);
        var list = v.api().get("/optimade/v1/structures?filter=" + enc("id=\"" + d.structure() + "\""));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/meta/data_returned").asInt()).as(as(v, d, "OPTIMADE count"))
                .isEqualTo(sight.atLeast(Sight.FULL) ? 1 : 0);
    }

    static void versions(LeakWorld w, Viewer v, Built d, Sight sight) {
        String base = "/api/v1/datasets/" + d.id() + "/versions";
        var list = v.api().get(base);
        assertThat(list.status()).as(as(v, d, "versions")).isEqualTo(sight == Sight.NONE ? 404 : 200);
        if (sight != Sight.NONE) {
            assertThat(list.json().get("items").size()).isEqualTo(d.published() ? 1 : 0);
        }
        if (!d.published()) {
            assertThat(v.api().get(base + "/1").status()).isEqualTo(404);
            return;
        }
        int meta = sight.atLeast(Sight.METADATA) ? 200 : 404;
        int full = sight.atLeast(Sight.FULL) ? 200 : 404;
        assertThat(v.api().get(base + "/1").status()).as(as(v, d, "version")).isEqualTo(meta);
        assertThat(v.api().get(base + "/1/citation?format=csl").status()).as(as(v, d, "citation")).isEqualTo(meta);
        assertThat(v.api().get(base + "/1/datacite").status()).as(as(v, d, "datacite")).isEqualTo(meta);
        var entries = v.api().get(base + "/1/entries?limit=100");
        assertThat(entries.status()).as(as(v, d, "version entries")).isEqualTo(full);
        if (full == 200) {
            assertThat(entries.json().get("items")).hasSize(3);
            assertThat(entries.body().contains("notes.txt\",\"sha256")).as(as(v, d, "restricted file in version"))
                    .isEqualTo(sight == Sight.OWNER);
        }
        var resolved = v.api().get("/api/v1/pid?pid=" + enc("matdx:ds/" + d.id() + "/v1"));
        assertThat(resolved.status()).as(as(v, d, "pid")).isEqualTo(meta == 200 ? 303 : 404);
    }

    static void versionPage(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/datasets/" + d.id() + "/versions/1");
        assertThat(r.status()).as(as(v, d, "version page"))
                .isEqualTo(d.published() && sight.atLeast(Sight.METADATA) ? 200 : 404);
        if (r.status() == 200 && !sight.atLeast(Sight.FULL)) {
            // metadata and citation only: no entry count, no links to the data
            assertThat(r.body()).as(as(v, d, "version page")).doesNotContain("Entries as published")
                    .doesNotContain("/versions/1/export").doesNotContain(d.marker() + "word");
        }
    }

    static void export(LeakWorld w, Viewer v, Built d, Sight sight) {
        if (!d.published()) {
            return;
        }
        ApiClient.Response r = v.api().get("/api/v1/datasets/" + d.id() + "/versions/1/export");
        assertThat(r.status()).as(as(v, d, "export")).isEqualTo(sight.atLeast(Sight.FULL) ? 200 : 404);
        if (r.status() != 200) {
            return;
        }
        boolean restricted = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.bytes()))) {
            ZipEntry ze;
            while ((ze = zip.getNextEntry()) != null) {
                restricted |= new String(zip.readAllBytes(), StandardCharsets.UTF_8).contains("restricted-content");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(restricted).as(as(v, d, "restricted file in export")).isEqualTo(sight == Sight.OWNER);
    }

    static void audit(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String id : List.of(d.id(), d.structure())) {
            var r = v.api().get("/api/v1/audit?object=" + id);
            assertThat(r.status()).as(as(v, d, "audit")).isEqualTo(sight == Sight.OWNER ? 200 : 404);
        }
    }

    static void coworkers(LeakWorld w, Viewer v, Built d, Sight sight) {
        assertThat(v.api().get("/api/v1/datasets/" + d.id() + "/coworkers").status()).as(as(v, d, "coworkers"))
                .isEqualTo(sight == Sight.OWNER ? 200 : 404);
    }

    static void pages(LeakWorld w, Viewer v, Built d, Sight sight) {
        var page = v.api().get("/datasets/" + d.id());
        assertThat(page.status()).as(as(v, d, "dataset page")).isEqualTo(sight == Sight.NONE ? 404 : 200);
        var entry = v.api().get("/entries/" + d.structure());
        assertThat(entry.status()).as(as(v, d, "entry page")).isEqualTo(sight == Sight.NONE ? 404 : 200);
        if (!sight.atLeast(Sight.FULL)) {
            assertThat(entry.body()).doesNotContain(d.marker() + "word").doesNotContain(d.marker() + " rig");
        }
    }
}
