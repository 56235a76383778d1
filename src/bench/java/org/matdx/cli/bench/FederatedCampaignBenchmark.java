package org.matdx.cli.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.matdx.core.Json;
import org.matdx.federated.CampaignCoordinator;
import org.matdx.federated.CampaignSpec;
import org.matdx.federated.Coordinator;
import org.matdx.federated.FederatedBayes;
import org.matdx.federated.FederatedCampaignNode;
import org.matdx.optimize.BenchmarkTable;
import org.matdx.optimize.Parameter;
import org.matdx.optimize.PoolStrategy;
import org.matdx.privacy.Mechanisms;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A federated campaign against the same surrogate run alone at each node and on the pooled table
 * ({@code matdx bench federated --campaign DIR}): an Olympus table split by one parameter into
 * non-random shards, one per node (each node can run only its own rows, e.g. its own catalyst or
 * its own temperature range), the table's values answering each node's suggestions. Counts the
 * experiments until the table's best row is found:
 * <ul>
 *   <li><b>federated</b>: all nodes, one suggestion each per round from the pooled posterior (the
 *       protocol in this process, every message as JSON, secure aggregation included);</li>
 *   <li><b>alone</b>: each node its own campaign with the same surrogate on its own trials only, all
 *       running side by side (the experiments of every node count);</li>
 *   <li><b>pooled</b>: one campaign over the whole table with the same surrogate and as many
 *       suggestions per round as there are nodes — what pooling the data (and the labs) would do.</li>
 * </ul>
 */
public final class FederatedCampaignBenchmark {
    private FederatedCampaignBenchmark() {
    }

    /** One node's rows of the table. */
    public record Shard(String name, int[] rows) {
    }

