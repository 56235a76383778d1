package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.access.ModelUse;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Group;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Leak suite for models: a model is never more visible than its most restricted input, and a
 * model trained on model-use-only data lends its predictions without revealing any training row,
 * count or aggregate — not in the card, the list, the predictions or the errors. alice owns every
 * dataset; bob is in her group; dave reviews the private dataset; carol is a stranger.
 */
class ModelLeakTest {
    enum Model { PUBLIC, PRIVATE, GROUP, EMBARGOED, MUO, MUO_GROUP, MUO_PRIVATE, COMBINED, PRIVATE_MODEL }

    /** Fields derived from training rows that a predict-only caller must never receive. */
    static final Set<String> TRAINING_FIELDS = Set.of("inputs", "training_rows", "cross_validation", "importance",
            "recipe", "hyperparameter_search", "artifact_sha256", "job", "created_by", "base_value", "rows",
            "rows_sha256", "per_fold", "summary", "dataset", "top_features");

    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static TestPlatform.Person carol;
    static TestPlatform.Person dave;
    static final Map<Model, UUID> models = new EnumMap<>(Model.class);
    static final Map<String, UUID> datasets = new java.util.HashMap<>();
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void world() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        carol = tp.person("carol");
        dave = tp.person("dave");
        Group lab = tp.group("lab", alice);
        tp.join(lab, bob, Role.VIEWER);
        dataset("public", "\"access\": \"public\"");
        dataset("private", "\"access\": \"private\"");
        dataset("group", "\"access\": \"group\", \"group\": \"lab\"");
        dataset("embargoed", "\"access\": \"embargoed\", \"embargo_until\": \"2099-01-01\"");
        dataset("muo", "\"access\": \"public\", \"model_use_only\": true");
        dataset("muogroup", "\"access\": \"group\", \"group\": \"lab\", \"model_use_only\": true");
        dataset("muoprivate", "\"access\": \"private\", \"model_use_only\": true");
        tp.platform().db().run(h -> tp.platform().members().put(h, datasets.get("private"), dave.user().id(), "reviewer"));
        var a = alice.caller(tp.platform());
        models.put(Model.PUBLIC, train(a, false, "public"));
        models.put(Model.PRIVATE, train(a, false, "private"));
        models.put(Model.GROUP, train(a, false, "group"));
        models.put(Model.EMBARGOED, train(a, false, "embargoed"));
        models.put(Model.MUO, train(a, false, "muo"));
        models.put(Model.MUO_GROUP, train(a, false, "muogroup"));
        models.put(Model.MUO_PRIVATE, train(a, false, "muoprivate"));
        models.put(Model.COMBINED, train(a, false, "public", "muo"));
        models.put(Model.PRIVATE_MODEL, train(a, true, "public"));
    }

    /** Twenty-one rows (the least a model-use-only input may lend) whose title words and values are unique to the dataset. */
    static void dataset(String marker, String access) {
        String title = marker + "secrettitle";
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"description\": \"" + marker
                + "secretdescription\", " + access + "}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        UUID id = UUID.fromString(d.json().get("id").asString());
        datasets.put(marker, id);
        secrets.add(id.toString());
        secrets.add(title);
        String[] f = {"ZnO", "TiO2", "SnO2", "Ga2O3", "In2O3", "MgO", "Al2O3", "SiO2", "ZrO2", "HfO2", "NiO", "CuO", "WO3",
            "CaO", "SrO", "BaO", "Y2O3", "La2O3", "Nb2O5", "Ta2O5", "MoO3"};
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (int i = 0; i < f.length; i++) {
            ObjectNode e = entries.addObject().put("formula", f[i]).put("title", marker + "secretentry" + i);
            e.putObject("properties").putObject("gap").put("value", 1 + i * 0.5 + marker.length() / 100.0).put("unit", "eV");
        }
        var r = alice.api().post("/api/v1/datasets/" + id + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static UUID train(Caller caller, boolean priv, String... markers) {
        ObjectNode b = Json.object().put("target", "gap").put("members", 2).put("folds", 2).put("search_seconds", 0)
                .put("private", priv).put("name", String.join("+", markers) + (priv ? " private" : ""));
        var ds = b.putArray("datasets");
        for (String m : markers) {
            ds.add(datasets.get(m).toString());
        }
        return tp.platform().models().train(RequestContext.local(caller), TrainRequest.parse(b), null, (x, s) -> true).id();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** The rules written out by hand for this world. */
    static ModelUse expected(String who, Model m) {
        if (who.equals("alice")) {
            return ModelUse.FULL;
        }
        return switch (m) {
            case PUBLIC -> ModelUse.FULL;
            case PRIVATE -> who.equals("dave") ? ModelUse.FULL : ModelUse.NONE;
            case GROUP -> who.equals("bob") ? ModelUse.FULL : ModelUse.NONE;
            case EMBARGOED, MUO_PRIVATE, PRIVATE_MODEL -> ModelUse.NONE;
            case MUO, COMBINED -> ModelUse.PREDICT;
            case MUO_GROUP -> who.equals("bob") ? ModelUse.PREDICT : ModelUse.NONE;
        };
    }

    static Map<String, ApiClient> clients() {
        return Map.of("alice", alice.api(), "bob", bob.api(), "carol", carol.api(), "dave", dave.api(),
                "anonymous", tp.anonymous());
    }

    static Caller caller(String who) {
        return switch (who) {
            case "alice" -> alice.caller(tp.platform());
            case "bob" -> bob.caller(tp.platform());
            case "carol" -> carol.caller(tp.platform());
            case "dave" -> dave.caller(tp.platform());
            default -> Caller.ANONYMOUS;
        };
    }

    @Test
    void listsShowExactlyTheModelsTheRulesAllow() {
        clients().forEach((who, api) -> {
            Set<String> listed = new HashSet<>();
            api.get("/api/v1/models").json().get("items").forEach(n -> listed.add(n.get("id").asString()));
            for (Model m : Model.values()) {
                assertThat(listed.contains(models.get(m).toString())).as(who + " lists " + m)
                        .isEqualTo(expected(who, m) != ModelUse.NONE);
            }
        });
    }

    @Test
    void javaAndSqlFormsOfTheRuleAgree() {
        var policy = tp.platform().policy();
        var store = tp.platform().models().store();
        for (String who : clients().keySet()) {
            Caller c = caller(who);
            for (ModelUse min : new ModelUse[] {ModelUse.PREDICT, ModelUse.FULL}) {
                Set<UUID> sql = new HashSet<>();
                store.list(policy.modelFilter(c, "m", min), null, 1000).forEach(r -> sql.add(r.id()));
                for (Model m : Model.values()) {
                    ModelRecord rec = store.get(models.get(m)).orElseThrow();
                    var inputs = store.inputs(rec.id()).stream()
                            .map(i -> tp.platform().datasets().get(i.datasetId()).orElseThrow()).toList();
                    ModelUse java = policy.modelUse(c, rec.createdBy(), rec.privateModel(), rec.inputCount(), inputs);
                    assertThat(java).as(who + " " + m).isEqualTo(expected(who, m));
                    assertThat(sql.contains(rec.id())).as(who + " " + m + " ≥ " + min).isEqualTo(java.atLeast(min));
                }
            }
        }
    }

    @Test
    void cardsOfModelUseOnlyModelsRevealNothingLearnedFromTheRows() {
        clients().forEach((who, api) -> {
            for (Model m : Model.values()) {
                var r = api.get("/api/v1/models/" + models.get(m));
                ModelUse use = expected(who, m);
                if (use == ModelUse.NONE) {
                    assertThat(r.status()).as(who + " " + m).isEqualTo(404);
                    assertNoSecrets(r.body(), who + " " + m);
                    continue;
                }
                assertThat(r.status()).as(who + " " + m).isEqualTo(200);
                JsonNode card = r.json();
                assertThat(card.get("access").asString()).isEqualTo(use == ModelUse.FULL ? "full" : "predict");
                if (use == ModelUse.PREDICT) {
                    assertThat(fieldNames(card)).as(who + " " + m).doesNotContainAnyElementsOf(TRAINING_FIELDS);
                    assertNoSecrets(r.body(), who + " " + m);
                    assertThat(numbers(card)).as(who + " " + m).doesNotContain(21.0, 42.0); // the row counts
                } else {
                    assertThat(card.get("training_rows").asInt()).isEqualTo(m == Model.COMBINED ? 42 : 21);
                }
            }
        });
    }

    @Test
    void predictionsForModelUseOnlyModelsCarryNoBaseValue() {
        double full = tp.platform().models().predict(org.matdx.core.RequestContext.local(alice.caller(tp.platform())), models.get(Model.MUO),
                List.of(org.matdx.core.Composition.parse("ZnO"))).get(0).value();
        clients().forEach((who, api) -> {
            for (Model m : Model.values()) {
                String path = "/api/v1/models/" + models.get(m) + "/predict";
                var r = api.post(path, "{\"formulas\": [\"ZnO\", \"MgO\"]}");
                ModelUse use = expected(who, m);
                if (use == ModelUse.NONE) {
                    assertThat(r.status()).as(who + " " + m).isEqualTo(404);
                    // hidden comes before any check of the body, so a bad body reveals nothing either
                    assertThat(api.post(path, "{\"formula\": \"Qq\"}").status()).isEqualTo(404);
                    assertThat(api.send(api.request(path).header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString("nothing\n"))).status()).isEqualTo(404);
                    continue;
                }
                assertThat(r.status()).as(who + " " + m + " " + r.body()).isEqualTo(200);
                assertNoSecrets(r.body(), who + " " + m);
                boolean learnedFromLentRows = m == Model.MUO || m == Model.MUO_GROUP || m == Model.MUO_PRIVATE
                        || m == Model.COMBINED;
                for (JsonNode p : r.json().get("predictions")) {
                    // a private model gives nobody a base value (an aggregate of the rows) or contributions
                    assertThat(p.has("base_value")).as(who + " " + m).isEqualTo(use == ModelUse.FULL && !learnedFromLentRows);
                    if (learnedFromLentRows) {
                        assertThat(p.get("contributions")).as(who + " " + m).isEmpty();
                    }
                }
                if (m == Model.MUO) {
                    assertThat(r.json().at("/predictions/0/prediction").asDouble()).isEqualTo(full);
                }
                var bad = api.post(path, "{\"formulas\": [\"ZnO\", \"Qq2\"]}");
                assertThat(bad.status()).isEqualTo(400);
                assertNoSecrets(bad.body(), who + " " + m + " error");
                assertThat(numbers(bad.json())).doesNotContain(21.0, 42.0);
            }
        });
    }

    @Test
    void othersCannotTrainOnDataTheyMayNotRead() {
        var muo = carol.api().post("/api/v1/models", "{\"datasets\": [\"" + datasets.get("muo") + "\"], \"target\": \"gap\"}");
        assertThat(muo.status()).isEqualTo(404);
        assertNoSecrets(muo.body(), "train on muo");
        var priv = carol.api().post("/api/v1/models", "{\"datasets\": [\"" + datasets.get("private") + "\"], \"target\": \"gap\"}");
        assertThat(priv.status()).isEqualTo(404);
        var emb = carol.api().post("/api/v1/models", "{\"datasets\": [\"" + datasets.get("embargoed") + "\"], \"target\": \"gap\"}");
        assertThat(emb.status()).isEqualTo(403); // its description is public; its data is not
        // in the job itself (as the API checks only at submission): the catalog still refuses
        var carolCaller = carol.caller(tp.platform());
        assertThatThrownBy(() -> train(carolCaller, false, "muo")).hasMessageContaining("no dataset");
    }

    /** Screens score thousands of compositions for whoever asks: models fed by model-use-only rows stay out of them. */
    @Test
    void screensOnlyGetModelsEveryoneMayUse() {
        var names = tp.platform().screens().models().names();
        assertThat(names).contains("model:" + models.get(Model.PUBLIC));
        assertThat(names).doesNotContain("model:" + models.get(Model.MUO), "model:" + models.get(Model.COMBINED));
        assertThat(names).doesNotContain("model:" + models.get(Model.PRIVATE), "model:" + models.get(Model.GROUP),
                "model:" + models.get(Model.MUO_GROUP), "model:" + models.get(Model.PRIVATE_MODEL),
                "model:" + models.get(Model.EMBARGOED), "model:" + models.get(Model.MUO_PRIVATE));
    }

    /** Changes only its own dataset and model: closing an input closes its models. */
    @Test
    void closingOrDeletingAnInputClosesItsModels() {
        dataset("closing", "\"access\": \"group\", \"group\": \"lab\", \"model_use_only\": true");
        UUID ds = datasets.get("closing");
        String path = "/api/v1/models/" + train(alice.caller(tp.platform()), false, "closing");
        assertThat(bob.api().get(path).status()).isEqualTo(200);
        tp.platform().db().run(h -> tp.platform().datasets().updateAccess(h, ds,
                new AccessSettings(AccessLevel.PRIVATE, null, true), tp.clock().instant()));
        assertThat(bob.api().get(path).status()).isEqualTo(404);
        assertThat(bob.api().post(path + "/predict", "{\"formula\": \"ZnO\"}").status()).isEqualTo(404);
        assertThat(alice.api().get(path).status()).isEqualTo(200);
        // a deleted input hides the model even from its trainer: its provenance is incomplete
        tp.platform().db().run(h -> h.execute("DELETE FROM datasets WHERE id = ?", ds));
        assertThat(alice.api().get(path).status()).isEqualTo(404);
        assertThat(tp.platform().policy().modelFilter(Caller.ANONYMOUS, "m", ModelUse.PREDICT).sql()).contains("input_count");
    }

    static void assertNoSecrets(String body, String what) {
        for (String s : secrets) {
            assertThat(body).as(what + " mentions " + s).doesNotContain(s);
        }
        assertThat(body).as(what).doesNotContain("secret");
    }

    /** Every number anywhere in a document. */
    static List<Double> numbers(JsonNode n) {
        List<Double> out = new ArrayList<>();
        if (n.isNumber()) {
            out.add(n.asDouble());
        } else if (n.isObject() || n.isArray()) {
            n.forEach(x -> out.addAll(numbers(x)));
        }
        return out;
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new HashSet<>();
        if (n.isObject()) {
            n.properties().forEach(e -> {
                out.add(e.getKey());
                out.addAll(fieldNames(e.getValue()));
            });
        } else if (n.isArray()) {
            n.forEach(x -> out.addAll(fieldNames(x)));
        }
        return out;
    }
}
