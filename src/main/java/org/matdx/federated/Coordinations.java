package org.matdx.federated;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * This MatDX acting as the coordinator, started over the API instead of the command line
 * (docs/federation.md): an administrator starts a federated training or campaign rounds over the
 * listed nodes, and watches its rounds. Each runs on a thread of its own; the nodes' tokens and
 * proof keys stay in memory for the run and are never shown again, nor written to the audit trail
 * (which records who started what over which node addresses). Coordinations are not kept across
 * restarts: a campaign's state lives on its nodes, so a new run continues where the last ended.
 */
public final class Coordinations {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinations.class);
    /** Coordinations running at once on this platform (each holds a thread and the nodes' attention). */
    public static final int MAX_RUNNING = 4;
    /** Finished coordinations kept for reading, the oldest dropped first. */
    static final int MAX_KEPT = 100;
    static final int MAX_ROUNDS = 1000;

    public enum State { RUNNING, FINISHED, FAILED, CANCELLED }

    /** One coordination as its watchers see it; the rounds grow while it runs. */
    public static final class Run {
        final String id;
        final String kind;
        final String startedBy;
        final Instant startedAt;
        final List<String> nodes;
        final int rounds;
        final ObjectNode spec;
        final List<ObjectNode> done = new CopyOnWriteArrayList<>();
        volatile State state = State.RUNNING;
        volatile String error;
        volatile String stage = "starting";
        volatile Instant endedAt;
        volatile boolean cancel;
        volatile Thread thread;

        Run(String id, String kind, String startedBy, Instant startedAt, List<String> nodes, int rounds, ObjectNode spec) {
            this.id = id;
            this.kind = kind;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.nodes = List.copyOf(nodes);
            this.rounds = rounds;
            this.spec = spec;
        }

        public String id() {
            return id;
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("id", id).put("kind", kind).put("state", state.name().toLowerCase(Locale.ROOT))
                    .put("stage", stage).put("started_by", startedBy).put("started_at", startedAt.toString());
            if (endedAt != null) {
                o.put("ended_at", endedAt.toString());
            }
            if (error != null) {
                o.put("error", error);
            }
            ArrayNode ns = o.putArray("nodes");
            nodes.forEach(ns::add);
            o.put("rounds_asked", rounds);
            o.set("spec", spec.deepCopy());
            ArrayNode rs = o.putArray("rounds");
            done.forEach(r -> rs.add(r.deepCopy()));
            return o;
        }
    }

    private final Federations federations;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public Coordinations(Federations federations, AuditLog audit, Clock clock) {
        this.federations = federations;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Starts a coordination: {@code kind} ("campaign" or "training"), {@code spec}, {@code nodes} (3-32
     * of {name, url, federation, token, proof_key}, as for {@code matdx federation propose}),
     * {@code rounds} (a campaign's proposal rounds now, 1-1000) and {@code timeout} (seconds a node may
     * take for one step, 1-600).
     */
    public Run start(RequestContext context, JsonNode body) {
        Caller caller = context.caller();
        federations.requireAdministrator(caller);
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object with kind, spec, nodes and (for a campaign) rounds");
        }
        for (var f : body.propertyNames()) {
            if (!List.of("kind", "spec", "nodes", "rounds", "timeout").contains(f)) {
                throw Problem.invalid(f, "not a field of a coordination (kind, spec, nodes, rounds, timeout)");
            }
        }
        String kind = body.path("kind").asString("");
        if (!kind.equals("campaign") && !kind.equals("training")) {
            throw Problem.invalid("kind", "campaign or training");
        }
        int rounds = whole(body, "rounds", 1, 1, kind.equals("campaign") ? MAX_ROUNDS : 1);
        int timeout = whole(body, "timeout", 120, 1, 600);
        // the spec is checked before any node is called
        CampaignSpec campaign = kind.equals("campaign") ? CampaignSpec.parse(body.get("spec")) : null;
        FederationSpec training = kind.equals("training") ? FederationSpec.parse(body.get("spec")) : null;
        List<HttpLink.Node> nodes = nodes(body.get("nodes"));
        List<Coordinator.Link> links = new ArrayList<>();
        var http = HttpLink.client();
        for (HttpLink.Node n : nodes) {
            links.add(new HttpLink(n, http, Duration.ofSeconds(timeout)));
        }
        String id = "k" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        List<String> shown = nodes.stream().map(n -> n.name() + " " + n.url() + " (" + n.federation() + ")").toList();
        Run run = new Run(id, kind, caller.label(), clock.instant(), shown, rounds,
                campaign != null ? campaign.toJson() : training.toJson());
        synchronized (this) {
            if (runs.values().stream().filter(r -> r.state == State.RUNNING).count() >= MAX_RUNNING) {
                throw Problem.conflict(MAX_RUNNING + " coordinations are running on this node; wait for one to end or cancel one");
            }
            runs.put(id, run);
            trim();
        }
        ObjectNode detail = Json.object().put("id", id).put("kind", kind).put("rounds", rounds);
        ArrayNode ns = detail.putArray("nodes");
        shown.forEach(ns::add);
        detail.set("spec", run.spec.deepCopy());
        audit.append(context, "federation.coordinate", "federation", id, detail);
        run.thread = Thread.ofVirtual().name("coordination-" + id).start(() -> execute(run, links, campaign, training, timeout));
        return run;
    }

    private void execute(Run run, List<Coordinator.Link> links, CampaignSpec campaign, FederationSpec training, int timeout) {
        try {
            if (campaign != null) {
                CampaignCoordinator c = new CampaignCoordinator(campaign, links, (n, s, b) -> { }, Duration.ofSeconds(timeout),
                        new SecureRandom());
                for (int r = 0; r < run.rounds && !run.cancel; r++) {
                    run.stage = "round " + (r + 1) + " of " + run.rounds;
                    run.done.add(c.propose(run.id + "r" + r).toJson());
                }
            } else {
                Coordinator.Result res = new Coordinator(training, links, (n, s, b) -> { }, Duration.ofSeconds(timeout))
                        .train(run.id, (f, stage) -> {
                            if (run.cancel && f < 1) {
                                throw new Cancelled(); // after a round, never inside one; nothing is registered
                            }
                            run.stage = String.format(Locale.ROOT, "%.0f %% %s", 100 * f, stage);
                        });
                ObjectNode o = Json.object().put("rounds", res.rounds());
                o.set("training", res.training());
                ObjectNode reg = o.putObject("registered");
                res.registered().forEach(reg::set);
                run.done.add(o);
            }
            run.state = run.cancel ? State.CANCELLED : State.FINISHED;
        } catch (Cancelled e) {
            run.state = State.CANCELLED;
        } catch (Coordinator.Failed | IllegalArgumentException | IllegalStateException e) {
            run.error = e.getMessage();
            run.state = State.FAILED;
        } catch (RuntimeException e) {
            // nothing of the node's internals to the watcher: the log has the trace
            LOG.warn("coordination {} failed", run.id, e);
            run.error = "the coordination stopped on an unexpected error (see this node's log)";
            run.state = State.FAILED;
        } finally {
            run.stage = "ended";
            run.endedAt = clock.instant();
        }
    }

    /** A training stopped between two rounds because its administrator cancelled it. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    public Run get(Caller caller, String id) {
        federations.requireAdministrator(caller);
        Run r = id == null ? null : runs.get(id);
        if (r == null) {
            throw Problem.notFound("coordination", id);
        }
        return r;
    }

    public List<Run> list(Caller caller) {
        federations.requireAdministrator(caller);
        return runs.values().stream().sorted(Comparator.comparing((Run r) -> r.startedAt).reversed()).toList();
    }

    /** Stops a running coordination after its current round (a round is never cut in half). */
    public Run cancel(RequestContext context, String id) {
        Run r = get(context.caller(), id);
        if (r.state != State.RUNNING) {
            throw Problem.conflict("coordination " + id + " has already ended (" + r.state.name().toLowerCase(Locale.ROOT) + ")");
        }
        r.cancel = true;
        audit.append(context, "federation.coordinate.cancel", "federation", id, Json.object().put("id", id));
        return r;
    }

    /** Waits for the running coordinations to end their current round (platform shutdown). */
    public void close() {
        runs.values().forEach(r -> r.cancel = true);
        for (Run r : runs.values()) {
            Thread t = r.thread;
            if (t != null) {
                try {
                    t.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void trim() {
        List<Run> ended = runs.values().stream().filter(r -> r.state != State.RUNNING)
                .sorted(Comparator.comparing((Run r) -> r.startedAt)).toList();
        for (int i = 0; i < ended.size() && runs.size() > MAX_KEPT; i++) {
            runs.remove(ended.get(i).id);
        }
    }

    private static List<HttpLink.Node> nodes(JsonNode list) {
        if (list == null || !list.isArray() || list.size() < SecureAggregation.MIN_PARTIES || list.size() > FixedPoint.MAX_PARTIES) {
            throw Problem.invalid("nodes", SecureAggregation.MIN_PARTIES + "-" + FixedPoint.MAX_PARTIES
                    + " nodes, each {name, url, federation, token, proof_key}");
        }
        List<HttpLink.Node> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            if (!n.isObject()) {
                throw Problem.invalid("nodes[" + i + "]", "an object {name, url, federation, token, proof_key}");
            }
            for (String f : List.of("name", "url", "federation", "token", "proof_key")) {
                if (!n.path(f).isString() || n.path(f).asString().length() > 2000) {
                    throw Problem.invalid("nodes[" + i + "]." + f, "a string of at most 2000 characters");
                }
            }
            String token = n.get("token").asString();
            HttpLink.Node node;
            try {
                node = new HttpLink.Node(n.get("name").asString(), URI.create(n.get("url").asString()), n.get("federation").asString(),
                        token, n.get("proof_key").asString());
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                // never echo a secret back, even inside an error message
                throw Problem.invalid("nodes[" + i + "]", m != null && !token.isEmpty() && !m.contains(token) ? m
                        : "an http(s) address, the federation's name on that node, the node's API token and a proof key of at "
                        + "least 32 characters");
            }
            if (!names.add(node.name())) {
                throw Problem.invalid("nodes[" + i + "].name", "each node once: '" + node.name() + "' is listed twice");
            }
            out.add(node);
        }
        return out;
    }

    private static int whole(JsonNode body, String field, int def, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw Problem.invalid(field, "a whole number " + min + "-" + max);
        }
        return v.asInt();
    }
}