    /**
     * Splits rows by one parameter, non-randomly: a categorical one by its options (dealt round the
     * nodes in order), a numeric one into equal-count slices of its sorted values.
     */
    public static List<Shard> shard(BenchmarkTable t, String parameter, int nodes) {
        int col = -1;
        List<Parameter> ps = t.space().parameters();
        for (int k = 0; k < ps.size(); k++) {
            if (ps.get(k).name().equals(parameter)) {
                col = k;
            }
        }
        if (col < 0) {
            throw new IllegalArgumentException(t.name() + " has no parameter '" + parameter + "'");
        }
        int c = col;
        List<List<Integer>> parts = new ArrayList<>();
        for (int k = 0; k < nodes; k++) {
            parts.add(new ArrayList<>());
        }
        if (ps.get(c) instanceof Parameter.Categorical cat) {
            for (int i = 0; i < t.size(); i++) {
                parts.get(cat.options().indexOf(t.rows().get(i)[c].strip()) % nodes).add(i);
            }
        } else {
            Integer[] order = IntStream.range(0, t.size()).boxed().sorted(Comparator.comparingDouble(
                    (Integer i) -> Double.parseDouble(t.rows().get(i)[c].strip())).thenComparingInt(i -> i)).toArray(Integer[]::new);
            for (int k = 0; k < order.length; k++) {
                parts.get((int) ((long) k * nodes / order.length)).add(order[k]);
            }
        }
        List<Shard> out = new ArrayList<>();
        for (int k = 0; k < nodes; k++) {
            if (parts.get(k).isEmpty()) {
                throw new IllegalArgumentException(parameter + " does not split " + t.name() + " into " + nodes + " non-empty shards");
            }
            out.add(new Shard(parameter + " part " + (k + 1), parts.get(k).stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }

    /** The spec of a table: its space, its goal, the range of its values as the public range. */
    public static CampaignSpec spec(BenchmarkTable t) {
        double lo = Arrays.stream(t.values()).min().orElseThrow();
        double hi = Arrays.stream(t.values()).max().orElseThrow();
        double pad = Math.max(1e-9, 0.05 * (hi - lo));
        // the public range: what the field knows of the objective before any run (here the table's span, padded)
        return CampaignSpec.standard(t.objective().replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^([^A-Za-z_])", "_$1"),
                t.maximise(), lo - pad, hi + pad, CampaignSpec.declare(t.space()), t.space().simplex()).withInitial(6);
    }

    /** A node of this process: its shard as candidates, the table answering each suggestion at once. */
    public static final class TableNode implements FederatedCampaignNode.Trials {
        final BenchmarkTable table;
        final Shard shard;
        final List<PoolStrategy.Observation> trials = new CopyOnWriteArrayList<>();
        /** Rows at which runs fail (the table's value is withheld): failure handling in tests. */
        final Set<Integer> failing;

        public TableNode(BenchmarkTable table, Shard shard, Set<Integer> failing) {
            this.table = table;
            this.shard = shard;
            this.failing = failing;
        }

        @Override
        public FederatedCampaignNode.Local load(String session, CampaignSpec spec) {
            double[][] x = Arrays.stream(shard.rows()).mapToObj(i -> table.features()[i]).toArray(double[][]::new);
            return new FederatedCampaignNode.Local(x, trials);
        }

        @Override
        public void suggest(String session, List<Integer> candidates) {
            for (int c : candidates) {
                int row = shard.rows()[c];
                trials.add(new PoolStrategy.Observation(c, failing.contains(row) ? null : table.values()[row]));
            }
        }

        public String shardName() {
            return shard.name();
        }

        /** Table rows this node has run, in order. */
        public List<Integer> ran() {
            return trials.stream().map(o -> shard.rows()[o.index()]).toList();
        }
    }

    /** A link that writes each body as JSON text and parses the answer, as over HTTP; it can be made to die. */
    public static final class Link implements Coordinator.Link {
        private final String name;
        private final FederatedCampaignNode node;
        private volatile String dieAtStep;
        private volatile boolean dead;

        public Link(String name, FederatedCampaignNode node) {
            this.name = name;
            this.node = node;
        }

        /** From the next call of this step on, the node does not answer. */
        public void dieAt(String step) {
            this.dieAtStep = step;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JsonNode call(String session, String step, ObjectNode body) {
            if (dead || step.equals(dieAtStep)) {
                dead = true;
                throw new IllegalStateException("connection refused");
            }
            return Json.MAPPER.readTree(node.handle(session, step, Json.MAPPER.readTree(Json.write(body))));
        }
    }

    public static Link link(CampaignSpec spec, TableNode data, long seed) {
        return new Link(data.shard.name(), new FederatedCampaignNode(spec, data,
                (session, step, body) -> Json.write(body).getBytes(StandardCharsets.UTF_8), new SecureRandom(),
                new SplittableRandom(seed), Mechanisms.seeded(seed * 7919 + 1), 0));
    }

    /** Experiments until the best row was found (or the budget, +1, when it was not), per arrangement. */
    public record Outcome(long seed, int federated, int federatedAtHolder, int alone, int aloneAtHolder, int pooled) {
    }

    /** The best row of the table (the first of equals). */
    public static int best(BenchmarkTable t) {
        int b = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.maximise() ? t.values()[i] > t.values()[b] : t.values()[i] < t.values()[b]) {
                b = i;
            }
        }
        return b;
    }

    /** One seed: the three arrangements, each for at most {@code rounds} rounds. */
    public static Outcome run(BenchmarkTable t, List<Shard> shards, int rounds, long seed) {
        return run(t, shards, rounds, seed, spec(t), true);
    }

    /**
     * One seed: the federation under {@code federatedSpec} (e.g. with privacy or another acquisition)
     * and, when {@code baselines}, the nodes alone and pooled under the table's plain spec (0 when not run).
     */
    public static Outcome run(BenchmarkTable t, List<Shard> shards, int rounds, long seed, CampaignSpec federatedSpec,
                              boolean baselines) {
        CampaignSpec spec = spec(t);
        int bestRow = best(t);
        double bestValue = t.values()[bestRow];
        int holder = -1;
        for (int k = 0; k < shards.size(); k++) {
            for (int r : shards.get(k).rows()) {
                if (t.values()[r] == bestValue && holder < 0) {
                    holder = k;
                }
            }
        }
        // federated
        List<TableNode> nodes = new ArrayList<>();
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < shards.size(); k++) {
            TableNode n = new TableNode(t, shards.get(k), Set.of());
            nodes.add(n);
            links.add(link(federatedSpec, n, seed * 31 + k));
        }
        CampaignCoordinator coordinator = new CampaignCoordinator(federatedSpec, links, (a, b, c) -> { }, Duration.ofMinutes(2),
                new SplittableRandom(seed));
        int federated = -1;
        int federatedAtHolder = -1;
        for (int r = 0; r < rounds && federated < 0; r++) {
            coordinator.propose("b" + seed + "r" + r);
            int total = nodes.stream().mapToInt(n -> n.ran().size()).sum();
            for (int k = 0; k < nodes.size(); k++) {
                List<Integer> ran = nodes.get(k).ran();
                for (int j = 0; j < ran.size(); j++) {
                    if (t.values()[ran.get(j)] == bestValue) {
                        federated = total;
                        federatedAtHolder = j + 1;
                    }
                }
            }
        }
        int cap = rounds * shards.size() + 1;
        if (!baselines) {
            return new Outcome(seed, federated < 0 ? cap : federated, federatedAtHolder < 0 ? rounds + 1 : federatedAtHolder, 0, 0, 0);
        }
        // alone: each node's own campaign, side by side
        int aloneAtHolder = -1;
        int[] own = new int[shards.size()];
        Arrays.fill(own, -1);
        for (int k = 0; k < shards.size(); k++) {
            own[k] = alone(spec, t, shards.get(k).rows(), 1, rounds, bestValue, seed * 31 + k, "a" + seed + "n" + k);
        }
        int firstRound = Integer.MAX_VALUE;
        for (int k = 0; k < shards.size(); k++) {
            if (own[k] > 0) {
                firstRound = Math.min(firstRound, own[k]);
            }
        }
        int alone = firstRound == Integer.MAX_VALUE ? -1 : firstRound * shards.size();
        aloneAtHolder = holder >= 0 ? own[holder] : -1;
        int pooledRounds = alone(spec, t, IntStream.range(0, t.size()).toArray(), shards.size(), rounds, bestValue, seed,
                "p" + seed);
        int pooled = pooledRounds < 0 ? -1 : pooledRounds;
        return new Outcome(seed, federated < 0 ? cap : federated, federatedAtHolder < 0 ? rounds + 1 : federatedAtHolder,
                alone < 0 ? cap : alone, aloneAtHolder < 0 ? rounds + 1 : aloneAtHolder, pooled < 0 ? cap : pooled);
    }

    /**
     * One campaign with the same surrogate over the given rows, all in one place: {@code q}
     * suggestions per round. Returns the experiments until the best value was run (for q = 1, the
     * rounds), or −1.
     */
    static int alone(CampaignSpec spec, BenchmarkTable t, int[] rows, int q, int rounds, double bestValue, long seed, String prefix) {
        double[][] x = Arrays.stream(rows).mapToObj(i -> t.features()[i]).toArray(double[][]::new);
        List<Integer> tried = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom explore = new SplittableRandom(seed * 31 + (q == 1 ? 0 : 7));
        for (int r = 0; r < rounds; r++) {
            String session = prefix + "r" + r;
            List<double[]> xs = tried.stream().map(i -> x[i]).toList();
            double[] z = tried.stream().mapToDouble(i -> spec.scale(t.values()[rows[i]])).toArray();
            FederatedBayes.Posterior post = FederatedBayes.posterior(spec, FederatedBayes.statistics(spec, session, xs, z));
            FederatedBayes.Instruction what;
            if (post == null) {
                what = new FederatedBayes.Instruction.Explore(q);
            } else {
                List<double[]> draws = new ArrayList<>();
                for (int k = 0; k < q; k++) {
                    draws.add(post.sample(random));
                }
                what = new FederatedBayes.Instruction.Thompson(post.chosen().scale(), draws);
            }
            List<Integer> picks = FederatedBayes.choose(spec, session, what, x, new HashSet<>(tried), explore);
            if (picks.isEmpty()) {
                return -1;
            }
            for (int p : picks) {
                tried.add(p);
                if (t.values()[rows[p]] == bestValue) {
                    return tried.size();
                }
            }
        }
        return -1;
    }

    public record Summary(String table, String shardBy, int rows, int nodes, List<Outcome> outcomes) {
        public double mean(ToIntFunction<Outcome> f) {
            return outcomes.stream().mapToInt(f).average().orElse(Double.NaN);
        }
    }

    public static Summary run(BenchmarkTable t, String shardBy, int nodes, int seeds, int rounds, PrintStream progress) {
        return run(t, shardBy, nodes, seeds, rounds, spec(t), true, progress);
    }

    public static Summary run(BenchmarkTable t, String shardBy, int nodes, int seeds, int rounds, CampaignSpec federatedSpec,
                              boolean baselines, PrintStream progress) {
        List<Shard> shards = shard(t, shardBy, nodes);
        List<Outcome> out = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            out.add(run(t, shards, rounds, 1000L + s, federatedSpec, baselines));
            if (progress != null) {
                progress.printf(Locale.ROOT, "\r%s: seed %d of %d", t.name(), s + 1, seeds);
            }
        }
        if (progress != null) {
            progress.println();
        }
        return new Summary(t.name(), shardBy, t.size(), nodes, out);
    }

