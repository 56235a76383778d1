package org.matdx.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.informatics.BoostedModel;
import org.matdx.informatics.CompositionFeatures;
import org.matdx.informatics.Matrix;
import org.matdx.informatics.ModelRecord;
import org.matdx.informatics.ModelService;
import org.matdx.informatics.ModelTrainer;
import org.matdx.informatics.Predictions;
import org.matdx.informatics.Query;
import org.matdx.informatics.Task;
import org.matdx.informatics.TrainRequest;
import org.matdx.informatics.TrainingData;
import org.matdx.privacy.MembershipAttack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attack of issue 19 end to end: a lender puts hidden rows of a public table into a
 * model-use-only dataset, someone trains a model on them together with public rows, and an
 * anonymous caller attacks the model through the prediction API (membership inference and
 * reconstruction, {@link MembershipAttack}). Measured against the same attack on what MatDX served
 * before private training (an ordinary XGBoost ensemble on the same rows, answered as the API did)
 * and on the attacker's baseline: a model trained on the public rows alone.
 */
public final class PrivacyHarness {
    /** One row of the public table: a composition and its value. */
    public record Row(String formula, double value) {
    }

    /**
     * @param hidden    rows lent as model-use-only (the attack's members)
     * @param outsiders rows of the same table the model never saw (the attack's non-members)
     * @param open      public rows every model may learn from
     * @param epsilon   the lender's ε, or null for the default
     * @param members   ensemble members of the ordinary models (MatDX's default is 5)
     * @param folds     cross-validation folds of every model trained (default 5)
     */
    public record Setup(int hidden, int outsiders, int open, Double epsilon, double[] targetRange, int members, int folds,
                        long seed) {
    }

    /** The attack on the three models, and the private model's error on rows it never saw. */
    public record Result(MembershipAttack.Report before, MembershipAttack.Report after, MembershipAttack.Report baseline,
                         UUID privateModel, UUID baselineModel, double privateMaeOnOutsiders, double beforeMaeOnOutsiders) {
        public ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.set("before", json(before));
            n.set("after", json(after));
            n.set("baseline", json(baseline));
            n.put("private_mae_on_unseen", privateMaeOnOutsiders).put("before_mae_on_unseen", beforeMaeOnOutsiders);
            return n;
        }

