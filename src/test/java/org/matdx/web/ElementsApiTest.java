package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

class ElementsApiTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void elementRecordCarriesValuesWithSources() {
        var r = tp.anonymous().get("/api/v1/elements/Co");
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.at("/values/hhi_production/value").asDouble()).isEqualTo(3100);
        assertThat(n.at("/values/hhi_production/band").asString()).isEqualTo("high");
        assertThat(n.at("/values/hhi_production/source").asString()).isEqualTo("gaultois2013");
        assertThat(n.at("/sources/gaultois2013/citation").asString()).contains("Chem. Mater. 25, 2911");
        assertThat(n.at("/main_producer/country").asString()).isEqualTo("Congo (Kinshasa)");
        assertThat(n.at("/critical_lists/eu/listed").asBoolean()).isTrue();
        // Nuss & Eckelman 2014 with its provenance; an element without a figure says "unassessed"
        assertThat(n.at("/values/ced_mj_per_kg/value").asDouble()).isEqualTo(128);
        assertThat(n.at("/values/ghg_kg_co2eq_per_kg/source").asString()).isEqualTo("nuss2014");
        assertThat(n.at("/values/ghg_kg_co2eq_per_kg/boundary").asString()).isEqualTo("cradle-to-gate");
        assertThat(n.at("/values/ghg_kg_co2eq_per_kg/year").asInt()).isEqualTo(2008);
        assertThat(n.at("/sources/nuss2014/citation").asString()).contains("PLOS ONE 9(7)");
        JsonNode p = tp.anonymous().get("/api/v1/elements/P").json();
        assertThat(p.at("/values/ghg_kg_co2eq_per_kg/value").isNull()).isTrue();
        assertThat(p.at("/values/ghg_kg_co2eq_per_kg/status").asString()).isEqualTo("unassessed");
    }

    @Test
    void unknownElementIs404ProblemJson() {
        var r = tp.anonymous().get("/api/v1/elements/Xx");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void scoresOneAndManyCompositions() {
        var one = tp.anonymous().get("/api/v1/resources/scores?formula=Li2O");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().at("/hhi_production/value").asDouble()).isCloseTo(1614.96, within(0.01));
        assertThat(one.json().at("/hhi_reserve/value").asDouble()).isCloseTo(2218.90, within(0.01));
        assertThat(one.json().at("/hhi_production/band").asString()).isEqualTo("medium");

        var many = tp.anonymous().post("/api/v1/resources/scores", "{\"formulas\": [\"Nd2Fe14B\", \"LiOH\"]}");
        assertThat(many.status()).as(many.body()).isEqualTo(200);
        assertThat(many.json().at("/items/0/hhi_production/band").asString()).isEqualTo("high");
        assertThat(many.json().at("/items/1/hhi_production/value").isNull()).isTrue();
        assertThat(many.json().at("/items/1/hhi_production/missing/0").asString()).isEqualTo("H");

        var bad = tp.anonymous().post("/api/v1/resources/scores", "{\"formulas\": [\"Li2O\", \"Qq3\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asString()).isEqualTo("formulas[1]");
    }

    @Test
    void periodicTableGivesValuePerElementWithUnitAndSource() {
        var list = tp.anonymous().get("/api/v1/periodic-table");
        assertThat(list.json().get("items").size()).isGreaterThan(30);
        var r = tp.anonymous().get("/api/v1/periodic-table/crustal_abundance_mg_per_kg");
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.get("unit").asString()).isEqualTo("mg/kg");
        assertThat(n.at("/source/key").asString()).isEqualTo("crc2014");
        assertThat(n.get("elements").size()).isEqualTo(118);
        assertThat(n.at("/elements/7/symbol").asString()).isEqualTo("O");
        assertThat(n.at("/elements/7/value").asDouble()).isEqualTo(461000);
        var eu = tp.anonymous().get("/api/v1/periodic-table/critical_eu").json();
        assertThat(eu.at("/elements/26/symbol").asString()).isEqualTo("Co");
        assertThat(eu.at("/elements/26/value").asDouble()).isEqualTo(1);
        var en = tp.anonymous().get("/api/v1/periodic-table/electronegativity_pauling").json();
        assertThat(en.at("/elements/8/value").asDouble()).isEqualTo(3.98);
        assertThat(tp.anonymous().get("/api/v1/periodic-table/nonsense").status()).isEqualTo(404);
    }

    @Test
    void entriesShowTheirElementStrategyScores() {
        var alice = tp.person("alice");
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"Magnets\", \"access\": \"public\"}");
        String id = d.json().get("id").asString();
        var e = alice.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"Nd2Fe14B\"}");
        assertThat(e.status()).as(e.body()).isEqualTo(201);
        var shown = tp.anonymous().get("/api/v1/entries/" + e.json().get("id").asString()).json();
        assertThat(shown.at("/element_strategy/hhi_production").asDouble()).isCloseTo(4299.54, within(0.01));
        assertThat(shown.at("/element_strategy/hhi_production_band").asString()).isEqualTo("high");
    }
}
