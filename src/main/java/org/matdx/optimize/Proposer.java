package org.matdx.optimize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The next batch of a campaign from its configuration and its trials alone — no database, no
 * caller, no clock — so what Bayesian optimisation proposes can be tested and benchmarked apart
 * from how trials are stored and approved. The same campaign, round and trials give the same batch.
 */
final class Proposer {
    /** Fresh candidates drawn per round in a continuous space. */
    static final int CANDIDATES = 2000;

    /** One proposed setting and the acquisition value it was chosen by (null for the initial design). */
    record Suggestion(ObjectNode params, Double acquisition) {
    }

    /** A round's batch; empty when no admissible candidate is left, with why. */
    record Proposal(int round, List<Suggestion> suggestions, String exhausted) {
    }

    private Proposer() {
    }

    static Proposal next(Campaign c, List<Trial> trials) {
        return next(c, trials, null);
    }

    /** With results of earlier related campaigns, in this campaign's space (null for none). */
    static Proposal next(Campaign c, List<Trial> trials, PoolStrategy.Prior earlier) {
        CampaignConfig cfg = c.config();
        int round = trials.stream().mapToInt(Trial::round).max().orElse(0) + 1;
        // pool: every row of the candidate table plus nothing else; continuous: the trials so far
        // plus fresh candidates drawn from the space (Latin hypercube, mixtures on the simplex)
        List<String[]> rows = new ArrayList<>();
        List<PoolStrategy.Observation> done = new ArrayList<>();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        if (cfg.pool() != null) {
            for (String[] r : cfg.pool()) {
                rowOf.putIfAbsent(String.join("\u0001", r), rows.size());
                rows.add(r);
            }
        }
        Random rnd = new Random(c.id().getLeastSignificantBits() ^ round);
        // several objectives: ParEGO turns them into one value with this round's random weights;
        // EHVI keeps the vectors
        List<Trial> measured = cfg.measured(trials);
        Map<UUID, Double> scalar = new HashMap<>();
        if (cfg.multiObjective() && cfg.multi() == CampaignConfig.MultiObjective.PAREGO && !measured.isEmpty()) {
            double[][] v = measured.stream().map(cfg::oriented).toArray(double[][]::new);
            double[] s = Pareto.parego(v, Pareto.weights(cfg.objectives().size(), rnd));
            for (int i = 0; i < s.length; i++) {
                scalar.put(measured.get(i).id(), s[i]);
            }
        }
        boolean ehvi = cfg.multiObjective() && cfg.multi() == CampaignConfig.MultiObjective.EHVI;
        for (Trial t : trials) {
            String[] raw = cfg.raw(t.params());
            String key = String.join("\u0001", raw);
            Integer idx = rowOf.get(key);
            if (idx == null) {
                idx = rows.size();
                rows.add(raw);
                rowOf.put(key, idx);
            }
            done.add(switch (t.status()) {
                case COMPLETED -> {
                    if (!cfg.multiObjective()) {
                        yield new PoolStrategy.Observation(idx, t.value());
                    } else if (ehvi) {
                        double[] v = cfg.oriented(t);
                        yield new PoolStrategy.Observation(idx, v == null ? Double.NaN : v[0], v);
                    }
                    yield new PoolStrategy.Observation(idx, scalar.getOrDefault(t.id(), Double.NaN));
                }
                case FAILED -> new PoolStrategy.Observation(idx, null);
                // open or abandoned: not proposed again, and nothing learned
                case SUGGESTED, APPROVED, RUNNING, ABANDONED -> new PoolStrategy.Observation(idx, Double.NaN);
            });
        }
        if (cfg.pool() == null) {
            rows.addAll(Candidates.feasible(cfg.space(), cfg.constraints(), CANDIDATES, rnd, null));
        }
        // rows that break a constraint or a supply-risk limit are never proposed
        Set<Integer> taken = new HashSet<>();
        done.forEach(o -> taken.add(o.index()));
        for (int i = 0; i < rows.size(); i++) {
            if (!taken.contains(i) && !admissible(cfg, rows.get(i))) {
                done.add(new PoolStrategy.Observation(i, Double.NaN));
            }
        }
        double[][] features = rows.stream().map(cfg.space()::encode).toArray(double[][]::new);
        PoolStrategy.Settings settings = new PoolStrategy.Settings(cfg.multiObjective() || cfg.maximise(), cfg.acquisition(), 2.0,
                cfg.initial(), 1, 60, 150, true, rnd.nextLong());
        PoolStrategy strategy = new PoolStrategy(features, ehvi ? settings.withEhvi() : settings, earlier);
        List<PoolStrategy.Pick> picks = strategy.propose(done, cfg.batch(), batchRule(cfg, rows, rnd));
        if (picks.isEmpty()) {
            return new Proposal(round, List.of(), cfg.pool() != null ? "every candidate has been tried"
                    : "no new candidate satisfies the constraints and limits");
        }
        List<Suggestion> out = new ArrayList<>();
        for (PoolStrategy.Pick p : picks) {
            out.add(new Suggestion(params(cfg, rows.get(p.index())), Double.isNaN(p.expectedImprovement()) ? null
                    : p.expectedImprovement()));
        }
        return new Proposal(round, out, null);
    }