        private static ObjectNode json(MembershipAttack.Report r) {
            return Json.object().put("members", r.members()).put("non_members", r.nonMembers())
                    .put("membership_auc", r.membershipAuc()).put("auc_by_uncertainty", r.aucByUncertainty())
                    .put("auc_by_error", r.aucByError()).put("auc_by_scaled_error", r.aucByScaledError())
                    .put("recovered_within_5pct", r.recovered()).put("non_members_recovered_within_5pct", r.nonMembersRecovered());
        }
    }

    private PrivacyHarness() {
    }

    /**
     * Runs the scenario on the platform. With {@code baseUrl} the attacker goes through HTTP as an
     * anonymous caller; without, through the same service call the API makes.
     */
    public static Result run(Platform p, List<Row> table, Setup s, String baseUrl, String unit, String property) {
        if (table.size() < s.hidden() + s.outsiders() + s.open()) {
            throw new IllegalArgumentException("the table has " + table.size() + " rows; the setup needs "
                    + (s.hidden() + s.outsiders() + s.open()));
        }
        List<Row> rows = new ArrayList<>(table);
        Collections.shuffle(rows, new Random(s.seed()));
        List<Row> hidden = rows.subList(0, s.hidden());
        List<Row> outsiders = rows.subList(s.hidden(), s.hidden() + s.outsiders());
        List<Row> open = rows.subList(s.hidden() + s.outsiders(), s.hidden() + s.outsiders() + s.open());

        String name = "lender-" + Long.toHexString(s.seed() & 0xffffff) + "-" + UUID.randomUUID().toString().substring(0, 6);
        User u = p.accounts().createUser(Bootstrap.SYSTEM, name, "Harness lender", null, null, null, false);
        Caller.Account lender = p.accounts().refresh(u.id(), Scope.ADMIN);
        Dataset openSet = dataset(p, lender, "Public rows (privacy harness)", false, open, unit, property);
        Dataset lent = dataset(p, lender, "Lent rows (privacy harness)", true, hidden, unit, property);
        if (s.epsilon() != null) {
            p.lending().setEpsilon(RequestContext.local(lender), lent.id(), s.epsilon());
        }
        ModelRecord priv = p.models().train(RequestContext.local(lender), request("harness: private", property, s, openSet, lent),
                null, (f, st) -> true);
        ModelRecord base = p.models().train(RequestContext.local(lender), request("harness: public rows only", property, s, openSet),
                null, (f, st) -> true);

        List<MembershipAttack.Candidate> candidates = new ArrayList<>();
        hidden.forEach(r -> candidates.add(new MembershipAttack.Candidate(r.formula(), r.value(), true)));
        outsiders.forEach(r -> candidates.add(new MembershipAttack.Candidate(r.formula(), r.value(), false)));
        int batch = ModelService.PROTECTED_BATCH;
        MembershipAttack.Report after = MembershipAttack.run(candidates, oracle(p, priv.id(), baseUrl), batch);
        MembershipAttack.Report baseline = MembershipAttack.run(candidates, oracle(p, base.id(), baseUrl), batch);

        // what MatDX served before: the ordinary ensemble on the same rows, uncertainty as the API scaled it
        List<Row> both = new ArrayList<>(open);
        both.addAll(hidden);
        List<Composition> cs = both.stream().map(r -> Composition.parse(r.formula())).toList();
        double[] y = both.stream().mapToDouble(Row::value).toArray();
        TrainRequest req = request("harness: before", property, s, openSet, lent);
        TrainingData data = new TrainingData(Task.infer(y), cs, Collections.nCopies(cs.size(), null), y, unit, List.of(), List.of());
        ModelTrainer.Trained t = new ModelTrainer(2, s.seed()).train(req, data, (f, st) -> true);
        MembershipAttack.Report before;
        double beforeMae;
        try (BoostedModel m = t.model()) {
            double scale = Double.isFinite(t.cv().uncertaintyScale()) && t.cv().uncertaintyScale() > 0 ? t.cv().uncertaintyScale() : 1;
            CompositionFeatures features = t.features();
            MembershipAttack.Oracle old = formulas -> {
                List<Composition> q = formulas.stream().map(Composition::parse).toList();
                Predictions pr = m.predict(new Matrix(features.matrix(q), q.size(), features.featureSet().size()));
                List<MembershipAttack.Answer> a = new ArrayList<>();
                for (int i = 0; i < q.size(); i++) {
                    a.add(new MembershipAttack.Answer(pr.value()[i], pr.std()[i] * scale));
                }
                return a;
            };
            before = MembershipAttack.run(candidates, old, batch);
            beforeMae = mae(old, outsiders);
        }
        double privateMae = mae(oracle(p, priv.id(), baseUrl), outsiders);
        return new Result(before, after, baseline, priv.id(), base.id(), privateMae, beforeMae);
    }

    private static double mae(MembershipAttack.Oracle o, List<Row> rows) {
        double sum = 0;
        int batch = ModelService.PROTECTED_BATCH;
        for (int i = 0; i < rows.size(); i += batch) {
            List<Row> part = rows.subList(i, Math.min(rows.size(), i + batch));
            List<MembershipAttack.Answer> a = o.predict(part.stream().map(Row::formula).toList());
            for (int k = 0; k < part.size(); k++) {
                sum += Math.abs(a.get(k).value() - part.get(k).value());
            }
        }
        return sum / rows.size();
    }

    private static Dataset dataset(Platform p, Caller.Account owner, String title, boolean modelUseOnly, List<Row> rows,
                                   String unit, String property) {
        Dataset d = p.catalog().createDataset(RequestContext.local(owner), new NewDataset(title, "rows of a public table, for the privacy harness",
                "CC-BY-4.0", "public", null, modelUseOnly, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (Row r : rows) {
            Map<String, JsonNode> props = Map.of(property, Json.object().put("value", r.value()).put("unit", unit));
            entries.add(new NewEntry("property_row", r.formula(), r.formula(), props, null, null, null, null, null, null, null));
        }
        for (int i = 0; i < entries.size(); i += 1000) {
            p.catalog().addEntries(RequestContext.local(owner), d.id(), entries.subList(i, Math.min(entries.size(), i + 1000)));
        }
        return d;
    }

    private static TrainRequest request(String name, String property, Setup s, Dataset... ds) {
        ObjectNode b = Json.object().put("name", name).put("target", property).put("members", s.members())
                .put("folds", s.folds()).put("search_seconds", 0);
        if (s.targetRange() != null) {
            b.putArray("target_range").add(s.targetRange()[0]).add(s.targetRange()[1]);
        }
        var arr = b.putArray("datasets");
        for (Dataset d : ds) {
            arr.add(d.id().toString());
        }
        return TrainRequest.parse(b);
    }

    /** Predictions as an anonymous caller: over HTTP when a base URL is given. */
    static MembershipAttack.Oracle oracle(Platform p, UUID model, String baseUrl) {
        if (baseUrl == null) {
            return formulas -> p.models().predictQueries(new RequestContext(Caller.ANONYMOUS, "harness", null, null), model,
                            formulas.stream().map(f -> Query.of(Composition.parse(f))).toList())
                    .stream().map(r -> new MembershipAttack.Answer(r.value(), r.uncertainty())).toList();
        }
        HttpClient http = HttpClient.newHttpClient();
        return formulas -> {
            ObjectNode body = Json.object();
            var arr = body.putArray("formulas");
            formulas.forEach(arr::add);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/models/" + model + "/predict"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("prediction answered " + r.statusCode() + ": " + r.body());
                }
                List<MembershipAttack.Answer> out = new ArrayList<>();
                for (JsonNode n : Json.read(r.body()).get("predictions")) {
                    out.add(new MembershipAttack.Answer(n.get("prediction").asDouble(), n.get("uncertainty").asDouble()));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
