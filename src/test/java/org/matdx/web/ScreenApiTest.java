package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ScreenApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String publicGaps;
    static String privateGaps;

    static final String[][] GAPS = {
            {"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
            {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
            {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"BaTiO3", "3.2"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"},
            {"Y2O3", "5.6"}, {"CdO", "2.2"}, {"Bi2O3", "2.8"}, {"V2O5", "2.3"}, {"Ta2O5", "4.0"}, {"MoO3", "3.0"}};

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        publicGaps = dataset("Band gaps (public)", "public");
        privateGaps = dataset("Band gaps (private)", "private");
    }

    static String dataset(String title, String access) {
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        String id = d.json().get("id").asString();
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (String[] g : GAPS) {
            ObjectNode e = entries.addObject().put("formula", g[0]);
            e.putObject("properties").putObject("band_gap").put("value", Double.parseDouble(g[1])).put("unit", "eV");
        }
        var r = alice.api().post("/api/v1/datasets/" + id + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String body(String dataset, String extra) {
        return "{\"formula\": \"In2O3\", \"model\": {\"baseline\": {\"dataset\": \"" + dataset
                + "\", \"property\": \"band_gap\"}}" + extra + "}";
    }

    @Test
    void smallScreenAnswersWithTheFront() {
        var r = tp.anonymous().post("/api/v1/resources/screens", body(publicGaps, ", \"fractions\": [0.5, 1]"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.get("unit").asString()).isEqualTo("eV");
        assertThat(n.get("replaced").get(0).asString()).isEqualTo("In");
        assertThat(n.get("start_candidate").get("risk").asDouble()).isGreaterThan(2500);
        JsonNode front = n.get("front");
        assertThat(front.size()).isGreaterThan(0);
        for (int i = 1; i < front.size(); i++) {
            assertThat(front.get(i).get("risk").asDouble()).isGreaterThanOrEqualTo(front.get(i - 1).get("risk").asDouble());
            assertThat(front.get(i).get("utility").asDouble()).isGreaterThan(front.get(i - 1).get("utility").asDouble());
        }
        assertThat(front.get(0).at("/scores/hhi_production_band").asString()).isEqualTo("low");
    }

    @Test
    void aHiddenDatasetCannotTrainTheModel() {
        var r = bob.api().post("/api/v1/resources/screens", body(privateGaps, ""));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        // the owner can
        assertThat(alice.api().post("/api/v1/resources/screens", body(privateGaps, "")).status()).isEqualTo(200);
    }

    @Test
    void badRequestsNameTheField() {
        var r = tp.anonymous().post("/api/v1/resources/screens",
                "{\"formula\": \"In2O3\", \"model\": \"nope\", \"fractions\": [2], \"risk\": \"beauty\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("fractions[0]").contains("risk");
        var m = tp.anonymous().post("/api/v1/resources/screens", "{\"formula\": \"In2O3\", \"model\": \"nope\"}");
        assertThat(m.status()).isEqualTo(400);
        assertThat(m.json().at("/errors/0/field").asString()).isEqualTo("model");
        // a formula that is no text is one problem, not also "give the starting composition"; every other field with it
        var all = tp.anonymous().post("/api/v1/resources/screens", "{\"formula\": 5, \"model\": [], \"goal\": \"up\","
                + " \"replace\": [\"Xx\"], \"kappa\": -1, \"fractions\": [0.5, 0], \"pairs\": \"no\"}");
        assertThat(all.status()).as(all.body()).isEqualTo(400);
        assertThat(all.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("formula", "model", "goal", "replace[0]", "pairs", "kappa", "fractions[1]");
        assertThat(all.json().get("errors").get(3).get("pointer").asString()).isEqualTo("/replace/0");
    }

    @Test
    void asyncScreenRunsAsAJobWithProgress() {
        var anon = tp.anonymous().post("/api/v1/resources/screens?async=true", body(publicGaps, ""));
        assertThat(anon.status()).isEqualTo(401);
        var r = alice.api().post("/api/v1/resources/screens?async=true", body(publicGaps, ", \"pairs\": false"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String job = r.json().get("job").asString();
        JsonNode status = waitFor(job);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("succeeded");
        assertThat(status.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(status.at("/result/front").size()).isGreaterThan(0);
        assertThat(status.at("/result/start").asString()).isEqualTo("In2O3");
        // someone else cannot see the job
        assertThat(bob.api().get("/api/v1/jobs/" + job).status()).isEqualTo(404);
    }

    /** Polls the job API until the job has finished (a condition, not a timing assumption). */
    static JsonNode waitFor(String job) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode s = alice.api().get("/api/v1/jobs/" + job).json();
            String st = s.get("status").asString();
            if (st.equals("succeeded") || st.equals("failed") || st.equals("cancelled")) {
                return s;
            }
            tp.platform().worker().nudge();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("job " + job + " did not finish");
    }
}
