package org.matdx.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.optimade.OptimadeImport;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Finding 1 of issue 18: one number stored in one's own private dataset (1e308 GPa, 5e-324 nm, a
 * bare 1e309) stopped every property search and OPTIMADE for everyone. Every way in now refuses a
 * number that is not finite, or not in range once in SI, with a 400 naming the field, and stores
 * nothing; everyone's searches keep working.
 */
class FiniteNumbersTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String own;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        String open = dataset(bob, "public");
        var r = bob.api().post("/api/v1/datasets/" + open + "/entries",
                "{\"formula\": \"Fe2O3\", \"properties\": {\"band_gap\": {\"value\": 2.1, \"unit\": \"eV\"}, \"modulus\": {\"value\": 200, \"unit\": \"GPa\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        own = dataset(alice, "private");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(TestPlatform.Person p, String access) {
        var r = p.api().post("/api/v1/datasets", "{\"title\": \"numbers\", \"access\": \"" + access + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static ApiClient.Response add(String body) {
        return alice.api().post("/api/v1/datasets/" + own + "/entries", body);
    }

    private static void refused(ApiClient.Response r, String field, String says) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode errors = r.json().path("errors");
        assertThat(errors).as(r.body()).anySatisfy(e -> {
            assertThat(e.path("field").asString()).isEqualTo(field);
            assertThat(e.path("message").asString()).contains(says);
        });
    }

    private void everyoneStillSearches() {
        long stored = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = CAST(:d AS uuid)")
                .bind("d", own).mapTo(Long.class).one());
        assertThat(stored).as("nothing half-stored").isZero();
        var search = bob.api().get("/api/v1/search?property=band_gap%3E1%20eV");
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().path("total").asInt()).isEqualTo(1);
        assertThat(bob.api().get("/api/v1/search?property=modulus%3E1%20Pa&sort=-properties.modulus").status()).isEqualTo(200);
        assertThat(tp.anonymous().get("/optimade/v1/structures").status()).isEqualTo(200);
        assertThat(tp.anonymous().get("/optimade/v1/info/structures").status()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/search").status()).isEqualTo(200);
    }

    @Test
    void aValueThatOverflowsInSiIsRefusedNamingTheField() {
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"modulus\": {\"value\": 1e308, \"unit\": \"GPa\"}}}"),
                "properties.modulus.value", "must be zero or have a magnitude between 1e-150 and 1e150");
        // in range as written, out of range in SI
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"modulus\": {\"value\": 1e145, \"unit\": \"GPa\"}}}"),
                "properties.modulus.value", "in SI");
        everyoneStillSearches();
    }

    @Test
    void aValueThatUnderflowsInSiIsRefusedNamingTheField() {
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"thickness\": {\"value\": 5e-324, \"unit\": \"nm\"}}}"),
                "properties.thickness.value", "magnitude");
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"thickness\": {\"value\": 1e-145, \"unit\": \"nm\"}}}"),
                "properties.thickness.value", "in SI");
        everyoneStillSearches();
    }

    @Test
    void bareNumbersBeyondDoublePrecisionAreRefusedWherteverTheyAre() {
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"x\": 1e309}}"), "properties.x", "finite");
        refused(add("{\"formula\": \"SiO2\", \"properties\": {\"x\": -1e200}}"), "properties.x", "magnitude");
        refused(add("{\"formula\": \"SiO2\", \"invoice\": {\"n\": 1e400}}"), "invoice.n", "finite");
        refused(add("{\"formula\": \"SiO2\", \"data\": {\"series\": [{\"y\": [1, 2, 1e999]}]}}"), "data.series[0].y[2]", "finite");
        refused(add("{\"formula\": \"SiO2\", \"invoice\": {\"n\": 1e-400}}"), "invoice.n", "would become 0");
        refused(add("{\"formula\": \"SiO2\", \"invoice\": {\"n\": 1" + "0".repeat(400) + "}}"), "body", "size limit");
        refused(add("{\"entries\": [{\"formula\": \"SiO2\"}, {\"formula\": \"SiO2\", \"properties\": {\"x\": {\"value\": 1e300}}}]}"),
                "entries[1].properties.x.value", "magnitude");
        everyoneStillSearches();
    }

    @Test
    void aTableWithAnOutOfRangeCellIsRefusedAndNothingIsStored() {
        String csv = "name,composition,modulus (GPa)\nrun-1,SiO2,70\nrun-2,SiO2,1e300\n";
        var r = new Multipart().file("file", "moduli.csv", csv).send(alice.api(), "/api/v1/datasets/" + own + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().path("detail").asString()).startsWith("moduli.csv").contains("entries[1].properties.modulus.value");
        everyoneStillSearches();
    }

    @Test
    void anOptimadeImportWithAnOutOfRangePropertyIsRefused() {
        String jsonl = """
                {"x-optimade": {"api_version": "1.2.0"}}
                {"type": "structures", "id": "s1", "attributes": {"lattice_vectors": [[4,0,0],[0,4,0],[0,0,4]], "cartesian_site_positions": [[0,0,0]], "species_at_sites": ["Fe"], "species": [{"name": "Fe", "chemical_symbols": ["Fe"], "concentration": [1.0]}], "_matdx_band_gap": {"value": 1e200, "unit": "eV"}}}
                """;
        var importer = new OptimadeImport(tp.platform().db(), tp.platform().catalog());
        var caller = alice.caller(tp.platform());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importer.importInto(RequestContext.local(caller), java.util.UUID.fromString(own),
                        new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "huge.jsonl"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.issues()).anySatisfy(i ->
                        assertThat(i.message()).contains("magnitude")));
        everyoneStillSearches();
    }

    @Test
    void aCampaignResultOutOfRangeIsRefused() {
        String campaigns = dataset(alice, "private");
        var c = alice.api().post("/api/v1/datasets/" + campaigns + "/campaigns", """
                {"name": "huge", "parameters": [{"name": "temperature", "type": "continuous", "low": 300, "high": 1000}],
                 "objective": {"name": "strength", "goal": "maximize", "unit": "GPa"}, "initial": 2, "stop": {"budget": 5}}""");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        String id = c.json().path("id").asString();
        var next = alice.api().post("/api/v1/campaigns/" + id + "/trials/next", "{}");
        assertThat(next.status()).as(next.body()).isIn(200, 201);
        String trial = next.json().has("id") ? next.json().path("id").asString() : next.json().path("trials").path(0).path("id").asString();
        var r = alice.api().post("/api/v1/campaigns/" + id + "/trials/" + trial + "/result", "{\"results\": {\"strength\": 1e145}}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("strength").contains("in SI");
        assertThat(alice.api().post("/api/v1/campaigns/" + id + "/trials/" + trial + "/result", "{\"results\": {\"strength\": 1.5}}")
                .status()).isEqualTo(200);
        List<JsonNode> stored = tp.platform().db().read(h -> h.createQuery(
                "SELECT properties::text FROM entries WHERE dataset_id = CAST(:d AS uuid)").bind("d", campaigns)
                .map((rs, ctx) -> org.matdx.core.Json.read(rs.getString(1))).list());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).at("/strength/value").asDouble()).isEqualTo(1.5);
    }
}
