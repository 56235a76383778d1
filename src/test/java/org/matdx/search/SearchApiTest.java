package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.RequestContext;
import org.matdx.query.Counting;
import org.matdx.query.Facets;
import org.matdx.query.IndexWalk;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Native search through HTTP: every kind of condition, units, sorting, cursors, facets and fields. */
class SearchApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String garnets;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        garnets = SearchFixtures.dataset(alice.api(), "Garnet electrolytes for solid-state batteries", "public", null);
        SearchFixtures.entries(alice.api(), garnets, """
                {"entries": [
                 {"formula": "Li7La3Zr2O12", "title": "LLZO pellet", "template": "impedance",
                  "properties": {"ionic_conductivity": {"value": 3.1e-4, "unit": "S/cm"}, "band_gap": {"value": 6.0, "unit": "eV"},
                                 "relative_density": 0.94,
                                 "sintering_temperature": {"value": 1200, "unit": "°C"}},
                  "invoice": {"instrument": "Solartron 1260", "operator": "alice"}, "metadata": {"atmosphere": "dry argon"}},
                 {"formula": "Li6.4La3Zr1.4Ta0.6O12", "title": "Ta-doped LLZO", "template": "impedance",
                  "properties": {"ionic_conductivity": {"value": 0.9, "unit": "mS/cm"}, "sintering_temperature": {"value": 1423.15, "unit": "K"}},
                  "invoice": {"instrument": "Solartron 1260"}},
                 {"formula": "Li7La3Zr2O12", "title": "LLZO pellet cracked", "template": "impedance", "outcome": "failed",
                  "outcome_reason": "cracked during sintering", "properties": {"sintering_temperature": {"value": 1250, "unit": "°C"}, "relative_density": 0.81}},
                 {"formula": "LiCoO2", "title": "LCO reference", "template": "xrd",
                  "properties": {"band_gap": {"value": 2700, "unit": "meV"}},
                  "invoice": {"instrument": {"name": "Rigaku SmartLab"}}},
                 {"formula": "Fe2O3", "title": "hematite", "template": "xrd", "properties": {"band_gap": {"value": 2.1, "unit": "eV"}}},
                 {"title": "calibration run without a composition", "template": "xrd"}
                ]}""");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode search(ApiClient as, String query) {
        var r = as.get("/api/v1/search?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> titles(JsonNode result) {
        List<String> t = new ArrayList<>();
        result.get("items").forEach(i -> t.add(i.get("title").asString()));
        return t;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void findsByElementsAllAnyOnlyAndExcluded() {
        JsonNode r = search(tp.anonymous(), "elements=Li,La,Zr&sort=title");
        assertThat(titles(r)).containsExactly("LLZO pellet", "LLZO pellet cracked", "Ta-doped LLZO");
        assertThat(r.get("total").asLong()).isEqualTo(3);
        assertThat(titles(search(tp.anonymous(), "elements=Li,La,Zr&exclude_elements=Ta&sort=title")))
                .containsExactly("LLZO pellet", "LLZO pellet cracked");
        assertThat(titles(search(tp.anonymous(), "any_elements=Co,Fe&sort=title"))).containsExactly("LCO reference", "hematite");
        assertThat(titles(search(tp.anonymous(), "only_elements=Fe,O,Co,Li&sort=title"))).containsExactly("LCO reference", "hematite");
        assertThat(titles(search(tp.anonymous(), "chemical_system=O-Fe"))).containsExactly("hematite");
        assertThat(titles(search(tp.anonymous(), "formula=Fe4O6"))).containsExactly("hematite");
        assertThat(titles(search(tp.anonymous(), "anonymous_formula=A2BC&sort=title"))).containsExactly("LCO reference");
        assertThat(titles(search(tp.anonymous(), "nelements=2..3&sort=title"))).containsExactly("LCO reference", "hematite");
        assertThat(titles(search(tp.anonymous(), "nelements=5.."))).containsExactly("Ta-doped LLZO");
    }

    @Test
    void propertyRangesConvertUnits() {
        // 2700 meV is 2.7 eV; 0.9 mS/cm is 9e-4 S/cm; 1423.15 K is 1150 °C
        assertThat(titles(search(tp.anonymous(), "property=" + enc("band_gap>2.5 eV") + "&sort=title")))
                .containsExactly("LCO reference", "LLZO pellet");
        assertThat(titles(search(tp.anonymous(), "property=" + enc("band_gap>2500meV") + "&sort=title")))
                .containsExactly("LCO reference", "LLZO pellet");
        assertThat(titles(search(tp.anonymous(), "property=" + enc("ionic_conductivity>=5e-4 S/cm"))))
                .containsExactly("Ta-doped LLZO");
        assertThat(titles(search(tp.anonymous(), "property=" + enc("sintering_temperature=1100..1210 °C") + "&sort=title")))
                .containsExactly("LLZO pellet", "Ta-doped LLZO");
        assertThat(titles(search(tp.anonymous(), "property=" + enc("sintering_temperature>1400 K")
                + "&property=" + enc("ionic_conductivity<1 S/m") + "&sort=title")))
                .containsExactly("LLZO pellet", "Ta-doped LLZO");
        // without a unit, a number is in the conventional unit of the values' dimension (eV for energies),
        // whatever units they were stored in
        assertThat(titles(search(tp.anonymous(), "property=" + enc("relative_density>=0.9")))).containsExactly("LLZO pellet");
        assertThat(titles(search(tp.anonymous(), "property=" + enc("band_gap>2.5") + "&sort=title")))
                .containsExactly("LCO reference", "LLZO pellet");
    }

    @Test
    void aUnitOfTheWrongKindIsExplained() {
        var r = tp.anonymous().get("/api/v1/search?property=" + enc("band_gap>300 K"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .isEqualTo("property: 'band_gap' is stored in eV (energy), meV (energy); 'K' measures temperature");
        r = tp.anonymous().get("/api/v1/search?property=" + enc("band_gap>3 furlong"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("unknown unit symbol 'furlong'");
        r = tp.anonymous().get("/api/v1/search?property=" + enc("band gap above 3"));
        assertThat(r.json().get("detail").asString()).contains("is not a condition");
    }

    @Test
    void textSearchCoversTitlesDatasetDescriptionsInvoicesAndMetadata() {
        assertThat(titles(search(tp.anonymous(), "q=hematite"))).containsExactly("hematite");
        assertThat(search(tp.anonymous(), "q=" + enc("solid-state batteries")).get("total").asLong()).isEqualTo(6);
        assertThat(titles(search(tp.anonymous(), "q=SmartLab"))).containsExactly("LCO reference");
        assertThat(titles(search(tp.anonymous(), "q=" + enc("dry argon")))).containsExactly("LLZO pellet");
        assertThat(titles(search(tp.anonymous(), "q=" + enc("pellet -cracked")))).containsExactly("LLZO pellet");
        assertThat(titles(search(tp.anonymous(), "q=pellet&sort=-relevance")).get(0)).startsWith("LLZO pellet");
    }

    @Test
    void filtersByTemplateInstrumentOutcomeDatasetOwnerAndDates() {
        assertThat(titles(search(tp.anonymous(), "template=xrd&sort=title")))
                .containsExactly("LCO reference", "calibration run without a composition", "hematite");
        assertThat(titles(search(tp.anonymous(), "instrument=" + enc("Rigaku SmartLab")))).containsExactly("LCO reference");
        assertThat(titles(search(tp.anonymous(), "outcome=failed"))).containsExactly("LLZO pellet cracked");
        assertThat(search(tp.anonymous(), "dataset=" + garnets).get("total").asLong()).isEqualTo(6);
        assertThat(search(tp.anonymous(), "owner=alice").get("total").asLong()).isEqualTo(6);
        assertThat(search(tp.anonymous(), "owner=nobody").get("total").asLong()).isZero();
        assertThat(search(tp.anonymous(), "created_after=2000-01-01&created_before=2999-01-01").get("total").asLong()).isEqualTo(6);
        assertThat(search(tp.anonymous(), "created_after=2999-01-01").get("total").asLong()).isZero();
        assertThat(search(tp.anonymous(), "kind=property_row").get("total").asLong()).isEqualTo(6);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "walking the property index above {0} matches")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1_000_000})
    void sortsByPropertyInSiWithMissingValuesLastAndPagesWithCursors(long walkAbove) {
        long old = Counting.walkSortIndexAbove(walkAbove);
        try {
            sortsByProperty();
        } finally {
            Counting.walkSortIndexAbove(old);
        }
    }

    void sortsByProperty() {
        JsonNode r = search(tp.anonymous(), "sort=-properties.band_gap&limit=2");
        assertThat(titles(r)).containsExactly("LLZO pellet", "LCO reference");
        Set<String> seen = new HashSet<>(titles(r));
        List<String> order = new ArrayList<>(titles(r));
        String next = r.get("next").asString();
        while (next != null && !next.equals("null")) {
            JsonNode page = tp.anonymous().get(next).json();
            order.addAll(titles(page));
            seen.addAll(titles(page));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(order).hasSize(6);
        assertThat(seen).hasSize(6);
        assertThat(order.subList(0, 3)).containsExactly("LLZO pellet", "LCO reference", "hematite");

        List<String> byTitle = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = search(tp.anonymous(), "sort=title&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            byTitle.addAll(titles(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(byTitle).isSorted().hasSize(6);

        var wrong = tp.anonymous().get("/api/v1/search?sort=-created_at&cursor=" + r.get("next_cursor").asString());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("detail").asString()).contains("sorted by -properties.band_gap");
    }

    @Test
    void facetsCountWhatMatches() {
        JsonNode r = search(tp.anonymous(), "elements=Li&facets=elements,template,instrument,outcome,year,kind,dataset");
        JsonNode f = r.get("facets");
        assertThat(count(f.get("elements"), "Li")).isEqualTo(4);
        assertThat(count(f.get("elements"), "Zr")).isEqualTo(3);
        assertThat(count(f.get("elements"), "Ta")).isEqualTo(1);
        assertThat(count(f.get("elements"), "Fe")).isZero();
        assertThat(count(f.get("template"), "impedance")).isEqualTo(3);
        assertThat(count(f.get("instrument"), "Solartron 1260")).isEqualTo(2);
        assertThat(count(f.get("instrument"), "Rigaku SmartLab")).isEqualTo(1);
        assertThat(count(f.get("outcome"), "failed")).isEqualTo(1);
        assertThat(count(f.get("outcome"), "succeeded")).isEqualTo(3);
        assertThat(count(f.get("kind"), "property_row")).isEqualTo(4);
        assertThat(f.get("year").get(0).get("count").asLong()).isEqualTo(4);
        assertThat(f.get("dataset").get(0).get("label").asString()).isEqualTo("Garnet electrolytes for solid-state batteries");
    }

    static long count(JsonNode facet, String value) {
        for (JsonNode c : facet) {
            if (c.get("value").asString().equals(value)) {
                return c.get("count").asLong();
            }
        }
        return 0;
    }

    @Test
    void totalsStopAtTheCapUnlessAnExactCountIsAsked() {
        var p = tp.platform();
        SearchService capped = new SearchService(p.db(), p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), 4);
        SearchService.SearchResult r = capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS),
                SearchRequest.parse(java.util.Map.of("limit", List.of("2"))));
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.totalExact()).isFalse();
        r = capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(java.util.Map.of("count", List.of("exact"),
                "limit", List.of("2"))));
        assertThat(r.total()).isEqualTo(6);
        assertThat(r.totalExact()).isTrue();
        assertThat(search(tp.anonymous(), "count=exact").get("total_exact").asBoolean()).isTrue();
        // a page that holds every match counts them exactly, cap or not
        assertThat(capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(java.util.Map.of())).totalExact()).isTrue();
        // facets of a search whose total is only a lower bound say they may not be exact
        r = capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(java.util.Map.of("facets", List.of("outcome"),
                "limit", List.of("2"))));
        assertThat(r.facetsExact()).isFalse();
        assertThat(r.facets().get(SearchQuery.Facet.OUTCOME).get(0).count()).isEqualTo(5);
        r = capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(java.util.Map.of("facets", List.of("outcome"),
                "count", List.of("exact"), "limit", List.of("2"))));
        assertThat(r.facetsExact()).isTrue();
    }

    /**
     * Facets are counted on a connection of their own while the page is read: however many
     * searches run at once, none may wait for a second connection while holding one, or a busy pool
     * would deadlock (here two connections for twelve concurrent faceted searches; a deadlock ends in
     * the pool's 10-second timeout).
     */
    @Test
    void concurrentFacetedSearchesShareASmallPool() throws Exception {
        var p = tp.platform();
        var config = p.config();
        try (org.matdx.store.Database small = config.dbUrl() != null
                ? org.matdx.store.Database.connect(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)
                : org.matdx.store.Database.connect(p.embedded().orElseThrow().jdbcUrl(), p.embedded().orElseThrow().user(),
                        p.embedded().orElseThrow().password(), 2);
             var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            SearchService search = new SearchService(small, p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), 1);
            List<java.util.concurrent.Future<SearchService.SearchResult>> running = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                running.add(pool.submit(() -> search.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(java.util.Map.of(
                        "elements", List.of("Li"), "facets", List.of("elements,outcome"), "limit", List.of("1"))))));
            }
            for (var r : running) {
                assertThat(r.get().facets().get(SearchQuery.Facet.ELEMENTS)).filteredOn(f -> f.value().equals("Li"))
                        .singleElement().extracting(Facets.Count::count).isEqualTo(4L);
            }
        }
    }

    /**
     * Facets are sampled alongside the count, before it says how many match: a sample that holds
     * every match counts what the exact facets count, and says it is not exact when the count does
     * not know the total.
     */
    @Test
    void sampledFacetsCountTheSameMatches() {
        var p = tp.platform();
        SearchService capped = new SearchService(p.db(), p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), 1);
        for (String elements : List.of("Li,Zr", "Li,Zr,O", "Zr,Li")) {
            SearchService.SearchResult sampled = capped.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(
                    java.util.Map.of("elements", List.of(elements), "facets", List.of("elements,outcome"), "limit", List.of("1"))));
            assertThat(sampled.facetsExact()).as(elements).isFalse();
            JsonNode exact = search(tp.anonymous(), "elements=" + elements + "&facets=elements,outcome").get("facets");
            for (SearchQuery.Facet f : List.of(SearchQuery.Facet.ELEMENTS, SearchQuery.Facet.OUTCOME)) {
                java.util.Map<String, Long> got = new java.util.TreeMap<>();
                sampled.facets().get(f).forEach(c -> got.put(c.value(), c.count()));
                java.util.Map<String, Long> want = new java.util.TreeMap<>();
                exact.get(f.name().toLowerCase(java.util.Locale.ROOT)).forEach(c -> want.put(c.get("value").asString(), c.get("count").asLong()));
                assertThat(got).as("%s %s", elements, f).isEqualTo(want).isNotEmpty();
            }
        }
    }

    /**
     * With a count capped at 1 every search with two or more matches is broad, so its pages come
     * from a walk of the sort index with a budget ({@link IndexWalk}); budgets from one row to all
     * make walks both find the page and give up. Paging through with cursors must give the same
     * entries in the same order as the uncapped search, which sorts its matches.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "walking at most {0} rows")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4, 100})
    void pagesOfBroadSearchesWalkTheSortIndexAndAgreeWithSortedPages(int budget) {
        var p = tp.platform();
        SearchService capped = new SearchService(p.db(), p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), 1);
        IndexWalk.tryAlways(budget);
        try {
            for (String query : List.of("", "elements=O", "sort=created_at", "sort=-updated_at", "sort=nelements",
                    "elements=Li&sort=-nelements", "outcome=succeeded&sort=created_at", "template=xrd")) {
                List<String> expected = pageThrough(p.search(), query);
                assertThat(pageThrough(capped, query)).as(query).isEqualTo(expected);
                assertThat(expected).as(query).hasSizeGreaterThan(1);
            }
        } finally {
            IndexWalk.tryAlways(0);
        }
    }

    /** {@code a=1&b=2} as the parameter map {@link SearchRequest#parse} takes (mutable, to add to). */
    static java.util.Map<String, List<String>> params(String query) {
        java.util.Map<String, List<String>> params = new java.util.HashMap<>();
        for (String kv : query.split("&")) {
            if (!kv.isEmpty()) {
                params.put(kv.substring(0, kv.indexOf('=')), List.of(kv.substring(kv.indexOf('=') + 1)));
            }
        }
        return params;
    }

    static List<String> pageThrough(SearchService service, String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            java.util.Map<String, List<String>> params = params(query);
            params.put("limit", List.of("1")); // one per page: many cursors, walks that start after each
            if (cursor != null) {
                params.put("cursor", List.of(cursor));
            }
            SearchService.SearchResult r = service.search(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), SearchRequest.parse(params));
            r.items().forEach(v -> ids.add(v.entry().id().toString()));
            cursor = r.nextCursor();
            assertThat(ids).as("pages through " + query).hasSizeLessThan(100); // a cursor that goes back would loop
        } while (cursor != null);
        return ids;
    }

    @Test
    void returnsOnlyTheFieldsAskedFor() {
        JsonNode item = search(tp.anonymous(), "formula=LiCoO2&fields=title,reduced_formula,properties.band_gap").get("items").get(0);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder("id", "title", "reduced_formula", "properties");
        assertThat(item.at("/properties/band_gap/value").asDouble()).isEqualTo(2700);
        assertThat(item.at("/properties/band_gap/unit").asString()).isEqualTo("meV");
        var bad = tp.anonymous().get("/api/v1/search?fields=title,secret");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("'secret' is not a result field");
    }

    @Test
    void badParametersAreAllReportedTogether() {
        var r = tp.anonymous().get("/api/v1/search?elements=Li,Xx&limit=0&sort=colour&outcome=exploded&colour=red");
        assertThat(r.status()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("colour", "elements", "limit", "sort", "outcome");
        assertThat(r.json().get("detail").asString()).contains("'Xx' is not an element symbol");
    }
}
