package org.matdx.informatics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.jobs.JobQueue;
import org.matdx.privacy.PrivacyStore;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a model-use-only dataset lends, as its owner sees and steers it: the ε its rows get, every
 * model it feeds, who predicted with each how often, and withdrawal — the models are taken out of
 * service at once and those with other inputs are retrained without it (as their creator), audited.
 */
public final class Lending {
    /** Days of prediction volume the owner's view shows. */
    public static final int USAGE_DAYS = 90;
    public static final double MIN_EPSILON = 0.1;
    public static final double MAX_EPSILON = 10;

    private final Database db;
    private final DatasetStore datasets;
    private final ModelStore models;
    private final PrivacyStore privacy;
    private final AccessPolicy policy;
    private final Gate gate;
    private final JobQueue jobs;
    private final AuditLog audit;
    private final Clock clock;

    public Lending(Database db, DatasetStore datasets, ModelStore models, PrivacyStore privacy, AccessPolicy policy,
                   JobQueue jobs, AuditLog audit, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.models = models;
        this.privacy = privacy;
        this.policy = policy;
        this.gate = new Gate(db, datasets, new EntryStore(db), policy, audit);
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    /** The owner's view as JSON: the dataset's setting, each model it feeds and their prediction volume. */
    public ObjectNode view(Caller caller, UUID datasetId) {
        Dataset d = owned(caller, datasetId, false);
        PrivacyStore.DatasetSetting s = privacy.setting(datasetId).orElse(null);
        ObjectNode n = Json.object().put("dataset", d.id().toString()).put("title", d.title())
                .put("model_use_only", d.access().modelUseOnly())
                .put("epsilon", s == null ? PrivateTraining.DEFAULT_EPSILON : s.epsilon())
                .put("epsilon_is_default", s == null)
                .put("min_rows", PrivateTraining.MIN_ROWS);
        if (s != null && s.withdrawn()) {
            n.put("withdrawn_at", s.withdrawnAt().toString());
        }
        List<PrivacyStore.Usage> usage = privacy.usageOfModelsFedBy(datasetId,
                LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(USAGE_DAYS));
        ArrayNode list = n.putArray("models");
        for (ModelRecord m : models.fedBy(datasetId)) {
            ObjectNode o = list.addObject().put("id", m.id().toString()).put("name", m.name())
                    .put("created_at", m.createdAt().toString()).put("private", m.privateModel());
            privacy.protection(m.id()).ifPresentOrElse(p -> o.put("epsilon", p.epsilon()).set("utility", p.utility()),
                    () -> o.putNull("epsilon").put("note", m.privateModel()
                            ? "only its creator may use it" : "trained without differential privacy; it answers only those who may read all its inputs"));
            privacy.withdrawnAt(m.id()).ifPresent(t -> o.put("withdrawn_at", t.toString()));
            ArrayNode callers = o.putArray("usage");
            long total = 0;
            for (PrivacyStore.Usage u : usage) {
                if (u.modelId().equals(m.id())) {
                    callers.addObject().put("day", u.day().toString()).put("caller", u.caller())
                            .put("requests", u.requests()).put("compositions", u.items());
                    total += u.items();
                }
            }
            o.put("compositions_predicted_" + USAGE_DAYS + "d", total);
        }
        return n;
    }

    /** The owner sets the ε every model trained from now on gives this dataset's rows. */
    public ObjectNode setEpsilon(RequestContext context, UUID datasetId, double epsilon) {
        Caller caller = context.caller();
        Dataset d = owned(caller, datasetId, true);
        if (!Double.isFinite(epsilon) || epsilon < MIN_EPSILON || epsilon > MAX_EPSILON) {
            throw Problem.invalid("epsilon", "must be a number from " + MIN_EPSILON + " to " + MAX_EPSILON
                    + " (smaller protects the rows more and costs accuracy)");
        }
        db.tx(h -> {
            privacy.setEpsilon(h, d.id(), epsilon, clock.instant());
            audit.append(h, context, "dataset.privacy", "dataset", d.id(), Json.object().put("epsilon", epsilon));
            return null;
        });
        return view(caller, datasetId);
    }

    /**
     * Takes the dataset back: no model may learn from it again, every model it fed is withdrawn at
     * once, and those that also learned from other datasets are queued for retraining without it,
     * as the user who trained them. One transaction, one audit event per model and one for the dataset.
     */
    public ObjectNode withdraw(RequestContext context, UUID datasetId) {
        Caller caller = context.caller();
        Dataset d = owned(caller, datasetId, true);
        List<ModelRecord> fed = models.fedBy(datasetId);
        ObjectNode result = Json.object().put("dataset", datasetId.toString());
        ArrayNode out = result.putArray("models");
        db.tx(h -> {
            var when = clock.instant();
            privacy.withdrawDataset(h, d.id(), PrivateTraining.DEFAULT_EPSILON, caller.userId(), when);
            for (ModelRecord m : fed) {
                if (privacy.withdrawnAt(m.id()).isPresent()) {
                    continue;
                }
                List<UUID> others = new ArrayList<>();
                models.inputs(m.id()).forEach(i -> {
                    if (!i.datasetId().equals(datasetId)) {
                        others.add(i.datasetId());
                    }
                });
                UUID job = null;
                if (!others.isEmpty() && m.createdBy() != null) {
                    job = jobs.enqueue(h, ModelService.JOB_KIND, retrainRequest(m, others).toJson(), m.createdBy(), 3);
                }
                privacy.withdrawModel(h, m.id(), datasetId, caller.userId(), job, when);
                ObjectNode detail = Json.object().put("dataset", datasetId.toString());
                if (job != null) {
                    detail.put("retrain_job", job.toString());
                }
                audit.append(h, context, "model.withdraw", "model", m.id(), detail);
                ObjectNode o = out.addObject().put("id", m.id().toString()).put("name", m.name())
                        .put("outcome", job == null ? "withdrawn" : "withdrawn; retraining without this dataset");
                if (job != null) {
                    o.put("retrain_job", job.toString());
                }
            }
            audit.append(h, context, "dataset.withdraw", "dataset", d.id(), Json.object().put("models", fed.size()));
            return null;
        });
        return result;
    }

    /** The request that trained a model, less the withdrawn dataset (what the card records of it). */
    static TrainRequest retrainRequest(ModelRecord m, List<UUID> datasets) {
        ObjectNode b = Json.object().put("name", m.name()).put("target", m.target()).put("task", m.task().code())
                .put("features", m.featureSet()).put("folds", Math.max(2, Math.min(10, m.cv().path("folds").asInt(5))))
                .put("private", m.privateModel());
        int members = m.recipe().path("members").asInt(0);
        if (members > 0) {
            b.put("members", Math.min(TrainRequest.MAX_MEMBERS, members));
        }
        if (m.recipe().path("target_range").isArray()) {
            b.set("target_range", m.recipe().get("target_range"));
        }
        var ds = b.putArray("datasets");
        datasets.forEach(id -> ds.add(id.toString()));
        return TrainRequest.parse(b);
    }

    /** The dataset, if the caller owns it (changes need a write-scoped credential); hidden: 404, else 403. */
    /** The owner sees what the dataset lends (any credential) and changes it (a write-scoped one): one gate call each. */
    private Dataset owned(Caller caller, UUID id, boolean change) {
        return gate.require(caller, id, change ? AccessPolicy.Right.MANAGE : AccessPolicy.Right.LENDING);
    }
}