    public static void print(Summary s, PrintStream out) {
        out.printf(Locale.ROOT, "| %s (%d rows) | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", s.table(), s.rows(), s.shardBy(),
                s.outcomes().size(), s.mean(Outcome::federated), s.mean(Outcome::alone), s.mean(Outcome::pooled),
                s.mean(Outcome::federatedAtHolder), s.mean(Outcome::aloneAtHolder));
    }

    /** A row of the federated arrangement alone under a variant of the spec (privacy, acquisition). */
    public static void printVariant(Summary s, CampaignSpec spec, PrintStream out) {
        CampaignSpec.Privacy p = spec.privacy();
        out.printf(Locale.ROOT, "| %s (%d rows) | %s | %s | %s | %d | %.1f | %.1f |%n", s.table(), s.rows(), s.shardBy(),
                spec.acquisition().name().toLowerCase(Locale.ROOT),
                p == null ? "none" : String.format(Locale.ROOT, "ε = %s (σ = %.3g)", p.epsilon(), p.sigma(spec)),
                s.outcomes().size(), s.mean(Outcome::federated), s.mean(Outcome::federatedAtHolder));
    }

    public static final String VARIANT_HEADER = "| table | shards by | acquisition | privacy (δ = 10⁻⁶, budget over the rounds) | seeds | "
            + "federated: experiments to the best row | at the node holding it |\n|---|---|---|---|---:|---:|---:|";

    public static final String HEADER = "| table | shards by | seeds | federated: experiments to the best row | alone, side by side | "
            + "pooled | federated: at the node holding it | alone: at that node |\n|---|---|---:|---:|---:|---:|---:|---:|";
}
