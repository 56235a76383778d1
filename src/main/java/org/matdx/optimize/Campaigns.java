package org.matdx.optimize;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewEntry;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Numbers;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.elementstrategy.ResourceMetric;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.Score;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs optimisation campaigns: proposes trials with Bayesian optimisation (pool or continuous
 * space), takes them through approval and the instrument, turns every result — failures too —
 * into an entry of the campaign's dataset, and stops by the campaign's own rules, recording
 * which one and why. All reads ask the access policy for the dataset; all writes need the right
 * to write to it. State lives in PostgreSQL, so a campaign carries on after a restart.
 */
public final class Campaigns {
    private final CampaignStore store;
    private final Catalog catalog;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final ModelObjectives models;

    public Campaigns(CampaignStore store, Catalog catalog, AccessPolicy policy, AuditLog audit, Clock clock, ModelObjectives models) {
        this.store = store;
        this.catalog = catalog;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.models = models;
    }

    /**
     * What deleting data does to campaigns (wired in Platform). A trial whose result entry is
     * deleted or retracted no longer counts: it becomes abandoned, its values cleared, with the
     * reason — the optimiser then neither learns from the withdrawn result nor proposes the same
     * settings again, and the history still shows that they were tried. A deleted dataset's
     * campaigns go with it.
     */
    public Removals.Listener onRemoval() {
        return new Removals.Listener() {
            @Override
            public void entriesRemoved(Handle h, UUID datasetId, List<UUID> entryIds, Removals.Note note) {
                withdraw(h, datasetId, "entry_id = ANY(:ids)", q -> q.bindArray("ids", UUID.class, entryIds), note);
            }

            @Override
            public void datasetRemoved(Handle h, UUID datasetId, Removals.Note note) {
                // results of other campaigns recorded in this dataset (none by construction today) are withdrawn
                withdraw(h, datasetId, "entry_id IN (SELECT id FROM entries WHERE dataset_id = :d) AND campaign_id NOT IN "
                        + "(SELECT id FROM campaigns WHERE dataset_id = :d)", q -> q.bind("d", datasetId), note);
                h.execute("DELETE FROM campaign_trials WHERE campaign_id IN (SELECT id FROM campaigns WHERE dataset_id = ?)", datasetId);
                h.execute("DELETE FROM campaigns WHERE dataset_id = ?", datasetId);
            }
        };
    }

