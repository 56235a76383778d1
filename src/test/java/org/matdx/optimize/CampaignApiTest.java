package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Campaigns end to end over HTTP: simulator runs, stopping rules, the instrument loop, pools, access. */
class CampaignApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"Sintering campaign\", \"access\": \"private\"}")
                .json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String create(String json) {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static final String SINTERING = """
            {"name": "%s", "parameters": [
               {"name": "temperature", "type": "continuous", "low": 300, "high": 1000},
               {"name": "hold_time", "type": "continuous", "low": 0.5, "high": 20, "log": true}],
             "objective": {"name": "relative_density", "goal": "maximize", "unit": "%%"},
             "batch": %d, "initial": 4, "stop": {"budget": %d%s},
             "simulator": {"function": "peak", "noise": 0.3, "fail_above": {"temperature": 950}}}""";

    @Test
    void aSimulatedCampaignFindsTheOptimumAndStopsAtItsBudgetKeepingFailures() {
        String id = create(SINTERING.formatted("budget run", 2, 24, ""));
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=40", "{}").json();
        assertThat(v.get("status").asString()).isEqualTo("stopped");
        assertThat(v.get("stopped_by").get("rule").asString()).isEqualTo("budget");
        JsonNode counts = v.get("counts");
        assertThat(counts.get("completed").asInt() + counts.get("failed").asInt()).isEqualTo(24);
        // the peak is 100 at 0.3 of the temperature range and 0.7 of the (log) time range
        assertThat(v.get("best").get("value").asDouble()).isGreaterThan(85);
        // every run is an entry of the dataset, failures with their reason
        JsonNode entries = alice.api().get("/api/v1/datasets/" + dataset + "/entries?limit=500").json().get("items");
        long mine = 0;
        long failed = 0;
        for (JsonNode e : entries) {
            if (e.get("invoice").path("campaign").asString("").equals(id)) {
                mine++;
                if (e.get("outcome").asString().equals("failed")) {
                    failed++;
                    assertThat(e.get("outcome_reason").asString()).contains("above 950");
                }
            }
        }
        assertThat(mine).isEqualTo(24);
        assertThat(failed).isEqualTo(counts.get("failed").asLong());
        for (JsonNode t : v.get("trials")) {
            if (t.get("status").asString().equals("failed")) {
                assertThat(t.get("parameters").get("temperature").asDouble()).isGreaterThan(950);
            }
        }
        // a stopped campaign proposes nothing more
        assertThat(alice.api().post("/api/v1/campaigns/" + id + "/suggest", "{}").status()).isEqualTo(409);
    }

    @Test
    void reachingTheTargetStopsWithThatReason() {
        String id = create(SINTERING.formatted("target run", 1, 60, ", \"target\": 90"));
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=60", "{}").json();
        assertThat(v.get("stopped_by").get("rule").asString()).isEqualTo("target");
        assertThat(v.get("stopped_by").get("reason").asString()).contains("reached relative_density");
        assertThat(v.get("best").get("value").asDouble()).isGreaterThanOrEqualTo(90);
        assertThat(v.get("trials").size()).isLessThan(60);
    }

    @Test
    void anInstrumentTakesApprovedTrialsAndPostsResults() {
        String id = create("""
                {"name": "robot", "parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1},
                   {"name": "solvent", "type": "categorical", "options": ["water", "ethanol", "toluene"]}],
                 "objective": {"name": "yield", "goal": "maximize"}, "batch": 2, "approval": true, "stop": {"budget": 10}}""");
        String base = "/api/v1/campaigns/" + id;
        // nothing approved yet: the controller is told to wait, and a batch is proposed for a person to approve
        assertThat(alice.api().post(base + "/trials/next", "{}").status()).isEqualTo(204);
        JsonNode trials = alice.api().get(base).json().get("trials");
        assertThat(trials.size()).isEqualTo(2);
        assertThat(trials.get(0).get("status").asString()).isEqualTo("suggested");
        String first = trials.get(0).get("id").asString();
        assertThat(alice.api().post(base + "/trials/" + first + "/approve", "{}").json().get("status").asString()).isEqualTo("approved");
        JsonNode taken = alice.api().post(base + "/trials/next", "{}").json();
        assertThat(taken.get("id").asString()).isEqualTo(first);
        assertThat(taken.get("status").asString()).isEqualTo("running");
        assertThat(Set.of("water", "ethanol", "toluene")).contains(taken.get("parameters").get("solvent").asString());

        var bad = alice.api().post(base + "/trials/" + first + "/result", "{\"results\": {\"yeld\": 3}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("objective 'yield'");
        JsonNode done = alice.api().post(base + "/trials/" + first + "/result", "{\"results\": {\"yield\": 71.5, \"purity\": 0.98}}").json();
        assertThat(done.get("status").asString()).isEqualTo("completed");
        JsonNode entry = alice.api().get("/api/v1/entries/" + done.get("entry").asString()).json();
        assertThat(entry.get("properties").get("yield").get("value").asDouble()).isEqualTo(71.5);
        assertThat(entry.get("invoice").get("results").get("purity").asDouble()).isEqualTo(0.98);
        // finished trials cannot be changed again
        assertThat(alice.api().post(base + "/trials/" + first + "/fail", "{\"reason\": \"x\"}").status()).isEqualTo(409);

        String second = trials.get(1).get("id").asString();
        var abandoned = alice.api().post(base + "/trials/" + second + "/abandon", "{\"reason\": \"precursor ran out\"}").json();
        assertThat(abandoned.get("status").asString()).isEqualTo("abandoned");
        assertThat(alice.api().post(base + "/trials/" + second + "/abandon", "{\"reason\": \"again\"}").status()).isEqualTo(409);
        assertThat(alice.api().post(base + "/trials/" + second + "/abandon", "{}").status()).isEqualTo(400);

        // pausing stops the loop handing out work
        alice.api().post(base + "/pause", "{}");
        assertThat(alice.api().post(base + "/trials/next", "{}").status()).isEqualTo(204);
        assertThat(alice.api().post(base + "/resume", "{}").json().get("status").asString()).isEqualTo("active");
    }

    @Test
    void poolCampaignsProposeOnlyTheirCandidates() {
        StringBuilder cands = new StringBuilder();
        Set<String> allowed = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            double x = Math.round(i / 29.0 * 1000) / 1000.0;
            cands.append(i == 0 ? "" : ",").append("{\"x\": ").append(x).append("}");
            allowed.add(Double.toString(x));
        }
        String id = create("""
                {"name": "pool", "parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1}],
                 "objective": {"name": "score", "goal": "minimize"}, "batch": 3, "stop": {"budget": 15},
                 "candidates": [%s], "simulator": {"function": "peak", "noise": 0}}""".formatted(cands));
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=15", "{}").json();
        Set<String> seen = new HashSet<>();
        for (JsonNode t : v.get("trials")) {
            String x = Double.toString(t.get("parameters").get("x").asDouble());
            assertThat(allowed).contains(x);
            assertThat(seen.add(x)).as("proposed twice: " + x).isTrue();
        }
        assertThat(v.get("trials").size()).isEqualTo(15);
    }

    @Test
    void severalObjectivesGiveAParetoFrontThatGrows() {
        String id = create("""
                {"name": "density vs energy", "parameters": [
                   {"name": "temperature", "type": "continuous", "low": 300, "high": 1000},
                   {"name": "hold_time", "type": "continuous", "low": 1, "high": 10}],
                 "objectives": [{"name": "relative_density", "goal": "maximize"}, {"name": "energy_cost", "goal": "minimize"}],
                 "initial": 4, "stop": {"budget": 30}, "simulator": {"function": "peak", "noise": 0.1}}""");
        String base = "/api/v1/campaigns/" + id;
        JsonNode early = alice.api().post(base + "/simulate?experiments=8", "{}").json();
        JsonNode late = alice.api().post(base + "/simulate?experiments=22", "{}").json();
        assertThat(late.get("stopped_by").get("rule").asString()).isEqualTo("budget");
        assertThat(late.get("hypervolume").asDouble()).isGreaterThanOrEqualTo(early.get("hypervolume").asDouble()).isPositive();
        JsonNode front = late.get("pareto_front");
        assertThat(front.size()).isGreaterThanOrEqualTo(2);
        // no front member is beaten in both objectives by any completed trial
        for (JsonNode f : front) {
            double d = f.get("results").get("relative_density").asDouble();
            double e = f.get("results").get("energy_cost").asDouble();
            for (JsonNode t : late.get("trials")) {
                if (!t.get("status").asString().equals("completed")) {
                    continue;
                }
                double d2 = t.get("results").get("relative_density").asDouble();
                double e2 = t.get("results").get("energy_cost").asDouble();
                assertThat(d2 >= d && e2 <= e && (d2 > d || e2 < e)).as("trial %s dominates a front member", t.get("seq")).isFalse();
            }
        }
        // a result must give every objective
        String robot = create("""
                {"name": "two objectives by hand", "parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1}],
                 "objectives": [{"name": "a"}, {"name": "b", "goal": "minimize"}], "stop": {"budget": 5}}""");
        String trial = alice.api().post("/api/v1/campaigns/" + robot + "/trials/next", "{}").json().get("id").asString();
        var partial = alice.api().post("/api/v1/campaigns/" + robot + "/trials/" + trial + "/result", "{\"results\": {\"a\": 1}}");
        assertThat(partial.status()).isEqualTo(400);
        assertThat(partial.json().get("errors").findValuesAsString("field")).containsExactly("b");
    }

    @Test
    void supplyRiskIsAnObjectiveAndALimit() {
        String id = create("""
                {"name": "cathode with less cobalt", "parameters": [
                   {"name": "Ni", "type": "continuous", "low": 0, "high": 1},
                   {"name": "Co", "type": "continuous", "low": 0, "high": 1},
                   {"name": "Mn", "type": "continuous", "low": 0, "high": 1}],
                 "simplex": true, "composition_base": "LiO2",
                 "objectives": [{"name": "capacity", "goal": "maximize", "unit": "mA h/g"},
                                {"name": "hhi_reserve", "source": "element_strategy", "goal": "minimize"}],
                 "resource_limits": [{"metric": "hhi_production", "max": 1600}],
                 "initial": 4, "stop": {"budget": 12}, "simulator": {"function": "peak", "noise": 0.2}}""");
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=12", "{}").json();
        assertThat(v.get("trials").size()).isEqualTo(12);
        var scorer = org.matdx.elementstrategy.ResourceScorer.standard();
        for (JsonNode t : v.get("trials")) {
            JsonNode p = t.get("parameters");
            var c = org.matdx.core.Composition.ofSymbols(java.util.Map.of("Li", 1, "O", 2, "Ni", p.get("Ni").asDouble(),
                    "Co", p.get("Co").asDouble(), "Mn", p.get("Mn").asDouble()));
            double hhiP = org.matdx.elementstrategy.ResourceMetric.byCode("hhi_production").orElseThrow().of(c).orElseThrow();
            double hhi = org.matdx.elementstrategy.ResourceMetric.byCode("hhi_reserve").orElseThrow().of(c).orElseThrow();
            // cobalt-rich mixtures (HHI of production above 1,600) are never proposed
            assertThat(hhiP).as("trial %s breaks the limit", t.get("seq")).isLessThanOrEqualTo(1600 + 1e-9);
            if (t.get("status").asString().equals("completed")) {
                // computed by the platform from the composition, not reported by the instrument
                assertThat(t.get("results").get("hhi_reserve").asDouble()).isCloseTo(hhi, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(v.get("pareto_front").size()).isPositive();
        assertThat(scorer).isNotNull();
    }

    @Test
    void badConfigurationsAreRejectedFieldByField() {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"parameters": [{"name": "t", "type": "continuous", "low": 5, "high": 1}, {"type": "colour"},
                                {"name": "u", "low": 0, "high": 1, "unit": "degrees Celsius above the ambient"},
                                {"name": "v", "low": 0, "high": 1, "unit": {"si": "K"}}],
                 "objective": {"goal": "sideways"}, "batch": 0}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsString("field")).contains("name", "parameters[0]", "parameters[1].type",
                "parameters[2].unit", "parameters[3].unit",
                "objective.name", "objective.goal", "batch", "stop");
    }

    @Test
    void othersCanNeitherSeeNorDriveAPrivateCampaign() {
        String id = create(SINTERING.formatted("private", 1, 5, ""));
        assertThat(bob.api().get("/api/v1/campaigns/" + id).status()).isEqualTo(404);
        assertThat(bob.api().post("/api/v1/campaigns/" + id + "/trials/next", "{}").status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/campaigns/" + id).status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/campaigns").json().get("items").findValuesAsString("id")).doesNotContain(id);
        assertThat(alice.api().get("/api/v1/campaigns").json().get("items").findValuesAsString("id")).contains(id);
        assertThat(bob.api().post("/api/v1/datasets/" + dataset + "/campaigns", SINTERING.formatted("intruder", 1, 5, "")).status())
                .isEqualTo(404);
    }
}
