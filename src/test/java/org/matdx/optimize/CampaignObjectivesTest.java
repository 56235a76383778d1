package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.informatics.TrainRequest;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Objectives beyond a measured value: a registered model's prediction, and two objectives by EHVI. */
class CampaignObjectivesTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String dataset;
    static String model;

    /** Optical band gaps (eV) of binary oxides, rounded literature values. */
    static final String[][] GAPS = {
            {"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
            {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
            {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"CeO2", "3.2"}, {"Y2O3", "5.6"}, {"CdO", "2.2"},
            {"Bi2O3", "2.8"}, {"V2O5", "2.3"}, {"Ta2O5", "4.0"}, {"MoO3", "3.0"}, {"CaO", "7.1"}, {"BeO", "10.6"}};

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"Oxide gaps and campaigns\", \"access\": \"private\"}")
                .json().get("id").asString();
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (String[] g : GAPS) {
            ObjectNode e = entries.addObject().put("formula", g[0]);
            e.putObject("properties").putObject("band_gap").put("value", Double.parseDouble(g[1])).put("unit", "eV");
        }
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ObjectNode req = Json.object().put("name", "gaps for a campaign").put("target", "band_gap").put("members", 3)
                .put("folds", 3).put("search_seconds", 0);
        req.putArray("datasets").add(dataset);
        model = tp.platform().models().train(RequestContext.local(alice.caller(tp.platform())), TrainRequest.parse(req), null,
                (f, s) -> true).id().toString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static final String MODEL_CAMPAIGN = """
            {"name": "%s", "parameters": [{"name": "Mg", "low": 0, "high": 1}, {"name": "Zn", "low": 0, "high": 1}],
             "simplex": true, "composition_base": "O",
             "objective": {"name": "band_gap", "source": "model", "model": "%s", "goal": "maximize", "unit": "eV"},
             "initial": 3, "stop": {"budget": 8}, "simulator": {"function": "peak", "noise": 0.1}}""";

    static double predicted(JsonNode params) {
        Map<String, Double> amounts = new LinkedHashMap<>();
        amounts.put("O", 1.0);
        for (String el : List.of("Mg", "Zn")) {
            if (params.get(el).asDouble() > 0) {
                amounts.put(el, params.get(el).asDouble());
            }
        }
        return tp.platform().models().predict(org.matdx.core.RequestContext.local(alice.caller(tp.platform())), UUID.fromString(model),
                List.of(Composition.ofSymbols(amounts))).get(0).value();
    }

    @Test
    void aModelsPredictionIsTheObjective() {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", MODEL_CAMPAIGN.formatted("predicted gap", model));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=8", "{}").json();
        assertThat(v.get("counts").get("completed").asInt()).isEqualTo(8);
        double lowest = Double.MAX_VALUE;
        double highest = -Double.MAX_VALUE;
        for (JsonNode t : v.get("trials")) {
            double p = predicted(t.get("parameters"));
            // the value is the model's prediction for (Mg, Zn) O, computed by the platform
            assertThat(t.get("value").asDouble()).isCloseTo(p, within(1e-9));
            assertThat(t.get("results").get("band_gap").asDouble()).isCloseTo(p, within(1e-9));
            JsonNode entry = alice.api().get("/api/v1/entries/" + t.get("entry").asString()).json();
            assertThat(entry.get("properties").get("band_gap").get("value").asDouble()).isCloseTo(p, within(1e-9));
            lowest = Math.min(lowest, p);
            highest = Math.max(highest, p);
        }
        // MgO (7.8 eV) and ZnO (3.37 eV) are in the training data: the mixtures' predictions differ
        assertThat(highest - lowest).isGreaterThan(0.3);

        // an instrument's own value for a computed objective does not count
        String robot = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns",
                MODEL_CAMPAIGN.formatted("by hand", model).replace(", \"simulator\": {\"function\": \"peak\", \"noise\": 0.1}", ""))
                .json().get("id").asString();
        JsonNode trial = alice.api().post("/api/v1/campaigns/" + robot + "/trials/next", "{}").json();
        JsonNode done = alice.api().post("/api/v1/campaigns/" + robot + "/trials/" + trial.get("id").asString() + "/result",
                "{\"results\": {\"band_gap\": 99, \"colour\": \"white\"}}").json();
        assertThat(done.get("value").asDouble()).isCloseTo(predicted(trial.get("parameters")), within(1e-9)).isLessThan(20);
        assertThat(done.get("results").get("colour").asString()).isEqualTo("white");
    }

    @Test
    void aModelTheCallerMayNotUseIsRejectedAtCreation() {
        String bobs = bob.api().post("/api/v1/datasets", "{\"title\": \"Bob's campaigns\", \"access\": \"private\"}")
                .json().get("id").asString();
        // alice's model learnt from her private data: for bob it does not exist
        var r = bob.api().post("/api/v1/datasets/" + bobs + "/campaigns", MODEL_CAMPAIGN.formatted("borrowed", model));
        assertThat(r.status()).isEqualTo(400);
        JsonNode e = r.json().get("errors").get(0);
        assertThat(e.get("field").asString()).isEqualTo("objective.model");
        assertThat(e.get("message").asString()).contains("no model '" + model + "' that you may predict with");
        String unknown = UUID.randomUUID().toString();
        r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", MODEL_CAMPAIGN.formatted("unknown", unknown));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains(unknown);
        r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", MODEL_CAMPAIGN.formatted("not an id", "gaps"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsString("field")).containsExactly("objective.model");
        assertThat(bob.api().get("/api/v1/campaigns").json().get("items").size()).isZero();
    }

    static final String TWO_OBJECTIVES = """
            {"name": "%s", "parameters": [
               {"name": "temperature", "low": 300, "high": 1000}, {"name": "hold_time", "low": 1, "high": 10}],
             "objectives": [{"name": "relative_density", "goal": "maximize"}, {"name": "energy_cost", "goal": "minimize"}],
             "acquisition": "ehvi", "initial": 5, "batch": 2, "stop": {"budget": 24},
             "simulator": {"function": "peak", "noise": 0.1}}""";

    @Test
    void ehviCampaignsGrowTheParetoFront() {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", TWO_OBJECTIVES.formatted("ehvi"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String base = "/api/v1/campaigns/" + r.json().get("id").asString();
        JsonNode early = alice.api().post(base + "/simulate?experiments=6", "{}").json();
        JsonNode late = alice.api().post(base + "/simulate?experiments=18", "{}").json();
        assertThat(late.get("stopped_by").get("rule").asString()).isEqualTo("budget");
        assertThat(late.get("hypervolume").asDouble()).isGreaterThan(early.get("hypervolume").asDouble());
        assertThat(late.get("pareto_front").size()).isGreaterThanOrEqualTo(3);
        // model-based trials carry their expected hypervolume improvement, positive
        int scored = 0;
        for (JsonNode t : late.get("trials")) {
            if (t.has("expected_improvement")) {
                assertThat(t.get("expected_improvement").asDouble()).isGreaterThan(0);
                scored++;
            }
        }
        assertThat(scored).isGreaterThanOrEqualTo(16);
    }

    @Test
    void ehviIsForTwoObjectives() {
        var one = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "one", "parameters": [{"name": "x", "low": 0, "high": 1}], "objective": {"name": "y"},
                 "acquisition": "ehvi", "stop": {"budget": 5}}""");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.json().get("errors").get(0).get("field").asString()).isEqualTo("acquisition");
        var three = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "three", "parameters": [{"name": "x", "low": 0, "high": 1}],
                 "objectives": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "acquisition": "ehvi", "stop": {"budget": 5}}""");
        assertThat(three.status()).isEqualTo(400);
        assertThat(three.json().get("errors").get(0).get("message").asString()).contains("parego");
    }
}
