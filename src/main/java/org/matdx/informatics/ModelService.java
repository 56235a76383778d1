package org.matdx.informatics;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.ActingAs;
import org.matdx.access.ModelUse;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.elementstrategy.Prediction;
import org.matdx.elementstrategy.PropertyPredictor;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivacyStore;
import org.matdx.privacy.PrivateTrees;
import org.matdx.store.BlobRegistry;
import org.matdx.store.Cursor;
import org.matdx.store.DatasetStore;
import org.matdx.store.StagedBlob;
import org.matdx.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model registry as callers use it: training (as a job, kind {@value #JOB_KIND}), listing,
 * model cards and predictions. What a caller may do with a model is the access policy's
 * {@link AccessPolicy#modelUse} over the model's inputs, asked on every path; hidden models
 * answer 404. Models everyone may predict with are offered to screens as {@link PropertyPredictor}s.
 */
public final class ModelService {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);
    public static final String JOB_KIND = "informatics.train";
    /** Most compositions one prediction request may carry. */
    public static final int MAX_BATCH = 10_000;
    /** Most compositions one request may score with a model fed by model-use-only data. */
    public static final int PROTECTED_BATCH = 500;
    /** Most compositions one caller may score with one such model per UTC day. */
    public static final long PROTECTED_PER_DAY = 5_000;
    public static final int TOP_CONTRIBUTIONS = 5;
    private static final long SEED = 20160826L;

    private final Catalog catalog;
    private final DatasetStore datasets;
    private final ModelStore store;
    private final AccessPolicy policy;
    private final BlobRegistry blobs;
    private final JobQueue jobs;
    private final UserStore users;
    private final ActingAs actingAs;
    private final AuditLog audit;
    private final Clock clock;
    private final int threads;
    private final PrivacyStore privacy;
    private final Map<UUID, BoostedModel> loaded = new ConcurrentHashMap<>();
    private final Map<UUID, PrivateTrees> loadedPrivate = new ConcurrentHashMap<>();
    /** Domains of ordinary models, by model id and whether the card still lists its training rows. */
    private final Map<String, Optional<ApplicabilityDomain>> domains = new ConcurrentHashMap<>();
    private volatile Consumer<PropertyPredictor> onOpenModel = p -> { };

    public ModelService(Catalog catalog, DatasetStore datasets, ModelStore store, AccessPolicy policy, BlobRegistry blobs,
                        JobQueue jobs, UserStore users, AuditLog audit, Clock clock, int threads, PrivacyStore privacy) {
        this.catalog = catalog;
        this.privacy = privacy;
        this.datasets = datasets;
        this.store = store;
        this.policy = policy;
        this.blobs = blobs;
        this.jobs = jobs;
        this.users = users;
        this.actingAs = new ActingAs(users, clock);
        this.audit = audit;
        this.clock = clock;
        this.threads = Math.max(1, threads);
    }

    public ModelStore store() {
        return store;
    }

    // ---- training --------------------------------------------------------------------------

    /** Checks the request and queues the training job; returns the job id. */
    public UUID submit(RequestContext context, JsonNode body) {
        Caller.Account a = requireTrainer(context.caller());
        TrainRequest req = TrainRequest.parse(body);
        for (UUID d : req.datasets()) {
            checkReadable(context.as(a), d);
        }
        return jobs.enqueue(JOB_KIND, req.toJson(), a.id());
    }

    /** The job handler: trains as the user who asked, on what that user may read now. */
    public JobHandler handler() {
        return (job, progress) -> {
            RequestContext context = actingAs.forJob(job, Scope.READ, "training");
            TrainRequest req = TrainRequest.parse(job.payload());
            ModelRecord m = train(context, req, job.id(), (f, stage) -> {
                progress.report(f, stage);
                return !progress.cancelled();
            });
            return Json.object().put("model", m.id().toString()).put("name", m.name()).put("task", m.task().code());
        };
    }

    /** Trains in this thread (the job, the CLI, the demo) and registers the model. */
    public ModelRecord train(RequestContext context, TrainRequest asked, UUID jobId, ModelTrainer.Progress progress) {
        progress.step(0, "reading the training data");
        TrainingData data = TrainingData.gather(catalog, store, context, asked);
        TrainRequest req = asked.resolved(data.task());
        List<Dataset> lent = data.datasets().stream().filter(d -> d.access().modelUseOnly()).toList();
        if (!lent.isEmpty() && !req.privateModel()) {
            return trainPrivately(context, req, data, lent, jobId, progress);
        }
        ModelTrainer.Trained t;
        try {
            t = new ModelTrainer(threads, SEED).train(req, data, progress);
        } catch (BoostedModel.Cancelled e) {
            throw new JobHandler.Permanent("training was cancelled");
        }
        try (BoostedModel model = t.model()) {
            byte[] artifact = model.toBytes();
            ObjectNode importance = Json.object();
            model.importance().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> importance.put(e.getKey(), e.getValue()));
            StagedBlob staged = blobs.store().stage(new ByteArrayInputStream(artifact), Long.MAX_VALUE);
            ModelRecord rec = new ModelRecord(Ids.newId(), req.name(), req.task(), req.target(), data.unit(),
                    t.features().featureSet().id(), t.features().featureSet().version(),
                    Json.MAPPER.valueToTree(t.recipe().describe()), ModelTrainer.searchJson(t.search()),
                    ModelTrainer.cvJson(t.cv(), data.y(), data.compositions().stream().map(c -> c.reducedFormula()).toList()), importance, data.y().length, staged.sha256(), req.privateModel(),
                    data.inputs().size(), context.caller().userId(), jobId, clock.instant());
            blobs.register(staged, h -> {
                store.insert(h, rec, data.inputs());
                ObjectNode detail = Json.object().put("name", rec.name()).put("target", rec.target())
                        .put("task", rec.task().code());
                var ds = detail.putArray("datasets");
                data.inputs().forEach(i -> ds.add(i.datasetId().toString()));
                audit.append(h, context, "model.train", "model", rec.id(), detail);
                return rec.id();
            });
            announceIfOpen(rec);
            return rec;
        }
    }

    /**
     * A model others may predict with learns from model-use-only rows only through differential
     * privacy, at the smallest ε its lenders chose (each dataset's rows then get at least their own).
     */
    private ModelRecord trainPrivately(RequestContext context, TrainRequest req, TrainingData data, List<Dataset> lent, UUID jobId, ModelTrainer.Progress progress) {
        double epsilon = Double.POSITIVE_INFINITY;
        for (Dataset d : lent) {
            PrivacyStore.DatasetSetting s = privacy.setting(d.id()).orElse(null);
            if (s != null && s.withdrawn()) {
                throw Problem.conflict("dataset '" + d.id() + "' was withdrawn from model training by its owner");
            }
            ModelInput in = data.inputs().stream().filter(i -> i.datasetId().equals(d.id())).findFirst().orElseThrow();
            if (in.rows() < PrivateTraining.MIN_ROWS) {
                throw Problem.invalid("datasets", "model-use-only dataset '" + d.id() + "' lends " + in.rows()
                        + " rows with a composition and a value of '" + req.target() + "'; a model others may use needs at least "
                        + PrivateTraining.MIN_ROWS + " from each such dataset, or its rows could not be protected");
            }
            epsilon = Math.min(epsilon, s == null ? PrivateTraining.DEFAULT_EPSILON : s.epsilon());
        }
        PrivateTraining.Result r;
        try {
            r = PrivateTraining.train(req, data, openRows(data), epsilon, Mechanisms.secure(), threads, SEED, progress);
        } catch (BoostedModel.Cancelled e) {
            throw new JobHandler.Permanent("training was cancelled");
        }
        StagedBlob staged = blobs.store().stage(new ByteArrayInputStream(r.model().toBytes()), Long.MAX_VALUE);
        CompositionFeatures features = CompositionFeatures.byId(req.features());
        ModelRecord rec = new ModelRecord(Ids.newId(), req.name(), req.task(), req.target(), data.unit(),
                features.featureSet().id(), features.featureSet().version(), Json.MAPPER.valueToTree(r.describe()),
                ModelTrainer.searchJson(null), r.crossValidation(), Json.object(), data.y().length, staged.sha256(), false,
                data.inputs().size(), context.caller().userId(), jobId, clock.instant());
        final double eps = epsilon;
        blobs.register(staged, h -> {
            store.insert(h, rec, data.inputs());
            privacy.insert(h, new PrivacyStore.ModelProtection(rec.id(), eps, r.resolution(), r.uncertainty(), r.ledger(),
                    r.utility()));
            ObjectNode detail = Json.object().put("name", rec.name()).put("target", rec.target())
                    .put("task", rec.task().code()).put("epsilon", eps);
            var ds = detail.putArray("datasets");
            data.inputs().forEach(i -> ds.add(i.datasetId().toString()));
            audit.append(h, context, "model.train", "model", rec.id(), detail);
            return rec.id();
        });
        return rec;
    }

    /**
     * Which training rows anyone may read (rows of datasets open to anonymous callers, by the access
     * policy): those may shape the private model freely; every other row is protected.
     */
    private boolean[] openRows(TrainingData data) {
        boolean[] open = new boolean[data.y().length];
        int at = 0;
        for (int i = 0; i < data.inputs().size(); i++) {
            int rows = data.inputs().get(i).rows();
            Arrays.fill(open, at, at + rows, policy.isOpen(data.datasets().get(i)));
            at += rows;
        }
        if (at != open.length) {
            throw new IllegalStateException(at + " rows by input but " + open.length + " in all");
        }
        return open;
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Models the caller may at least predict with, newest first. */
    public Page<ModelView> list(Caller caller, String cursor, int limit) {
        int n = Math.max(1, Math.min(limit <= 0 ? 50 : limit, 200));
        List<ModelRecord> rows = store.list(policy.modelFilter(caller, "m", ModelUse.PREDICT), Cursor.decode(cursor), n + 1);
        List<ModelView> views = new ArrayList<>();
        for (ModelRecord m : rows.subList(0, Math.min(n, rows.size()))) {
            ModelView v = view(caller, m);
            if (v.use() != ModelUse.NONE) { // the SQL and Java rules agree; this only guards a race with a change of access
                views.add(v);
            }
        }
        String next = rows.size() > n ? new Cursor(rows.get(n - 1).createdAt(), rows.get(n - 1).id()).encode() : null;
        return new Page<>(views, next);
    }

    /** The model card as the caller may see it; 404 when hidden. */
    public ModelView card(Caller caller, UUID id) {
        ModelRecord m = store.get(id).orElseThrow(() -> Problem.notFound("model", id));
        ModelView v = view(caller, m);
        if (v.use() == ModelUse.NONE) {
            throw Problem.notFound("model", id);
        }
        return v;
    }

    /** Predictions, uncertainties and top contributions for each composition; 404 when the model is hidden. */
    public List<PredictionResult> predict(RequestContext context, UUID id, List<Composition> compositions) {
        return predictQueries(context, id, compositions.stream().map(Query::of).toList());
    }

    /**
     * As {@link #predict}, with a structure where one is known (used by models with structure
     * features). A model fed by model-use-only data answers through {@link #predictProtected}.
     */
    public List<PredictionResult> predictQueries(RequestContext context, UUID id, List<Query> queries) {
        ModelView v = card(context.caller(), id);
        if (v.withdrawnAt() != null) {
            throw Problem.conflict("model '" + id + "' was withdrawn: an owner took back data it learned from");
        }
        if (v.protection() != null) {
            return predictProtected(context, v, v.protection(), queries);
        }
        if (v.use() != ModelUse.FULL && lendsModelUseOnly(id)) {
            throw Problem.conflict("model '" + id + "' learned from model-use-only data before MatDX trained such models "
                    + "privately; it answers only those who may read all its inputs until it is retrained");
        }
        List<Composition> compositions = queries.stream().map(Query::composition).toList();
        if (compositions.isEmpty()) {
            throw Problem.invalid("formulas", "give at least one composition");
        }
        if (compositions.size() > MAX_BATCH) {
            throw Problem.invalid("formulas", "at most " + MAX_BATCH + " compositions per request; got " + compositions.size());
        }
        ModelRecord m = v.model();
        CompositionFeatures features = CompositionFeatures.byId(m.featureSet());
        if (features.featureSet().version() != m.featureVersion()) {
            throw Problem.conflict("model '" + id + "' was trained on " + m.featureSet() + "@" + m.featureVersion()
                    + ", but this MatDX computes version " + features.featureSet().version() + "; retrain it");
        }
        BoostedModel model = loaded.computeIfAbsent(id, k -> load(m));
        Matrix x = new Matrix(features.matrix(compositions, queries.stream().map(Query::structure).toList()),
                compositions.size(), features.featureSet().size());
        Predictions p = model.predict(x);
        double[][] contrib = model.contributions(x);
        List<String> names = features.featureSet().names();
        boolean full = v.use().atLeast(ModelUse.FULL);
        // the ensemble spread, calibrated on the out-of-fold errors of cross-validation
        Calibration calibration = m.task() == Task.REGRESSION ? Calibration.fromCard(m.cv()) : Calibration.NONE;
        Optional<ApplicabilityDomain> domain = domain(m, features);
        Optional<Skill> skill = Skill.of(m.task(), m.cv()).filter(Skill::useless);
        List<PredictionResult> out = new ArrayList<>();
        for (int i = 0; i < compositions.size(); i++) {
            double[] c = contrib[i];
            final int row = i;
            List<PredictionResult.Contribution> top = IntStream.range(0, names.size()).boxed()
                    .filter(j -> c[j] != 0)
                    .sorted(Comparator.comparingDouble((Integer j) -> -Math.abs(c[j])))
                    .limit(TOP_CONTRIBUTIONS)
                    .map(j -> new PredictionResult.Contribution(names.get(j), x.get(row, j), c[j]))
                    .toList();
            ApplicabilityDomain.Verdict verdict = domain.map(d -> d.check(compositions.get(row), x.values(), row * names.size()))
                    .orElseGet(() -> ApplicabilityDomain.Verdict.unchecked(m.cv().has("out_of_fold_withdrawn")
                            ? "not checked: the model's training rows were withdrawn from its card"
                            : "not checked: the model's card does not list its training compositions (trained by an older MatDX)"));
            List<String> warnings = new ArrayList<>();
            skill.ifPresent(sk -> warnings.add(sk.warning()));
            if (!verdict.inDomain()) {
                warnings.add("outside the model's domain: " + String.join("; ", verdict.reasons()));
            }
            out.add(new PredictionResult(compositions.get(i), p.value()[i], calibration.apply(p.std()[i]),
                    full ? c[names.size()] : null, top, verdict, List.copyOf(warnings)));
        }
        return out;
    }

    /**
     * Predictions of a private model, the same for every caller and every composition, training row
     * or not: the value rounded to the model's resolution, the uncertainty of its band of predicted
     * value, no contributions and no base value. Each request is charged to the caller's daily budget.
     */
    private List<PredictionResult> predictProtected(RequestContext context, ModelView v, PrivacyStore.ModelProtection protection,
                                                    List<Query> queries) {
        ModelRecord m = v.model();
        if (queries.isEmpty()) {
            throw Problem.invalid("formulas", "give at least one composition");
        }
        if (queries.size() > PROTECTED_BATCH) {
            throw Problem.invalid("formulas", "this model learned from model-use-only data: at most " + PROTECTED_BATCH
                    + " compositions per request; got " + queries.size());
        }
        CompositionFeatures features = CompositionFeatures.byId(m.featureSet());
        long perDay = v.use() == ModelUse.FULL ? Long.MAX_VALUE : PROTECTED_PER_DAY;
        long used = privacy.charge(m.id(), callerKey(context), LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                queries.size(), perDay);
        if (used < 0) {
            throw new Problem(Problem.Type.TOO_MANY_REQUESTS, "this model learned from model-use-only data and answers at most "
                    + PROTECTED_PER_DAY + " compositions per caller per day (UTC); the budget is used up for today");
        }
        PrivateTrees model = loadedPrivate.computeIfAbsent(m.id(), k -> {
            try (InputStream in = blobs.store().open(m.artifactSha256())) {
                return PrivateTrees.fromBytes(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the artifact of model " + m.id(), e);
            }
        });
        List<Composition> cs = queries.stream().map(Query::composition).toList();
        float[] x = features.matrix(cs, queries.stream().map(Query::structure).toList());
        double[] p = model.predict(x, cs.size(), features.featureSet().size());
        List<PredictionResult> out = new ArrayList<>();
        double res = protection.resolution();
        for (int i = 0; i < cs.size(); i++) {
            double value = onGrid(p[i], res);
            double u = bandUncertainty(protection.uncertainty(), value);
            out.add(new PredictionResult(cs.get(i), value, onGrid(u, res), null, List.of(), PRIVATE_DOMAIN, List.of()));
        }
        return out;
    }

    /**
     * {@code v} rounded to a multiple of the stated resolution, as the decimal a reader expects: 12 × 0.1
     * in binary floating point is 1.2000000000000002, which would print digits finer than the resolution.
     */
    static double onGrid(double v, double resolution) {
        return BigDecimal.valueOf(Math.round(v / resolution)).multiply(BigDecimal.valueOf(resolution)).doubleValue();
    }

    /**
     * A model fed by model-use-only rows is not checked against its training compositions: a
     * distance of zero, an element set or a feature range would tell a predict-only caller which
     * compositions the lenders hold. Every caller gets this same answer for every composition.
     */
    static final ApplicabilityDomain.Verdict PRIVATE_DOMAIN = ApplicabilityDomain.Verdict.unchecked(
            "not checked: this model learned from model-use-only data, and comparing a composition with its training "
                    + "rows would reveal them");

    /**
     * The domain of an ordinary model, from the training compositions its card lists (the
     * out-of-fold table); none once those rows were withdrawn from the card, or for cards without them.
     */
    Optional<ApplicabilityDomain> domain(ModelRecord m, CompositionFeatures features) {
        JsonNode formulas = m.cv().path("out_of_fold").path("formula");
        return domains.computeIfAbsent(m.id() + (formulas.isArray() ? ":rows" : ":none"), k -> {
            if (!formulas.isArray() || formulas.size() < 2) {
                return Optional.empty();
            }
            try {
                List<Composition> training = new ArrayList<>();
                formulas.forEach(f -> training.add(Composition.parse(f.asString())));
                return Optional.of(ApplicabilityDomain.of(features.featureSet().names(), training, features.matrix(training), SEED));
            } catch (RuntimeException e) { // a card written by an older version: no domain rather than no prediction
                LOG.warn("Model {}: no applicability domain ({})", m.id(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** What the card says of the domain: its description for readers of the rows, why not for others. */
    public ObjectNode domainOnCard(ModelView v) {
        if (v.protection() != null || lendsModelUseOnly(v.model().id())) {
            return PRIVATE_DOMAIN.toJson();
        }
        CompositionFeatures features = CompositionFeatures.byId(v.model().featureSet());
        return domain(v.model(), features).map(ApplicabilityDomain::describe)
                .orElseGet(() -> ApplicabilityDomain.Verdict.unchecked("not checked: the model's card does not list its "
                        + "training compositions").toJson());
    }

    private static double bandUncertainty(JsonNode uncertainty, double value) {
        double u = Double.NaN;
        for (JsonNode b : uncertainty.path("bands")) {
            if (Double.isNaN(u) || value >= b.path("from").asDouble()) {
                u = b.path("uncertainty").asDouble();
            }
        }
        return u;
    }

    /** Who is charged for predictions: the account, or an anonymous caller by network address. */
    static String callerKey(RequestContext context) {
        String key = switch (context.caller()) {
            case Caller.Account a -> "user:" + a.user().username();
            case Caller.Anonymous a -> "anonymous@" + (context.origin());
            case Caller.System s -> "system:" + s.name();
        };
        return key.length() > 200 ? key.substring(0, 200) : key;
    }

    private boolean lendsModelUseOnly(UUID modelId) {
        return datasets.anyModelUseOnlyOrGone(store.inputs(modelId).stream().map(ModelInput::datasetId).toList());
    }

    public boolean isWithdrawn(UUID modelId) {
        return privacy.withdrawnAt(modelId).isPresent();
    }

    /** The protection of a private model, if it is one. */
    public Optional<PrivacyStore.ModelProtection> protection(UUID modelId) {
        return privacy.protection(modelId);
    }

    private ModelView view(Caller caller, ModelRecord m) {
        List<ModelInput> inputs = store.inputs(m.id());
        List<Dataset> ds = new ArrayList<>();
        for (ModelInput i : inputs) {
            datasets.get(i.datasetId()).ifPresent(ds::add);
        }
        ModelUse use = policy.modelUse(caller, m.createdBy(), m.privateModel(), m.inputCount(), ds);
        Instant withdrawn = privacy.withdrawnAt(m.id()).orElse(null);
        if (use == ModelUse.PREDICT && withdrawn != null) {
            use = ModelUse.NONE; // a withdrawn model is gone for those who only predicted with it
        }
        PrivacyStore.ModelProtection protection = privacy.protection(m.id()).orElse(null);
        return use == ModelUse.FULL ? new ModelView(m, use, inputs, ds, protection, withdrawn)
                : new ModelView(m, use, List.of(), List.of(), protection, withdrawn);
    }

    private BoostedModel load(ModelRecord m) {
        try (InputStream in = blobs.store().open(m.artifactSha256())) {
            return BoostedModel.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact of model " + m.id(), e);
        }
    }

    private void checkReadable(RequestContext context, UUID dataset) {
        Catalog.DatasetView view = catalog.dataset(context, dataset);
        if (!view.visibility().atLeast(Visibility.FULL)) {
            throw Problem.forbidden("dataset '" + dataset + "' shows its description only (embargoed); a model cannot learn from it");
        }
    }

    private static Caller.Account requireTrainer(Caller caller) {
        if (caller instanceof Caller.Account a) {
            if (!a.scope().includes(Scope.WRITE)) {
                throw Problem.forbidden("this API token is read-only; training a model needs a token with the write scope");
            }
            return a;
        }
        throw Problem.unauthorized("sign in with an API token to train a model");
    }

    // ---- screens ---------------------------------------------------------------------------

    /**
     * Where models that everyone may predict with are announced (the screen's predictor registry,
     * wired by the platform). Called at once for the models that exist.
     */
    /**
     * What deleting data does to models (wired in Platform): a model keeps its provenance (inputs,
     * the hash of the rows it took, metrics, artifact), but its card stops showing the rows it
     * learned from — the out-of-fold table names each row's formula and value, and those entries
     * are no longer served. A model whose input dataset is deleted is hidden (AccessPolicy: its
     * inputs are no longer all present); the record of that input goes into the audit trail.
     */
    public Removals.Listener onRemoval() {
        return new Removals.Listener() {
            @Override
            public void entriesRemoved(Handle h, UUID datasetId, List<UUID> entryIds,
                                       Removals.Note note) {
                store.withdrawRows(h, datasetId, "an entry it learned from was " + note.sentence());
            }

            @Override
            public void datasetRemoved(Handle h, UUID datasetId, Removals.Note note) {
                store.withdrawRows(h, datasetId, "a dataset it learned from was " + note.sentence());
                // the input's row goes with the dataset (model_inputs cascades): its record stays in the trail
                for (var input : store.inputsFrom(h, datasetId)) {
                    audit.append(h, note.context(), "model.input.removed", "model", input.getKey(), Json.object()
                            .put("dataset", datasetId.toString()).put("rows", input.getValue().rows())
                            .put("rows_sha256", input.getValue().rowsSha256())
                            .put("dataset_version", input.getValue().datasetVersion())
                            .put("dataset_updated_at", input.getValue().datasetUpdatedAt().toString())
                            .put("reason", note.sentence()));
                }
            }
        };
    }

    public void onOpenModel(Consumer<PropertyPredictor> listener) {
        this.onOpenModel = listener;
        for (UUID id : store.ids()) {
            try {
                store.get(id).ifPresent(this::announceIfOpen);
            } catch (RuntimeException e) { // a model stored by an older version, or damaged: not fatal to start-up
                LOG.error("Model {} could not be read and is not offered for screening", id, e);
            }
        }
    }

    private void announceIfOpen(ModelRecord m) {
        // a screen scores thousands of compositions for whoever starts it, beyond any per-caller budget:
        // models fed by model-use-only data do not serve screens
        if (m.task() == Task.REGRESSION && view(Caller.ANONYMOUS, m).use().atLeast(ModelUse.PREDICT)
                && privacy.protection(m.id()).isEmpty() && !lendsModelUseOnly(m.id())) {
            onOpenModel.accept(new Predictor(m));
        }
    }

    /**
     * A model as a screen's {@link PropertyPredictor}, named {@code model:<id>}. It asks the policy
     * on every call as an anonymous caller, so a model whose input has since been closed stops answering.
     */
    private final class Predictor implements PropertyPredictor {
        private final ModelRecord m;

        Predictor(ModelRecord m) {
            this.m = m;
        }

        @Override
        public String name() {
            return "model:" + m.id();
        }

        @Override
        public String property() {
            return m.target();
        }

        @Override
        public String unit() {
            return m.unit();
        }

        @Override
        public Prediction predict(Composition c) {
            return predict(List.of(c)).get(0);
        }

        @Override
        public List<Prediction> predict(List<Composition> cs) {
            // open models only (announceIfOpen), asked as anonymous: a screen's predictor is handed no request
            return ModelService.this.predict(RequestContext.local(Caller.ANONYMOUS), m.id(), cs).stream()
                    .map(r -> new Prediction(r.value(), r.uncertainty())).toList();
        }
    }

    /** Drops loaded boosters (native memory). */
    public void close() {
        loaded.values().forEach(BoostedModel::close);
        loaded.clear();
    }

    /** For tests and the CLI: the model, if the caller may see it at all. */
    public Optional<ModelView> find(Caller caller, UUID id) {
        try {
            return Optional.of(card(caller, id));
        } catch (Problem p) {
            return Optional.empty();
        }
    }
}
