package org.matdx.federated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.matdx.core.Json;
import org.matdx.federated.Coordinator.Rounds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One proposal round of a federated campaign over the nodes' links: the key setup, one securely
 * aggregated round of sufficient statistics ({@link FederatedBayes}), the pooled posterior with its
 * hyper-parameters chosen by the marginal likelihood, and an instruction to every node that sent —
 * a weight draw per suggestion (Thompson sampling), the posterior (UCB; EI with the incumbent), or "explore" while fewer
 * than the spec's initial trials are pooled. Each node picks among its own candidates and records
 * the suggestions in its own campaign; the coordinator learns only the sums and how many
 * suggestions each node made. A node that does not answer is left out of the round (it gets no
 * suggestion); the round fails only when fewer than n − 1 nodes send.
 */
public final class CampaignCoordinator {
    /**
     * The round's record: what the coordinator learned and decided. {@code sums} is everything it
     * decoded (noisy under DP); it is not printed, but it is what a curious coordinator holds.
     */
    public record Round(String session, int trials, String instruction, FederatedBayes.Fit chosen, List<String> participants,
                        List<String> dropped, Map<String, Integer> suggested, double[] sums) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("session", session).put("pooled_trials", trials).put("instruction", instruction);
            if (chosen != null) {
                o.putObject("surrogate").put("length_scale", chosen.lengthScale()).put("noise", chosen.noise())
                        .put("log_marginal_likelihood", chosen.logLikelihood());
            }
            ArrayNode p = o.putArray("participants");
            participants.forEach(p::add);
            ArrayNode d = o.putArray("dropped");
            dropped.forEach(d::add);
            ObjectNode s = o.putObject("suggested");
            suggested.forEach(s::put);
            return o;
        }
    }

    private final CampaignSpec spec;
    private final List<Coordinator.Link> links;
    private final Coordinator.Tap tap;
    private final Duration timeout;
    private final RandomGenerator random;

    /** {@code random}: the Thompson draws (a SecureRandom in production; seeded in benchmarks). */
    public CampaignCoordinator(CampaignSpec spec, List<Coordinator.Link> links, Coordinator.Tap tap, Duration timeout,
                               RandomGenerator random) {
        if (links.size() < SecureAggregation.MIN_PARTIES || links.size() > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException("a federated campaign needs " + SecureAggregation.MIN_PARTIES + "-"
                    + FixedPoint.MAX_PARTIES + " nodes, got " + links.size());
        }
        this.spec = spec;
        this.links = List.copyOf(links);
        this.tap = tap;
        this.timeout = timeout;
        this.random = random;
    }

    /**
     * One round. A node that does not open the session (down, or refusing) is left out and the
     * round starts again among the others under a new session id ({@code session-2}, …), as long as
     * at least three remain; it takes part again in the next round if it answers then.
     */
    public Round propose(String session) {
        List<Coordinator.Link> present = new ArrayList<>(links);
        List<String> absent = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return propose(attempt == 1 ? session : session + "-" + attempt, present, absent);
            } catch (Rounds.Absent a) {
                List<Coordinator.Link> left = new ArrayList<>();
                for (int p = 1; p <= present.size(); p++) {
                    if (a.parties.contains(p)) {
                        absent.add(present.get(p - 1).name() + " (open: " + a.getMessage() + ")");
                    } else {
                        left.add(present.get(p - 1));
                    }
                }
                if (left.size() < SecureAggregation.MIN_PARTIES) {
                    throw new Coordinator.Failed(left.size() + " of " + links.size() + " nodes opened the round; at least "
                            + SecureAggregation.MIN_PARTIES + " are needed (" + a.getMessage() + ")");
                }
                present = left;
            }
        }
    }

    private Round propose(String session, List<Coordinator.Link> present, List<String> absent) {
        int n = present.size();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Rounds net = new Rounds(present, tap, timeout, pool);
            var keys = net.setup(session, party -> Json.object().put("party", party).put("parties", n).set("spec", spec.toJson()));
            Set<Integer> alive = new TreeSet<>(Coordinator.range(n));
            List<String> dropped = new ArrayList<>(absent);
            double[] sums = net.aggregate(session, "statistics", spec.statisticsLength(), alive, keys, dropped,
                    party -> Json.object().put("kind", "statistics"));
            FederatedBayes.Posterior post = FederatedBayes.posterior(spec, sums);
            String kind = post == null ? "explore" : spec.acquisition().code();
            double[] inverse = kind.equals("ucb") || kind.equals("ei") ? post.inverseFactor() : null;
            double incumbent = kind.equals("ei") ? FederatedBayes.incumbent(spec, session, post) : Double.NaN;
            Map<Integer, JsonNode> answers = net.all(session, "propose", party -> instruction(kind, post, inverse, incumbent), alive,
                    false);
            Map<String, Integer> suggested = new LinkedHashMap<>();
            for (int p : alive) {
                JsonNode a = answers.get(p);
                if (a == null) {
                    dropped.add(net.name(p) + " (propose)");
                } else {
                    suggested.put(net.name(p), a.path("suggested").asInt(0));
                }
            }
            List<String> participants = Coordinator.range(n).stream().map(net::name).toList();
            return new Round(session, (int) Math.rint(sums[0]), kind, post == null ? null : post.chosen(), participants,
                    List.copyOf(dropped), suggested, sums);
        }
    }

    private ObjectNode instruction(String kind, FederatedBayes.Posterior post, double[] inverse, double incumbent) {
        ObjectNode o = Json.object().put("kind", kind);
        switch (kind) {
            case "thompson" -> {
                o.put("scale", post.chosen().scale());
                ArrayNode draws = o.putArray("draws");
                for (int k = 0; k < spec.perNode(); k++) {
                    ArrayNode w = draws.addArray();
                    for (double v : post.sample(random)) {
                        w.add(v);
                    }
                }
            }
            case "ucb", "ei" -> {
                o.put("scale", post.chosen().scale()).put("noise", post.chosen().noise());
                if (kind.equals("ei")) {
                    o.put("incumbent", incumbent);
                }
                ArrayNode w = o.putArray("weights");
                for (double v : post.weights()) {
                    w.add(v);
                }
                ArrayNode f = o.putArray("inverse_factor");
                for (double v : inverse) {
                    f.add(v);
                }
            }
            default -> {
                // explore: the node's own space-filling choice
            }
        }
        return o;
    }
}
