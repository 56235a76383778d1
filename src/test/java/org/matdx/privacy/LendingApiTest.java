package org.matdx.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AuditEvent;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.informatics.ModelService;
import org.matdx.informatics.PrivateTraining;
import org.matdx.informatics.TrainRequest;
import org.matdx.testing.ApiClient;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Owners see and steer what their model-use-only data lends: ε, the models it feeds, who predicted
 * how often (budgets kept in PostgreSQL), withdrawal; and what a careless or hostile caller sends
 * to these endpoints.
 */
class LendingApiTest {
    static final MutableClock clock = MutableClock.at("2026-06-01T09:00:00Z");
    static TestPlatform tp;
    static TestPlatform.Person olga;
    static TestPlatform.Person carol;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
        olga = tp.person("olga");
        carol = tp.person("carol");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static UUID dataset(String title, boolean modelUseOnly, int rows) {
        var d = olga.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"public\", \"model_use_only\": "
                + modelUseOnly + "}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        String id = d.json().get("id").asString();
        String[] a = {"Li", "Na", "K", "Mg", "Ca", "Sr", "Ba", "Y", "La", "Al", "Ga", "In", "Sc", "Zr", "Hf", "Ti", "Nb",
            "Ta", "Zn", "Cd", "Ge", "Si", "W", "Mo", "Fe", "Co", "Ni", "Cu"};
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (int i = 0; i < rows; i++) {
            ObjectNode e = entries.addObject().put("formula", a[i % a.length] + (modelUseOnly ? "2O3" : "O") + (i >= a.length ? "2" : ""));
            e.putObject("properties").putObject("gap").put("value", 1 + (i % 7) * 0.6).put("unit", "eV");
        }
        var r = olga.api().post("/api/v1/datasets/" + id + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(id);
    }

    static UUID train(String name, UUID... ds) {
        ObjectNode b = Json.object().put("target", "gap").put("members", 2).put("folds", 2).put("search_seconds", 0)
                .put("name", name);
        var arr = b.putArray("datasets");
        for (UUID d : ds) {
            arr.add(d.toString());
        }
        b.putArray("target_range").add(0).add(6);
        return tp.platform().models().train(RequestContext.local(olga.caller(tp.platform())), TrainRequest.parse(b), null,
                (x, s) -> true).id();
    }

    static List<String> formulas(int n) {
        List<String> f = new ArrayList<>();
        String[] a = {"Li", "Na", "K", "Mg", "Ca", "Sr", "Ba", "Y", "La", "Al"};
        for (int i = 0; i < n; i++) {
            f.add(a[i % a.length] + a[(i / a.length) % a.length] + "O" + (1 + i / 100));
        }
        return f;
    }

    @Test
    void refusesAModelUseOnlyInputWithTooFewRows() {
        UUID small = dataset("small lent", true, PrivateTraining.MIN_ROWS - 1);
        try {
            train("too small", small); // checked in the training job, where the rows are read
            throw new AssertionError("trained on " + (PrivateTraining.MIN_ROWS - 1) + " lent rows");
        } catch (org.matdx.core.Problem p) {
            assertThat(p.type().status).isEqualTo(400);
            assertThat(p.getMessage()).contains("needs at least " + PrivateTraining.MIN_ROWS);
        }
        assertThat(tp.platform().models().store().fedBy(small)).isEmpty();
    }

    @Test
    void predictionsAreBudgetedPerRequestAndPerCallerPerDayAndTheOwnerSeesWho() throws Exception {
        UUID lent = dataset("budget lent", true, 24);
        UUID model = train("budgeted", lent);
        String path = "/api/v1/models/" + model + "/predict";
        var tooMany = tp.anonymous().post(path, Json.object().set("formulas", Json.MAPPER.valueToTree(formulas(ModelService.PROTECTED_BATCH + 1))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most " + ModelService.PROTECTED_BATCH);

        // concurrent requests from one caller: the budget is counted in one statement, so never overdrawn
        // (two at a time: a caller's third computing request is refused before it counts, web.HeavyRequests)
        int perRequest = ModelService.PROTECTED_BATCH;
        int fit = (int) (ModelService.PROTECTED_PER_DAY / perRequest);
        ApiClient carolApi = carol.api();
        String body = Json.write(Json.object().set("formulas", Json.MAPPER.valueToTree(formulas(perRequest))));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < fit + 3; i++) {
            answers.add(pool.submit((Callable<Integer>) () -> carolApi.post(path, body).status()));
        }
        int ok = 0;
        int refused = 0;
        for (Future<Integer> f : answers) {
            int s = f.get();
            ok += s == 200 ? 1 : 0;
            refused += s == 429 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(fit);
        assertThat(refused).isEqualTo(3);
        var problem = carolApi.post(path, body);
        assertThat(problem.status()).isEqualTo(429);
        assertThat(problem.contentType()).contains("problem+json");
        // others are not affected, and the next UTC day starts afresh
        assertThat(tp.anonymous().post(path, "{\"formula\": \"ZnO\"}").status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        assertThat(carolApi.post(path, "{\"formula\": \"ZnO\"}").status()).isEqualTo(200);

        JsonNode view = olga.api().get("/api/v1/datasets/" + lent + "/lending").json();
        assertThat(view.get("epsilon").asDouble()).isEqualTo(PrivateTraining.DEFAULT_EPSILON);
        JsonNode m = view.get("models").get(0);
        assertThat(m.get("id").asString()).isEqualTo(model.toString());
        assertThat(m.at("/utility/private").asDouble()).isPositive();
        List<String> callers = new ArrayList<>();
        m.get("usage").forEach(u -> callers.add(u.get("caller").asString() + "=" + u.get("compositions").asLong()));
        assertThat(callers).contains("user:carol=" + ModelService.PROTECTED_PER_DAY, "user:carol=1", "anonymous@127.0.0.1=1");
        // only the owner sees it; for everyone else a model-use-only dataset does not exist
        assertThat(carolApi.get("/api/v1/datasets/" + lent + "/lending").status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/datasets/" + lent + "/lending").status()).isEqualTo(404);
        assertThat(olga.api().get("/api/v1/datasets/" + UUID.randomUUID() + "/lending").status()).isEqualTo(404);
        var page = olga.api().get("/datasets/" + lent + "/lending");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("user:carol", "budgeted");
    }

    @Test
    void ownerSetsEpsilonAndNewModelsUseTheSmallestOfTheirLenders() {
        UUID a = dataset("eps a", true, 24);
        UUID b = dataset("eps b", true, 24);
        for (String bad : new String[] {"{\"epsilon\": 0}", "{\"epsilon\": -1}", "{\"epsilon\": 11}", "{\"epsilon\": \"NaN\"}",
            "{\"epsilon\": 1e308}", "{}", "[1]", "{\"epsilon\": {\"x\": 1}}"}) {
            var r = olga.api().put("/api/v1/datasets/" + a + "/lending", bad);
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
        }
        assertThat(carol.api().put("/api/v1/datasets/" + a + "/lending", "{\"epsilon\": 9}").status()).isEqualTo(404);
        var readOnly = tp.person("olga-ro", Scope.READ);
        assertThat(readOnly.api().put("/api/v1/datasets/" + a + "/lending", "{\"epsilon\": 9}").status()).isIn(403, 404);
        var set = olga.api().put("/api/v1/datasets/" + a + "/lending", "{\"epsilon\": 0.5}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("epsilon").asDouble()).isEqualTo(0.5);
        assertThat(olga.api().put("/api/v1/datasets/" + b + "/lending", "{\"epsilon\": 4}").status()).isEqualTo(200);
        UUID model = train("two lenders", a, b);
        JsonNode card = tp.anonymous().get("/api/v1/models/" + model).json();
        assertThat(card.at("/privacy/epsilon").asDouble()).isEqualTo(0.5);
        double spent = 0;
        for (JsonNode s : card.at("/privacy/budget")) {
            spent += s.get("epsilon").asDouble();
        }
        assertThat(spent).as("the ledger adds up to ε").isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tp.platform().audit().forObject("dataset", a.toString()).stream().map(AuditEvent::action))
                .contains("dataset.privacy");
    }

    @Test
    void withdrawalTakesModelsOutOfServiceAndRetrainsMixedOnesWithoutTheData() {
        UUID lent = dataset("withdrawn lent", true, 24);
        UUID open = dataset("open rows", false, 24);
        UUID only = train("only lent", lent);
        UUID mixed = train("mixed", lent, open);
        assertThat(carol.api().post("/api/v1/datasets/" + lent + "/lending/withdraw", "{}").status()).isEqualTo(404);
        assertThat(tp.anonymous().post("/api/v1/models/" + only + "/predict", "{\"formula\": \"ZnO\"}").status()).isEqualTo(200);
        var w = olga.api().post("/api/v1/datasets/" + lent + "/lending/withdraw", "{}");
        assertThat(w.status()).as(w.body()).isEqualTo(200);
        assertThat(w.json().get("models")).hasSize(2);
        // gone for predict-only callers at once, listed nowhere, and the owner's card says so
        for (UUID m : List.of(only, mixed)) {
            assertThat(tp.anonymous().get("/api/v1/models/" + m).status()).isEqualTo(404);
            assertThat(tp.anonymous().post("/api/v1/models/" + m + "/predict", "{\"formula\": \"ZnO\"}").status()).isEqualTo(404);
            var own = olga.api().get("/api/v1/models/" + m);
            assertThat(own.json().has("withdrawn_at")).isTrue();
            assertThat(olga.api().post("/api/v1/models/" + m + "/predict", "{\"formula\": \"ZnO\"}").status()).isEqualTo(409);
        }
        List<String> listed = new ArrayList<>();
        olga.api().get("/api/v1/models").json().get("items").forEach(n -> listed.add(n.get("id").asString()));
        assertThat(listed).doesNotContain(only.toString(), mixed.toString());
        // the mixed model is retrained without the withdrawn rows, as its creator
        String job = null;
        for (JsonNode m : w.json().get("models")) {
            if (m.get("id").asString().equals(mixed.toString())) {
                job = m.get("retrain_job").asString();
            } else {
                assertThat(m.has("retrain_job")).isFalse();
            }
        }
        assertThat(job).isNotNull();
        JsonNode payload = tp.platform().jobs().get(UUID.fromString(job)).orElseThrow().payload();
        assertThat(payload.get("datasets").toString()).contains(open.toString()).doesNotContain(lent.toString());
        // nobody may learn from it again, and the withdrawal is audited
        var again = olga.api().post("/api/v1/models", "{\"datasets\": [\"" + lent + "\"], \"target\": \"gap\"}");
        assertThat(again.status()).isEqualTo(202);
        try {
            train("after withdrawal", lent);
            throw new AssertionError("trained on a withdrawn dataset");
        } catch (org.matdx.core.Problem p) {
            assertThat(p.getMessage()).contains("withdrawn");
        }
        assertThat(tp.platform().audit().forObject("model", only.toString()).stream().map(AuditEvent::action))
                .contains("model.withdraw");
        assertThat(tp.platform().audit().forObject("dataset", lent.toString()).stream().map(AuditEvent::action))
                .contains("dataset.withdraw");
        assertThat(olga.api().get("/api/v1/datasets/" + lent + "/lending").json().has("withdrawn_at")).isTrue();
    }

    /**
     * A model trained on lent rows before private training (as an upgrade finds it: an ordinary
     * ensemble, no protection) answers only its full viewers.
     */
    @Test
    void modelsTrainedOnLentRowsBeforePrivateTrainingAnswerOnlyFullViewers() {
        UUID lent = dataset("legacy lent", true, 24);
        ObjectNode b = Json.object().put("target", "gap").put("members", 2).put("folds", 2).put("search_seconds", 0)
                .put("name", "legacy").put("private", true); // trained as before: only its trainer could use it
        b.putArray("datasets").add(lent.toString());
        UUID model = tp.platform().models().train(RequestContext.local(olga.caller(tp.platform())), TrainRequest.parse(b), null, (x, s) -> true).id();
        tp.platform().db().run(h -> h.execute("UPDATE models SET private = false WHERE id = ?", model));
        assertThat(tp.anonymous().get("/api/v1/models/" + model).status()).isEqualTo(200);
        var r = tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"ZnO\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains("retrained");
        assertThat(olga.api().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"ZnO\"}").status()).isEqualTo(200);
        assertThat(tp.platform().screens().models().names()).doesNotContain("model:" + model);
    }
}
