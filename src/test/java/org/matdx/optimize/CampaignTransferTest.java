package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * A new campaign starts from the results of earlier related ones the caller may read: its first
 * proposal already goes where they found the optimum, and a campaign the caller may not read —
 * or that does not exist — is refused in the same words.
 */
class CampaignTransferTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String aliceData;
    static String bobData;
    static String earlier;

    static final String SINTERING = """
            {"name": "%s", "parameters": [
               {"name": "temperature", "type": "continuous", "low": 300, "high": 1000},
               {"name": "hold_time", "type": "continuous", "low": 0.5, "high": 20, "log": true}],
             "objective": {"name": "relative_density", "goal": "maximize", "unit": "%%"},
             "batch": 2, "initial": 4, "stop": {"budget": 40}%s,
             "simulator": {"function": "peak", "noise": 0.3}}""";

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        aliceData = alice.api().post("/api/v1/datasets", "{\"title\": \"Sintering, furnace A\", \"access\": \"private\"}")
                .json().get("id").asString();
        bobData = bob.api().post("/api/v1/datasets", "{\"title\": \"Sintering, furnace B\", \"access\": \"private\"}")
                .json().get("id").asString();
        var r = alice.api().post("/api/v1/datasets/" + aliceData + "/campaigns", SINTERING.formatted("furnace A", ""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        earlier = r.json().get("id").asString();
        alice.api().post("/api/v1/campaigns/" + earlier + "/simulate?experiments=24", "{}");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void theFirstProposalGoesWhereTheEarlierCampaignFoundTheOptimum() {
        var r = alice.api().post("/api/v1/datasets/" + aliceData + "/campaigns",
                SINTERING.formatted("furnace A, second powder", ", \"transfer\": [\"" + earlier + "\"]"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        JsonNode batch = alice.api().post("/api/v1/campaigns/" + id + "/suggest", "{}").json();
        // the simulator's peak: 0.3 of the temperature range (510 °C), 0.7 of the log hold-time range (~7.4 h);
        // without earlier results the first batch would be a space-filling design anywhere in the box
        JsonNode first = batch.get("trials").get(0).get("parameters");
        assertThat(first.get("temperature").asDouble()).isBetween(410.0, 610.0);
        assertThat(Math.log(first.get("hold_time").asDouble())).isBetween(Math.log(2.5), Math.log(20));
    }

    @Test
    void aCampaignOneMayNotReadIsRefusedAsIfItDidNotExist() {
        String hidden = bob.api().post("/api/v1/datasets/" + bobData + "/campaigns", SINTERING.formatted("bob's own",
                ", \"transfer\": [\"" + earlier + "\"]")).body();
        String absent = bob.api().post("/api/v1/datasets/" + bobData + "/campaigns", SINTERING.formatted("bob's own",
                ", \"transfer\": [\"" + UUID.randomUUID() + "\"]")).body();
        assertThat(hidden).contains("transfer[0]").contains("whose results you may read").doesNotContain("furnace A");
        assertThat(hidden.replaceAll("[0-9a-f-]{36}", "ID")).isEqualTo(absent.replaceAll("[0-9a-f-]{36}", "ID"));
    }

    @Test
    void transferIsRefusedWhereItCannotMeanAnything() {
        String url = "/api/v1/datasets/" + aliceData + "/campaigns";
        var other = alice.api().post(url, SINTERING.replace("relative_density", "grain_size").formatted("grains",
                ", \"transfer\": [\"" + earlier + "\"]"));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).contains("transfer[0]").contains("optimises 'relative_density'");
        var extra = alice.api().post(url, SINTERING.replace("{\"name\": \"hold_time\"", "{\"name\": \"pressure\", \"type\": \"continuous\","
                + " \"low\": 1, \"high\": 5}, {\"name\": \"hold_time\"").formatted("pressed", ", \"transfer\": [\"" + earlier + "\"]"));
        assertThat(extra.status()).as(extra.body()).isEqualTo(400);
        assertThat(extra.body()).contains("has no parameter pressure");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            many.append(i == 0 ? "" : ", ").append('"').append(UUID.randomUUID()).append('"');
        }
        assertThat(alice.api().post(url, SINTERING.formatted("many", ", \"transfer\": [" + many + "]")).body()).contains("up to 10");
        assertThat(alice.api().post(url, SINTERING.formatted("garbled", ", \"transfer\": [\"x\", 7, {\"a\": 1}]")).body())
                .contains("transfer[0]").contains("transfer[1]").contains("transfer[2]");
        assertThat(alice.api().post(url, SINTERING.formatted("nested", ", \"transfer\": {\"id\": \"" + earlier + "\"}")).status())
                .isEqualTo(400);
    }
}