    private void withdraw(Handle h, UUID datasetId, String which, UnaryOperator<Query> bind,
                          Removals.Note note) {
        String reason = "result entry " + note.sentence();
        Map<UUID, List<Integer>> byCampaign = new LinkedHashMap<>();
        bind.apply(h.createQuery("UPDATE campaign_trials SET status = 'abandoned', value = NULL, results = NULL, entry_id = NULL,"
                        + " reason = :r, updated_at = :at WHERE " + which + " RETURNING campaign_id, seq"))
                .bind("r", reason).bind("at", note.at())
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "campaign_id"), rs.getInt("seq"))).list()
                .forEach(e -> byCampaign.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        byCampaign.forEach((campaign, seqs) -> {
            var trials = Json.MAPPER.createArrayNode();
            seqs.stream().sorted().forEach(trials::add);
            audit.append(h, note.context(), "campaign.trials.withdrawn", "campaign", campaign,
                    Json.object().put("dataset", datasetId.toString()).put("reason", reason).set("trials", trials));
        });
    }

    /** A campaign with its trials, as the caller may see it. */
    public record View(Campaign campaign, List<Trial> trials) {
        /** Completed trials with a value for every objective. */
        List<Trial> measured() {
            return campaign.config().measured(trials);
        }

        /** The non-dominated completed trials (several objectives). */
        public List<Trial> paretoFront() {
            List<Trial> m = measured();
            double[][] v = m.stream().map(campaign.config()::oriented).toArray(double[][]::new);
            return Pareto.front(v).stream().map(m::get).toList();
        }

        /** Hypervolume of the front, with the worst observed value of each objective as reference. */
        public double hypervolume() {
            List<Trial> m = measured();
            if (m.isEmpty()) {
                return 0;
            }
            double[][] v = m.stream().map(campaign.config()::oriented).toArray(double[][]::new);
            double[] ref = v[0].clone();
            for (double[] x : v) {
                for (int k = 0; k < ref.length; k++) {
                    ref[k] = Math.min(ref[k], x[k]);
                }
            }
            return Pareto.hypervolume(v, ref);
        }

        public Optional<Trial> best() {
            return campaign.config().best(trials);
        }
    }

    public Campaign create(RequestContext context, UUID datasetId, JsonNode config) {
        Caller caller = context.caller();
        Dataset d = catalog.writableDataset(caller, datasetId);
        CampaignConfig c = CampaignConfig.read(config);
        List<Problem.Issue> unusable = new ArrayList<>();
        for (int i = 0; i < c.objectives().size(); i++) {
            String model = c.objectives().get(i).model();
            if (model != null && !models.usable(caller, UUID.fromString(model))) {
                String field = config.has("objectives") ? "objectives[" + i + "].model" : "objective.model";
                unusable.add(new Problem.Issue(field, "no model '" + model + "' that you may predict with"));
            }
        }
        List<UUID> transfer = c.transfer();
        for (int i = 0; i < transfer.size(); i++) {
            String field = "transfer[" + i + "]";
            Optional<Campaign> earlier = findReadable(context, transfer.get(i));
            if (earlier.isEmpty()) {
                unusable.add(new Problem.Issue(field, "no campaign '" + transfer.get(i) + "' whose results you may read"));
                continue;
            }
            CampaignConfig e = earlier.get().config();
            if (!e.objective().equals(c.objective()) || e.multiObjective()) {
                unusable.add(new Problem.Issue(field, "campaign '" + e.name() + "' optimises '" + e.objective() + "'"
                        + (e.multiObjective() ? " among several objectives" : "") + "; this one '" + c.objective()
                        + "': results carry over for the same single objective"));
                continue;
            }
            List<String> theirs = e.space().parameters().stream().map(Parameter::name).toList();
            List<String> missing = c.space().parameters().stream().map(Parameter::name).filter(n -> !theirs.contains(n)).toList();
            if (!missing.isEmpty()) {
                unusable.add(new Problem.Issue(field, "campaign '" + e.name() + "' has no parameter " + String.join(", ", missing)));
            }
        }
        if (!unusable.isEmpty()) {
            throw Problem.invalid(unusable);
        }
        if (c.pool() == null && !c.constraints().isEmpty()
                && Candidates.feasible(c.space(), c.constraints(), 200, new Random(1), null).isEmpty()) {
            // the linear programme relaxes discrete parameters to their range; their actual values may still miss
            throw Problem.invalid("constraints", "no setting with the allowed discrete values satisfies the constraints");
        }
        var now = clock.instant();
        Campaign campaign = new Campaign(Ids.newId(), d.id(), c.name(), c, CampaignStatus.ACTIVE, null, null, caller.userId(), now, now);
        store.db().tx(h -> {
            store.insert(h, campaign);
            audit.append(h, context, "campaign.create", "campaign", campaign.id(),
                    Json.object().put("dataset", d.id().toString()).put("name", c.name()));
            return null;
        });
        return campaign;
    }

    /** Campaigns in datasets the caller may read in full (optionally of one dataset). */
    public List<Campaign> list(Caller caller, UUID datasetId) {
        return store.list(policy.datasetFilter(caller, "d", Visibility.FULL), datasetId);
    }

    public View view(RequestContext context, UUID id) {
        Campaign c = readable(context, id);
        return new View(c, store.trials(c.id()));
    }

    /** A campaign's trials are the dataset's data: an embargo or less hides the campaign entirely. */
    private Campaign readable(RequestContext context, UUID id) {
        return findReadable(context, id).orElseThrow(() -> Problem.notFound("campaign", id));
    }

    private Optional<Campaign> findReadable(RequestContext context, UUID id) {
        return store.get(id).flatMap(c -> catalog.gate().findDataset(context.caller(), c.datasetId(), Visibility.FULL).map(d -> {
            catalog.gate().recordRead(context, d, "campaign.read", "campaign", id);
            return c;
        }));
    }

    /**
     * The results of the earlier campaigns this one names, as the caller may read them now, in this
     * campaign's space: completed trials whose settings this space can hold (an option it does not
     * list, a value outside its range: left out). Null when there are none.
     */
    private PoolStrategy.Prior earlierResults(RequestContext context, Campaign c) {
        CampaignConfig cfg = c.config();
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (UUID id : cfg.transfer()) {
            Optional<Campaign> earlier = findReadable(context, id);
            if (earlier.isEmpty() || earlier.get().id().equals(c.id())) {
                continue;
            }
            for (Trial t : store.trials(id)) {
                if (t.status() != TrialStatus.COMPLETED || t.value() == null) {
                    continue;
                }
                try {
                    x.add(cfg.space().encode(cfg.raw(t.params())));
                    y.add(t.value());
                } catch (RuntimeException outside) {
                    // a setting this campaign's space cannot express teaches it nothing
                }
            }
        }
        if (x.isEmpty()) {
            return null;
        }
        if (x.size() > MAX_EARLIER) {
            // ten earlier campaigns of thousands of trials each would make every proposal a Gaussian
            // process on tens of thousands of points: a subset, the same one at every proposal
            List<Integer> order = new ArrayList<>(IntStream.range(0, x.size()).boxed().toList());
            Collections.shuffle(order, new Random(c.id().getMostSignificantBits()));
            order = order.subList(0, MAX_EARLIER);
            order.sort(null);
            List<double[]> sx = new ArrayList<>();
            List<Double> sy = new ArrayList<>();
            for (int i : order) {
                sx.add(x.get(i));
                sy.add(y.get(i));
            }
            x = sx;
            y = sy;
        }
        return new PoolStrategy.Prior(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Earlier results a proposal learns from at most (a Gaussian process costs the cube of its points). */
    static final int MAX_EARLIER = 600;

    /** The campaign if the caller may change it (404 when hidden, 401/403 otherwise): checked before an upload is read. */
    /** Whether the caller may drive the campaign (approve, fail, abandon, step): the right to write its dataset. */
    public boolean mayDrive(Caller caller, Campaign c) {
        return catalog.gate().allows(caller, c.datasetId(), AccessPolicy.Right.WRITE);
    }

    public Campaign writable(RequestContext context, UUID id) {
        Campaign c = readable(context, id);
        catalog.writableDataset(context.caller(), c.datasetId());
        return c;
    }

    // ---- proposing --------------------------------------------------------------------------

    /** Proposes the next batch (approved at once unless the campaign has an approval gate). */
    public List<Trial> suggest(RequestContext context, UUID id) {
        Campaign c = writable(context, id);
        return store.db().tx(h -> suggest(h, context, c.id()));
    }

    private List<Trial> suggest(Handle h, RequestContext context, UUID id) {
        Campaign c = store.get(h, id, true).orElseThrow();
        if (c.status() != CampaignStatus.ACTIVE) {
            throw new Problem(Problem.Type.CONFLICT, "campaign '" + c.name() + "' is " + c.status()
                    + (c.stopReason() == null ? "" : " (" + c.stopReason() + ")"));
        }
        List<Trial> trials = store.trials(h, c.id());
        PoolStrategy.Prior earlier = c.config().transfer().isEmpty() ? null : earlierResults(context, c);
        Proposer.Proposal proposal = Proposer.next(c, trials, earlier);
        if (proposal.suggestions().isEmpty()) {
            stop(h, context, c, new StoppingRules.Stop("pool", proposal.exhausted()));
            return List.of();
        }
        var now = clock.instant();
        int seq = trials.size();
        List<Trial> created = new ArrayList<>();
        for (Proposer.Suggestion s : proposal.suggestions()) {
            Trial t = new Trial(Ids.newId(), c.id(), ++seq, proposal.round(), s.params(),
                    c.config().approval() ? TrialStatus.SUGGESTED : TrialStatus.APPROVED, null, null, null, s.acquisition(), null,
                    now, now);
            store.insert(h, t);
            created.add(t);
        }
        audit.append(h, context, "campaign.suggest", "campaign", c.id(), Json.object().put("round", proposal.round())
                .put("trials", created.size()).put("earlier_results", earlier == null ? 0 : earlier.values().length));
        return created;
    }

    /**
     * A campaign as a member of a federated campaign sees it: its candidate rows (the pool, or the
     * trials' settings and fresh candidates drawn from {@code seed}), the same encoded in the
     * campaign's space, and its trials as observations of those rows. Only for those who may drive it.
     */
    public record FederatedView(Campaign campaign, List<String[]> rows, double[][] encoded,
                                List<PoolStrategy.Observation> observations) {
    }

    public FederatedView federatedView(RequestContext context, UUID id, long seed) {
        Campaign c = writable(context, id);
        if (c.config().multiObjective()) {
            throw Problem.invalid("campaign", "a federated campaign has one objective; '" + c.name() + "' has "
                    + c.config().objectives().size());
        }
        Proposer.Federated f = Proposer.federated(c.config(), store.trials(c.id()), new Random(seed));
        return new FederatedView(c, f.rows(), f.encoded(), f.observations());
    }

    /**
     * Records a federated round's suggestions (rows of {@code view}) as trials of the campaign,
     * approved at once unless it has an approval gate; rows that became trials since the view was
     * read are skipped. Refused unless the campaign is active.
     */
    public List<Trial> suggestFederated(RequestContext context, FederatedView view, List<Integer> rows, String session) {
        Campaign c = writable(context, view.campaign().id());
        return store.db().tx(h -> {
            Campaign locked = store.get(h, c.id(), true).orElseThrow();
            if (locked.status() != CampaignStatus.ACTIVE) {
                throw new Problem(Problem.Type.CONFLICT, "campaign '" + c.name() + "' is " + locked.status());
            }
            List<Trial> trials = store.trials(h, c.id());
            Set<String> taken = new HashSet<>();
            trials.forEach(t -> taken.add(String.join("\u0001", c.config().raw(t.params()))));
            int round = trials.stream().mapToInt(Trial::round).max().orElse(0) + 1;
            int seq = trials.size();
            var now = clock.instant();
            List<Trial> created = new ArrayList<>();
            for (int r : rows) {
                String[] raw = view.rows().get(r);
                if (!taken.add(String.join("\u0001", raw))) {
                    continue;
                }
                Trial t = new Trial(Ids.newId(), c.id(), ++seq, round, Proposer.params(c.config(), raw),
                        c.config().approval() ? TrialStatus.SUGGESTED : TrialStatus.APPROVED, null, null, null, null, null, now, now);
                store.insert(h, t);
                created.add(t);
            }
            audit.append(h, context, "campaign.suggest.federated", "campaign", c.id(), Json.object().put("round", round)
                    .put("session", session).put("trials", created.size()));
            return created;
        });
    }

    // ---- the trial lifecycle ----------------------------------------------------------------

    public Trial approve(RequestContext context, UUID id, UUID trialId) {
        Campaign c = writable(context, id);
        return store.db().tx(h -> {
            Trial t = open(h, c, trialId, TrialStatus.SUGGESTED);
            store.update(h, t.id(), TrialStatus.APPROVED, null, null, null, null, clock.instant());
            audit.append(h, context, "campaign.trial.approve", "campaign", c.id(), Json.object().put("trial", t.seq()));
            return store.trial(h, c.id(), t.id(), false).orElseThrow();
        });
    }

    /**
     * The instrument takes the next approved trial (proposing a new batch first when nothing is
     * waiting); empty when the campaign is not active or waits for approval.
     */
    public Optional<Trial> next(RequestContext context, UUID id) {
        Campaign c = writable(context, id);
        return store.db().tx(h -> {
            Campaign locked = store.get(h, c.id(), true).orElseThrow();
            if (locked.status() != CampaignStatus.ACTIVE) {
                return Optional.<Trial>empty();
            }
            Optional<Trial> t = store.claimApproved(h, c.id());
            if (t.isEmpty()) {
                boolean waiting = store.trials(h, c.id()).stream().anyMatch(Trial::open);
                if (waiting) {
                    return Optional.<Trial>empty();
                }
                suggest(h, context, c.id());
                t = store.claimApproved(h, c.id());
            }
            if (t.isEmpty()) {
                return Optional.<Trial>empty();
            }
            store.update(h, t.get().id(), TrialStatus.RUNNING, null, null, null, null, clock.instant());
            return store.trial(h, c.id(), t.get().id(), false);
        });
    }

    /** A measured result: the trial is completed and its entry stored; then the stopping rules are checked. */
    public Trial complete(RequestContext context, UUID id, UUID trialId, JsonNode given) {
        Campaign c = writable(context, id);
        CampaignConfig cfg = c.config();
        ObjectNode results = given != null && given.isObject() ? ((ObjectNode) given).deepCopy() : Json.object();
        if (cfg.objectives().stream().anyMatch(CampaignConfig.Objective::computed)) {
            // element-strategy scores and model predictions are computed from the trial's
            // composition, not measured: they replace whatever the instrument sent under that name
            Trial t = store.trials(c.id()).stream().filter(x -> x.id().equals(trialId)).findFirst()
                    .orElseThrow(() -> Problem.notFound("trial", trialId));
            var comp = cfg.composition(cfg.raw(t.params()));
            for (var o : cfg.objectives()) {
                if (!o.computed()) {
                    continue;
                }
                results.remove(o.name());
                if (comp.isEmpty()) {
                    continue;
                }
                if (o.elementStrategy()) {
                    var metric = ResourceMetric.byCode(o.name()).orElseThrow();
                    var scores = ResourceScorer.standard().score(comp.get());
                    var v = metric.of(scores);
                    if (v.isEmpty()) {
                        // an unassessed footprint is not zero and not a measurement the caller forgot
                        String why = metric.score(scores).filter(x -> x instanceof Score.Missing)
                                .map(x -> ((Score.Missing) x).message()).orElse("no data");
                        throw Problem.invalid(o.name(), "the objective '" + o.name() + "' cannot be computed for "
                                + comp.get().reducedFormula() + ": " + why);
                    }
                    results.put(o.name(), v.getAsDouble());
                } else {
                    results.put(o.name(), predicted(context, o, comp.get()));
                }
            }
        }
        List<Problem.Issue> missing = new ArrayList<>();
        for (var o : cfg.objectives()) {
            JsonNode x = results == null ? null : results.get(o.name());
            if (x == null || !x.isNumber() || !Double.isFinite(x.asDouble())) {
                missing.add(new Problem.Issue(o.name(), "the result must give the objective '" + o.name() + "' as a number"));
            } else {
                Numbers.quantityProblem(x.asDouble(), o.unit() == null ? "" : o.unit())
                        .ifPresent(p -> missing.add(new Problem.Issue(o.name(), p)));
            }
        }
        if (!missing.isEmpty()) {
            throw Problem.invalid(missing);
        }
        return finish(context, c, trialId, TrialStatus.COMPLETED, results.get(cfg.objective()).asDouble(), results, null);
    }

    private double predicted(RequestContext context, CampaignConfig.Objective o, Composition comp) {
        UUID model = UUID.fromString(o.model());
        if (!models.usable(context.caller(), model)) {
            throw Problem.conflict("the objective '" + o.name() + "' is the prediction of model '" + o.model()
                    + "', which you may not (or no longer) predict with");
        }
        return models.predict(context, model, comp);
    }

    public Trial fail(RequestContext context, UUID id, UUID trialId, String reason) {
        Campaign c = writable(context, id);
        if (reason == null || reason.isBlank()) {
            throw Problem.invalid("reason", "say why the run failed: failures are data");
        }
        return finish(context, c, trialId, TrialStatus.FAILED, null, null, reason);
    }

    public Trial abandon(RequestContext context, UUID id, UUID trialId, String reason) {
        Campaign c = writable(context, id);
        if (reason == null || reason.isBlank()) {
            throw Problem.invalid("reason", "say why the trial is abandoned");
        }
        return finish(context, c, trialId, TrialStatus.ABANDONED, null, null, reason);
    }

    private Trial finish(RequestContext context, Campaign c, UUID trialId, TrialStatus status, Double value, JsonNode results, String reason) {
        Caller caller = context.caller();
        Dataset d = catalog.writableDataset(caller, c.datasetId());
        return store.db().tx(h -> {
            Trial t = open(h, c, trialId, null);
            CampaignConfig cfg = c.config();
            Map<String, JsonNode> props = new LinkedHashMap<>();
            t.params().properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    props.put(e.getKey(), e.getValue());
                }
            });
            if (value != null) {
                for (var o : cfg.objectives()) {
                    props.put(o.name(), Json.object().put("value", results.get(o.name()).asDouble()).put("unit", o.unit()));
                }
            }
            ObjectNode invoice = Json.object().put("campaign", c.id().toString()).put("campaign_name", c.name())
                    .put("trial", t.seq()).put("round", t.round());
            invoice.set("parameters", t.params());
            if (results != null) {
                invoice.set("results", results);
            }
            String outcome = status == TrialStatus.COMPLETED ? "succeeded" : status.code();
            List<Problem.Issue> issues = new ArrayList<>();
            Entry e = catalog.validate(caller, d, new NewEntry("property_row", c.name() + " — trial " + t.seq(), null, props,
                    invoice, Json.object(), Json.object(), null, outcome, reason, null), "", issues);
            if (!issues.isEmpty()) {
                throw Problem.invalid(issues);
            }
            catalog.insertEntries(h, context, d, List.of(e));
            store.update(h, t.id(), status, value, results == null ? null : Json.write(results), reason, e.id(), clock.instant());
            checkStop(h, context, c.id());
            return store.trial(h, c.id(), t.id(), false).orElseThrow();
        });
    }

    private Trial open(Handle h, Campaign c, UUID trialId, TrialStatus required) {
        Trial t = store.trial(h, c.id(), trialId, true).orElseThrow(() -> Problem.notFound("trial", trialId));
        if (!t.open() || (required != null && t.status() != required)) {
            throw new Problem(Problem.Type.CONFLICT, "trial " + t.seq() + " is " + t.status()
                    + (required == null ? "" : "; only a " + required + " trial can be changed this way"));
        }
        return t;
    }

    // ---- stopping ---------------------------------------------------------------------------

    private void checkStop(Handle h, RequestContext context, UUID id) {
        Campaign c = store.get(h, id, true).orElseThrow();
        if (c.status() == CampaignStatus.ACTIVE) {
            StoppingRules.check(c, store.trials(h, id)).ifPresent(stop -> stop(h, context, c, stop));
        }
    }

    private void stop(Handle h, RequestContext context, Campaign c, StoppingRules.Stop stop) {
        store.status(h, c.id(), CampaignStatus.STOPPED, stop.rule(), stop.reason(), clock.instant());
        h.createUpdate("UPDATE campaign_trials SET status = 'abandoned', reason = :r, updated_at = :at"
                        + " WHERE campaign_id = :c AND status IN ('suggested', 'approved')")
                .bind("r", "campaign stopped: " + stop.reason()).bind("at", clock.instant()).bind("c", c.id()).execute();
        audit.append(h, context, "campaign.stop", "campaign", c.id(),
                Json.object().put("rule", stop.rule()).put("reason", stop.reason()));
    }

    public Campaign pause(RequestContext context, UUID id, boolean paused) {
        Campaign c = writable(context, id);
        if (c.status() == CampaignStatus.STOPPED) {
            throw new Problem(Problem.Type.CONFLICT, "campaign '" + c.name() + "' has stopped: " + c.stopReason());
        }
        store.db().tx(h -> {
            store.status(h, c.id(), paused ? CampaignStatus.PAUSED : CampaignStatus.ACTIVE, null, null, clock.instant());
            audit.append(h, context, paused ? "campaign.pause" : "campaign.resume", "campaign", c.id(), Json.object());
            return null;
        });
        return store.get(c.id()).orElseThrow();
    }

    /**
     * Lets the campaign's simulator play the instrument for up to {@code experiments} trials:
     * take the next trial, answer it (a value or a failure), repeat. Approval-gated campaigns have
     * their suggestions approved as they come, as a technician following the plan would.
     */
    public View simulate(RequestContext context, UUID id, int experiments) {
        Campaign c = writable(context, id);
        Simulator sim = c.config().simulator();
        if (sim == null) {
            throw Problem.invalid("simulator", "campaign '" + c.name() + "' has no simulator; results must come from an instrument");
        }
        Random rnd = new Random(c.id().getMostSignificantBits() ^ store.trials(c.id()).size());
        for (int i = 0; i < experiments; i++) {
            if (c.config().approval()) {
                for (Trial t : store.trials(c.id())) {
                    if (t.status() == TrialStatus.SUGGESTED) {
                        approve(context, id, t.id());
                    }
                }
            }
            Optional<Trial> t = next(context, id);
            if (t.isEmpty() && c.config().approval()) {
                for (Trial s : store.trials(c.id())) {
                    if (s.status() == TrialStatus.SUGGESTED) {
                        approve(context, id, s.id());
                    }
                }
                t = next(context, id);
            }
            if (t.isEmpty()) {
                break;
            }
            Simulator.Answer a = sim.answer(c.config().space(), c.config().raw(t.get().params()), rnd);
            if (a.value() != null) {
                // the simulator measures what an instrument would: the first measured objective is its
                // test function, further ones compete with it; computed objectives are left to the platform
                ObjectNode res = Json.object();
                int measured = 0;
                for (CampaignConfig.Objective o : c.config().objectives()) {
                    if (!o.computed()) {
                        res.put(o.name(), measured == 0 ? a.value()
                                : sim.secondary(c.config().space(), c.config().raw(t.get().params()), measured, rnd));
                        measured++;
                    }
                }
                complete(context, id, t.get().id(), res);
            } else {
                fail(context, id, t.get().id(), a.failure());
            }
        }
        return view(context, id);
    }
}
