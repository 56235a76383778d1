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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.matdx.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's side of one session with its nodes, whatever is being learned: the key setup
 * (open, keys, shares), securely aggregated rounds that drop a node which does not answer, and
 * steps sent to every node at once. Shared by federated training ({@link Coordinator}) and
 * federated campaigns ({@link CampaignCoordinator}); everything received passes through the tap.
 */
final class Rounds {
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
