package org.matdx.federated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.matdx.core.Json;
import org.matdx.privacy.PrivateTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    public static class Failed extends RuntimeException {
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
        this.spec = spec.checkSize();
        this.links = List.copyOf(links);
        this.tap = tap;
        this.timeout = timeout;
    }

    public Result train(String session, Progress progress) {
        int n = links.size();
        FederatedTrees.Layout layout = FederatedTrees.Layout.of(spec.edges());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Rounds net = new Rounds(links, tap, timeout, pool);
            // setup: every node must answer; keys are shared once
            Map<Integer, SecureAggregation.PublicKeys> keys = net.setup(session, party -> Json.object().put("party", party)
                    .put("parties", n).set("spec", spec.toJson()));
            FederatedTrees.Noise noise = FederatedTrees.Noise.of(spec, layout, 0);
            Set<Integer> alive = new TreeSet<>(range(n));
            List<String> dropped = new ArrayList<>();
            int rounds = 0;
            double[] base = net.aggregate(session, "base", FederatedTrees.baseLength(spec), alive, keys, dropped,
                    party -> Json.object().put("kind", "base"));
            rounds++;
            double start = FederatedTrees.start(base);
            double gateStart = FederatedTrees.gateStart(base);
            boolean dp = spec.differentiallyPrivate();
            int total = (spec.hurdle() ? 2 : 1) * spec.trees() * (spec.depth() + (dp ? 1 : 0));
            int[] done = {rounds};
            List<FederatedTrees.Tree> trees = new ArrayList<>();
            List<FederatedTrees.Tree> gateTrees = new ArrayList<>();
            for (int k = 0; k < spec.trees(); k++) {
                // a value tree, then a gate tree: a node lost half-way is missing from both ensembles alike
                trees.add(grow(net, session, layout, noise, FederatedTrees.Part.VALUE, start, trees, alive, keys, dropped, done,
                        total, progress));
                if (spec.hurdle()) {
                    gateTrees.add(grow(net, session, layout, noise, FederatedTrees.Part.GATE, gateStart, gateTrees, alive, keys,
                            dropped, done, total, progress));
                }
            }
            rounds = done[0];
            ArrayNode treeJson = Wire.trees(trees);
            ArrayNode gateJson = Wire.trees(gateTrees);
            double[] errors = net.aggregate(session, "evaluate", 2 * FederatedTrees.BANDS, alive, keys, dropped,
                    party -> withGate(Json.object().put("kind", "evaluate").put("start", start).set("trees", treeJson), gateStart,
                            gateJson));
            rounds++;
            PrivateTrees model = FederatedTrees.model(spec, start, trees, gateStart, gateTrees);
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
            Map<Integer, JsonNode> reg = net.all(session, "model", party -> withGate(Json.object().put("start", start)
                    .<ObjectNode>set("trees", treeJson).set("training", training), gateStart, gateJson), alive, false);
            if (reg.isEmpty()) {
                throw new Failed("the training completed, but no node registered the model (see the nodes' answers in the log)");
            }
            Map<String, JsonNode> registered = new LinkedHashMap<>();
            reg.forEach((p, j) -> registered.put(links.get(p - 1).name(), j));
            progress.step(1, "done");
            return new Result(model, rounds, participants, List.copyOf(dropped), registered, training);
        }
    }

    /**
     * Grows one part's next tree from {@code depth} securely aggregated histogram rounds (and a leaf
     * round under DP). A gate's rounds are named {@code g<tree>:<level>}, the value's {@code <tree>:<level>}.
     */
    private FederatedTrees.Tree grow(Rounds net, String session, FederatedTrees.Layout layout, FederatedTrees.Noise noise,
                                     FederatedTrees.Part part, double start, List<FederatedTrees.Tree> trees, Set<Integer> alive,
                                     Map<Integer, SecureAggregation.PublicKeys> keys, List<String> dropped, int[] rounds, int total,
                                     Progress progress) {
        boolean dp = spec.differentiallyPrivate();
        int k = trees.size();
        String prefix = part == FederatedTrees.Part.GATE ? "g" : "";
        String what = part == FederatedTrees.Part.GATE ? "gate tree " : "tree ";
        FederatedTrees.Tree tree = FederatedTrees.Tree.empty(spec.depth());
        FederatedTrees.Layout sub = layout.forTree(spec, session, part.treeNumber(k));
        ArrayNode done = Wire.trees(trees);
        double[] parents = null;
        for (int level = 0; level < spec.depth(); level++) {
            final int lv = level;
            ObjectNode partial = Wire.tree(tree);
            double[] sent = net.aggregate(session, prefix + k + ":" + level, sub.sentLength(spec, level), alive, keys, dropped,
                    party -> {
                        ObjectNode b = Json.object().put("kind", "histogram");
                        if (part == FederatedTrees.Part.GATE) {
                            b.put("part", "gate");
                        }
                        return b.put("start", start).put("level", lv).<ObjectNode>set("trees", done).set("tree", partial);
                    });
            double[] sums = FederatedTrees.expand(spec, sub, level, parents, sent);
            parents = sums;
            FederatedTrees.grow(spec, sub, tree, level, sums, noise.hessianSigma());
            rounds[0]++;
            progress.step((double) rounds[0] / (total + 2), what + (k + 1) + " of " + spec.trees() + ", level " + (level + 1));
        }
        if (dp) {
            // leaves from a round of their own: a row weighs on one leaf, not on every feature's bins
            ObjectNode grown = Wire.tree(tree);
            FederatedTrees.setLeaves(spec, tree, net.aggregate(session, k + ":leaves", 2 << spec.depth(), alive, keys,
                    dropped, party -> Json.object().put("kind", "leaves").put("start", start)
                            .<ObjectNode>set("trees", done).set("tree", grown)));
            rounds[0]++;
        }
        return tree;
    }

    private ObjectNode withGate(ObjectNode body, double gateStart, ArrayNode gateTrees) {
        if (spec.hurdle()) {
            body.put("gate_start", gateStart).set("gate_trees", gateTrees);
        }
        return body;
    }

    static Set<Integer> range(int n) {
        return SecureAggregation.range(n);
    }

    /**
     * The coordinator's side of one session with its nodes, whatever is being learned: the key setup
     * (open, keys, shares), securely aggregated rounds that drop a node which does not answer, and
     * steps sent to every node at once. Shared by federated training ({@link Coordinator}) and
     * federated campaigns ({@link CampaignCoordinator}); everything received passes through the tap.
     */
    static final class Rounds {
        private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

        private final List<Coordinator.Link> links;
        private final Coordinator.Tap tap;
        private final Duration timeout;
        private final ExecutorService pool;

        Rounds(List<Coordinator.Link> links, Coordinator.Tap tap, Duration timeout, ExecutorService pool) {
            this.links = links;
            this.tap = tap;
            this.timeout = timeout;
            this.pool = pool;
        }

        String name(int party) {
            return links.get(party - 1).name();
        }

        /** Opens the session on every node, relays the public keys and the sealed key shares; every node must answer. */
        Map<Integer, SecureAggregation.PublicKeys> setup(String session, Function<Integer, ObjectNode> open) {
            int n = links.size();
            Map<Integer, String> failures = new LinkedHashMap<>();
            Map<Integer, JsonNode> opened = collect(session, "open", open, Coordinator.range(n), failures);
            if (!failures.isEmpty()) {
                throw new Absent(failures.keySet(), failures.values().iterator().next());
            }
            Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
            ArrayNode keyList = Json.MAPPER.createArrayNode();
            for (int p = 1; p <= n; p++) {
                SecureAggregation.PublicKeys k = Wire.keys(opened.get(p).get("keys"));
                if (k.party() != p) {
                    throw new Coordinator.Failed("node " + name(p) + " answered as party " + k.party());
                }
                keys.put(p, k);
                keyList.add(Wire.keys(k));
            }
            Map<Integer, JsonNode> shared = all(session, "keys", party -> Json.object().set("keys", keyList), Coordinator.range(n), true);
            List<SecureAggregation.Sealed> sealed = new ArrayList<>();
            for (var e : shared.entrySet()) {
                for (var s : Wire.sealed(e.getValue(), "shares")) {
                    if (s.from() != e.getKey()) {
                        throw new Coordinator.Failed("node " + name(e.getKey()) + " sent shares as party " + s.from());
                    }
                    sealed.add(s);
                }
            }
            all(session, "shares", party -> Json.object().set("shares",
                    Wire.sealed(sealed.stream().filter(s -> s.to() == party).toList())), Coordinator.range(n), true);
            return keys;
        }

        /** One securely aggregated round among the live nodes; drops those that do not send. */
        double[] aggregate(String session, String round, int length, Set<Integer> alive,
                           Map<Integer, SecureAggregation.PublicKeys> keys, List<String> dropped, Function<Integer, ObjectNode> body) {
            Set<Integer> parties = Set.copyOf(alive);
            Map<Integer, JsonNode> answers = all(session, "round", p -> body.apply(p).put("round", round)
                    .set("parties", Wire.parties(parties)), alive, false);
            Map<Integer, SecureAggregation.Masked> got = new HashMap<>();
            for (var e : answers.entrySet()) {
                try {
                    got.put(e.getKey(), new SecureAggregation.Masked(e.getKey(), Wire.longs(e.getValue(), "masked", length),
                            Wire.sealed(e.getValue(), "shares")));
                } catch (RuntimeException ex) {
                    LOG.warn("Federated round {}: node {} sent a malformed answer ({}); it is dropped", round, name(e.getKey()),
                            ex.getMessage());
                }
            }
            Set<Integer> lost = new TreeSet<>(parties);
            lost.removeAll(got.keySet());
            int threshold = SecureAggregation.threshold(keys.size());
            if (got.size() < threshold) {
                throw new Coordinator.Failed("round " + round + ": " + got.size() + " of " + parties.size()
                        + " nodes answered; at least " + threshold + " are needed");
            }
            for (int p : lost) {
                dropped.add(name(p) + " (round " + round + ")");
                alive.remove(p);
            }
            Map<Integer, JsonNode> revealed = all(session, "reveal", p -> {
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
                    LOG.warn("Federated round {}: node {} revealed malformed shares ({})", round, name(e.getKey()), ex.getMessage());
                }
            }
            try {
                return FixedPoint.decode(SecureAggregation.unmask(session, round, keys, got, lost, reveals, length));
            } catch (IllegalArgumentException e) {
                throw new Coordinator.Failed("round " + round + " could not be unmasked: " + e.getMessage());
            }
        }

        /** Nodes that did not open a session: the caller may start again without them. */
        static final class Absent extends Coordinator.Failed {
            final Set<Integer> parties;

            Absent(Set<Integer> parties, String message) {
                super(message);
                this.parties = Set.copyOf(parties);
            }
        }

        /**
         * Sends a step to each of {@code parties} at once and waits up to the timeout. With
         * {@code required}, any failure fails the session; otherwise the failing nodes are left out.
         */
        Map<Integer, JsonNode> all(String session, String step, Function<Integer, ObjectNode> body, Set<Integer> parties,
                                   boolean required) {
            Map<Integer, String> failures = new LinkedHashMap<>();
            Map<Integer, JsonNode> out = collect(session, step, body, parties, failures);
            if (required && !failures.isEmpty()) {
                throw new Coordinator.Failed(failures.values().iterator().next());
            }
            return out;
        }

        /** The answers of the nodes that answered; why the others did not, in {@code failures}. */
        private Map<Integer, JsonNode> collect(String session, String step, Function<Integer, ObjectNode> body, Set<Integer> parties,
                                               Map<Integer, String> failures) {
            Map<Integer, Future<JsonNode>> calls = new LinkedHashMap<>();
            for (int p : parties) {
                Coordinator.Link link = links.get(p - 1);
                ObjectNode b = body.apply(p);
                calls.put(p, pool.submit(() -> link.call(session, step, b)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<Integer, JsonNode> out = new LinkedHashMap<>();
            for (var e : calls.entrySet()) {
                String name = name(e.getKey());
                try {
                    JsonNode answer = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    tap.received(name, step, answer);
                    out.put(e.getKey(), answer);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new Coordinator.Failed("interrupted");
                } catch (Exception ex) {
                    e.getValue().cancel(true);
                    Throwable cause = ex instanceof ExecutionException ee && ee.getCause() != null ? ee.getCause() : ex;
                    String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                    failures.put(e.getKey(), "node " + name + " did not complete '" + step + "': " + why);
                    LOG.warn("Federated step {}: node {} did not answer ({}); it is left out", step, name, why);
                }
            }
            return out;
        }
    }
}
