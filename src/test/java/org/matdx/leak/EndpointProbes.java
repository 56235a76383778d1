package org.matdx.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.matdx.core.Json;
import org.matdx.leak.LeakWorld.Built;
import org.matdx.leak.LeakWorld.Sight;
import org.matdx.leak.LeakWorld.Viewer;
import org.matdx.testing.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint that reads data, as a probe: given a viewer, a dataset and what the viewer may
 * see of it, the probe calls the endpoint and checks the answer against the oracle in
 * {@link LeakWorld}: which fields the caller may learn at that sight ({@link LeakWorld#entryFields}
 * and its siblings), which of the dataset's marker words it may read ({@link #scan}, applied to
 * every answer), and that orders, cursors, facets and counts say nothing about what it may not
 * read. Hidden things answer 404, the same answer as things that do not exist.
 *
 * <p><b>Adding an endpoint</b>: add one {@code new Probe("name", (w, v, d, sight) -> …)} line to
 * {@link #ALL}, and {@link #scan} whatever it answers. The world gives each dataset a structure
 * entry (title "&lt;marker&gt; oxide", property {@code <marker>_secret}, invoice word
 * {@code <marker>word}), a failed run (reason {@code <marker>reason}) measured on the dataset's
 * sample (name {@code <marker>samplename}), an entry with an open raw file and one with a
 * restricted file, and maybe a published version 1.
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
            new Probe("GET /api/v1/entries/{id}/structure.cif, .poscar", EndpointProbes::structureFiles),
            new Probe("GET /api/v1/search (results, totals)", EndpointProbes::search),
            new Probe("GET /api/v1/search (conditions on data: outcome, sample)", EndpointProbes::dataConditions),
            new Probe("GET /api/v1/search (sorts and cursors)", EndpointProbes::sorts),
            new Probe("GET /api/v1/search (facets)", EndpointProbes::facets),
            new Probe("GET /optimade/v1/structures", EndpointProbes::optimade),
            new Probe("GET /optimade/v1/references", EndpointProbes::references),
            new Probe("GET /api/v1/datasets/{id}/versions…", EndpointProbes::versions),
            new Probe("GET /api/v1/datasets/{id}/versions/1/export", EndpointProbes::export),
            new Probe("GET /datasets/{id}/versions/1 (page)", EndpointProbes::versionPage),
            new Probe("GET /api/v1/audit?object=", EndpointProbes::audit),
            new Probe("GET /api/v1/datasets/{id}/coworkers", EndpointProbes::coworkers),
            new Probe("GET /datasets/{id}, /entries/{id} (pages)", EndpointProbes::pages),
            new Probe("GET /datasets/{id}/edit, /publish (owners' forms)", EndpointProbes::ownerForms),
            new Probe("GET /api/v1/datasets/{id}/entries.csv", EndpointProbes::csv),
            new Probe("GET / (search page: results and facets)", EndpointProbes::searchPage),
            new Probe("GET /api/v1/samples/{id}, /samples/{id}", EndpointProbes::samples),
            new Probe("POST /api/v1/datasets/{own}/entries with another's sample", EndpointProbes::attachSample));

    static String as(Viewer v, Built d, String what) {
        return v + " on " + d.marker() + ": " + what;
    }

    /** No marker of {@code d} that a caller seeing {@code sight} may not learn is in {@code body}. */
    static void scan(String body, Built d, Sight sight, Viewer v, String what) {
        for (Map.Entry<String, Sight> s : LeakWorld.secrets(d).entrySet()) {
            if (!sight.atLeast(s.getValue())) {
                assertThat(body).as(as(v, d, what + " holds '" + s.getKey() + "' (needs " + s.getValue() + ")"))
                        .doesNotContain(s.getKey());
            }
        }
    }

    static Set<String> keys(JsonNode n) {
        Set<String> k = new TreeSet<>();
        n.propertyNames().forEach(k::add);
        return k;
    }

    /** The object holds no field beyond {@code allowed}, and every one of them that is never optional. */
    static void fields(JsonNode n, Set<String> allowed, Set<String> optional, Viewer v, Built d, String what) {
        Set<String> k = keys(n);
        Set<String> extra = new TreeSet<>(k);
        extra.removeAll(allowed);
        assertThat(extra).as(as(v, d, what + ": fields the caller may not learn")).isEmpty();
        Set<String> missing = new TreeSet<>(allowed);
        missing.removeAll(optional);
        missing.removeAll(k);
        assertThat(missing).as(as(v, d, what + ": fields the caller may learn but were not given")).isEmpty();
    }

    static void entryFields(JsonNode e, Sight sight, Viewer v, Built d, String what) {
        fields(e, LeakWorld.entryFields(sight), LeakWorld.ENTRY_OPTIONAL, v, d, what);
        if (e.get("id").asString().equals(d.restrictedFileEntry()) && e.has("files")) {
            assertThat(e.get("files").size()).as(as(v, d, what + ": restricted file listed")).isEqualTo(sight == Sight.OWNER ? 1 : 0);
        }
        if (e.get("id").asString().equals(d.failedRun()) && sight.atLeast(Sight.FULL)) {
            // the oracle is not vacuous: readers of the data do learn how the run ended and on what
            assertThat(e.get("outcome").asString()).isEqualTo("failed");
            assertThat(e.get("outcome_reason").asString()).contains(d.marker() + "reason");
            assertThat(e.get("sample").asString()).isEqualTo(d.sample());
        }
    }

    static void datasetList(LeakWorld w, Viewer v, Built d, Sight sight) {
        JsonNode item = null;
        String next = "/api/v1/datasets?limit=500";
        while (next != null) {
            var r = v.api().get(next);
            scan(r.body(), d, sight, v, "dataset list");
            JsonNode page = r.json();
            for (JsonNode i : page.get("items")) {
                if (i.get("id").asString().equals(d.id())) {
                    item = i;
                }
            }
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(item != null).as(as(v, d, "listed")).isEqualTo(sight.atLeast(Sight.METADATA));
        if (item != null) {
            // a list counts nobody's entries
            fields(item, LeakWorld.DATASET_METADATA, Set.of("entry_count"), v, d, "dataset list item");
        }
    }

    static void dataset(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id());
        scan(r.body(), d, sight, v, "dataset");
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "dataset")).isEqualTo(404);
            assertThat(r.body()).doesNotContain("leak probe");
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("visibility").asString()).as(as(v, d, "visibility")).isEqualTo(sight.name().toLowerCase());
        fields(r.json(), LeakWorld.datasetFields(sight), Set.of(), v, d, "dataset");
        if (sight.atLeast(Sight.FULL)) {
            assertThat(r.json().get("entry_count").asInt()).isEqualTo(Built.ENTRIES);
        }
    }

    static void entries(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id() + "/entries?limit=100");
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "entries")).isEqualTo(404);
            scan(r.body(), d, sight, v, "entries");
            return;
        }
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(Built.ENTRIES);
        for (JsonNode e : items) {
            entryFields(e, sight, v, d, "listed entry");
        }
        scan(r.body(), d, sight, v, "entries");
    }

    static void csv(LeakWorld w, Viewer v, Built d, Sight sight) {
        var r = v.api().get("/api/v1/datasets/" + d.id() + "/entries.csv");
        if (sight == Sight.NONE) {
            assertThat(r.status()).as(as(v, d, "csv")).isEqualTo(404);
            scan(r.body(), d, sight, v, "csv");
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        List<String> lines = r.body().lines().toList();
        assertThat(lines).as(as(v, d, "csv rows")).hasSize(1 + Built.ENTRIES);
        assertThat(new TreeSet<>(List.of(lines.get(0).split(",")))).as(as(v, d, "csv columns"))
                .isEqualTo(new TreeSet<>(LeakWorld.csvColumns(sight, d)));
        scan(r.body(), d, sight, v, "csv");
    }

    static void searchPage(LeakWorld w, Viewer v, Built d, Sight sight) {
        String page = v.api().get("/?q=" + d.marker()).body();
        assertThat(page.contains(d.marker() + " oxide")).as(as(v, d, "search page result")).isEqualTo(sight.atLeast(Sight.METADATA));
        String byWord = v.api().get("/?q=" + d.marker() + "word").body();
        assertThat(byWord.contains(d.marker() + " oxide")).as(as(v, d, "search page invoice word")).isEqualTo(sight.atLeast(Sight.FULL));
        String failed = v.api().get("/?dataset=" + d.id() + "&formula=LiCoO2").body();
        assertThat(failed.contains("outcome failed")).as(as(v, d, "search page shows the outcome"))
                .isEqualTo(sight.atLeast(Sight.FULL));
        scan(failed, d, sight, v, "search page (failed run)");
        scan(page, d, sight, v, "search page");
    }

    static void entry(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String id : d.entries()) {
            var r = v.api().get("/api/v1/entries/" + id);
            assertThat(r.status()).as(as(v, d, "entry " + id)).isEqualTo(sight == Sight.NONE ? 404 : 200);
            if (sight != Sight.NONE) {
                entryFields(r.json(), sight, v, d, "entry");
            }
            scan(r.body(), d, sight, v, "entry");
        }
    }

    static void files(LeakWorld w, Viewer v, Built d, Sight sight) {
        var open = v.api().get("/api/v1/entries/" + d.openFileEntry() + "/files/scan.xy");
        assertThat(open.status()).as(as(v, d, "open file")).isEqualTo(sight.atLeast(Sight.FULL) ? 200 : 404);
        var restricted = v.api().get("/api/v1/entries/" + d.restrictedFileEntry() + "/files/notes.txt");
        assertThat(restricted.status()).as(as(v, d, "restricted file")).isEqualTo(sight == Sight.OWNER ? 200 : 404);
        scan(open.body(), d, sight, v, "open file");
        scan(restricted.body(), d, sight, v, "restricted file");
    }

    /** The structure written as CIF or POSCAR is data: readers of the data get it, everyone else a 404. */
    static void structureFiles(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String format : List.of("cif", "poscar")) {
            var r = v.api().get("/api/v1/entries/" + d.structure() + "/structure." + format);
            assertThat(r.status()).as(as(v, d, "structure." + format + ": " + r.body())).isEqualTo(sight.atLeast(Sight.FULL) ? 200 : 404);
            scan(r.body(), d, sight, v, "structure." + format);
        }
    }

    static ApiClient.Response searchRaw(Viewer v, String query) {
        var r = v.api().get("/api/v1/search?" + query);
        assertThat(r.status()).as(v + " search " + query + ": " + r.body()).isEqualTo(200);
        return r;
    }

    static JsonNode search(Viewer v, String query) {
        return searchRaw(v, query).json();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A search as the viewer: the items listed are what the viewer may see; the total counts what
     * the viewer may read in full (an embargo shows what the entries are, never how many).
     */
    static void expectSearch(Viewer v, Built d, Sight sight, String query, int listed, int counted, String what) {
        expectSearch(v, d, sight, query, listed, counted, what, false);
    }

    /** As above; {@code exact}: the same again with {@code count=exact}, which counts past the cap. */
    static void expectSearch(Viewer v, Built d, Sight sight, String query, int listed, int counted, String what, boolean exact) {
        for (String q : exact ? List.of(query, query + "&count=exact") : List.of(query)) {
            var r = searchRaw(v, q);
            JsonNode json = r.json();
            assertThat(json.get("total").asLong()).as(as(v, d, what + " total (" + q + ")")).isEqualTo(counted);
            assertThat(json.get("items").size()).as(as(v, d, what + " listed (" + q + ")")).isEqualTo(listed);
            for (JsonNode e : json.get("items")) {
                entryFields(e, sight, v, d, what + " item");
            }
            scan(r.body(), d, sight, v, what);
        }
    }

    static int listed(Sight sight, int n) {
        return sight.atLeast(Sight.METADATA) ? n : 0;
    }

    static int counted(Sight sight, int n) {
        return sight.atLeast(Sight.FULL) ? n : 0;
    }

    static void search(LeakWorld w, Viewer v, Built d, Sight sight) {
        String all = "dataset=" + d.id() + "&limit=100";
        expectSearch(v, d, sight, all, listed(sight, Built.ENTRIES), counted(sight, Built.ENTRIES), "dataset search", true);
        expectSearch(v, d, sight, "q=" + d.marker(), listed(sight, 1), counted(sight, 1), "title search");
        expectSearch(v, d, sight, "q=" + d.marker() + "desc&dataset=" + d.id(), listed(sight, Built.ENTRIES),
                counted(sight, Built.ENTRIES), "description search");
        expectSearch(v, d, sight, "q=" + d.marker() + "word", counted(sight, 1), counted(sight, 1), "invoice search");
        expectSearch(v, d, sight, "property=" + enc(d.marker() + "_secret>0 K"), counted(sight, 1), counted(sight, 1),
                "property search");
    }

    static void dataConditions(LeakWorld w, Viewer v, Built d, Sight sight) {
        String ds = "dataset=" + d.id() + "&limit=100";
        expectSearch(v, d, sight, ds + "&outcome=failed", counted(sight, 1), counted(sight, 1), "outcome=failed", true);
        expectSearch(v, d, sight, ds + "&outcome=succeeded", counted(sight, 3), counted(sight, 3), "outcome=succeeded");
        expectSearch(v, d, sight, ds + "&sample=" + d.sample(), counted(sight, 1), counted(sight, 1), "sample=");
        expectSearch(v, d, sight, ds + "&sample=" + enc("matdx:sample/" + d.sample()), counted(sight, 1), counted(sight, 1),
                "sample=<pid>");
        expectSearch(v, d, sight, ds + "&property=" + enc("nsites>0"), counted(sight, 1), counted(sight, 1), "nsites>0");
    }

    /**
     * Orders by data (site counts, properties) rank only entries the caller may read, so neither
     * their order nor a cursor's key (the last row's sort value, in clear) tells anything of
     * embargoed data; orders by what an embargo shows may list embargoed entries, and their cursor
     * keys are the values shown.
     */
    static void sorts(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String sort : List.of("nsites", "properties." + d.marker() + "_secret", "-created_at", "title", "-nelements")) {
            boolean byMetadata = LeakWorld.SORTS_METADATA.contains(sort);
            int listed = byMetadata ? listed(sight, Built.ENTRIES) : counted(sight, Built.ENTRIES);
            String query = "dataset=" + d.id() + "&sort=" + sort + "&limit=" + PAGE;
            var r = searchRaw(v, query);
            JsonNode json = r.json();
            assertThat(json.get("items").size()).as(as(v, d, "sort=" + sort + " first page")).isEqualTo(Math.min(PAGE, listed));
            int pages = 0;
            while (!json.get("next_cursor").isNull()) {
                String cursor = json.get("next_cursor").asString();
                JsonNode key = Json.read(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                JsonNode last = json.get("items").get(PAGE - 1);
                scan(key.toString(), d, sight, v, "cursor");
                if (!sight.atLeast(Sight.FULL)) {
                    // the key is a value the row shows
                    assertThat(cursorKeyShown(sort, key.get(1), last)).as(as(v, d, "sort=" + sort + " cursor " + key)).isTrue();
                }
                json = search(v, query + "&cursor=" + cursor);
                assertThat(++pages).isLessThan(Built.ENTRIES);
                listed -= PAGE;
                assertThat(json.get("items").size()).as(as(v, d, "sort=" + sort + " next page")).isEqualTo(Math.min(PAGE, listed));
            }
            assertThat(listed).as(as(v, d, "sort=" + sort + " pages")).isLessThanOrEqualTo(PAGE);
        }
        // a cursor forged with a site count pages nothing an embargo hides
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("[\"nsites\", 100, \"" + d.structure() + "\"]").getBytes(StandardCharsets.UTF_8));
        var r = v.api().get("/api/v1/search?dataset=" + d.id() + "&sort=nsites&cursor=" + forged);
        assertThat(r.status()).isEqualTo(200);
        // (past 100 sites come the entries without a structure, sorted last)
        assertThat(r.json().get("items").size()).as(as(v, d, "forged nsites cursor")).isEqualTo(counted(sight, Built.ENTRIES - 1));
    }

    /** Rows per page in the sort probe: two pages of the four entries, so that a cursor is handed out and followed. */
    static final int PAGE = 3;

    static boolean cursorKeyShown(String sort, JsonNode key, JsonNode row) {
        return switch (sort.replace("-", "")) {
            case "created_at" -> java.time.Instant.parse(key.asString()).equals(java.time.Instant.parse(row.get("created_at").asString()));
            case "title" -> key.asString().equals(row.get("title").asString());
            case "formula" -> key.asString().isEmpty() || row.has("formula");
            case "nelements" -> key.asLong() == (row.has("elements") ? row.get("elements").size() : 0);
            default -> false;
        };
    }

    static void facets(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String exact : List.of("", "&count=exact")) {
            var r = searchRaw(v, "dataset=" + d.id() + "&facets=dataset,kind,instrument,outcome,elements,template,year" + exact);
            JsonNode f = r.json().get("facets");
            assertThat(count(f.get("dataset"), d.id())).as(as(v, d, "dataset facet" + exact)).isEqualTo(counted(sight, Built.ENTRIES));
            assertThat(count(f.get("outcome"), "failed")).as(as(v, d, "outcome facet" + exact)).isEqualTo(counted(sight, 1));
            // every match is of this dataset: whatever a facet counts, it counts this dataset's entries
            for (var facet : f.properties()) {
                long sum = 0;
                for (JsonNode c : facet.getValue()) {
                    sum += c.get("count").asLong();
                }
                if (!sight.atLeast(Sight.FULL)) {
                    assertThat(sum).as(as(v, d, facet.getKey() + " facet" + exact)).isZero();
                }
            }
            if (sight.atLeast(Sight.FULL)) {
                assertThat(count(f.get("instrument"), d.marker() + " rig")).isEqualTo(1);
            }
            scan(r.body(), d, sight, v, "facets");
        }
    }

    static long count(JsonNode facet, String value) {
        for (JsonNode c : facet) {
            if (c.get("value").asString().equals(value)) {
                return c.get("count").asLong();
            }
        }
        return 0;
    }

    static void optimade(LeakWorld w, Viewer v, Built d, Sight sight) {
        int full = sight.atLeast(Sight.FULL) ? 1 : 0;
        var one = v.api().get("/optimade/v1/structures/" + d.structure() + "?response_fields=nsites,_matdx_outcome");
        assertThat(one.status()).as(as(v, d, "OPTIMADE structure")).isEqualTo(full == 1 ? 200 : 404);
        scan(one.body(), d, sight, v, "OPTIMADE structure");
        String id = "id=\"" + d.structure() + "\"";
        // relationships: the dataset's reference, by id and by what it holds, finds no more than the entry does
        // (the marker word stays out of the filter: the query is echoed in meta.query)
        for (String filter : List.of(id, id + " AND nsites=8", id + " AND _matdx_outcome=\"succeeded\"",
                id + " AND references.id HAS \"" + d.id() + "\"", id + " AND references.target.note IS KNOWN",
                id + " AND references.target.note:references.target.bib_type HAS CONTAINS \"desc\":\"misc\"")) {
            for (String sort : filter.equals(id) ? List.of("", "&sort=nsites", "&sort=-nsites") : List.of("")) {
                var list = v.api().get("/optimade/v1/structures?response_fields=nsites,_matdx_outcome&filter=" + enc(filter) + sort);
                assertThat(list.status()).as(as(v, d, "OPTIMADE " + filter + sort + ": " + list.body())).isIn(200, 400);
                scan(list.body(), d, sight, v, "OPTIMADE list");
                if (list.status() == 200) {
                    assertThat(list.json().at("/meta/data_returned").asInt()).as(as(v, d, "OPTIMADE count " + filter + sort))
                            .isEqualTo(full);
                }
            }
        }
    }

    /** A reference describes its dataset: its metadata, to whoever sees that. */
    static void references(LeakWorld w, Viewer v, Built d, Sight sight) {
        var one = v.api().get("/optimade/v1/references/" + d.id());
        assertThat(one.status()).as(as(v, d, "OPTIMADE reference")).isEqualTo(sight.atLeast(Sight.METADATA) ? 200 : 404);
        scan(one.body(), d, sight, v, "OPTIMADE reference");
        var list = v.api().get("/optimade/v1/references?filter=" + enc("note CONTAINS \"" + d.marker() + "desc\""));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/meta/data_returned").asInt()).as(as(v, d, "OPTIMADE reference count"))
                .isEqualTo(sight.atLeast(Sight.METADATA) ? 1 : 0);
    }

    static void versions(LeakWorld w, Viewer v, Built d, Sight sight) {
        String base = "/api/v1/datasets/" + d.id() + "/versions";
        var list = v.api().get(base);
        assertThat(list.status()).as(as(v, d, "versions")).isEqualTo(sight == Sight.NONE ? 404 : 200);
        scan(list.body(), d, sight, v, "versions");
        if (sight != Sight.NONE) {
            assertThat(list.json().get("items").size()).isEqualTo(d.published() ? 1 : 0);
            list.json().get("items").forEach(i -> fields(i, LeakWorld.versionFields(sight), Set.of(), v, d, "version"));
        }
        if (!d.published()) {
            assertThat(v.api().get(base + "/1").status()).isEqualTo(404);
            return;
        }
        int meta = sight.atLeast(Sight.METADATA) ? 200 : 404;
        int full = sight.atLeast(Sight.FULL) ? 200 : 404;
        var one = v.api().get(base + "/1");
        assertThat(one.status()).as(as(v, d, "version")).isEqualTo(meta);
        scan(one.body(), d, sight, v, "version");
        for (String path : List.of("/1/citation?format=csl", "/1/citation?format=bibtex", "/1/datacite")) {
            var r = v.api().get(base + path);
            assertThat(r.status()).as(as(v, d, path)).isEqualTo(meta);
            scan(r.body(), d, sight, v, path);
        }
        var datacite = v.api().get(base + "/1/datacite");
        if (datacite.status() == 200) {
            assertThat(datacite.json().has("sizes")).as(as(v, d, "DataCite sizes")).isEqualTo(sight.atLeast(Sight.FULL));
        }
        var entries = v.api().get(base + "/1/entries?limit=100");
        assertThat(entries.status()).as(as(v, d, "version entries")).isEqualTo(full);
        scan(entries.body(), d, sight, v, "version entries");
        if (full == 200) {
            assertThat(entries.json().get("items")).hasSize(Built.ENTRIES);
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
            scan(r.body(), d, sight, v, "export");
            return;
        }
        boolean restricted = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.bytes()))) {
            ZipEntry ze;
            while ((ze = zip.getNextEntry()) != null) {
                String content = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                scan(content, d, sight, v, "export " + ze.getName());
                restricted |= content.contains("restricted-content");
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

    /** The forms that change a dataset open for its owners only; the rest learn nothing from them (404 when hidden). */
    static void ownerForms(LeakWorld w, Viewer v, Built d, Sight sight) {
        for (String form : List.of("/edit", "/publish")) {
            var r = v.api().get("/datasets/" + d.id() + form);
            if (sight == Sight.NONE) {
                assertThat(r.status()).as(as(v, d, form)).isEqualTo(404);
            } else {
                assertThat(r.status()).as(as(v, d, form)).isIn(200, 401, 403);
                assertThat(r.status() != 200 || sight == Sight.OWNER).as(as(v, d, form + " opens only for owners")).isTrue();
            }
            scan(r.body(), d, sight, v, form);
        }
    }

    static void pages(LeakWorld w, Viewer v, Built d, Sight sight) {
        var page = v.api().get("/datasets/" + d.id());
        assertThat(page.status()).as(as(v, d, "dataset page")).isEqualTo(sight == Sight.NONE ? 404 : 200);
        assertThat(page.body().contains("outcome failed")).as(as(v, d, "dataset page shows the outcome"))
                .isEqualTo(sight.atLeast(Sight.FULL));
        scan(page.body(), d, sight, v, "dataset page");
        for (String id : d.entries()) {
            var entry = v.api().get("/entries/" + id);
            assertThat(entry.status()).as(as(v, d, "entry page")).isEqualTo(sight == Sight.NONE ? 404 : 200);
            scan(entry.body(), d, sight, v, "entry page");
            if (id.equals(d.failedRun())) {
                assertThat(entry.body().contains("outcome failed")).as(as(v, d, "entry page shows the outcome"))
                        .isEqualTo(sight.atLeast(Sight.FULL));
            }
        }
    }

    /**
     * A sample is registered in a dataset and shown as far as that dataset is: its identifier and
     * formula with the dataset's metadata, its name, description and measurements with its data.
     * A hidden sample answers exactly as one that does not exist.
     */
    static void samples(LeakWorld w, Viewer v, Built d, Sight sight) {
        var api = v.api().get("/api/v1/samples/" + d.sample());
        var page = v.api().get("/samples/" + d.sample());
        var qr = v.api().get("/samples/" + d.sample() + "/qr.png");
        int status = sight.atLeast(Sight.METADATA) ? 200 : 404;
        assertThat(api.status()).as(as(v, d, "sample")).isEqualTo(status);
        assertThat(page.status()).as(as(v, d, "sample page")).isEqualTo(status);
        assertThat(qr.status()).as(as(v, d, "sample QR")).isEqualTo(status);
        if (sight == Sight.NONE) {
            String unknown = org.matdx.core.Ids.newId().toString();
            var other = v.api().get("/api/v1/samples/" + unknown);
            assertThat(api.body().replace(d.sample(), "ID")).as(as(v, d, "hidden sample answers as an unknown one"))
                    .isEqualTo(other.body().replace(unknown, "ID"));
            return;
        }
        fields(api.json(), LeakWorld.sampleFields(sight), Set.of(), v, d, "sample");
        scan(api.body(), d, sight, v, "sample");
        scan(page.body(), d, sight, v, "sample page");
        // which sample an entry was measured on is the entry's data: listed to its readers only
        Set<String> measured = new HashSet<>();
        api.json().get("measurements").forEach(m -> measured.add(m.get("id").asString()));
        assertThat(measured.contains(d.failedRun())).as(as(v, d, "measurement listed")).isEqualTo(sight.atLeast(Sight.FULL));
        if (sight.atLeast(Sight.FULL)) {
            assertThat(api.json().get("name").asString()).isEqualTo(d.marker() + "samplename");
            api.json().get("measurements").forEach(m -> {
                if (m.get("dataset").asString().equals(d.id())) {
                    entryFields(m, sight, v, d, "measurement");
                }
            });
        }
    }

    /**
     * Measuring one's own entry on another's sample needs that sample to be readable; a sample the
     * caller may not read is refused exactly as one that does not exist (never a 500).
     */
    static void attachSample(LeakWorld w, Viewer v, Built d, Sight sight) {
        if (v.index() < 0) {
            return;
        }
        String scratch = w.scratch(v);
        String body = "{\"title\": \"measured on another's sample\", \"sample\": \"%s\"}";
        var r = v.api().post("/api/v1/datasets/" + scratch + "/entries", body.formatted(d.sample()));
        scan(r.body(), d, sight, v, "attach");
        if (sight.atLeast(Sight.FULL)) {
            assertThat(r.status()).as(as(v, d, "attach to a readable sample: " + r.body())).isEqualTo(201);
            return;
        }
        String unknown = org.matdx.core.Ids.newId().toString();
        var other = v.api().post("/api/v1/datasets/" + scratch + "/entries", body.formatted(unknown));
        assertThat(other.status()).as(as(v, d, "attach to an unknown sample: " + other.body())).isEqualTo(400);
        assertThat(r.status()).as(as(v, d, "attach to a hidden sample: " + r.body())).isEqualTo(400);
        assertThat(r.body().replace(d.sample(), "ID")).as(as(v, d, "hidden sample refused as an unknown one"))
                .isEqualTo(other.body().replace(unknown, "ID"));
    }
}
