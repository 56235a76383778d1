package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Scope;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** What {@code matdx up} shows of multi-objective, constrained campaigns. */
class TradeOffCampaignsTest {
    static TestPlatform tp;
    static ApiClient alice;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withDemo(true)).withServer();
        var u = tp.platform().users().byUsername("alice").orElseThrow();
        alice = new ApiClient(tp.baseUrl(), tp.platform().accounts().issueToken(org.matdx.platform.Bootstrap.SYSTEM, u, "t",
                Scope.WRITE, null).secret());
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode campaign(String name) {
        for (JsonNode c : alice.get("/api/v1/campaigns").json().get("items")) {
            if (c.get("name").asString().equals(name)) {
                return alice.get("/api/v1/campaigns/" + c.get("id").asString()).json();
            }
        }
        throw new AssertionError("no demo campaign " + name);
    }

    @Test
    void theSecondPowderLotStartsFromTheFirstCampaign() {
        JsonNode first = campaign("LLZO pellet sintering");
        JsonNode second = campaign("LLZO pellet sintering, second powder lot");
        assertThat(second.get("config").get("transfer").get(0).asString()).isEqualTo(first.get("id").asString());
        assertThat(second.get("trials").size()).isEqualTo(6);
        // what its first pick learned from is in the audit trail: every completed trial of the first campaign
        long completed = 0;
        for (JsonNode t : first.get("trials")) {
            completed += t.get("status").asString().equals("completed") ? 1 : 0;
        }
        var suggest = tp.platform().db().read(h -> h.createQuery("SELECT CAST(detail AS jsonb)->>'earlier_results' FROM audit_events"
                + " WHERE action = 'campaign.suggest' AND object_id = :c ORDER BY seq LIMIT 1")
                .bind("c", second.get("id").asString()).mapTo(String.class).findOne());
        assertThat(suggest).contains(Long.toString(completed));
    }

    @Test
    void theDopedLlzoCampaignKeepsItsConstraintsAndOneTemperaturePerBatch() {
        JsonNode v = campaign("Ga/Al-doped LLZO: density against energy");
        assertThat(v.get("config").get("acquisition").asString()).isEqualTo("ehvi");
        assertThat(v.get("counts").get("completed").asInt()).isEqualTo(18);
        Map<Integer, Set<Double>> temperatures = new HashMap<>();
        for (JsonNode t : v.get("trials")) {
            JsonNode p = t.get("parameters");
            assertThat(p.get("Ga").asDouble() + p.get("Al").asDouble()).isLessThanOrEqualTo(0.3 + 1e-9);
            assertThat(p.get("temperature").asDouble() + 10 * p.get("hold_time").asDouble()).isLessThanOrEqualTo(1400 + 1e-8);
            temperatures.computeIfAbsent(t.get("round").asInt(), k -> new HashSet<>()).add(p.get("temperature").asDouble());
        }
        assertThat(temperatures).hasSize(6).allSatisfy((round, ts) -> assertThat(ts).hasSize(1));
        assertThat(v.get("pareto_front").size()).isGreaterThanOrEqualTo(2);
        assertThat(v.get("hypervolume").asDouble()).isPositive();
        // a visitor can step it on
        assertThat(alice.post("/api/v1/campaigns/" + v.get("id").asString() + "/suggest", "{}").json().get("trials").size()).isEqualTo(3);
    }

    @Test
    void theWindowLayerCampaignOptimisesAPredictedBandGap() {
        JsonNode v = campaign("(Mg,Zn)O window layer: predicted gap against conductivity");
        assertThat(v.get("counts").get("completed").asInt()).isEqualTo(10);
        String model = v.get("config").get("objectives").get(0).get("model").asString();
        for (JsonNode t : v.get("trials")) {
            JsonNode p = t.get("parameters");
            assertThat(p.get("Mg").asDouble()).isLessThanOrEqualTo(0.6 + 1e-9);
            assertThat(p.get("Mg").asDouble() + p.get("Zn").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            Map<String, Double> amounts = new HashMap<>(Map.of("O", 1.0));
            for (String el : new String[] {"Mg", "Zn"}) {
                if (p.get(el).asDouble() > 0) {
                    amounts.put(el, p.get(el).asDouble());
                }
            }
            var caller = new org.matdx.core.Caller.Account(tp.platform().users().byUsername("alice").orElseThrow(), Map.of(), Scope.READ);
            double predicted = tp.platform().models().predict(org.matdx.core.RequestContext.local(caller), java.util.UUID.fromString(model),
                    java.util.List.of(org.matdx.core.Composition.ofSymbols(amounts))).get(0).value();
            assertThat(t.get("results").get("band_gap").asDouble()).isCloseTo(predicted, org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