    /** A trial's parameters from a candidate row: options as text, numbers as numbers. */
    static ObjectNode params(CampaignConfig cfg, String[] raw) {
        ObjectNode params = Json.object();
        for (int k = 0; k < cfg.space().parameters().size(); k++) {
            Parameter par = cfg.space().parameters().get(k);
            if (par instanceof Parameter.Categorical) {
                params.put(par.name(), raw[k]);
            } else {
                params.put(par.name(), Double.parseDouble(raw[k]));
            }
        }
        return params;
    }

    /**
     * A campaign's candidates and trials for a federated round: the pool's rows (or, in a
     * continuous space, the trials' settings and fresh candidates drawn from {@code rnd}) that
     * satisfy the constraints and limits, and each trial as an observation of its row — the value
     * when completed, null when failed, NaN when open or abandoned.
     */
    static Federated federated(CampaignConfig cfg, List<Trial> trials, Random rnd) {
        List<String[]> rows = new ArrayList<>();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        if (cfg.pool() != null) {
            for (String[] r : cfg.pool()) {
                if (rowOf.putIfAbsent(String.join("\u0001", r), rows.size()) == null) {
                    rows.add(r);
                }
            }
        }
        List<PoolStrategy.Observation> done = new ArrayList<>();
        for (Trial t : trials) {
            String[] raw = cfg.raw(t.params());
            Integer idx = rowOf.get(String.join("\u0001", raw));
            if (idx == null) {
                idx = rows.size();
                rows.add(raw);
                rowOf.put(String.join("\u0001", raw), idx);
            }
            done.add(new PoolStrategy.Observation(idx, switch (t.status()) {
                case COMPLETED -> t.value();
                case FAILED -> null;
                case SUGGESTED, APPROVED, RUNNING, ABANDONED -> Double.NaN;
            }));
        }
        if (cfg.pool() == null) {
            rows.addAll(Candidates.feasible(cfg.space(), cfg.constraints(), CANDIDATES, rnd, null));
        }
        Set<Integer> taken = new HashSet<>();
        done.forEach(o -> taken.add(o.index()));
        for (int i = 0; i < rows.size(); i++) {
            if (!taken.contains(i) && !admissible(cfg, rows.get(i))) {
                done.add(new PoolStrategy.Observation(i, Double.NaN)); // never proposed, teaches nothing
            }
        }
        return new Federated(List.copyOf(rows), rows.stream().map(cfg.space()::encode).toArray(double[][]::new), List.copyOf(done));
    }

    /** Rows (raw settings), the same encoded, and the trials as observations of those rows. */
    record Federated(List<String[]> rows, double[][] encoded, List<PoolStrategy.Observation> observations) {
    }

    /**
     * Parameters fixed across a batch: the first pick (the best candidate overall) sets them;
     * the rest of the batch comes from candidates with the same settings — in a continuous space
     * fresh ones drawn with those settings, so the others are optimised conditional on them.
     * Rows added here are appended to {@code rows}, matching the strategy's growing pool.
     */
    private static PoolStrategy.BatchRule batchRule(CampaignConfig cfg, List<String[]> rows, Random rnd) {
        if (cfg.batchFixed().isEmpty() || cfg.batch() < 2) {
            return null;
        }
        boolean[] fixed = cfg.batchFixedMask();
        return first -> {
            String[] shared = new String[fixed.length];
            for (int k = 0; k < fixed.length; k++) {
                shared[k] = fixed[k] ? rows.get(first)[k] : null;
            }
            List<String[]> added = new ArrayList<>();
            if (cfg.pool() == null) {
                for (String[] r : Candidates.feasible(cfg.space(), cfg.constraints(), CANDIDATES, rnd, shared)) {
                    if (admissible(cfg, r)) {
                        added.add(r);
                    }
                }
                rows.addAll(added);
            }
            IntPredicate same = i -> {
                String[] r = rows.get(i);
                for (int k = 0; k < fixed.length; k++) {
                    if (fixed[k] && !sameSetting(r[k], shared[k])) {
                        return false;
                    }
                }
                return admissible(cfg, r);
            };
            return new PoolStrategy.BatchRule.Extension(added.stream().map(cfg.space()::encode).toArray(double[][]::new), same);
        };
    }

    private static boolean sameSetting(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a.strip()) == Double.parseDouble(b.strip());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a row may be proposed: it satisfies the linear constraints and the supply-risk limits. */
    static boolean admissible(CampaignConfig cfg, String[] raw) {
        return cfg.constraints().satisfied(raw) && withinLimits(cfg, raw);
    }

    private static boolean withinLimits(CampaignConfig cfg, String[] raw) {
        var c = cfg.composition(raw);
        if (c.isEmpty()) {
            return true;
        }
        for (var l : cfg.resourceLimits()) {
            var v = l.metric().of(c.get());
            if (v.isEmpty() || v.getAsDouble() > l.max()) {
                return false;
            }
        }
        return true;
    }
}
