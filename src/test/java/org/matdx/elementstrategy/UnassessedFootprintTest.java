package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** An unassessed footprint is not a small number: not in search filters, not in campaign objectives. */
class UnassessedFootprintTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"Cathodes and magnets\", \"access\": \"public\"}").json()
                .get("id").asString();
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/entries", """
                {"entries": [{"formula": "LiFePO4", "title": "LFP"}, {"formula": "LiCoO2", "title": "LCO"},
                             {"formula": "Nd2Fe14B", "title": "NdFeB"}]}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static List<String> titles(String filter) {
        var r = tp.anonymous().get("/api/v1/search?dataset=" + dataset + "&property=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("items").valueStream().map(i -> i.path("title").asString()).toList();
    }

    @Test
    void searchFiltersNeverMatchAnUnassessedFootprint() {
        // LCO 5.61 and NdFeB 5.80 kg CO2-eq/kg; LFP has no figure for P — neither below nor above any bound
        assertThat(titles("ghg_kg_co2eq_per_kg<10")).containsExactlyInAnyOrder("LCO", "NdFeB");
        assertThat(titles("ghg_kg_co2eq_per_kg>=0")).containsExactlyInAnyOrder("LCO", "NdFeB");
        assertThat(titles("ghg_kg_co2eq_per_kg<1")).isEmpty();
        JsonNode lfp = tp.anonymous().get("/api/v1/search?dataset=" + dataset + "&q=LFP").json().path("items").get(0);
        String id = lfp.path("id").asString();
        JsonNode es = tp.anonymous().get("/api/v1/entries/" + id).json().path("element_strategy");
        assertThat(es.path("ghg_kg_co2eq_per_kg").isNull()).isTrue();
        assertThat(es.path("ghg_kg_co2eq_per_kg_status").asString()).isEqualTo("unassessed");
    }

    @Test
    void aCampaignObjectiveOnAnUnassessedFootprintIsRefusedNamingTheElement() {
        var c = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "low-carbon phosphate", "parameters": [
                   {"name": "Li", "type": "continuous", "low": 0.9, "high": 1.1},
                   {"name": "Fe", "type": "continuous", "low": 0.9, "high": 1.1},
                   {"name": "P", "type": "continuous", "low": 0.9, "high": 1.1},
                   {"name": "O", "type": "continuous", "low": 3.9, "high": 4.1}],
                 "objective": {"name": "ghg_kg_co2eq_per_kg", "source": "element_strategy", "goal": "minimize"},
                 "stop": {"budget": 5}}""");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        String id = c.json().get("id").asString();
        var s = alice.api().post("/api/v1/campaigns/" + id + "/suggest", "");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String trial = s.json().at("/trials/0/id").asString();
        var done = alice.api().post("/api/v1/campaigns/" + id + "/trials/" + trial + "/result", "{\"results\": {}}");
        assertThat(done.status()).as(done.body()).isEqualTo(400);
        assertThat(done.body()).contains("unassessed").contains("for P");
    }
}
