package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Scope;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** The demo's models: what {@code matdx up} shows of informatics, to whom. */
class BandGapModelsTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withDemo(true)).withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient as(String username) {
        var u = tp.platform().users().byUsername(username).orElseThrow();
        return new ApiClient(tp.baseUrl(), tp.platform().accounts().issueToken(org.matdx.platform.Bootstrap.SYSTEM, u, "t",
                Scope.READ, null).secret());
    }

    static Map<String, JsonNode> byName(ApiClient api) {
        Map<String, JsonNode> m = new HashMap<>();
        api.get("/api/v1/models").json().get("items").forEach(n -> m.put(n.get("name").asString(), n));
        return m;
    }

    @Test
    void everyonePredictsWithBothModelsButOnlyTheCompanySeesItsModelsCard() {
        Map<String, JsonNode> anon = byName(tp.anonymous());
        assertThat(anon).containsKeys("Band gap of oxides (demo)", "Band gap of ternary oxides (company, model use only)");
        JsonNode open = anon.get("Band gap of oxides (demo)");
        assertThat(open.get("access").asString()).isEqualTo("full");
        assertThat(open.get("training_rows").asInt()).isEqualTo(27);
        JsonNode company = anon.get("Band gap of ternary oxides (company, model use only)");
        assertThat(company.get("access").asString()).isEqualTo("predict");
        assertThat(company.has("training_rows")).isFalse();
        assertThat(company.has("cross_validation")).isFalse();
        JsonNode own = byName(as("carol")).get("Band gap of ternary oxides (company, model use only)");
        assertThat(own.get("access").asString()).isEqualTo("full");
        assertThat(own.get("training_rows").asInt()).isEqualTo(24);
        assertThat(own.at("/inputs/0/model_use_only").asBoolean()).isTrue();

        var p = tp.anonymous().post("/api/v1/models/" + company.get("id").asString() + "/predict", "{\"formula\": \"SrTiO3\"}");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.json().get("prediction").asDouble()).isBetween(1.0, 8.0);
        assertThat(p.json().has("base_value")).isFalse();
        // the screen registry offers the open model; the company's stays out of screens (no per-caller budget there)
        assertThat(tp.platform().screens().models().names()).contains("model:" + open.get("id").asString())
                .doesNotContain("model:" + company.get("id").asString());
    }

    /**
     * Issue 19's attack on the demo: the company model predicted each hidden row to 0.0004 eV with an
     * uncertainty of ~0.001 eV. Now it is trained privately: its uncertainty is that of its band of
     * predicted value, the same at training rows as anywhere, and it does not give the rows back.
     */
    @Test
    void companyModelIsPrivateAndDoesNotGiveItsRowsBack() {
        JsonNode company = byName(tp.anonymous()).get("Band gap of ternary oxides (company, model use only)");
        assertThat(company.at("/privacy/differentially_private").asBoolean()).isTrue();
        assertThat(company.at("/privacy/epsilon").asDouble()).isEqualTo(2.0);
        assertThat(company.at("/privacy/utility").isMissingNode()).as("the utility cost is the owner's").isTrue();
        JsonNode own = byName(as("carol")).get("Band gap of ternary oxides (company, model use only)");
        assertThat(own.at("/privacy/utility/private").asDouble()).isPositive();
        assertThat(own.at("/privacy/utility/non_private").asDouble()).isPositive();
        double resolution = company.at("/privacy/resolution").asDouble();

        String[] hidden = {"CaTiO3", "KTaO3", "KNbO3", "NaNbO3", "LaAlO3", "SrZrO3", "BaZrO3", "BaSnO3", "SrSnO3", "CaSnO3",
            "ZnGa2O4", "MgAl2O4", "ZnAl2O4", "Zn2SnO4", "CdIn2O4", "LiGaO2", "LiAlO2", "PbTiO3", "BiFeO3", "LaFeO3", "YAlO3",
            "Y3Al5O12", "ZnWO4", "CaWO4"};
        double[] gaps = {3.5, 3.6, 3.3, 3.4, 5.6, 5.6, 5.3, 3.1, 4.1, 4.4, 4.4, 7.8, 3.8, 3.6, 3.1, 5.6, 6.2, 3.4, 2.7, 2.1, 7.5,
            6.5, 3.9, 4.9};
        var body = tp.anonymous().post("/api/v1/models/" + company.get("id").asString() + "/predict",
                Json.object().set("formulas", Json.MAPPER.valueToTree(hidden)));
        assertThat(body.status()).as(body.body()).isEqualTo(200);
        int recovered = 0;
        double sumError = 0;
        for (int i = 0; i < hidden.length; i++) {
            JsonNode p = body.json().get("predictions").get(i);
            double v = p.get("prediction").asDouble();
            assertThat(Math.abs(v / resolution - Math.rint(v / resolution))).as("rounded to the resolution").isLessThan(1e-6);
            // the uncertainty is the band's, drawn once privately for all compositions: a training row gets no
            // narrower one (the attack read 0.001 eV there) — the band's value itself is random, so no threshold
            assertThat(p.get("uncertainty").asDouble()).as("uncertainty at a training row is its band's")
                    .isCloseTo(bandUncertainty(company.at("/privacy/uncertainty"), v, resolution), within(1e-9))
                    .isGreaterThanOrEqualTo(resolution);
            assertThat(p.get("contributions")).isEmpty();
            recovered += Math.abs(v - gaps[i]) <= 0.05 * gaps[i] ? 1 : 0;
            sumError += Math.abs(v - gaps[i]);
        }
        assertThat(sumError / hidden.length).as("mean error on the hidden rows, eV (was 0.0004)").isGreaterThan(0.3);
        assertThat(recovered).as("hidden values recovered within 5 % (was 24 of 24)").isLessThanOrEqualTo(6);
    }

    /** The band uncertainty the public card states for a predicted value, rounded as predictions are. */
    private static double bandUncertainty(JsonNode uncertainty, double value, double resolution) {
        double u = Double.NaN;
        for (JsonNode b : uncertainty.path("bands")) {
            if (Double.isNaN(u) || value >= b.path("from").asDouble()) {
                u = b.path("uncertainty").asDouble();
            }
        }
        return Math.round(u / resolution) * resolution;
    }

    /**
     * Issue 29, item 2: ZnO came back 3.37 ± 0.002 eV — its own training value with the spread of an
     * ensemble that had seen it — and iron got a 4.7 eV band gap without a word. The uncertainty is
     * now calibrated on the held-out errors (so about 68 % of them fall within it) and has a floor,
     * metals and unseen elements are outside the domain, and a model whose cross-validated R² is
     * below zero says so on its card and on every prediction.
     */
    @Test
    void theDemoModelsNumbersAreHonest() {
        JsonNode open = byName(tp.anonymous()).get("Band gap of oxides (demo)");
        String id = open.get("id").asString();
        JsonNode card = tp.anonymous().get("/api/v1/models/" + id).json();
        JsonNode cal = card.at("/cross_validation/uncertainty_calibration");
        assertThat(cal.get("coverage_held_out").asDouble()).isBetween(0.6, 0.76);
        assertThat(cal.get("rows").asInt()).isEqualTo(27);
        double floor = cal.get("scale").asDouble() * cal.get("floor").asDouble();
        // the out-of-fold errors themselves: about two in three within the stated uncertainty at the floor or above
        JsonNode oof = card.at("/cross_validation/out_of_fold");
        double[] err = new double[oof.get("actual").size()];
        for (int i = 0; i < err.length; i++) {
            err[i] = Math.abs(oof.get("actual").get(i).asDouble() - oof.get("predicted").get(i).asDouble());
        }
        java.util.Arrays.sort(err);
        assertThat(floor).as("the smallest uncertainty is of the order of the held-out errors")
                .isGreaterThan(0.25 * err[err.length / 2]);

        JsonNode skill = card.get("skill");
        double r2 = card.at("/cross_validation/summary/r2/mean").asDouble();
        assertThat(skill.get("metric").asString()).isEqualTo("r2");
        assertThat(skill.get("value").asDouble()).isEqualTo(r2);
        assertThat(skill.get("better_than_baseline").asBoolean()).isEqualTo(r2 > 0);
        assertThat(card.has("warning")).isEqualTo(r2 <= 0);
        assertThat(card.at("/applicability_domain/elements").toString()).contains("\"Zn\"").contains("\"O\"");
        assertThat(card.at("/applicability_domain/in_every_composition").toString()).isEqualTo("[\"O\"]");

        var body = tp.anonymous().post("/api/v1/models/" + id + "/predict",
                Json.object().set("formulas", Json.MAPPER.valueToTree(new String[] {"ZnO", "Fe", "XeF2", "Ga2O3"})));
        assertThat(body.status()).as(body.body()).isEqualTo(200);
        JsonNode zno = body.json().get("predictions").get(0);
        assertThat(zno.get("uncertainty").asDouble()).as("ZnO, a training row (was ± 0.002 eV)").isGreaterThanOrEqualTo(floor * 0.999)
                .isGreaterThan(0.1);
        assertThat(zno.at("/applicability_domain/in_domain").asBoolean()).isTrue();
        assertThat(zno.at("/applicability_domain/nearest_training_distance").asDouble()).isZero();
        JsonNode fe = body.json().get("predictions").get(1);
        assertThat(fe.at("/applicability_domain/in_domain").asBoolean()).as(fe.toString()).isFalse();
        assertThat(fe.at("/applicability_domain/reasons").toString()).contains("every training composition contains O");
        assertThat(fe.get("warnings").toString()).contains("outside the model's domain");
        JsonNode xef2 = body.json().get("predictions").get(2);
        assertThat(xef2.at("/applicability_domain/reasons").toString()).contains("elements F, Xe are in none of the 27");
        JsonNode ga2o3 = body.json().get("predictions").get(3);
        assertThat(ga2o3.at("/applicability_domain/in_domain").asBoolean()).isTrue();
        for (JsonNode p : body.json().get("predictions")) {
            assertThat(p.get("warnings").toString().contains("worse than the mean")).isEqualTo(r2 <= 0);
        }
    }
}
