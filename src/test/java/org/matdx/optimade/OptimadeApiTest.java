package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.optimade.OptimadeFixtures.Site;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** The OPTIMADE endpoints, responses and every status code the specification asks for. */
class OptimadeApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;
    static String rocksalt;
    static String perovskite;
    static String disordered;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = OptimadeFixtures.dataset(alice.api(), "Oxide structures", "public");
        rocksalt = OptimadeFixtures.add(alice.api(), dataset, OptimadeFixtures.entry("MgO rock salt", 4.21, List.of(
                Site.of("Mg", 0, 0, 0), Site.of("Mg", 0.5, 0.5, 0), Site.of("Mg", 0.5, 0, 0.5), Site.of("Mg", 0, 0.5, 0.5),
                Site.of("O", 0.5, 0.5, 0.5), Site.of("O", 0, 0, 0.5), Site.of("O", 0, 0.5, 0), Site.of("O", 0.5, 0, 0)),
                "{\"band_gap\": {\"value\": 7.8, \"unit\": \"eV\"}}"));
        perovskite = OptimadeFixtures.add(alice.api(), dataset, OptimadeFixtures.entry("SrTiO3 cubic", 3.905, List.of(
                Site.of("Sr", 0, 0, 0), Site.of("Ti", 0.5, 0.5, 0.5),
                Site.of("O", 0.5, 0.5, 0), Site.of("O", 0.5, 0, 0.5), Site.of("O", 0, 0.5, 0.5)),
                "{\"band_gap\": {\"value\": 3250, \"unit\": \"meV\"}}"));
        disordered = OptimadeFixtures.add(alice.api(), dataset, OptimadeFixtures.entry("Fe-Co alloy, disordered bcc", 2.85, List.of(
                new Site("M1", Map.of("Fe", 0.5, "Co", 0.5), 0, 0, 0), new Site("M2", Map.of("Fe", 0.45, "Co", 0.45), 0.5, 0.5, 0.5)),
                null));
        // a measurement without a structure is not an OPTIMADE structure
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"formula\": \"ZnO\", \"kind\": \"measurement\"}");
        assertThat(r.status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient.Response get(String path) {
        return tp.anonymous().get(path);
    }

    static JsonNode ok(String path) {
        var r = get(path);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/vnd.api+json");
        JsonNode doc = r.json();
        assertThat(doc.at("/meta/api_version").asString()).isEqualTo("1.2.0");
        assertThat(doc.at("/meta/provider/prefix").asString()).isEqualTo("matdx");
        assertThat(doc.at("/meta/time_stamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(doc.at("/meta/more_data_available").isBoolean()).isTrue();
        assertThat(doc.at("/jsonapi/meta/api").asString()).isEqualTo("OPTIMADE");
        assertThat(doc.propertyNames().iterator().next()).isEqualTo("jsonapi");
        return doc;
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static List<String> titles(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("data").forEach(d -> out.add(d.at("/attributes/_matdx_title").asString()));
        return out;
    }

    @Test
    void versionsIsCsvAtTheUnversionedBaseUrl() {
        var r = get("/optimade/versions");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.body()).isEqualTo("version\n1\n");
        assertThat(get("/optimade/v1/versions").status()).isEqualTo(404);
    }

    @Test
    void infoDescribesTheApiAndEachEntryType() {
        JsonNode info = ok("/optimade/v1/info");
        assertThat(info.at("/data/type").asString()).isEqualTo("info");
        assertThat(info.at("/data/id").asString()).isEqualTo("/");
        assertThat(info.at("/data/attributes/api_version").asString()).isEqualTo("1.2.0");
        assertThat(info.at("/data/attributes/available_api_versions/0/url").asString()).endsWith("/optimade/v1/");
        assertThat(info.at("/data/attributes/entry_types_by_format/json").toString()).isEqualTo("[\"structures\",\"references\"]");
        assertThat(info.at("/meta/query/representation").asString()).isEqualTo("/info");

        JsonNode s = ok("/optimade/v1/info/structures").get("data");
        assertThat(s.get("id").asString()).isEqualTo("structures");
        for (String p : List.of("id", "type", "last_modified", "elements", "nelements", "elements_ratios",
                "chemical_formula_descriptive", "chemical_formula_reduced", "chemical_formula_anonymous", "dimension_types",
                "nperiodic_dimensions", "lattice_vectors", "cartesian_site_positions", "nsites", "species",
                "species_at_sites", "structure_features", "immutable_id", "_matdx_band_gap__ev")) {
            assertThat(s.at("/properties").has(p)).as(p).isTrue();
        }
        assertThat(s.at("/properties/nelements/sortable").asBoolean()).isTrue();
        assertThat(s.at("/properties/elements/sortable").asBoolean()).isFalse();
        // served whole; a filter can only ask whether it is known (issue 22: described as partial support)
        assertThat(s.at("/properties/lattice_vectors/x-optimade-implementation/query-support").asString()).isEqualTo("partial");
        assertThat(s.at("/properties/lattice_vectors/x-optimade-implementation/query-support-operators").toString())
                .isEqualTo("[\"IS KNOWN\",\"IS UNKNOWN\"]");
        assertThat(s.at("/properties/_matdx_band_gap__ev/x-optimade-unit").asString()).isEqualTo("eV");
        assertThat(ok("/optimade/v1/info/references").at("/data/properties/doi/x-optimade-type").asString()).isEqualTo("string");
        assertThat(get("/optimade/v1/info/trajectories").status()).isEqualTo(404);
    }

    @Test
    void linksNameTheRootImplementation() {
        JsonNode links = ok("/optimade/v1/links");
        assertThat(links.at("/data/0/type").asString()).isEqualTo("links");
        assertThat(links.at("/data/0/attributes/link_type").asString()).isEqualTo("root");
        assertThat(links.at("/data/0/attributes/base_url").asString()).endsWith("/optimade");
    }

    @Test
    void structuresCarryEveryRequiredProperty() {
        JsonNode doc = ok("/optimade/v1/structures/" + perovskite);
        JsonNode a = doc.at("/data/attributes");
        assertThat(doc.at("/data/id").asString()).isEqualTo(perovskite);
        assertThat(doc.at("/data/type").asString()).isEqualTo("structures");
        assertThat(a.get("elements").toString()).isEqualTo("[\"O\",\"Sr\",\"Ti\"]");
        assertThat(a.get("nelements").asInt()).isEqualTo(3);
        assertThat(a.get("elements_ratios").get(0).asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(a.get("chemical_formula_reduced").asString()).isEqualTo("O3SrTi");
        assertThat(a.get("chemical_formula_anonymous").asString()).isEqualTo("A3BC");
        assertThat(a.get("chemical_formula_descriptive").asString()).isEqualTo("SrTiO3");
        assertThat(a.get("dimension_types").toString()).isEqualTo("[1,1,1]");
        assertThat(a.get("nperiodic_dimensions").asInt()).isEqualTo(3);
        assertThat(a.get("nsites").asInt()).isEqualTo(5);
        assertThat(a.get("lattice_vectors").get(1).get(1).asDouble()).isEqualTo(3.905);
        assertThat(a.get("cartesian_site_positions").get(1).toString()).isEqualTo("[1.9525,1.9525,1.9525]");
        assertThat(a.get("species_at_sites").toString()).isEqualTo("[\"Sr\",\"Ti\",\"O\",\"O\",\"O\"]");
        assertThat(a.get("species").get(0).toString()).isEqualTo("{\"name\":\"Sr\",\"chemical_symbols\":[\"Sr\"],\"concentration\":[1.0]}");
        assertThat(a.get("structure_features").toString()).isEqualTo("[]");
        assertThat(a.get("last_modified").asString()).endsWith("Z");
        assertThat(a.has("immutable_id")).isFalse();
        assertThat(a.has("_matdx_band_gap__ev")).isFalse();
        assertThat(doc.at("/data/relationships/references/data/0/id").asString()).isEqualTo(dataset);
        assertThat(doc.at("/included/0/type").asString()).isEqualTo("references");
        assertThat(doc.at("/included/0/attributes/title").asString()).isEqualTo("Oxide structures");
        assertThat(doc.at("/meta/more_data_available").asBoolean()).isFalse();

        JsonNode d = ok("/optimade/v1/structures/" + disordered).at("/data/attributes");
        assertThat(d.get("structure_features").toString()).isEqualTo("[\"disorder\"]");
        assertThat(d.get("chemical_formula_reduced").asString()).isEqualTo("CoFe");
        assertThat(d.get("species").get(1).toString()).isEqualTo(
                "{\"name\":\"M2\",\"chemical_symbols\":[\"Co\",\"Fe\",\"vacancy\"],\"concentration\":[0.45,0.45,0.09999999999999998]}");
    }

    @Test
    void filtersSelectStructures() {
        assertThat(titles(ok("/optimade/v1/structures?sort=_matdx_title&filter=" + f("elements HAS \"O\""))))
                .containsExactly("MgO rock salt", "SrTiO3 cubic");
        assertThat(titles(ok("/optimade/v1/structures?filter=" + f("elements HAS ALL \"Sr\",\"O\" AND nelements=3"))))
                .containsExactly("SrTiO3 cubic");
        assertThat(titles(ok("/optimade/v1/structures?filter=" + f("chemical_formula_reduced=\"MgO\""))))
                .containsExactly("MgO rock salt");
        assertThat(titles(ok("/optimade/v1/structures?filter=" + f("chemical_formula_anonymous=\"AB\" OR nsites < 3")
                + "&sort=nsites"))).containsExactly("Fe-Co alloy, disordered bcc", "MgO rock salt");
        assertThat(titles(ok("/optimade/v1/structures?filter=" + f("structure_features HAS \"disorder\""))))
                .containsExactly("Fe-Co alloy, disordered bcc");
        assertThat(titles(ok("/optimade/v1/structures?filter=" + f("elements:elements_ratios HAS \"O\":>0.55"))))
                .containsExactly("SrTiO3 cubic");
        // 3250 meV is 3.25 eV: the property is served and compared in eV
        JsonNode bg = ok("/optimade/v1/structures?sort=-_matdx_band_gap__ev&response_fields=_matdx_band_gap__ev,nelements&filter="
                + f("_matdx_band_gap__ev > 3"));
        assertThat(bg.get("data")).hasSize(2);
        assertThat(bg.at("/data/0/attributes/_matdx_band_gap__ev").asDouble()).isEqualTo(7.8);
        assertThat(bg.at("/data/1/attributes/_matdx_band_gap__ev").asDouble()).isCloseTo(3.25, within(1e-12));
        assertThat(bg.at("/data/0/attributes").propertyNames()).containsExactlyInAnyOrder("_matdx_band_gap__ev", "nelements");
        assertThat(ok("/optimade/v1/structures?filter=" + f("_matdx_band_gap__ev IS UNKNOWN")).at("/meta/data_returned").asInt()).isEqualTo(1);
        assertThat(ok("/optimade/v1/structures?filter=" + f("NOT _matdx_band_gap__ev > 5")).at("/meta/data_returned").asInt()).isEqualTo(2);
    }

    /** The stored element-strategy score of an entry (resources.ResourceIndex writes it on insert). */
    static double stored(String column, String title) {
        return tp.platform().db().read(h -> h.createQuery("SELECT " + column + " FROM entries WHERE title = :t")
                .bind("t", title).mapTo(Double.class).one());
    }

    @Test
    void servesFiltersAndSortsElementStrategyScores() {
        double mgo = stored("hhi_production", "MgO rock salt");
        double sto = stored("hhi_production", "SrTiO3 cubic");
        double feco = stored("hhi_production", "Fe-Co alloy, disordered bcc");
        assertThat(List.of(mgo, sto, feco)).allMatch(v -> v > 0 && v <= 10_000);
        JsonNode info = ok("/optimade/v1/info/structures");
        for (String name : List.of("_matdx_hhi_production", "_matdx_hhi_reserve", "_matdx_critical_fraction_eu",
                "_matdx_critical_fraction_usgs", "_matdx_critical_fraction_doe", "_matdx_critical_fraction_japan",
                "_matdx_abundance_mg_per_kg", "_matdx_cost_usd_per_kg", "_matdx_ghg_kg_co2eq_per_kg", "_matdx_ced_mj_per_kg")) {
            assertThat(info.at("/data/properties/" + name + "/sortable").asBoolean()).as(name).isTrue();
            assertThat(info.at("/data/properties/" + name + "/type").toString()).as(name).contains("\"number\"");
        }
        // served on request with the stored value, sorted ascending
        JsonNode doc = ok("/optimade/v1/structures?sort=_matdx_hhi_production&response_fields=_matdx_hhi_production,"
                + "_matdx_critical_fraction_eu,_matdx_title");
        List<Double> served = new ArrayList<>();
        doc.get("data").forEach(d -> served.add(d.at("/attributes/_matdx_hhi_production").asDouble()));
        assertThat(served).containsExactlyElementsOf(List.of(mgo, sto, feco).stream().sorted().toList());
        assertThat(doc.at("/data/0/attributes/_matdx_critical_fraction_eu").isNumber()).isTrue();
        // a threshold between the two lowest selects exactly the lowest
        double lowest = served.get(0);
        double cut = (served.get(0) + served.get(1)) / 2;
        JsonNode low = ok("/optimade/v1/structures?response_fields=_matdx_hhi_production&filter="
                + f("_matdx_hhi_production < " + cut));
        assertThat(low.get("data")).hasSize(1);
        assertThat(low.at("/data/0/attributes/_matdx_hhi_production").asDouble()).isEqualTo(lowest);
        assertThat(ok("/optimade/v1/structures?filter=" + f("_matdx_hhi_production IS KNOWN AND _matdx_hhi_production >= " + cut))
                .at("/meta/data_returned").asInt()).isEqualTo(2);
        // the native search takes the same score as a property range and sort
        JsonNode nat = tp.anonymous().get("/api/v1/search?property=" + f("hhi_production<" + cut)).json();
        assertThat(nat.toString()).contains(lowest == mgo ? "MgO rock salt" : lowest == sto ? "SrTiO3 cubic" : "Fe-Co alloy");
        var sortedNative = tp.anonymous().get("/api/v1/search?sort=-hhi_production");
        assertThat(sortedNative.status()).as(sortedNative.body()).isEqualTo(200);
        assertThat(sortedNative.body().indexOf(served.get(2) == feco ? "Fe-Co alloy" : served.get(2) == sto ? "SrTiO3 cubic" : "MgO rock salt"))
                .as("highest score first").isLessThan(sortedNative.body().indexOf(
                        served.get(0) == feco ? "Fe-Co alloy" : served.get(0) == sto ? "SrTiO3 cubic" : "MgO rock salt"));
    }

    @Test
    void pagesWithLimitOffsetAndNumber() {
        JsonNode p1 = ok("/optimade/v1/structures?page_limit=2&sort=nsites");
        assertThat(p1.get("data")).hasSize(2);
        assertThat(p1.at("/meta/data_returned").asInt()).isEqualTo(3);
        assertThat(p1.at("/meta/more_data_available").asBoolean()).isTrue();
        String next = p1.at("/links/next").asString();
        assertThat(next).contains("page_offset=2");
        JsonNode p2 = tp.anonymous().get(next.substring(next.indexOf("/optimade"))).json();
        assertThat(p2.get("data")).hasSize(1);
        assertThat(p2.at("/meta/more_data_available").asBoolean()).isFalse();
        assertThat(p2.at("/links/next").isNull()).isTrue();
        assertThat(titles(ok("/optimade/v1/structures?page_limit=1&page_number=3&sort=nsites")))
                .containsExactly("MgO rock salt");
        assertThat(titles(ok("/optimade/v1/structures?page_limit=1&page_offset=1&sort=-nsites")))
                .containsExactly("SrTiO3 cubic");
    }

    @Test
    void countsStopAtTheCapUnlessAnExactCountIsAsked() {
        var p = tp.platform();
        OptimadeService capped = new OptimadeService(p.db(), p.policy(), p.quantities(), 2, p.audit());
        OptimadeService.Listing l = capped.list(org.matdx.core.RequestContext.local(org.matdx.core.Caller.ANONYMOUS), "structures",
                OptimadeQuery.listing(Map.of("page_limit", List.of("1"))));
        assertThat(l.returned()).isEqualTo(2);
        assertThat(l.exact()).isFalse();
        assertThat(l.more()).isTrue();
        l = capped.list(org.matdx.core.RequestContext.local(org.matdx.core.Caller.ANONYMOUS), "structures",
                OptimadeQuery.listing(Map.of("page_limit", List.of("1"), "_matdx_count", List.of("exact"))));
        assertThat(l.returned()).isEqualTo(3);
        assertThat(l.exact()).isTrue();
        assertThat(ok("/optimade/v1/structures?_matdx_count=exact").at("/meta/data_returned").asInt()).isEqualTo(3);
        assertThat(get("/optimade/v1/structures?_matdx_count=roughly").status()).isEqualTo(400);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "walking the property index above {0} matches")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1_000_000})
    void sortsByANumericPropertyWithUnknownValuesLast(long walkAbove) {
        long old = org.matdx.query.Counting.walkSortIndexAbove(walkAbove);
        try {
            sortsByQuantity();
        } finally {
            org.matdx.query.Counting.walkSortIndexAbove(old);
        }
    }

    void sortsByQuantity() {
        for (String dir : List.of("-", "")) {
            List<String> order = new ArrayList<>();
            for (int page = 1; page <= 3; page++) {
                JsonNode doc = ok("/optimade/v1/structures?page_limit=1&page_number=" + page + "&sort=" + dir + "_matdx_band_gap__ev");
                order.addAll(titles(doc));
                assertThat(doc.at("/meta/more_data_available").asBoolean()).isEqualTo(page < 3);
            }
            assertThat(order).containsExactly(dir.isEmpty() ? "SrTiO3 cubic" : "MgO rock salt",
                    dir.isEmpty() ? "MgO rock salt" : "SrTiO3 cubic", "Fe-Co alloy, disordered bcc");
        }
    }

    @Test
    void answersEveryStatusTheSpecificationNames() {
        // 400: syntax, with the position
        var r = get("/optimade/v1/structures?filter=" + f("nelements > 2 and nsites < 4"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/vnd.api+json");
        JsonNode err = r.json().at("/errors/0");
        assertThat(err.get("status").asString()).isEqualTo("400");
        assertThat(err.get("detail").asString()).startsWith("filter: position 15: unexpected 'a'");
        assertThat(err.at("/source/parameter").asString()).isEqualTo("filter");
        assertThat(err.at("/meta/column").asInt()).isEqualTo(15);
        assertThat(r.json().has("data")).isFalse();
        assertThat(r.json().at("/meta/api_version").asString()).isEqualTo("1.2.0");
        // 400: unknown property, unknown parameter, unknown field, bad sort, bad include
        assertThat(get("/optimade/v1/structures?filter=" + f("band_gap > 3")).json().at("/errors/0/detail").asString())
                .contains("unknown property 'band_gap'");
        assertThat(get("/optimade/v1/structures?filter=" + f("_matdx_colour = \"red\"")).status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?page_size=3").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?response_fields=nelements,colour").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?sort=elements").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?sort=colour").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?include=calculations").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?page_limit=abc").status()).isEqualTo(400);
        assertThat(get("/optimade/v1/structures?filter=" + f("last_modified > \"yesterday\"")).status()).isEqualTo(400);
        // foreign prefixes: ignored as parameters and fields, unknown (null) in filters, with a warning when unrecognised
        JsonNode foreign = ok("/optimade/v1/structures?_exmpl_key=abc&response_fields=nelements,_exmpl_band_gap&filter="
                + f("_exmpl_band_gap < 2 OR nelements = 2"));
        assertThat(foreign.at("/data/0/attributes").propertyNames()).containsExactly("nelements");
        assertThat(foreign.at("/meta/data_returned").asInt()).isEqualTo(2);
        JsonNode unknownPrefix = ok("/optimade/v1/structures?filter=" + f("NOT _zzz_band_gap < 2"));
        assertThat(unknownPrefix.at("/meta/data_returned").asInt()).isEqualTo(3);
        assertThat(unknownPrefix.at("/meta/warnings/0/type").asString()).isEqualTo("warning");
        assertThat(unknownPrefix.at("/meta/warnings/0/detail").asString()).contains("_zzz_");
        // 403: page_limit above the maximum
        r = get("/optimade/v1/structures?page_limit=501");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().at("/errors/0/source/parameter").asString()).isEqualTo("page_limit");
        // 404: no such entry, no such endpoint
        assertThat(get("/optimade/v1/structures/0199aaaa-0000-7000-8000-000000000000").status()).isEqualTo(404);
        assertThat(get("/optimade/v1/structures/not-an-id").status()).isEqualTo(404);
        assertThat(get("/optimade/v1/trajectories").status()).isEqualTo(404);
        // 501: valid filters MatDX does not evaluate
        for (String filter : List.of("lattice_vectors IS KNOWN AND lattice_vectors HAS 1", "species.name HAS \"Sr\"",
                "nelements = \"3\"", "chemical_formula_reduced CONTAINS nelements", "\"a\" = \"b\"",
                "elements HAS ALL nelements", "elements = \"Sr\"")) {
            r = get("/optimade/v1/structures?filter=" + f(filter));
            assertThat(r.status()).as(filter + " → " + r.body()).isEqualTo(501);
            assertThat(r.json().at("/errors/0/title").asString()).isEqualTo("Not Implemented");
        }
        assertThat(get("/optimade/v1/structures?page_cursor=abc").status()).isEqualTo(501);
        assertThat(get("/optimade/v1/structures/" + rocksalt + "?dimension_slices=dim_sites[0:1:1]").status()).isEqualTo(501);
        // 553: versions MatDX does not serve
        for (String v : List.of("v2", "v0", "v1.5", "v1.2.1", "v10")) {
            r = get("/optimade/" + v + "/structures");
            assertThat(r.status()).as(v).isEqualTo(553);
            assertThat(r.json().at("/errors/0/detail").asString()).contains("/optimade/v1");
        }
        assertThat(get("/optimade/structures?api_hint=v2").status()).isEqualTo(553);
    }

    @Test
    void versionedAndUnversionedBaseUrlsServeTheSameApi() {
        for (String base : List.of("/optimade/v1", "/optimade/v1.2", "/optimade/v1.2.0", "/optimade")) {
            JsonNode doc = ok(base + "/structures?filter=" + f("nsites=8"));
            assertThat(titles(doc)).containsExactly("MgO rock salt");
            assertThat(doc.at("/meta/query/representation").asString()).startsWith("/structures?filter=");
        }
        // unknown parameters are ignored on single entries, as the specification says
        assertThat(get("/optimade/v1/structures/" + rocksalt + "?colour=red").status()).isEqualTo(200);
    }

    @Test
    void includeControlsTheIncludedReferences() {
        assertThat(ok("/optimade/v1/structures").get("included")).hasSize(1);
        assertThat(ok("/optimade/v1/structures?include=").get("included")).isEmpty();
        assertThat(ok("/optimade/v1/references").at("/data/0/attributes/title").asString()).isEqualTo("Oxide structures");
        assertThat(ok("/optimade/v1/references/" + dataset).at("/data/attributes/authors/0/name").asString()).isEqualTo("alice");
        assertThat(ok("/optimade/v1/references?filter=" + f("authors.name HAS \"alice\"")).get("data")).hasSize(1);
        assertThat(ok("/optimade/v1/references?filter=" + f("title CONTAINS \"Oxide\"")).get("data")).hasSize(1);
        assertThat(ok("/optimade/v1/references?filter=" + f("doi IS KNOWN")).get("data")).isEmpty();
    }
}
