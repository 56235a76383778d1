package org.matdx.federated;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.matdx.core.Json;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivateTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A MatDX node's side of federated training, for one federation it joined: it answers the
 * coordinator's steps ({@link #STEPS}) only under the spec it agreed to, with its own rows read
 * through {@link Data} (the datasets its administrators chose), and every answer it gives passes
 * through the {@link Outbox} before it leaves — the node's record of what went to whom.
 */
public final class FederatedNode {
    public static final List<String> STEPS = List.of("open", "keys", "shares", "round", "reveal", "model");
    /** Sessions a node keeps at once (a coordinator that opens more is refused). */
    static final int MAX_SESSIONS = 4;
    /** The longest training record (participants, rounds, spec, privacy, uncertainty) a node puts on its model card. */
    static final int MAX_TRAINING_RECORD = 20_000;
    /** A session without a step for this long is forgotten (a training that failed or was abandoned). */
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(15);

    /** The node's rows for a spec: features and targets of the chosen datasets. */
    public interface Data {
        FederatedTrees.Local load(FederationSpec spec);
    }

    /** Registers the finished model on this node and says what it registered. */
    public interface Registrar {
        ObjectNode register(String session, PrivateTrees model, ObjectNode training);
    }

    /** Every answer passes through here: it returns the exact bytes that will be sent, after recording them. */
    public interface Outbox {
        byte[] send(String session, String step, ObjectNode body);
    }

    private final FederationSpec spec;
    private final Data data;
    private final Registrar registrar;
    private final Outbox outbox;
    private final Mechanisms noise;
    private final SecureRandom random;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private static final class Session {
        final SecureAggregation.Party party;
        final int parties;
        final FederatedTrees.Local local;
        final FederatedTrees.Noise noise;
        final FederatedTrees.Layout layout;
        final String id;
        volatile boolean done;
        volatile long lastUsed = System.nanoTime();

        Session(String id, SecureAggregation.Party party, int parties, FederatedTrees.Local local, FederatedTrees.Noise noise,
                FederatedTrees.Layout layout) {
            this.id = id;
            this.layout = layout;
            this.party = party;
            this.parties = parties;
            this.local = local;
            this.noise = noise;
        }
    }

    public FederatedNode(FederationSpec spec, Data data, Registrar registrar, Outbox outbox, Mechanisms noise, SecureRandom random) {
        this.spec = spec;
        this.data = data;
        this.registrar = registrar;
        this.outbox = outbox;
        this.noise = noise;
        this.random = random;
    }

    public FederationSpec spec() {
        return spec;
    }

    /**
     * One step of the protocol. Anything malformed, out of order or outside the agreed spec is
     * an {@link IllegalArgumentException} or {@link IllegalStateException} (the web layer's 400/409).
     */
    public byte[] handle(String session, String step, JsonNode body) {
        Wire.requireSessionId(session);
        if (step.equals("open")) {
            synchronized (this) { // one session per id, and the count of sessions checked and changed together
                return outbox.send(session, step, open(session, body));
            }
        }
        Session s = session(session);
        synchronized (s) { // a session's rows and scores are updated by one step at a time
            ObjectNode out = switch (step) {
                case "keys" -> keys(s, body);
                case "shares" -> shares(s, body);
                case "round" -> round(s, body);
                case "reveal" -> reveal(s, body);
                case "model" -> model(session, s, body);
                default -> throw new IllegalArgumentException("step: one of " + STEPS);
            };
            return outbox.send(session, step, out);
        }
    }

