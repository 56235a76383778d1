package org.matdx.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.informatics.TrainRequest;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Leak suite for prediction outputs: what a predict-only caller receives from a model fed by
 * model-use-only rows has the same form for a training row as for any other composition — the
 * same fields, an uncertainty that depends on the predicted value alone, values on the stated
 * resolution — and carries no contribution, base value or training artefact.
 */
class PredictionLeakTest {
    static TestPlatform tp;
    static UUID model;
    static final List<String> TRAINING = new ArrayList<>();
    static final List<String> OTHERS = List.of("CaTiO3", "SrTiO3", "BaTiO3", "LiNbO3", "ZnO", "GaN", "Fe2O3", "Cu2O",
            "NiO", "MnO2", "Cr2O3", "V2O5", "Co3O4", "MgAl2O4", "CeO2", "SnO", "PbO", "Bi2O3", "Sb2O3", "TeO2");

    @BeforeAll
    static void world() {
        tp = TestPlatform.start().withServer();
        var alice = tp.person("alice");
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"lent secrettitle\", \"access\": \"public\", \"model_use_only\": true}");
        String id = d.json().get("id").asString();
        String[] cations = {"Li", "Na", "K", "Mg", "Ca", "Sr", "Ba", "Y", "La", "Al", "Ga", "In", "Sc", "Zr", "Hf", "Ti",
            "Nb", "Ta", "Zn", "Cd", "Ge", "Si", "W", "Mo"};
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (int i = 0; i < cations.length; i++) {
            String f = cations[i] + "2O3";
            TRAINING.add(f);
            ObjectNode e = entries.addObject().put("formula", f).put("title", "secretentry" + i);
            e.putObject("properties").putObject("gap").put("value", 1.234 + i * 0.171).put("unit", "eV");
        }
        assertThat(alice.api().post("/api/v1/datasets/" + id + "/entries", Json.object().set("entries", entries)).status()).isEqualTo(201);
        ObjectNode b = Json.object().put("target", "gap").put("members", 2).put("folds", 2).put("search_seconds", 0)
                .put("name", "lent model");
        b.putArray("datasets").add(id);
        b.putArray("target_range").add(0).add(8);
        model = tp.platform().models().train(RequestContext.local(alice.caller(tp.platform())), TrainRequest.parse(b), null, (x, s) -> true).id();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode predict(ApiClient api, List<String> formulas) {
        var r = api.post("/api/v1/models/" + model + "/predict", Json.object().set("formulas", Json.MAPPER.valueToTree(formulas)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("secret");
        return r.json().get("predictions");
    }

    @Test
    void trainingRowsAndOtherCompositionsGetAnswersOfTheSameForm() {
        JsonNode card = tp.anonymous().get("/api/v1/models/" + model).json();
        double resolution = card.at("/privacy/resolution").asDouble();
        assertThat(resolution).isPositive();
        List<String> all = new ArrayList<>(TRAINING);
        all.addAll(OTHERS);
        for (ApiClient api : List.of(tp.anonymous(), tp.person("carol").api())) {
            JsonNode ps = predict(api, all);
            Set<Set<String>> forms = new HashSet<>();
            Map<Long, Double> uncertaintyByValue = new HashMap<>();
            for (JsonNode p : ps) {
                Set<String> keys = new HashSet<>();
                p.propertyNames().forEach(keys::add);
                forms.add(keys);
                assertThat(p.has("base_value")).isFalse();
                assertThat(p.get("contributions")).isEmpty();
                double v = p.get("prediction").asDouble();
                long step = Math.round(v / resolution);
                assertThat(Math.abs(v / resolution - step)).as("on the resolution").isLessThan(1e-6);
                // the uncertainty is a function of the predicted value: equal values, equal uncertainty
                Double before = uncertaintyByValue.putIfAbsent(step, p.get("uncertainty").asDouble());
                if (before != null) {
                    assertThat(p.get("uncertainty").asDouble()).isEqualTo(before);
                }
                assertThat(p.get("uncertainty").asDouble()).isPositive();
            }
            assertThat(forms).as("one form for every composition").hasSize(1);
        }
    }

    /** Today's failure: 0.0004 eV on the training rows. Twenty-four rows of values unique to them are not given back. */
    @Test
    void trainingValuesAreNotGivenBack() {
        JsonNode ps = predict(tp.anonymous(), TRAINING);
        int exact = 0;
        for (int i = 0; i < TRAINING.size(); i++) {
            double truth = 1.234 + i * 0.171;
            exact += Math.abs(ps.get(i).get("prediction").asDouble() - truth) <= 0.05 * truth ? 1 : 0;
        }
        assertThat(exact).as("training values recovered within 5 %%").isLessThanOrEqualTo(TRAINING.size() / 4);
    }

    @Test
    void theCardShowsPredictOnlyCallersNoUtilityOrRowFigures() {
        JsonNode card = tp.anonymous().get("/api/v1/models/" + model).json();
        assertThat(card.get("access").asString()).isEqualTo("predict");
        assertThat(card.at("/privacy/utility").isMissingNode()).isTrue();
        assertThat(card.has("cross_validation")).isFalse();
        assertThat(card.has("training_rows")).isFalse();
        assertThat(card.at("/privacy/epsilon").asDouble()).isEqualTo(2.0);
        assertThat(card.get("can_learn").asString()).contains("cannot tell");
    }

    /**
     * Issue 29: predictions now say whether a composition is in the model's domain and warn about
     * models no better than the mean. For a model fed by model-use-only rows neither may tell a
     * predict-only caller anything about the rows: a training row, a ternary nobody lent, a metal and
     * a compound of elements in no row all get the same domain answer, and the card lists no
     * element set, feature range, distance threshold or skill.
     */
    @Test
    void theDomainAndSkillChecksOfAPrivateModelRevealNothingOfItsRows() {
        List<String> all = new ArrayList<>(TRAINING);
        all.addAll(OTHERS);
        all.addAll(List.of("Fe", "XeF2", "Hf2O3", "Os2O3"));
        for (ApiClient api : List.of(tp.anonymous(), tp.person("dora").api())) {
            JsonNode ps = predict(api, all);
            Set<String> domains = new HashSet<>();
            Set<String> warnings = new HashSet<>();
            for (JsonNode p : ps) {
                domains.add(p.get("applicability_domain").toString());
                warnings.add(p.get("warnings").toString());
            }
            assertThat(domains).as("one domain answer for every composition").hasSize(1);
            assertThat(warnings).containsExactly("[]");
            JsonNode d = ps.get(0).get("applicability_domain");
            assertThat(d.get("checked").asBoolean()).isFalse();
            assertThat(d.get("reason").asString()).contains("model-use-only");
            assertThat(d.has("in_domain")).isFalse();
            assertThat(d.has("nearest_training_distance")).isFalse();
            JsonNode card = api.get("/api/v1/models/" + model).json();
            assertThat(card.get("applicability_domain")).isEqualTo(d);
            assertThat(card.has("skill")).isFalse();
            assertThat(card.has("warning")).isFalse();
            // no element list: Hf and Sc are training cations, Os is not; the card may not say which
            assertThat(card.toString()).doesNotContain("\"Hf\"").doesNotContain("\"Sc\"").doesNotContain("threshold");
        }
    }
}
