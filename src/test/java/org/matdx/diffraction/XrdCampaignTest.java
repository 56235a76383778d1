package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Inside the loop: a synthesis campaign whose objective — the weight fraction of LiCoO2 — is read
 * from each trial's raw powder pattern by phase identification, with no value given by hand.
 */
class XrdCampaignTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        String refs = DiffractionApiTest.dataset(alice, "Reference phases", "private");
        for (String f : List.of("licoo2.cif", "co3o4.cif", "coo.cif", "li2co3.cif")) {
            DiffractionApiTest.ingest(alice, refs, f, cif(f), null);
        }
        dataset = DiffractionApiTest.dataset(alice, "LiCoO2 synthesis", "private");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    private static String cif(String f) {
        try (var in = ReferencePhases.open(f)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the furnace makes: more LiCoO2 (the rest Co3O4) the hotter, up to 95 % at 1000 °C. */
    static double licoo2(double temperature) {
        return 0.5 + 0.45 * (temperature - 600) / 400;
    }

    /** The scan the diffractometer writes for a trial's product. */
    static String scan(double fraction, long seed) {
        MeasuredPattern p = SyntheticPatterns.pattern(List.of(SyntheticPatterns.Component.of(Phases.sticks("licoo2.cif"), fraction),
                SyntheticPatterns.Component.of(Phases.sticks("co3o4.cif"), 1 - fraction)), SyntheticPatterns.Scan.laboratory(),
                new SplittableRandom(seed));
        return SyntheticPatterns.xy(p, "trial product");
    }

    @Test
    void theObjectiveIsTheLiCoO2FractionIdentifiedInEachTrialsScan() {
        var created = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "LiCoO2 by calcination temperature",
                 "parameters": [{"name": "temperature", "type": "continuous", "low": 600, "high": 1000}],
                 "objective": {"name": "licoo2_fraction", "source": "xrd", "phase": "LiCoO2", "goal": "maximize",
                               "candidates": {"elements": ["Li", "Co", "O", "C"]}},
                 "initial": 2, "stop": {"budget": 4}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String base = "/api/v1/campaigns/" + created.json().get("id").asString();
        double best = 0;
        for (int i = 0; i < 4; i++) {
            JsonNode t = alice.api().post(base + "/trials/next", "{}").json();
            assertThat(t.get("status").asString()).as(t.toString()).isEqualTo("running");
            double temperature = t.get("parameters").get("temperature").asDouble();
            double truth = licoo2(temperature);
            var r = new Multipart().file("file", "trial-" + i + ".xy", scan(truth, 100 + i))
                    .send(alice.api(), base + "/trials/" + t.get("id").asString() + "/result");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode done = r.json();
            assertThat(done.get("status").asString()).isEqualTo("completed");
            assertThat(done.get("value").asDouble()).as("LiCoO2 fraction at %.0f °C", temperature).isCloseTo(truth, within(0.04));
            assertThat(done.at("/results/files/0/template").asString()).isEqualTo("xrd.xy");
            best = Math.max(best, done.get("value").asDouble());
        }
        JsonNode view = alice.api().get(base).json();
        assertThat(view.get("trials").size()).isEqualTo(4);
        assertThat(view.get("status").asString()).isEqualTo("stopped");
        assertThat(best).isGreaterThan(0.5);
    }

    @Test
    void purityIsTheMainPhasesShareAndABadObjectiveIsRefused() {
        var bad = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "no phase", "parameters": [{"name": "t", "type": "continuous", "low": 0, "high": 1}],
                 "objective": {"name": "x", "source": "xrd"}, "stop": {"budget": 3}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("objective").contains("purity");
        var created = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "purity", "parameters": [{"name": "t", "type": "continuous", "low": 0, "high": 1}],
                 "objective": {"name": "purity", "source": "xrd", "measure": "purity", "goal": "maximize"},
                 "initial": 2, "stop": {"budget": 2}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String base = "/api/v1/campaigns/" + created.json().get("id").asString();
        JsonNode t = alice.api().post(base + "/trials/next", "{}").json();
        var r = new Multipart().file("file", "p.xy", scan(0.3, 7)).send(alice.api(), base + "/trials/" + t.get("id").asString() + "/result");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("value").asDouble()).isCloseTo(0.7, within(0.04)); // Co3O4 is the main phase here
        // a file without a powder pattern cannot give the objective: the trial stays open
        JsonNode t2 = alice.api().post(base + "/trials/next", "{}").json();
        var none = new Multipart().file("file", "notes.csv", "name,value\nx,1\n").send(alice.api(), base + "/trials/" + t2.get("id").asString() + "/result");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("powder pattern");
    }
}
