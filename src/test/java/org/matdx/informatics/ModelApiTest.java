package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The model registry over HTTP: training as a job, the model card, and predictions single, batch and CSV. */
class ModelApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;
    static String model;
    static JsonNode job;

    static final String[][] GAPS = {
            {"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
            {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
            {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"BaTiO3", "3.2"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"},
            {"Y2O3", "5.6"}, {"CdO", "2.2"}, {"Bi2O3", "2.8"}, {"V2O5", "2.3"}, {"Ta2O5", "4.0"}, {"MoO3", "3.0"}};

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"Oxide gaps\", \"access\": \"public\"}");
        dataset = d.json().get("id").asString();
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (String[] g : GAPS) {
            ObjectNode e = entries.addObject().put("formula", g[0]);
            e.putObject("properties").putObject("band_gap").put("value", Double.parseDouble(g[1])).put("unit", "eV");
        }
        // a failed run and an entry without the target are not training rows
        entries.addObject().put("formula", "GaN").put("outcome", "failed").putObject("properties").putObject("band_gap")
                .put("value", 99).put("unit", "eV");
        entries.addObject().put("formula", "AlN");
        var r = alice.api().post("/api/v1/datasets/" + dataset + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var t = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + dataset + "\"], \"target\": \"band_gap\","
                + " \"name\": \"gaps\", \"members\": 3, \"folds\": 3, \"search_seconds\": 0}");
        assertThat(t.status()).as(t.body()).isEqualTo(202);
        job = waitFor(alice.api(), t.json().get("job").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        model = job.at("/result/model").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode waitFor(ApiClient api, String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonNode s = api.get("/api/v1/jobs/" + id).json();
            String st = s.get("status").asString();
            if (st.equals("succeeded") || st.equals("failed") || st.equals("cancelled")) {
                return s;
            }
            tp.platform().worker().nudge();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void theTrainingJobRunsAsItsStarterFromTheJob() {
        var trained = tp.platform().audit().forObject("model", model).stream().filter(e -> e.action().equals("model.train")).toList();
        assertThat(trained).hasSize(1);
        assertThat(trained.get(0).actorId()).isEqualTo(alice.user().id());
        assertThat(trained.get(0).remoteAddress()).isEqualTo("job:" + job.get("id").asString());
    }

    @Test
    void trainingJobRecordsProvenanceAndCrossValidation() {
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(job.get("kind").asString()).isEqualTo(ModelService.JOB_KIND);
        JsonNode card = alice.api().get("/api/v1/models/" + model).json();
        assertThat(card.get("name").asString()).isEqualTo("gaps");
        assertThat(card.get("access").asString()).isEqualTo("full");
        assertThat(card.get("unit").asString()).isEqualTo("eV");
        assertThat(card.get("features").asString()).isEqualTo("magpie+oxidation+fractions@1");
        assertThat(card.get("training_rows").asInt()).isEqualTo(24); // not the failed run, not AlN
        assertThat(card.at("/inputs/0/dataset").asString()).isEqualTo(dataset);
        assertThat(card.at("/inputs/0/rows").asInt()).isEqualTo(24);
        assertThat(card.at("/inputs/0/rows_sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(card.at("/recipe/members").asInt()).isEqualTo(3);
        assertThat(card.at("/recipe/hurdle").asBoolean()).isFalse(); // no zero gaps
        assertThat(card.at("/hyperparameter_search/ran").asBoolean()).isFalse();
        JsonNode cv = card.get("cross_validation");
        assertThat(cv.get("folds").asInt()).isEqualTo(3);
        int tested = 0;
        double maeSum = 0;
        for (JsonNode f : cv.get("per_fold")) {
            tested += f.get("test_rows").asInt();
            maeSum += f.get("mae").asDouble();
        }
        assertThat(tested).isEqualTo(24);
        assertThat(cv.get("uncertainty_scale").asDouble()).isGreaterThan(0); // 3 members: spread to calibrate
        assertThat(cv.at("/summary/mae/mean").asDouble()).isCloseTo(maeSum / 3, within(1e-9)).isBetween(0.1, 3.0);
        assertThat(card.get("importance").size()).isBetween(1, 15);
        assertThat(card.get("artifact_sha256").asString()).matches("[0-9a-f]{64}");
        // the artifact is a registered blob
        assertThat(tp.platform().blobStore().exists(card.get("artifact_sha256").asString())).isTrue();
        // listed, and offered to substitution screens as everyone may predict with it
        assertThat(tp.anonymous().get("/api/v1/models").json().get("items").valueStream()
                .map(n -> n.get("id").asString())).contains(model);
        assertThat(tp.platform().screens().models().names()).contains("model:" + model);
        assertThat(tp.platform().audit().forObject("model", model)).anyMatch(e -> e.action().equals("model.train"));
    }

    @Test
    void predictsOneCompositionWithUncertaintyAndContributions() {
        var r = tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"MgO\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("formula").asString()).isEqualTo("MgO");
        assertThat(p.get("unit").asString()).isEqualTo("eV");
        double mgo = p.get("prediction").asDouble();
        double cuo = tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"CuO\"}").json()
                .get("prediction").asDouble();
        assertThat(mgo).isGreaterThan(cuo + 1); // 7.8 eV and 1.2 eV in the training data
        assertThat(p.get("uncertainty").asDouble()).isGreaterThan(0);
        JsonNode c = p.get("contributions");
        assertThat(c.size()).isEqualTo(ModelService.TOP_CONTRIBUTIONS);
        for (int i = 1; i < c.size(); i++) {
            assertThat(Math.abs(c.get(i - 1).get("contribution").asDouble()))
                    .isGreaterThanOrEqualTo(Math.abs(c.get(i).get("contribution").asDouble()));
        }
        // the base value (the training data's expected value) is for those who may read the data
        assertThat(p.has("base_value")).isTrue();
        // the same numbers as the service computes
        var direct = tp.platform().models().predict(org.matdx.core.RequestContext.local(org.matdx.core.Caller.ANONYMOUS), UUID.fromString(model),
                java.util.List.of(org.matdx.core.Composition.parse("MgO"))).get(0);
        assertThat(mgo).isEqualTo(direct.value());
        assertThat(p.get("uncertainty").asDouble()).isEqualTo(direct.uncertainty());
    }

    @Test
    void batchAndCsvGiveTheSameAnswersAsSingleRequests() {
        double zno = single("ZnO");
        double sio2 = single("SiO2");
        JsonNode batch = tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formulas\": [\"ZnO\", \"SiO2\"]}").json();
        assertThat(batch.get("predictions").get(0).get("prediction").asDouble()).isEqualTo(zno);
        assertThat(batch.get("predictions").get(1).get("prediction").asDouble()).isEqualTo(sio2);
        JsonNode array = tp.anonymous().post("/api/v1/models/" + model + "/predict", "[\"SiO2\"]").json();
        assertThat(array.get("predictions").get(0).get("prediction").asDouble()).isEqualTo(sio2);

        var csv = tp.anonymous().send(tp.anonymous().request("/api/v1/models/" + model + "/predict")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("id,formula\n1,ZnO\n2,SiO2\n")));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.json().get("predictions").get(1).get("prediction").asDouble()).isEqualTo(sio2);

        String boundary = "matdxboundary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nformula\nZnO\n\r\n--" + boundary + "--\r\n";
        var upload = tp.anonymous().send(tp.anonymous().request("/api/v1/models/" + model + "/predict")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(upload.json().get("predictions").get(0).get("prediction").asDouble()).isEqualTo(zno);
    }

    static double single(String f) {
        return tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"" + f + "\"}").json()
                .get("prediction").asDouble();
    }

    @Test
    void badRequestsNameTheFieldOrLine() {
        var bad = tp.anonymous().post("/api/v1/models/" + model + "/predict", "{\"formulas\": [\"ZnO\", \"Qq3\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asString()).isEqualTo("formulas[1]");
        var csv = tp.anonymous().send(tp.anonymous().request("/api/v1/models/" + model + "/predict")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("formula\nZnO\nZn(O\n")));
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.body()).contains("line 3");
        var header = tp.anonymous().send(tp.anonymous().request("/api/v1/models/" + model + "/predict")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("name\nZnO\n")));
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.body()).contains("line 1").contains("'formula'");
        assertThat(tp.anonymous().post("/api/v1/models/" + UUID.randomUUID() + "/predict", "{\"formula\": \"ZnO\"}").status())
                .isEqualTo(404);
        assertThat(tp.anonymous().post("/api/v1/models", "{\"datasets\": [\"" + dataset + "\"], \"target\": \"band_gap\"}")
                .status()).isEqualTo(401);
        var invalid = alice.api().post("/api/v1/models", "{\"datasets\": [\"nope\"], \"members\": 99}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("datasets[0]", "target", "members");
    }

    @Test
    void trainingOnAMissingTargetFailsTheJobWithAClearMessageAndNoModel() {
        int before = tp.platform().models().store().ids().size();
        var t = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + dataset + "\"], \"target\": \"density\","
                + " \"members\": 1, \"folds\": 2, \"search_seconds\": 0}");
        assertThat(t.status()).isEqualTo(202);
        JsonNode s = waitFor(alice.api(), t.json().get("job").asString());
        assertThat(s.get("status").asString()).isEqualTo("failed");
        assertThat(s.get("attempts").asInt()).isEqualTo(1); // bad input is not retried
        assertThat(s.get("error").asString()).contains("found 0 entries").contains("'density'");
        assertThat(tp.platform().models().store().ids()).hasSize(before);
    }

    static String rockSalt(String cation, String anion, double a) {
        StringBuilder sites = new StringBuilder();
        double[][] fcc = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (double[] f : fcc) {
            sites.append(sites.isEmpty() ? "" : ",").append("{\"label\": \"").append(cation).append("\", \"species\": {\"")
                    .append(cation).append("\": 1.0}, \"frac\": [").append(f[0]).append(",").append(f[1]).append(",").append(f[2]).append("]}");
            sites.append(",{\"label\": \"").append(anion).append("\", \"species\": {\"").append(anion)
                    .append("\": 1.0}, \"frac\": [").append((f[0] + 0.5) % 1).append(",").append(f[1]).append(",").append(f[2]).append("]}");
        }
        return "{\"lattice_vectors\": [[" + a + ", 0, 0], [0, " + a + ", 0], [0, 0, " + a + "]], \"sites\": [" + sites + "]}";
    }

    @Test
    void structureFeaturesTrainFromStructuresAndPredictWithOrWithoutOne() {
        Object[][] rows = {{"Mg", "O", 4.21, 7.8}, {"Ca", "O", 4.81, 7.1}, {"Sr", "O", 5.16, 5.9}, {"Ba", "O", 5.52, 4.4},
                {"Ni", "O", 4.18, 3.8}, {"Cd", "O", 4.70, 2.2}, {"Na", "Cl", 5.64, 8.5}, {"K", "Cl", 6.29, 8.4},
                {"Li", "F", 4.03, 13.6}, {"Na", "F", 4.63, 11.5}, {"K", "Br", 6.60, 7.4}, {"Ag", "Cl", 5.55, 3.25}};
        String id = alice.api().post("/api/v1/datasets", "{\"title\": \"Rock salts\", \"access\": \"public\"}")
                .json().get("id").asString();
        StringBuilder entries = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < rows.length; i++) {
            Object[] r = rows[i];
            entries.append(i == 0 ? "" : ",").append("{\"kind\": \"structure\", \"formula\": \"").append(r[0]).append("4")
                    .append(r[1]).append("4\", \"properties\": {\"band_gap\": {\"value\": ").append(r[3])
                    .append(", \"unit\": \"eV\"}}, \"data\": {\"structure\": ")
                    .append(rockSalt((String) r[0], (String) r[1], (Double) r[2])).append("}}");
        }
        var added = alice.api().post("/api/v1/datasets/" + id + "/entries", entries.append("]}").toString());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        var t = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + id + "\"], \"target\": \"band_gap\","
                + " \"features\": \"magpie+structure\", \"members\": 2, \"folds\": 3, \"search_seconds\": 0}");
        JsonNode s = waitFor(alice.api(), t.json().get("job").asString());
        assertThat(s.get("status").asString()).as(s.toString()).isEqualTo("succeeded");
        String m = s.at("/result/model").asString();
        JsonNode card = alice.api().get("/api/v1/models/" + m).json();
        assertThat(card.get("features").asString()).isEqualTo("magpie+structure@1");
        assertThat(card.get("training_rows").asInt()).isEqualTo(12);

        var withStructure = alice.api().post("/api/v1/models/" + m + "/predict",
                "{\"structure\": " + rockSalt("Mg", "O", 4.21) + "}");
        assertThat(withStructure.status()).as(withStructure.body()).isEqualTo(200);
        assertThat(withStructure.json().get("formula").asString()).isEqualTo("MgO");
        var direct = tp.platform().models().predictQueries(RequestContext.local(org.matdx.core.Caller.ANONYMOUS), UUID.fromString(m),
                java.util.List.of(new Query(org.matdx.core.Composition.parse("MgO"),
                        org.matdx.informatics.StructureFeaturesTest.rockSalt("Mg", "O", 4.21)))).get(0);
        assertThat(withStructure.json().get("prediction").asDouble()).isEqualTo(direct.value());
        var formulaOnly = alice.api().post("/api/v1/models/" + m + "/predict", "{\"formula\": \"MgO\"}");
        assertThat(formulaOnly.status()).isEqualTo(200);
        assertThat(formulaOnly.json().get("prediction").asDouble()).isFinite();
        var mismatch = alice.api().post("/api/v1/models/" + m + "/predict",
                "{\"formula\": \"CaO\", \"structure\": " + rockSalt("Mg", "O", 4.21) + "}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().at("/errors/0/field").asString()).isEqualTo("structure");
    }

    @Test
    void classificationModelsAnswerAProbabilityAndLabel() {
        // is the oxide's gap wider than 3.5 eV? (a yes/no property)
        String id = alice.api().post("/api/v1/datasets", "{\"title\": \"Wide gaps\", \"access\": \"public\"}")
                .json().get("id").asString();
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (String[] g : GAPS) {
            ObjectNode e = entries.addObject().put("formula", g[0]);
            e.putObject("properties").putObject("wide_gap").put("value", Double.parseDouble(g[1]) > 3.5 ? 1 : 0).put("unit", "");
        }
        assertThat(alice.api().post("/api/v1/datasets/" + id + "/entries", Json.object().set("entries", entries)).status())
                .isEqualTo(201);
        var t = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + id + "\"], \"target\": \"wide_gap\","
                + " \"task\": \"classification\", \"members\": 2, \"folds\": 3, \"search_seconds\": 0}");
        JsonNode s = waitFor(alice.api(), t.json().get("job").asString());
        assertThat(s.get("status").asString()).as(s.toString()).isEqualTo("succeeded");
        String m = s.at("/result/model").asString();
        JsonNode card = alice.api().get("/api/v1/models/" + m).json();
        assertThat(card.get("task").asString()).isEqualTo("classification");
        assertThat(card.at("/cross_validation/summary").has("roc_auc")).isTrue();
        assertThat(card.at("/cross_validation/summary").has("f1")).isTrue();
        JsonNode mgo = alice.api().post("/api/v1/models/" + m + "/predict", "{\"formula\": \"MgO\"}").json();
        assertThat(mgo.get("probability").asDouble()).isBetween(0.0, 1.0);
        assertThat(mgo.get("label").asBoolean()).isEqualTo(mgo.get("probability").asDouble() >= 0.5);
        assertThat(mgo.has("prediction")).isFalse();
        // classification targets must be 0 or 1
        var bad = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + dataset + "\"], \"target\": \"band_gap\","
                + " \"task\": \"classification\", \"members\": 1, \"folds\": 2, \"search_seconds\": 0}");
        JsonNode f = waitFor(alice.api(), bad.json().get("job").asString());
        assertThat(f.get("status").asString()).isEqualTo("failed");
        assertThat(f.get("error").asString()).contains("values of 0 or 1");

        // without "task", 0/1 targets are a classification (issue 20: they were silently a regression)
        var inferred = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + id + "\"], \"target\": \"wide_gap\","
                + " \"members\": 1, \"folds\": 3, \"search_seconds\": 0}");
        JsonNode is = waitFor(alice.api(), inferred.json().get("job").asString());
        assertThat(is.get("status").asString()).as(is.toString()).isEqualTo("succeeded");
        assertThat(is.at("/result/task").asString()).isEqualTo("classification");
        JsonNode inferredCard = alice.api().get("/api/v1/models/" + is.at("/result/model").asString()).json();
        assertThat(inferredCard.get("task").asString()).isEqualTo("classification");
        assertThat(inferredCard.get("name").asString()).isEqualTo("wide_gap (classification, magpie+oxidation+fractions)");
        assertThat(inferredCard.at("/cross_validation/summary").has("roc_auc")).isTrue();
        assertThat(inferredCard.at("/cross_validation/summary").has("mae")).isFalse();
        // …unless the caller says they are numbers
        var numbers = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + id + "\"], \"target\": \"wide_gap\","
                + " \"task\": \"regression\", \"members\": 1, \"folds\": 3, \"search_seconds\": 0}");
        JsonNode ns = waitFor(alice.api(), numbers.json().get("job").asString());
        assertThat(ns.at("/result/task").asString()).as(ns.toString()).isEqualTo("regression");
        // a hurdle (regression only) on what turns out to be labels: refused with the reason
        var hurdle = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + id + "\"], \"target\": \"wide_gap\","
                + " \"hurdle\": true, \"members\": 1, \"folds\": 3, \"search_seconds\": 0}");
        JsonNode hs = waitFor(alice.api(), hurdle.json().get("job").asString());
        assertThat(hs.get("status").asString()).isEqualTo("failed");
        assertThat(hs.get("error").asString()).contains("hurdle").contains("yes/no label");
        // band gaps (numbers) are still a regression when nobody says
        JsonNode gaps = alice.api().get("/api/v1/models/" + model).json();
        assertThat(gaps.get("task").asString()).isEqualTo("regression");
    }
}
