package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * The instrument loop with raw files: a robot posts what the instrument wrote; the files become
 * entries through the structuring pipeline and the objective comes with them or out of them.
 */
class TrialFilesTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"Sintering with files\", \"access\": \"private\"}")
                .json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** A running trial of a fresh campaign. */
    private static String[] runningTrial(String name) {
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "%s", "parameters": [{"name": "temperature", "type": "continuous", "low": 900, "high": 1400}],
                 "objective": {"name": "relative_density", "goal": "maximize", "unit": "%%"}, "initial": 2,
                 "stop": {"budget": 5}}""".formatted(name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String base = "/api/v1/campaigns/" + r.json().get("id").asString();
        JsonNode taken = alice.api().post(base + "/trials/next", "{}").json();
        assertThat(taken.get("status").asString()).isEqualTo("running");
        return new String[] {base, taken.get("id").asString()};
    }

    private static final String XY = "# 2theta intensity\n" + xy();

    private static String xy() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= 2000; i++) {
            double x = 20 + 0.02 * i;
            sb.append(String.format(java.util.Locale.ROOT, "%.2f %.1f%n", x, 100 + 900 * Math.exp(-Math.pow((x - 38.4) / 0.15, 2))));
        }
        return sb.toString();
    }

    private static long count(String table) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void theObjectiveIsReadFromATableTheInstrumentWrote() {
        String[] t = runningTrial("density from a table");
        var r = new Multipart().file("file", "run-07.csv", "name,temperature (°C),relative_density (%)\nrun-07,1210,93.4\n")
                .send(alice.api(), t[0] + "/trials/" + t[1] + "/result");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode trial = r.json();
        assertThat(trial.get("status").asString()).isEqualTo("completed");
        assertThat(trial.get("value").asDouble()).isEqualTo(93.4);
        JsonNode file = trial.get("results").get("files").get(0);
        assertThat(file.get("file").asString()).isEqualTo("run-07.csv");
        assertThat(file.get("template").asString()).isEqualTo("table.csv");
        JsonNode entry = alice.api().get("/api/v1/entries/" + file.get("entries").get(0).asString()).json();
        assertThat(entry.get("properties").get("relative_density").get("value").asDouble()).isEqualTo(93.4);
        assertThat(entry.get("dataset").asString()).isEqualTo(dataset);
    }

    @Test
    void valuesGivenAlongsideARawScanCompleteTheTrialAndTheScanIsStructured() {
        String[] t = runningTrial("density with a scan");
        var r = new Multipart().field("results", "{\"relative_density\": 88.0}").file("file", "trial.xy", XY)
                .send(alice.api(), t[0] + "/trials/" + t[1] + "/result");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("value").asDouble()).isEqualTo(88.0);
        JsonNode file = r.json().get("results").get("files").get(0);
        assertThat(file.get("template").asString()).isEqualTo("xrd.xy");
        JsonNode entry = alice.api().get("/api/v1/entries/" + file.get("entries").get(0).asString()).json();
        JsonNode strongest = null;
        for (JsonNode p : entry.get("data").get("peaks").get("peaks")) {
            if (p.get("relative_intensity").asDouble() == 100) {
                strongest = p;
            }
        }
        assertThat(strongest).isNotNull();
        assertThat(strongest.get("position").asDouble()).isCloseTo(38.4, org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void aResultWithoutItsObjectiveOrWithABrokenFileStoresNothingAndLeavesTheTrialOpen() {
        String[] t = runningTrial("bad results");
        long entries = count("entries");
        long blobs = count("blobs");
        var noValue = new Multipart().file("file", "trial.xy", XY).send(alice.api(), t[0] + "/trials/" + t[1] + "/result");
        assertThat(noValue.status()).isEqualTo(400);
        assertThat(noValue.body()).contains("relative_density").contains("trial.xy");
        var broken = new Multipart().field("results", "{\"relative_density\": 90}")
                .file("file", "broken.xy", "20.0 100\n20.1 abc\n20.2 300\n").file("file", "ok.xy", XY)
                .send(alice.api(), t[0] + "/trials/" + t[1] + "/result");
        assertThat(broken.status()).as(broken.body()).isEqualTo(422);
        assertThat(broken.json().get("detail").asString()).contains("broken.xy").contains("line 2");
        assertThat(count("entries")).isEqualTo(entries);
        assertThat(count("blobs")).isEqualTo(blobs);
        JsonNode trials = alice.api().get(t[0]).json().get("trials");
        assertThat(trials.get(0).get("status").asString()).isEqualTo("running");
    }
}
