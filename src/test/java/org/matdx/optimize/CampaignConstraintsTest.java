package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Linear constraints and settings shared across a batch, end to end over HTTP. */
class CampaignConstraintsTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"Constrained campaigns\", \"access\": \"private\"}")
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

    @Test
    void everySuggestionSatisfiesTheLinearConstraints() {
        // the unconstrained peak (0.3, 0.7, 0.3, 0.7 of each range) breaks both constraints, so the
        // model keeps pushing against them
        String id = create("""
                {"name": "constrained", "parameters": [
                   {"name": "x", "low": 0, "high": 10}, {"name": "y", "low": 0, "high": 10},
                   {"name": "a", "low": 1, "high": 100, "log": true}, {"name": "b", "type": "discrete", "values": [0, 5, 10, 50]}],
                 "constraints": [{"terms": {"x": 1, "y": 2}, "le": 10}, {"terms": {"a": 1, "b": -1}, "ge": 0}],
                 "objective": {"name": "score"}, "batch": 4, "initial": 4, "stop": {"budget": 40},
                 "simulator": {"function": "peak", "noise": 0.1}}""");
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=40", "{}").json();
        assertThat(v.get("trials").size()).isEqualTo(40);
        int tight = 0;
        for (JsonNode t : v.get("trials")) {
            JsonNode p = t.get("parameters");
            double x = p.get("x").asDouble();
            double y = p.get("y").asDouble();
            assertThat(x + 2 * y).as("trial %s: x + 2y", t.get("seq")).isLessThanOrEqualTo(10 + 1e-8);
            assertThat(p.get("a").asDouble() - p.get("b").asDouble()).as("trial %s: a − b", t.get("seq")).isGreaterThanOrEqualTo(-1e-8);
            if (x + 2 * y > 9) {
                tight++;
            }
        }
        // the optimum within the constraints lies on x + 2y = 10, and the model finds its way there
        assertThat(tight).isGreaterThanOrEqualTo(5);
        assertThat(v.get("best").get("parameters").get("x").asDouble() + 2 * v.get("best").get("parameters").get("y").asDouble())
                .isGreaterThan(8);
    }

    @Test
    void poolRowsThatBreakAConstraintAreNeverProposed() {
        StringBuilder rows = new StringBuilder();
        Set<String> feasible = new HashSet<>();
        for (int i = 0; i <= 10; i++) {
            for (int j = 0; j <= 10; j++) {
                rows.append(rows.isEmpty() ? "" : ",").append("{\"x\": ").append(i).append(", \"y\": ").append(j).append("}");
                if (i + j <= 12) {
                    feasible.add(i + "," + j);
                }
            }
        }
        String id = create("""
                {"name": "pool with a constraint", "parameters": [{"name": "x", "low": 0, "high": 10}, {"name": "y", "low": 0, "high": 10}],
                 "constraints": [{"terms": {"x": 1, "y": 1}, "le": 12}],
                 "objective": {"name": "score"}, "batch": 3, "stop": {"budget": 100}, "candidates": [%s],
                 "simulator": {"function": "peak", "noise": 0}}""".formatted(rows));
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=200", "{}").json();
        Set<String> seen = new HashSet<>();
        for (JsonNode t : v.get("trials")) {
            String key = t.get("parameters").get("x").asInt() + "," + t.get("parameters").get("y").asInt();
            assertThat(feasible).contains(key);
            assertThat(seen.add(key)).as("proposed twice: " + key).isTrue();
        }
        // 121 rows, 36 of them with x + y > 12: the campaign runs out after the 85 feasible ones
        assertThat(feasible).hasSize(85);
        assertThat(seen).isEqualTo(feasible);
        assertThat(v.get("status").asString()).isEqualTo("stopped");
        assertThat(v.get("stopped_by").get("rule").asString()).isEqualTo("pool");
    }

    @Test
    void anInfeasibleConstraintSetIsRejectedWithAFieldMessage() {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "impossible", "parameters": [{"name": "x", "low": 0, "high": 10}, {"name": "y", "low": 0, "high": 10}],
                 "constraints": [{"terms": {"x": 1, "y": 1}, "le": 4}, {"terms": {"x": 1, "y": -1}, "ge": 6},
                                 {"terms": {"x": 1, "z": 1}, "le": 4}],
                 "objective": {"name": "score"}, "stop": {"budget": 5}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsString("field")).containsExactly("constraints[2].terms.z");
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains("'z' is not a parameter");
        r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "impossible", "parameters": [{"name": "x", "low": 0, "high": 10}, {"name": "y", "low": 0, "high": 10}],
                 "constraints": [{"terms": {"x": 1, "y": 1}, "le": 4}, {"terms": {"x": 1, "y": -1}, "ge": 6}],
                 "objective": {"name": "score"}, "stop": {"budget": 5}}""");
        assertThat(r.status()).isEqualTo(400);
        JsonNode e = r.json().get("errors").get(0);
        assertThat(e.get("field").asString()).isEqualTo("constraints");
        assertThat(e.get("message").asString()).contains("x + y ≤ 4").contains("x − y ≥ 6").contains("together");
        // feasible for the linear programme (b relaxed to 0…50) but not for b's actual values
        r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "impossible", "parameters": [{"name": "x", "low": 0, "high": 10},
                   {"name": "b", "type": "discrete", "values": [0, 50]}],
                 "constraints": [{"terms": {"b": 1}, "ge": 10, "le": 20}],
                 "objective": {"name": "score"}, "stop": {"budget": 5}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains("allowed discrete values");
        // nothing was created
        assertThat(alice.api().get("/api/v1/campaigns?dataset=" + dataset).json().get("items").findValuesAsString("name"))
                .doesNotContain("impossible");
    }

    @Test
    void inAPoolABatchSharesItsTemperatureAmongTheRows() {
        StringBuilder rows = new StringBuilder();
        for (int t : new int[] {1000, 1100, 1200}) {
            for (int h = 1; h <= 8; h++) {
                rows.append(rows.isEmpty() ? "" : ",").append("{\"temperature\": ").append(t).append(", \"hold_time\": ").append(h).append("}");
            }
        }
        String id = create("""
                {"name": "pool furnace", "parameters": [{"name": "temperature", "low": 900, "high": 1300},
                   {"name": "hold_time", "low": 0, "high": 10}],
                 "batch_fixed": ["temperature"], "objective": {"name": "density"}, "batch": 3, "initial": 3,
                 "stop": {"budget": 15}, "candidates": [%s], "simulator": {"function": "peak", "noise": 0}}""".formatted(rows));
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=15", "{}").json();
        // the budget counts runs; a batch may come short when its temperature has fewer rows left, and
        // then the campaign proposes one more (its random stream follows the campaign's id)
        int run = 0;
        for (JsonNode t : v.get("trials")) {
            run += Set.of("completed", "failed").contains(t.get("status").asString()) ? 1 : 0;
        }
        assertThat(run).isEqualTo(15);
        Map<Integer, Set<Double>> temperatures = new java.util.TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode t : v.get("trials")) {
            JsonNode p = t.get("parameters");
            temperatures.computeIfAbsent(t.get("round").asInt(), k -> new HashSet<>()).add(p.get("temperature").asDouble());
            assertThat(Set.of(1000.0, 1100.0, 1200.0)).contains(p.get("temperature").asDouble());
            assertThat(seen.add(p.get("temperature").asDouble() + "/" + p.get("hold_time").asDouble())).isTrue();
        }
        assertThat(temperatures).hasSizeGreaterThanOrEqualTo(5).allSatisfy((round, ts) -> assertThat(ts).hasSize(1));
    }

    @Test
    void aBatchSharesOneFurnaceTemperatureWhileTheRestVaries() {
        String id = create("""
                {"name": "one furnace", "parameters": [
                   {"name": "temperature", "low": 900, "high": 1300}, {"name": "hold_time", "low": 0.5, "high": 24, "log": true},
                   {"name": "Li_excess", "low": 0, "high": 0.2},
                   {"name": "aid", "type": "categorical", "options": ["none", "Al2O3", "Ga2O3"]}],
                 "constraints": [{"terms": {"temperature": 1, "hold_time": 10}, "le": 1400}],
                 "batch_fixed": ["temperature"], "objective": {"name": "relative_density"}, "batch": 4, "initial": 4,
                 "stop": {"budget": 24}, "simulator": {"function": "peak", "noise": 0.2}}""");
        JsonNode v = alice.api().post("/api/v1/campaigns/" + id + "/simulate?experiments=24", "{}").json();
        assertThat(v.get("trials").size()).isEqualTo(24);
        Map<Integer, Set<Double>> temperatures = new java.util.TreeMap<>();
        Map<Integer, Set<Double>> holds = new java.util.TreeMap<>();
        for (JsonNode t : v.get("trials")) {
            int round = t.get("round").asInt();
            JsonNode p = t.get("parameters");
            temperatures.computeIfAbsent(round, k -> new HashSet<>()).add(p.get("temperature").asDouble());
            holds.computeIfAbsent(round, k -> new HashSet<>()).add(p.get("hold_time").asDouble());
            assertThat(p.get("temperature").asDouble() + 10 * p.get("hold_time").asDouble()).isLessThanOrEqualTo(1400 + 1e-8);
        }
        assertThat(temperatures).hasSize(6); // six batches of four
        for (var e : temperatures.entrySet()) {
            assertThat(e.getValue()).as("temperatures of batch %d", e.getKey()).hasSize(1);
            assertThat(holds.get(e.getKey())).as("hold times of batch %d", e.getKey()).hasSize(4);
        }
        // the shared temperature moves between batches (chosen by the acquisition, not frozen)
        assertThat(temperatures.values().stream().map(s -> s.iterator().next()).distinct().count()).isGreaterThan(2);
    }
}
