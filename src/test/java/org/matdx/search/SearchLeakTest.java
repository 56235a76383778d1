package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.matdx.core.RequestContext;
import org.matdx.query.Counting;
import org.matdx.query.IndexWalk;
import org.matdx.testing.AccessWorld;
import org.matdx.testing.AccessWorld.Level;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Native search must not reveal what a caller may not see — not in results, totals, facets,
 * orderings or error messages. Private, group, model-use-only and embargoed data each carry
 * unique markers ({@link AccessWorld}); every search below is run as every kind of person and
 * the answer compared with the access policy's rules written out by hand.
 */
class SearchLeakTest {
    static TestPlatform tp;
    static AccessWorld world;
    static final List<String> PEOPLE = AccessWorld.PEOPLE;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        world = new AccessWorld(tp);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode search(String who, String query) {
        var r = world.api(who).get("/api/v1/search?" + query);
        assertThat(r.status()).as(who + " " + query + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static Set<Level> levelsIn(JsonNode result) {
        Set<Level> s = EnumSet.noneOf(Level.class);
        for (JsonNode i : result.get("items")) {
            String ds = i.get("dataset").asString();
            world.datasets.forEach((l, id) -> {
                if (id.equals(ds)) {
                    s.add(l);
                }
            });
        }
        return s;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void compositionSearchFindsMetadataLevelEntriesOnly(String who) {
        AccessWorld.Sight sight = world.sight(who);
        JsonNode all = search(who, "limit=100");
        assertThat(levelsIn(all)).isEqualTo(sight.any());
        // embargoed entries are listed, never counted: an embargo shows what the data is, not how much
        assertThat(all.get("total").asLong()).isEqualTo(sight.full().size());
        assertThat(all.get("uncounted").asBoolean()).isEqualTo(!sight.metadata().isEmpty());
        for (Level l : Level.values()) {
            JsonNode r = search(who, "elements=" + l.element + "&count=exact");
            boolean visible = sight.any().contains(l);
            boolean full = sight.full().contains(l);
            assertThat(r.get("items").size()).as("%s searching %s", who, l).isEqualTo(visible ? 1 : 0);
            assertThat(r.get("total").asLong()).as("%s counting %s", who, l).isEqualTo(full ? 1 : 0);
            if (visible) {
                JsonNode item = r.get("items").get(0);
                assertThat(item.has("properties")).as("%s sees properties of %s", who, l).isEqualTo(full);
                assertThat(item.has("invoice")).isEqualTo(full);
                assertThat(item.has("outcome")).as("%s sees how the run of %s ended", who, l).isEqualTo(full);
                assertThat(r.toString()).doesNotContain(full ? "no such marker" : l.marker() + "reason");
                assertThat(item.get("visibility").asString()).isIn(full ? List.of("full", "owner") : List.of("metadata"));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void dataLevelConditionsNeverMatchWhatTheCallerCannotRead(String who) {
        Set<Level> full = world.sight(who).full();
        assertThat(levelsIn(search(who, "property=" + enc("band_gap>0 eV") + "&limit=100"))).isEqualTo(full);
        assertThat(levelsIn(search(who, "sort=-properties.band_gap&limit=100"))).isEqualTo(full);
        // how runs ended and how many sites a structure has are data too, as conditions and as orders
        assertThat(levelsIn(search(who, "outcome=failed&limit=100"))).isEqualTo(full);
        assertThat(levelsIn(search(who, "sort=nsites&limit=100"))).isEqualTo(full);
        assertThat(levelsIn(search(who, "sort=-nsites&limit=100"))).isEqualTo(full);
        assertThat(levelsIn(search(who, "property=" + enc("nsites>0") + "&limit=100"))).isEqualTo(full);
        for (Level l : Level.values()) {
            Set<Level> expected = full.contains(l) ? Set.of(l) : Set.of();
            assertThat(levelsIn(search(who, "instrument=" + enc(l.marker() + " rig")))).as("%s instrument of %s", who, l).isEqualTo(expected);
            assertThat(levelsIn(search(who, "q=" + l.marker() + "word"))).as("%s invoice text of %s", who, l).isEqualTo(expected);
            assertThat(levelsIn(search(who, "property=" + enc(l.marker() + "_secret>0 K")))).as("%s property of %s", who, l).isEqualTo(expected);
            assertThat(levelsIn(search(who, "property=" + enc(l.marker() + "_secret>0")))).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void metadataTextFindsEmbargoedTitlesButNothingHidden(String who) {
        AccessWorld.Sight sight = world.sight(who);
        for (Level l : Level.values()) {
            Set<Level> expected = sight.any().contains(l) ? Set.of(l) : Set.of();
            assertThat(levelsIn(search(who, "q=" + l.marker()))).as("%s title of %s", who, l).isEqualTo(expected);
            assertThat(levelsIn(search(who, "q=" + l.marker() + "description"))).as("%s dataset description of %s", who, l)
                    .isEqualTo(expected);
            assertThat(levelsIn(search(who, "dataset=" + world.datasets.get(l)))).isEqualTo(expected);
        }
    }

    /**
     * Broad searches read their first page by walking the sort index and count facets over a
     * sample in table order ({@link IndexWalk}, {@link Counting#inTableOrder}). With the count
     * capped at 1 every search here takes those paths; what each person gets must be what the
     * uncapped search (which sorts all matches) gives them.
     */
    @ParameterizedTest
    @FieldSource("PEOPLE")
    void walkedPagesAndSampledFacetsShowOnlyWhatTheCallerMaySee(String who) {
        var p = tp.platform();
        org.matdx.core.Caller caller = switch (who) {
            case "anonymous" -> org.matdx.core.Caller.ANONYMOUS;
            case "alice" -> world.alice.caller(p);
            case "bob" -> world.bob.caller(p);
            case "carol" -> world.carol.caller(p);
            default -> world.dave.caller(p);
        };
        SearchService capped = new SearchService(p.db(), p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), 1);
        AccessWorld.Sight sight = world.sight(who);
        IndexWalk.tryAlways(100);
        try {
            for (String query : List.of("", "elements=O", "sort=created_at", "kind=structure")) {
                // one entry per page, so that walks find their page (and one more row) and cursors follow
                Set<String> datasets = new HashSet<>();
                String cursor = null;
                int pages = 0;
                do {
                    java.util.Map<String, List<String>> params = SearchApiTest.params(query);
                    params.put("limit", List.of("1"));
                    params.put("facets", List.of("elements,dataset"));
                    if (cursor != null) {
                        params.put("cursor", List.of(cursor));
                    }
                    SearchService.SearchResult r = capped.search(RequestContext.local(caller), SearchRequest.parse(params));
                    // a hidden row on the page would be dropped by the policy's last check: an empty page
                    assertThat(r.items()).as("%s %s page %d", who, query, pages).hasSize(1);
                    r.items().forEach(v -> datasets.add(v.entry().datasetId().toString()));
                    Set<String> facetDatasets = new HashSet<>();
                    r.facets().get(SearchQuery.Facet.DATASET).forEach(c -> facetDatasets.add(c.value()));
                    assertThat(facetDatasets).as("%s %s facets", who, query).isSubsetOf(readable(sight));
                    // capped at one: exact only when at most one readable entry matches, whatever is embargoed
                    if (cursor != null) {
                        // later pages count what is left after the cursor
                        assertThat(r.total()).isLessThanOrEqualTo(1);
                    } else if (r.totalExact()) {
                        assertThat(r.total()).as("%s %s total", who, query).isEqualTo(Math.min(1, readable(sight).size()));
                    } else {
                        assertThat(r.total()).isEqualTo(1);
                        assertThat(readable(sight).size()).isGreaterThan(1);
                    }
                    cursor = r.nextCursor();
                } while (cursor != null && ++pages < 50);
                assertThat(datasets).as("%s %s", who, query).isEqualTo(allowed(sight));
            }
        } finally {
            IndexWalk.tryAlways(0);
        }
    }

    static Set<String> allowed(AccessWorld.Sight sight) {
        Set<String> ids = new HashSet<>();
        sight.any().forEach(l -> ids.add(world.datasets.get(l)));
        return ids;
    }

    static Set<String> readable(AccessWorld.Sight sight) {
        Set<String> ids = new HashSet<>();
        sight.full().forEach(l -> ids.add(world.datasets.get(l)));
        return ids;
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void facetsCountOnlyWhatTheCallerMaySee(String who) {
        AccessWorld.Sight sight = world.sight(who);
        JsonNode f = search(who, "facets=elements,template,instrument,outcome,year,kind,dataset").get("facets");
        Set<String> elements = values(f.get("elements"));
        Set<String> templates = values(f.get("template"));
        Set<String> instruments = values(f.get("instrument"));
        Set<String> datasets = values(f.get("dataset"));
        // facets count, as totals do, only what the caller may read: embargoed entries are listed, not counted
        for (Level l : Level.values()) {
            boolean full = sight.full().contains(l);
            assertThat(elements.contains(l.element)).as("%s: element facet shows %s", who, l).isEqualTo(full);
            assertThat(templates.contains(l.marker() + "-template")).as("%s: template facet shows %s", who, l).isEqualTo(full);
            assertThat(instruments.contains(l.marker() + " rig")).as("%s: instrument facet shows %s", who, l).isEqualTo(full);
            assertThat(datasets.contains(world.datasets.get(l))).as("%s: dataset facet shows %s", who, l).isEqualTo(full);
        }
        assertThat(SearchApiTest.count(f.get("elements"), "O")).isEqualTo(sight.full().size());
        assertThat(SearchApiTest.count(f.get("kind"), "structure")).isEqualTo(sight.full().size());
        assertThat(SearchApiTest.count(f.get("outcome"), "failed")).isEqualTo(sight.full().size());
        assertThat(f.get("year").get(0).get("count").asLong()).isEqualTo(sight.full().size());
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void unitErrorsOnlyDescribeVisibleProperties(String who) {
        Set<Level> full = world.sight(who).full();
        for (Level l : Level.values()) {
            var r = world.api(who).get("/api/v1/search?property=" + enc(l.marker() + "_secret>3 eV"));
            if (full.contains(l)) {
                // a visible property stored in K: asking in eV is a 400 that names its unit
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.json().get("detail").asString()).contains("K (temperature)");
            } else {
                // a hidden property is not even known to exist
                assertThat(r.status()).as("%s asking about %s", who, l).isEqualTo(200);
                assertThat(r.json().get("total").asLong()).isZero();
            }
        }
    }

    static Set<String> values(JsonNode facet) {
        Set<String> s = new HashSet<>();
        facet.forEach(c -> s.add(c.get("value").asString()));
        return s;
    }
}
