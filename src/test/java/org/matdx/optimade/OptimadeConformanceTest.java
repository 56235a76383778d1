package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.optimade.OptimadeFixtures.Site;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * What a generic OPTIMADE client (and the official validator) expects beyond the filter language:
 * unknown values of standard properties, error documents that survive every status, v1.2
 * property definitions, and JSON:API content negotiation (issue 22, findings 1, 2, 5 and 6).
 */
class OptimadeConformanceTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;
    static String rocksalt;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = OptimadeFixtures.dataset(alice.api(), "Oxide structures", "public");
        rocksalt = OptimadeFixtures.add(alice.api(), dataset, OptimadeFixtures.entry("MgO rock salt", 4.21, List.of(
                Site.of("Mg", 0, 0, 0), Site.of("O", 0.5, 0.5, 0.5)), "{\"band_gap\": {\"value\": 7.8, \"unit\": \"eV\"}}"));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient.Response get(String path) {
        return tp.anonymous().get(path);
    }

    static ApiClient.Response send(HttpRequest.Builder b) {
        return tp.anonymous().send(b);
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static JsonNode ok(String path) {
        var r = get(path);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(200);
        return r.json();
    }

    /** An OPTIMADE error: the status, the JSON:API media type, errors[] and the meta the specification requires. */
    static JsonNode error(ApiClient.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/vnd.api+json");
        JsonNode doc = r.json();
        assertThat(doc.at("/errors/0/status").asString()).isEqualTo(Integer.toString(status));
        assertThat(doc.at("/errors/0/detail").asString()).isNotBlank();
        assertThat(doc.at("/meta/api_version").asString()).isEqualTo("1.2.0");
        assertThat(doc.at("/meta/provider/prefix").asString()).isEqualTo("matdx");
        assertThat(doc.has("data")).isFalse();
        return doc;
    }

    // ---- finding 1 ------------------------------------------------------------------------

    @Test
    void standardPropertiesMatdxDoesNotServeAreNullWhenAsked() {
        String fields = "nelements,space_group_it_number,assemblies,space_group_symbol_hall,immutable_id";
        JsonNode list = ok("/optimade/v1/structures?response_fields=" + fields);
        JsonNode attrs = list.at("/data/0/attributes");
        assertThat(attrs.propertyNames()).containsExactlyInAnyOrder("nelements", "space_group_it_number", "assemblies",
                "space_group_symbol_hall", "immutable_id");
        assertThat(attrs.get("space_group_it_number").isNull()).isTrue();
        assertThat(attrs.get("assemblies").isNull()).isTrue();
        assertThat(attrs.get("nelements").asInt()).isEqualTo(2);
        JsonNode one = ok("/optimade/v1/structures/" + rocksalt + "?response_fields=" + fields);
        assertThat(one.at("/data/attributes/space_group_symbol_hall").isNull()).isTrue();
        JsonNode refs = ok("/optimade/v1/references?response_fields=crossref,annote,title");
        assertThat(refs.at("/data/0/attributes/crossref").isNull()).isTrue();
        assertThat(refs.at("/data/0/attributes/annote").isNull()).isTrue();
        assertThat(refs.at("/data/0/attributes/title").asString()).isEqualTo("Oxide structures");
        // a filter on such a property treats it as unknown for every entry: no 400
        assertThat(ok("/optimade/v1/structures?filter=" + f("space_group_symbol_hall = \"-F 4 2 3\"")).get("data")).isEmpty();
        assertThat(ok("/optimade/v1/structures?filter=" + f("space_group_symbol_hall IS UNKNOWN")).get("data")).hasSize(1);
        // one MatDX holds where the CIF says it (SpaceGroupSearchTest): this structure's source did not
        assertThat(ok("/optimade/v1/structures?filter=" + f("space_group_it_number IS UNKNOWN")).get("data")).hasSize(1);
        // names that are neither standard nor foreign stay errors
        error(get("/optimade/v1/structures?response_fields=nelements,colour"), 400);
        error(get("/optimade/v1/structures?response_fields=_matdx_colour"), 400);
        // a standard property of another entry type is not one of these
        error(get("/optimade/v1/references?response_fields=nelements"), 400);
    }

    // ---- finding 2 ------------------------------------------------------------------------

    @Test
    void everyErrorKeepsItsJsonApiDocument() {
        for (String path : List.of("/optimade/v1/structures/0199aaaa-0000-7000-8000-000000000000",
                "/optimade/v1/structures/not-an-id", "/optimade/v1/versions", "/optimade/v1/info/foo",
                "/optimade/v1/trajectories", "/optimade/v1/info/structures/extra", "/optimade/v1/references/nope")) {
            JsonNode doc = error(get(path), 404);
            assertThat(doc.at("/errors/0/title").asString()).as(path).isEqualTo("Not Found");
        }
        error(get("/optimade/v1/structures?filter=" + f("nelements >")), 400);
        error(get("/optimade/v1/structures?page_limit=100000"), 403);
        error(get("/optimade/v1/structures?page_cursor=x"), 501);
        error(get("/optimade/v2/structures"), 553);
    }

    // ---- finding 5 ------------------------------------------------------------------------

    @Test
    void propertyDefinitionsFollowVersion12() {
        for (String type : List.of("structures", "references")) {
            JsonNode info = ok("/optimade/v1/info/" + type).get("data");
            JsonNode props = info.get("properties");
            List<String> names = new ArrayList<>(props.propertyNames());
            assertThat(names).as("no dotted names: nested properties live inside their parent").noneMatch(n -> n.contains("."));
            for (String name : names) {
                JsonNode p = props.get(name);
                String at = type + "." + name;
                assertThat(p.path("$id").asString()).as(at).isNotBlank();
                assertThat(p.path("$schema").asString()).as(at)
                        .isEqualTo("https://schemas.optimade.org/meta/v1.2/optimade/property_definition.json");
                assertThat(p.path("title").asString()).as(at).isNotBlank();
                assertThat(p.path("description").asString()).as(at).isNotBlank();
                JsonNode def = p.path("x-optimade-definition");
                assertThat(def.path("format").asString()).as(at).isEqualTo("1.2");
                assertThat(def.path("kind").asString()).as(at).isEqualTo("property");
                assertThat(def.path("name").asString()).as(at).isEqualTo(name);
                assertThat(def.path("label").asString()).as(at).startsWith(name);
                assertThat(p.path("x-optimade-type").asString()).as(at).isNotBlank();
                assertThat(p.path("x-optimade-unit").asString()).as(at).isNotBlank();
                assertThat(p.path("type").isArray()).as(at).isTrue();
                String unit = p.path("x-optimade-unit").asString();
                if (!unit.equals("dimensionless") && !unit.equals("inapplicable")) {
                    assertThat(p.path("x-optimade-unit-definitions").toString()).as(at).contains("\"symbol\":\"" + unit + "\"");
                }
                assertThat(name.startsWith("_") || STANDARD.contains(name)).as(at + " is standard or carries the prefix").isTrue();
                assertThat(name.startsWith("_") && !name.startsWith("_matdx_")).as(at).isFalse();
            }
            assertThat(info.at("/output_fields_by_format/json").toString()).doesNotContain(".");
        }
        JsonNode refs = ok("/optimade/v1/info/references").at("/data/properties");
        assertThat(refs.has("issue")).isFalse();
        assertThat(refs.has("_matdx_issue")).isTrue();
        // authors can be filtered through its parts: the definition says so, and the parts are described
        JsonNode authors = refs.get("authors");
        assertThat(authors.at("/x-optimade-implementation/query-support").asString()).isEqualTo("partial");
        assertThat(authors.at("/x-optimade-implementation/query-support-operators").toString()).contains("IS KNOWN");
        assertThat(authors.at("/items/properties/lastname/x-optimade-implementation/query-support").asString())
                .isEqualTo("all mandatory");
        assertThat(ok("/optimade/v1/references?filter=" + f("authors IS KNOWN")).get("data")).hasSize(1);
        JsonNode structures = ok("/optimade/v1/info/structures").at("/data/properties");
        assertThat(structures.at("/nelements/x-optimade-implementation/query-support").asString()).isEqualTo("all mandatory");
        assertThat(structures.at("/lattice_vectors/x-optimade-implementation/query-support").asString()).isEqualTo("partial");
        assertThat(structures.at("/_matdx_band_gap__ev/x-optimade-unit").asString()).isEqualTo("eV");
        assertThat(structures.at("/_matdx_band_gap__ev/x-optimade-unit-definitions/0/standard/name").asString()).isNotBlank();
    }

    /** Standard property names of structures and references (OPTIMADE v1.2). */
    static final List<String> STANDARD = List.of("id", "type", "immutable_id", "last_modified", "elements", "nelements",
            "elements_ratios", "chemical_formula_descriptive", "chemical_formula_reduced", "chemical_formula_hill",
            "chemical_formula_anonymous", "dimension_types", "nperiodic_dimensions", "lattice_vectors",
            "cartesian_site_positions", "nsites", "space_group_it_number", "species", "species_at_sites", "structure_features",
            "authors", "editors", "doi", "url", "address", "annote", "booktitle", "chapter", "crossref", "edition", "howpublished",
            "institution", "journal", "key", "month", "note", "number", "organization", "pages", "publisher", "school",
            "series", "title", "bib_type", "volume", "year");

    // ---- finding 6 ------------------------------------------------------------------------

    @Test
    void negotiatesContentAsJsonApiRequires() {
        String url = tp.baseUrl() + "/optimade/v1/structures";
        // acceptable: nothing said, JSON:API, JSON, wildcards, a browser's list, JSON:API with a profile
        for (String accept : List.of("application/vnd.api+json", "application/json", "*/*", "application/*",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "application/vnd.api+json; profile=\"https://example.org/p\"",
                "application/vnd.api+json; charset=utf-8, application/vnd.api+json")) {
            var r = send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Accept", accept).GET());
            assertThat(r.status()).as(accept + " → " + r.body()).isEqualTo(200);
        }
        // 406: every JSON:API instance carries a parameter other than ext/profile, or nothing JSON is acceptable
        for (String accept : List.of("application/vnd.api+json; charset=utf-8", "text/csv", "text/html",
                "application/vnd.api+json; ext=\"https://example.org/ext\"", "application/json;q=0")) {
            var r = send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Accept", accept).GET());
            error(r, 406);
        }
        // the versions endpoint is CSV: asking for CSV there is right
        var csv = send(HttpRequest.newBuilder(java.net.URI.create(tp.baseUrl() + "/optimade/versions"))
                .header("Accept", "text/csv").GET());
        assertThat(csv.status()).isEqualTo(200);
        // 415: a JSON:API Content-Type with media type parameters
        var r = send(HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/vnd.api+json; charset=utf-8").GET());
        error(r, 415);
        assertThat(send(HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/vnd.api+json").GET()).status()).isEqualTo(200);
        // 405: OPTIMADE is read-only; the answer says which methods work, in the JSON:API error format
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            var m = send(HttpRequest.newBuilder(java.net.URI.create(url)).method(method,
                    HttpRequest.BodyPublishers.ofString("{}")));
            error(m, 405);
            assertThat(m.headers().firstValue("Allow").orElse("")).contains("GET");
        }
    }

    @Test
    void everyResponseNamesItsSchema() {
        for (String path : List.of("/optimade/v1/info", "/optimade/v1/info/structures", "/optimade/v1/links",
                "/optimade/v1/structures", "/optimade/v1/structures/" + rocksalt, "/optimade/v1/references")) {
            assertThat(ok(path).at("/meta/schema").asString()).as(path)
                    .isEqualTo("https://schemas.optimade.org/openapi/v1.2.0/optimade.json");
        }
        assertThat(error(get("/optimade/v1/structures/nope"), 404).at("/meta/schema").asString()).isNotBlank();
    }
}
