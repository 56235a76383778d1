package org.matdx.federated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.matdx.core.Json;
import org.matdx.privacy.PrivateTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one federated training over the nodes' links: keys, then a base round and {@code depth}
 * histogram rounds per tree, each securely aggregated ({@link SecureAggregation}), then the model
 * sent to every node still present. A node that fails or times out in a round is dropped for the
 * rest of the training and the round completes without it; the training fails only when fewer
 * than the threshold (n − 1) remain. Everything the coordinator receives passes through the
 * {@link Tap}, so a test can read exactly what it learned.
 */
public final class Coordinator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Coordinator.class);

    /** One node as the coordinator reaches it. */
    public interface Link {
        String name();

        /** Sends one step and returns the node's answer; any exception counts as the node not answering. */
        JsonNode call(String session, String step, ObjectNode body) throws Exception;
    }

    /** Sees every answer the coordinator receives. */
    public interface Tap {
        void received(String node, String step, JsonNode body);
    }

    /** Progress of a training, after every round. */
    public interface Progress {
        void step(double fraction, String stage);
    }

    /** The finished training and what each node said when it registered the model. */
    public record Result(PrivateTrees model, int rounds, List<String> participants, List<String> dropped,
                         Map<String, JsonNode> registered, ObjectNode training) {
    }

    /** A training that could not complete: too many nodes dropped, or a node refused the setup. */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message);
        }
    }

    private final FederationSpec spec;
    private final List<Link> links;
    private final Tap tap;
    private final Duration timeout;

    public Coordinator(FederationSpec spec, List<Link> links, Tap tap, Duration timeout) {
        if (links.size() < SecureAggregation.MIN_PARTIES || links.size() > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException("a federated training needs " + SecureAggregation.MIN_PARTIES + "-"
                    + FixedPoint.MAX_PARTIES + " nodes, got " + links.size());
        }
        this.spec = spec;
        this.links = List.copyOf(links);
        this.tap = tap;
        this.timeout = timeout;
    }

    public Result train(String session, Progress progress) {
        int n = links.size();
        FederatedTrees.Layout layout = FederatedTrees.Layout.of(spec.edges());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // setup: every node must answer; keys are shared once
            Map<Integer, JsonNode> opened = all(pool, session, "open", party -> Json.object().put("party", party)
                    .put("parties", n).set("spec", spec.toJson()), range(n), true);
            Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
            ArrayNode keyList = Json.MAPPER.createArrayNode();
            for (int p = 1; p <= n; p++) {
                SecureAggregation.PublicKeys k = Wire.keys(opened.get(p).get("keys"));
                if (k.party() != p) {
                    throw new Failed("node " + links.get(p - 1).name() + " answered as party " + k.party());
                }
                keys.put(p, k);
                keyList.add(Wire.keys(k));
            }
            Map<Integer, JsonNode> shared = all(pool, session, "keys", party -> Json.object().set("keys", keyList), range(n), true);
            List<SecureAggregation.Sealed> sealed = new ArrayList<>();
            for (var e : shared.entrySet()) {
                for (var s : Wire.sealed(e.getValue(), "shares")) {
                    if (s.from() != e.getKey()) {
                        throw new Failed("node " + links.get(e.getKey() - 1).name() + " sent shares as party " + s.from());
                    }
                    sealed.add(s);
                }
            }
            all(pool, session, "shares", party -> Json.object().set("shares",
                    Wire.sealed(sealed.stream().filter(s -> s.to() == party).toList())), range(n), true);

            FederatedTrees.Noise noise = FederatedTrees.Noise.of(spec, layout, 0);
            Set<Integer> alive = new TreeSet<>(range(n));
            List<String> dropped = new ArrayList<>();
            int rounds = 0;
            double[] base = aggregate(pool, session, "base", 2, alive, keys, dropped,
                    party -> Json.object().put("kind", "base"));
            rounds++;
            double start = FederatedTrees.start(base);
            List<FederatedTrees.Tree> trees = new ArrayList<>();
            boolean dp = spec.differentiallyPrivate();
            int total = spec.trees() * (spec.depth() + (dp ? 1 : 0));
            for (int k = 0; k < spec.trees(); k++) {
                FederatedTrees.Tree tree = FederatedTrees.Tree.empty(spec.depth());
                FederatedTrees.Layout sub = layout.forTree(spec, session, k);
                ArrayNode done = Wire.trees(trees);
                double[] parents = null;
                for (int level = 0; level < spec.depth(); level++) {
                    final int lv = level;
                    ObjectNode partial = Wire.tree(tree);
                    double[] sent = aggregate(pool, session, k + ":" + level, sub.sentLength(spec, level), alive, keys, dropped,
                            party -> Json.object().put("kind", "histogram").put("start", start).put("level", lv)
                                    .<ObjectNode>set("trees", done).set("tree", partial));
                    double[] sums = FederatedTrees.expand(spec, sub, level, parents, sent);
                    parents = sums;
                    FederatedTrees.grow(spec, sub, tree, level, sums, noise.hessianSigma());
                    rounds++;
                    progress.step((double) rounds / (total + 2), "tree " + (k + 1) + " of " + spec.trees() + ", level " + (level + 1));
                }
                if (dp) {
                    // leaves from a round of their own: a row weighs on one leaf, not on every feature's bins
                    ObjectNode grown = Wire.tree(tree);
                    FederatedTrees.setLeaves(spec, tree, aggregate(pool, session, k + ":leaves", 2 << spec.depth(), alive, keys,
                            dropped, party -> Json.object().put("kind", "leaves").put("start", start)
                                    .<ObjectNode>set("trees", done).set("tree", grown)));
                    rounds++;
                }
                trees.add(tree);
            }
            ArrayNode treeJson = Wire.trees(trees);
            double[] errors = aggregate(pool, session, "evaluate", 2 * FederatedTrees.BANDS, alive, keys, dropped,
                    party -> Json.object().put("kind", "evaluate").put("start", start).set("trees", treeJson));
            rounds++;
            PrivateTrees model = FederatedTrees.model(spec, start, trees);
            List<String> participants = range(n).stream().map(p -> links.get(p - 1).name()).toList();
            ObjectNode training = Json.object().put("session", session).put("rounds", rounds)
                    .put("protocol", "secure aggregation (Bonawitz et al. 2017, pairwise X25519 masks, Shamir threshold "
                            + SecureAggregation.threshold(n) + " of " + n + ") of gradient/hessian histograms");
            ArrayNode ps = training.putArray("participants");
            participants.forEach(ps::add);
            ArrayNode ds = training.putArray("dropped");
            dropped.forEach(ds::add);
            training.put("nodes_at_end", alive.size());
            training.set("spec", spec.toJson());
            ObjectNode privacy = training.putObject("privacy").put("differentially_private", spec.differentiallyPrivate());
            if (spec.differentiallyPrivate()) {
                privacy.put("epsilon", spec.epsilon()).put("delta", noise.delta()).put("rho", noise.rho())
                        .put("sigma_gradient", noise.gradientSigma()).put("sigma_hessian", noise.hessianSigma())
                        .put("sigma_leaf_gradient", noise.leafGradientSigma()).put("sigma_leaf_count", noise.leafHessianSigma());
            }
            training.set("uncertainty", FederatedTrees.uncertainty(spec, errors));
            Map<Integer, JsonNode> reg = all(pool, session, "model", party -> Json.object().put("start", start)
                    .<ObjectNode>set("trees", treeJson).set("training", training), alive, false);
            if (reg.isEmpty()) {
                throw new Failed("the training completed, but no node registered the model (see the nodes' answers in the log)");
            }
            Map<String, JsonNode> registered = new LinkedHashMap<>();
            reg.forEach((p, j) -> registered.put(links.get(p - 1).name(), j));
            progress.step(1, "done");
            return new Result(model, rounds, participants, List.copyOf(dropped), registered, training);
        }
    }

    /** One securely aggregated round among the live nodes; drops those that do not send. */
    private double[] aggregate(ExecutorService pool, String session, String round, int length, Set<Integer> alive,
                               Map<Integer, SecureAggregation.PublicKeys> keys, List<String> dropped,
                               Function<Integer, ObjectNode> body) {
        Set<Integer> parties = Set.copyOf(alive);
        Map<Integer, JsonNode> answers = all(pool, session, "round", p -> body.apply(p).put("round", round)
                .set("parties", Wire.parties(parties)), alive, false);
        Map<Integer, SecureAggregation.Masked> got = new HashMap<>();
        for (var e : answers.entrySet()) {
            try {
                got.put(e.getKey(), new SecureAggregation.Masked(e.getKey(), Wire.longs(e.getValue(), "masked", length),
                        Wire.sealed(e.getValue(), "shares")));
            } catch (RuntimeException ex) {
                LOG.warn("Federated round {}: node {} sent a malformed answer ({}); it is dropped", round,
                        links.get(e.getKey() - 1).name(), ex.getMessage());
            }
        }
        Set<Integer> lost = new TreeSet<>(parties);
        lost.removeAll(got.keySet());
        int threshold = SecureAggregation.threshold(keys.size());
        if (got.size() < threshold) {
            throw new Failed("round " + round + ": " + got.size() + " of " + parties.size() + " nodes answered; at least "
                    + threshold + " are needed");
        }
        for (int p : lost) {
            dropped.add(links.get(p - 1).name() + " (round " + round + ")");
            alive.remove(p);
        }
        Map<Integer, JsonNode> revealed = all(pool, session, "reveal", p -> {
            ObjectNode o = Json.object().put("round", round);
            o.set("survivors", Wire.parties(got.keySet()));
            o.set("dropped", Wire.parties(lost));
            o.set("shares", Wire.sealed(got.values().stream().flatMap(m -> m.selfMaskShares().stream())
                    .filter(s -> s.to() == p).toList()));
            return o;
        }, got.keySet(), false);
        List<SecureAggregation.Reveal> reveals = new ArrayList<>();
        for (var e : revealed.entrySet()) {
            try {
                reveals.add(new SecureAggregation.Reveal(e.getKey(), Wire.shareMap(e.getValue(), "self_mask_shares"),
                        Wire.shareMap(e.getValue(), "key_shares")));
            } catch (RuntimeException ex) {
                LOG.warn("Federated round {}: node {} revealed malformed shares ({})", round, links.get(e.getKey() - 1).name(),
                        ex.getMessage());
            }
        }
        try {
            return FixedPoint.decode(SecureAggregation.unmask(session, round, keys, got, lost, reveals, length));
        } catch (IllegalArgumentException e) {
            throw new Failed("round " + round + " could not be unmasked: " + e.getMessage());
        }
    }

    /**
     * Sends a step to each of {@code parties} at once and waits up to the timeout. With
     * {@code required}, any failure fails the training; otherwise the failing nodes are left out.
     */
    private Map<Integer, JsonNode> all(ExecutorService pool, String session, String step, Function<Integer, ObjectNode> body,
                                       Set<Integer> parties, boolean required) {
        Map<Integer, Future<JsonNode>> calls = new LinkedHashMap<>();
        for (int p : parties) {
            Link link = links.get(p - 1);
            ObjectNode b = body.apply(p);
            calls.put(p, pool.submit(() -> link.call(session, step, b)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, JsonNode> out = new LinkedHashMap<>();
        for (var e : calls.entrySet()) {
            String name = links.get(e.getKey() - 1).name();
            try {
                JsonNode answer = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                tap.received(name, step, answer);
                out.put(e.getKey(), answer);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new Failed("interrupted");
            } catch (Exception ex) {
                e.getValue().cancel(true);
                Throwable cause = ex instanceof java.util.concurrent.ExecutionException ee && ee.getCause() != null ? ee.getCause() : ex;
                String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                if (required) {
                    throw new Failed("node " + name + " did not complete '" + step + "': " + why);
                }
                LOG.warn("Federated step {}: node {} did not answer ({}); it is left out", step, name, why);
            }
        }
        return out;
    }

    static Set<Integer> range(int n) {
        return SecureAggregation.range(n);
    }
}
