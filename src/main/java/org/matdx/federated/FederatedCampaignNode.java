package org.matdx.federated;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.matdx.core.Json;
import org.matdx.optimize.PoolStrategy;
import org.matdx.privacy.Mechanisms;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A MatDX node's side of a federated campaign (docs/federation.md): per proposal round (a
 * session) it reads its own trials, answers one securely aggregated round with its sufficient
 * statistics ({@link FederatedBayes#statistics}), and then turns the coordinator's instruction (a
 * weight draw, the posterior, or "explore") into suggestions among its own candidates, which it
 * records as trials of its own campaign. Its trials, their settings and its candidates never leave
 * it; every answer passes through the {@link FederatedNode.Outbox}.
 */
public final class FederatedCampaignNode {
    public static final List<String> STEPS = List.of("open", "keys", "shares", "round", "reveal", "propose");

    /** The node's campaign as the federation sees it: candidates it can run, its trials, and where suggestions go. */
    public interface Trials {
        /** The candidates (encoded in the spec's space) and the trials: value, null for failed, NaN for open or abandoned. */
        Local load(String session, CampaignSpec spec);

        /** Records the suggestions (indices of candidates) as trials of the node's campaign. */
        void suggest(String session, List<Integer> candidates);
    }

    public record Local(double[][] candidates, List<PoolStrategy.Observation> trials) {
        public Local {
            candidates = candidates.clone();
            trials = List.copyOf(trials);
        }

        Set<Integer> tried() {
            Set<Integer> s = new HashSet<>();
            trials.forEach(t -> s.add(t.index()));
            return s;
        }

        /** The trials that teach the surrogate: completed (scaled) and failed (the worst end); open and abandoned ones do not. */
        public double[] statisticsFor(CampaignSpec spec, String session) {
            List<double[]> x = new ArrayList<>();
            List<Double> z = new ArrayList<>();
            for (PoolStrategy.Observation o : trials) {
                if (o.index() < 0 || o.index() >= candidates.length) {
                    throw new IllegalStateException("a trial outside this node's candidates");
                }
                if (o.value() == null) {
                    x.add(candidates[o.index()]);
                    z.add(CampaignSpec.FAILED);
                } else if (Double.isFinite(o.value())) {
                    x.add(candidates[o.index()]);
                    z.add(spec.scale(o.value()));
                }
            }
            return FederatedBayes.statistics(spec, session, x, z.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private final CampaignSpec spec;
    private final Trials data;
    private final FederatedNode.Outbox outbox;
    private final SecureRandom random;
    private final RandomGenerator exploration;
    private final Mechanisms noise;
    /** Statistics rounds this node has answered under this membership (from its message log): the DP budget's count. */
    private final AtomicInteger statisticsSent;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private static final class Session {
        final SecureAggregation.Party party;
        final int parties;
        final Local local;
        volatile boolean sent;
        volatile boolean done;
        volatile long lastUsed = System.nanoTime();

        Session(SecureAggregation.Party party, int parties, Local local) {
            this.party = party;
            this.parties = parties;
            this.local = local;
        }
    }

    /**
     * {@code exploration}: where space-filling suggestions start (a node's own choice, never the
     * coordinator's); {@code noise}: the DP noise source (secure in production); {@code statisticsSent}:
     * the statistics rounds this membership already answered (they count against the privacy budget).
     */
    public FederatedCampaignNode(CampaignSpec spec, Trials data, FederatedNode.Outbox outbox, SecureRandom random,
                                 RandomGenerator exploration, Mechanisms noise, int statisticsSent) {
        this.spec = spec;
        this.data = data;
        this.outbox = outbox;
        this.random = random;
        this.exploration = exploration;
        this.noise = noise;
        this.statisticsSent = new AtomicInteger(statisticsSent);
    }

    public CampaignSpec spec() {
        return spec;
    }

    /** One step; anything malformed, out of order or outside the spec is an IllegalArgumentException or IllegalStateException. */
    public byte[] handle(String session, String step, JsonNode body) {
        Wire.requireSessionId(session);
        if (step.equals("open")) {
            synchronized (this) {
                return outbox.send(session, step, open(session, body));
            }
        }
        Session s = sessions.get(session);
        if (s == null) {
            throw new IllegalStateException("no open session '" + session + "' on this node");
        }
        s.lastUsed = System.nanoTime();
        synchronized (s) {
            ObjectNode out = switch (step) {
                case "keys" -> FederatedNode.shareKeys(s.party, s.parties, body);
                case "shares" -> {
                    s.party.acceptKeyShares(Wire.sealed(body, "shares"));
                    yield Json.object().put("accepted", true);
                }
                case "round" -> round(session, s, body);
                case "reveal" -> FederatedNode.reveal(s.party, body);
                case "propose" -> propose(session, s, body);
                default -> throw new IllegalArgumentException("step: one of " + STEPS);
            };
            return outbox.send(session, step, out);
        }
    }

    private ObjectNode open(String id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("open: an object with party, parties and spec");
        }
        for (String f : body.propertyNames()) {
            // the coordinator cannot name a campaign or dataset: the node lends the one its administrator chose
            if (!List.of("party", "parties", "spec").contains(f)) {
                throw new IllegalArgumentException(f + ": not a field of 'open' (this node lends only the campaign it consented to)");
            }
        }
        CampaignSpec asked = CampaignSpec.parse(body.get("spec"));
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
        sessions.values().removeIf(s -> s.done || now - s.lastUsed > FederatedNode.IDLE_NANOS);
        if (sessions.size() >= FederatedNode.MAX_SESSIONS) {
            // rounds are short and started again without a node that failed to open: the coordinator's
            // newest round replaces its least recently used unfinished one, which could never complete now
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastUsed))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
        Session s = new Session(new SecureAggregation.Party(id, party, random), parties, data.load(id, spec));
        sessions.put(id, s);
        return Json.object().set("keys", Wire.keys(s.party.keys()));
    }

    private ObjectNode round(String id, Session s, JsonNode body) {
        String round = Wire.text(body, "round", 100);
        Set<Integer> parties = Wire.parties(body, "parties");
        if (!"statistics".equals(Wire.text(body, "kind", 20))) {
            throw new IllegalArgumentException("kind: a federated campaign has one round, 'statistics'");
        }
        if (s.sent) {
            throw new IllegalStateException("this node already sent its statistics in session '" + id + "'");
        }
        double[] statistics = s.local.statisticsFor(spec, id);
        CampaignSpec.Privacy p = spec.privacy();
        if (p != null) {
            // counted before anything leaves: a refused or failed send still spends, never the reverse
            if (statisticsSent.incrementAndGet() > p.rounds()) {
                statisticsSent.decrementAndGet();
                throw new IllegalStateException("the privacy budget is spent: this node agreed to " + p.rounds()
                        + " statistics rounds under ε = " + p.epsilon() + " and answered them all");
            }
            double sigma = p.sigma(spec);
            for (int i = 0; i < statistics.length; i++) {
                statistics[i] += FederatedTrees.share(sigma, noise, s.parties);
            }
        }
        ObjectNode out = FederatedNode.masked(s.party, round, statistics, parties);
        s.sent = true;
        return out;
    }

    private ObjectNode propose(String id, Session s, JsonNode body) {
        if (!s.sent) {
            throw new IllegalStateException("this node has not sent its statistics in session '" + id + "'");
        }
        if (s.done) {
            throw new IllegalStateException("session '" + id + "' already made its suggestions");
        }
        FederatedBayes.Instruction what = instruction(body);
        List<Integer> chosen = FederatedBayes.choose(spec, id, what, s.local.candidates(), s.local.tried(), exploration);
        data.suggest(id, chosen);
        s.done = true;
        return Json.object().put("suggested", chosen.size());
    }

    /** The coordinator's instruction, checked against the spec: sizes, finite values, at most per_node suggestions. */
    FederatedBayes.Instruction instruction(JsonNode body) {
        String kind = Wire.text(body, "kind", 20);
        if (List.of("thompson", "ucb", "ei").contains(kind) && !kind.equals(spec.acquisition().code())) {
            throw new IllegalArgumentException("kind: this campaign's acquisition is " + spec.acquisition().code() + " (or explore)");
        }
        int d = spec.features();
        return switch (kind) {
            case "explore" -> new FederatedBayes.Instruction.Explore(spec.perNode());
            case "thompson" -> {
                int scale = Wire.integer(body, "scale", 0, spec.lengthScales().size() - 1);
                JsonNode draws = body.get("draws");
                if (draws == null || !draws.isArray() || draws.isEmpty() || draws.size() > spec.perNode()) {
                    throw new IllegalArgumentException("draws: 1-" + spec.perNode() + " weight vectors");
                }
                List<double[]> list = new ArrayList<>();
                for (JsonNode w : draws) {
                    list.add(vector(w, "draws[]", d));
                }
                yield new FederatedBayes.Instruction.Thompson(scale, list);
            }
            case "ucb", "ei" -> {
                int scale = Wire.integer(body, "scale", 0, spec.lengthScales().size() - 1);
                double noise = Wire.number(body, "noise");
                if (!spec.noises().contains(noise)) {
                    throw new IllegalArgumentException("noise: one of the spec's " + spec.noises());
                }
                double[] weights = vector(body.get("weights"), "weights", d);
                double[] inverse = vector(body.get("inverse_factor"), "inverse_factor", d * (d + 1) / 2);
                if (kind.equals("ucb")) {
                    yield new FederatedBayes.Instruction.Ucb(scale, weights, inverse, noise, spec.kappa(), spec.perNode());
                }
                double incumbent = Wire.number(body, "incumbent");
                if (!(Math.abs(incumbent) <= MAX_ENTRY)) {
                    throw new IllegalArgumentException("incumbent: a finite number within ±" + MAX_ENTRY);
                }
                yield new FederatedBayes.Instruction.Ei(scale, weights, inverse, noise, incumbent, spec.perNode());
            }
            default -> throw new IllegalArgumentException("kind: explore, thompson, ucb or ei");
        };
    }

    /** Largest magnitude of a weight or factor entry a node accepts (standardised values, unit prior: far beyond any real one). */
    static final double MAX_ENTRY = 1e8;

    private static double[] vector(JsonNode a, String field, int length) {
        if (a == null || !a.isArray() || a.size() != length) {
            throw new IllegalArgumentException(field + ": " + length + " numbers");
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = a.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > MAX_ENTRY) {
                throw new IllegalArgumentException(field + ": finite numbers within ±" + MAX_ENTRY);
            }
            out[i] = v.asDouble();
        }
        return out;
    }
}