    private Session session(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new IllegalStateException("no open session '" + id + "' on this node");
        }
        s.lastUsed = System.nanoTime();
        return s;
    }

    private ObjectNode open(String id, JsonNode body) {
        FederationSpec asked = FederationSpec.parse(body == null ? null : body.get("spec"));
        if (!asked.equals(spec)) {
            throw new IllegalArgumentException("spec: the coordinator asks for " + asked.describe() + "; this node agreed to "
                    + spec.describe());
        }
        Wire.Seat seat = Wire.seat(body);
        int party = seat.party();
        int parties = seat.parties();
        if (sessions.containsKey(id)) {
            throw new IllegalStateException("session '" + id + "' is already open");
        }
        long now = System.nanoTime();
        sessions.values().removeIf(s -> s.done || now - s.lastUsed > IDLE_NANOS);
        if (sessions.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("this node already takes part in " + MAX_SESSIONS + " trainings (a session is "
                    + "forgotten when its model is registered or after 15 minutes without a step)");
        }
        FederatedTrees.Local local = data.load(spec);
        FederatedTrees.Layout layout = FederatedTrees.Layout.of(spec.edges());
        Session s = new Session(id, new SecureAggregation.Party(id, party, random), parties, local,
                FederatedTrees.Noise.of(spec, layout, 0), layout);
        sessions.put(id, s);
        return Json.object().set("keys", Wire.keys(s.party.keys()));
    }

    private ObjectNode keys(Session s, JsonNode body) {
        return shareKeys(s.party, s.parties, body);
    }

    /** The keys step of any session: everyone's public keys in, this party's sealed key shares out. */
    static ObjectNode shareKeys(SecureAggregation.Party party, int parties, JsonNode body) {
        JsonNode list = body == null ? null : body.get("keys");
        if (list == null || !list.isArray() || list.size() != parties) {
            throw new IllegalArgumentException("keys: the public keys of all " + parties + " parties");
        }
        List<SecureAggregation.PublicKeys> keys = new ArrayList<>();
        list.forEach(k -> keys.add(Wire.keys(k)));
        return Json.object().set("shares", Wire.sealed(party.shareKeys(keys)));
    }

    /** A round's answer: the input masked among {@code parties}, with the self-mask's sealed shares. */
    static ObjectNode masked(SecureAggregation.Party party, String round, double[] input, Set<Integer> parties) {
        SecureAggregation.Masked m = party.mask(round, FixedPoint.encode(input), parties);
        ObjectNode out = Json.object().put("round", round).put("values", input.length);
        out.put("masked", Wire.longs(m.vector()));
        out.set("shares", Wire.sealed(m.selfMaskShares()));
        return out;
    }

    private ObjectNode shares(Session s, JsonNode body) {
        s.party.acceptKeyShares(Wire.sealed(body, "shares"));
        return Json.object().put("accepted", true);
    }

    private ObjectNode round(Session s, JsonNode body) {
        String round = Wire.text(body, "round", 100);
        Set<Integer> parties = Wire.parties(body, "parties");
        String kind = Wire.text(body, "kind", 20);
        double[] input;
        switch (kind) {
            case "base" -> input = s.local.baseSums(s.noise, noise, s.parties);
            case "evaluate" -> {
                double start = Wire.number(body, "start");
                List<FederatedTrees.Tree> trees = Wire.trees(body, "trees", spec.depth(), spec.trees());
                if (Math.abs(start) > 1 || trees.size() != spec.trees()) {
                    throw new IllegalArgumentException("trees: the spec's " + spec.trees() + " trees and a start within ±1");
                }
                Gate g = gate(body);
                input = s.local.evaluate(start, trees, g.start(), g.trees(), s.noise, noise, s.parties);
            }
            case "histogram" -> {
                double start = Wire.number(body, "start");
                if (Math.abs(start) > 1) {
                    throw new IllegalArgumentException("start: within ±1 (the scaled target)");
                }
                FederatedTrees.Part part = part(body);
                List<FederatedTrees.Tree> trees = Wire.trees(body, "trees", spec.depth(), spec.trees() - 1);
                s.local.catchUp(part, start, trees);
                int level = Wire.integer(body, "level", 0, spec.depth() - 1);
                FederatedTrees.Tree tree = Wire.tree(body.get("tree"), spec.depth());
                input = s.local.histograms(part, tree, level, s.layout.forTree(spec, s.id, part.treeNumber(trees.size())), s.noise,
                        noise, s.parties);
            }
            case "leaves" -> {
                if (!spec.differentiallyPrivate()) {
                    throw new IllegalArgumentException("kind: a leaf round is for trainings with DP noise only");
                }
                double start = Wire.number(body, "start");
                if (Math.abs(start) > 1) {
                    throw new IllegalArgumentException("start: within ±1 (the scaled target)");
                }
                s.local.catchUp(start, Wire.trees(body, "trees", spec.depth(), spec.trees() - 1));
                input = s.local.leafSums(Wire.tree(body.get("tree"), spec.depth()), s.noise, noise, s.parties);
            }
            default -> throw new IllegalArgumentException("kind: base, histogram, leaves or evaluate");
        }
        return masked(s.party, round, input, parties);
    }

    private ObjectNode reveal(Session s, JsonNode body) {
        return reveal(s.party, body);
    }

    private record Gate(double start, List<FederatedTrees.Tree> trees) {
    }

    /** A hurdle's gate as the coordinator sent it (evaluate, model): all the spec's trees, or nothing without a hurdle. */
    private Gate gate(JsonNode body) {
        if (!spec.hurdle()) {
            if (body.has("gate_start") || body.has("gate_trees")) {
                throw new IllegalArgumentException("gate_trees: this federation's spec has no hurdle");
            }
            return new Gate(0, List.of());
        }
        double start = Wire.number(body, "gate_start");
        List<FederatedTrees.Tree> trees = Wire.trees(body, "gate_trees", spec.depth(), spec.trees());
        if (trees.size() != spec.trees() || Math.abs(start) > 1) {
            throw new IllegalArgumentException("gate_trees: the spec's " + spec.trees() + " gate trees and a gate_start within ±1");
        }
        return new Gate(start, trees);
    }

    private FederatedTrees.Part part(JsonNode body) {
        String p = body.has("part") ? Wire.text(body, "part", 10) : "value";
        return switch (p) {
            case "value" -> FederatedTrees.Part.VALUE;
            case "gate" -> {
                if (!spec.hurdle()) {
                    throw new IllegalArgumentException("part: this federation's spec has no hurdle, so no gate");
                }
                yield FederatedTrees.Part.GATE;
            }
            default -> throw new IllegalArgumentException("part: value or gate");
        };
    }

    /** The reveal step of any session: this party's shares for unmasking the round. */
    static ObjectNode reveal(SecureAggregation.Party party, JsonNode body) {
        String round = Wire.text(body, "round", 100);
        SecureAggregation.Reveal r = party.reveal(round, Wire.parties(body, "survivors"), Wire.parties(body, "dropped"),
                Wire.sealed(body, "shares"));
        ObjectNode out = Json.object().put("round", round);
        out.set("self_mask_shares", Wire.shareMap(r.selfMaskShares()));
        out.set("key_shares", Wire.shareMap(r.keyShares()));
        return out;
    }

    private ObjectNode model(String id, Session s, JsonNode body) {
        if (s.done) {
            throw new IllegalStateException("session '" + id + "' already registered its model");
        }
        double start = Wire.number(body, "start");
        List<FederatedTrees.Tree> trees = Wire.trees(body, "trees", spec.depth(), spec.trees());
        if (trees.size() != spec.trees() || Math.abs(start) > 1) {
            throw new IllegalArgumentException("trees: the spec's " + spec.trees() + " trees and a start within ±1");
        }
        JsonNode training = body.get("training");
        if (training == null || !training.isObject()) {
            throw new IllegalArgumentException("training: participants, rounds and privacy settings");
        }
        // it goes onto the model card as the coordinator sent it: a record, not a place to store megabytes
        if (Json.write(training).length() > MAX_TRAINING_RECORD) {
            throw new IllegalArgumentException("training: a record of at most " + MAX_TRAINING_RECORD + " characters");
        }
        Gate g = gate(body);
        ObjectNode registered = registrar.register(id, FederatedTrees.model(spec, start, trees, g.start(), g.trees()),
                (ObjectNode) training);
        s.done = true;
        return registered;
    }
}
