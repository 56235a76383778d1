package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimize.PoolStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The random-feature posterior from sums, its hyper-parameter choice, and what a node refuses. */
class FederatedBayesTest {
    static final ArrayNode ONE_D = (ArrayNode) Json.read("[{\"name\": \"x\", \"type\": \"continuous\", \"low\": 0, \"high\": 1}]");
    static final CampaignSpec SPEC = CampaignSpec.standard("yield", true, -1.5, 1.5, ONE_D, false);

    static double[] grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i + 0.5) / n;
        }
        return x;
    }

    static double[] stats(CampaignSpec spec, String session, double[] x, double[] y) {
        List<double[]> xs = new ArrayList<>();
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xs.add(new double[] {x[i]});
            z[i] = spec.scale(y[i]);
        }
        return FederatedBayes.statistics(spec, session, xs, z);
    }

    static double predict(CampaignSpec spec, String session, FederatedBayes.Posterior p, double x) {
        double[] phi = FederatedBayes.Features.of(spec, session, p.chosen().scale()).at(new double[] {x});
        return p.mean() + p.deviation() * FederatedBayes.dot(phi, p.weights());
    }

    @Test
    void sumsOfThreeNodesGiveThePooledPosteriorWhichFitsTheFunction() {
        double[] x = grid(30);
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            y[i] = Math.sin(6 * x[i]);
        }
        // three nodes, non-random thirds of the interval
        double[] sum = new double[SPEC.statisticsLength()];
        for (int k = 0; k < 3; k++) {
            double[] part = stats(SPEC, "s1", java.util.Arrays.copyOfRange(x, 10 * k, 10 * k + 10),
                    java.util.Arrays.copyOfRange(y, 10 * k, 10 * k + 10));
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
        }
        double[] pooled = stats(SPEC, "s1", x, y);
        for (int i = 0; i < sum.length; i++) {
            assertThat(sum[i]).isCloseTo(pooled[i], org.assertj.core.data.Offset.offset(1e-9));
        }
        // through the ring: fixed point loses nothing that matters
        double[] ring = FixedPoint.decode(FixedPoint.encode(sum));
        FederatedBayes.Posterior p = FederatedBayes.posterior(SPEC, ring);
        assertThat(p.trials()).isEqualTo(30);
        double mean = java.util.Arrays.stream(y).map(SPEC::scale).average().orElseThrow();
        assertThat(p.mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5));
        // held-out points between the training points: the pooled posterior mean follows sin(6x)
        double err = 0;
        for (double t = 0.02; t < 0.98; t += 0.0317) {
            err = Math.max(err, Math.abs(predict(SPEC, "s1", p, t) - SPEC.scale(Math.sin(6 * t))));
        }
        assertThat(err).isLessThan(0.05);
        // the marginal likelihood prefers a longer length scale for a straight line than for a fast wave
        double[] line = new double[30];
        double[] wave = new double[30];
        for (int i = 0; i < 30; i++) {
            line[i] = 0.8 * x[i] - 0.4;
            wave[i] = Math.sin(25 * x[i]);
        }
        double lLine = FederatedBayes.posterior(SPEC, stats(SPEC, "s2", x, line)).chosen().lengthScale();
        double lWave = FederatedBayes.posterior(SPEC, stats(SPEC, "s2", x, wave)).chosen().lengthScale();
        assertThat(lLine).isGreaterThan(lWave);
        assertThat(lWave).isLessThanOrEqualTo(0.1);
    }

    @Test
    void tooFewPooledTrialsMeanExplorationAndAllFailedRunsStillGiveAPosterior() {
        CampaignSpec spec = SPEC.withInitial(6);
        assertThat(FederatedBayes.posterior(spec, stats(spec, "s", grid(5), new double[5]))).isNull();
        // six failed runs (−1 each): no spread to standardise by, still a well-defined posterior
        List<double[]> xs = new ArrayList<>();
        for (double v : grid(6)) {
            xs.add(new double[] {v});
        }
        FederatedBayes.Posterior p = FederatedBayes.posterior(spec, FederatedBayes.statistics(spec, "s", xs,
                new double[] {-1, -1, -1, -1, -1, -1}));
        assertThat(p.mean()).isEqualTo(-1);
        assertThat(p.deviation()).isEqualTo(1);
    }

    @Test
    void aNodeNeverProposesARunItTriedFailedOrNot() {
        double[][] pool = new double[10][];
        for (int i = 0; i < 10; i++) {
            pool[i] = new double[] {i / 9.0};
        }
        List<double[]> xs = new ArrayList<>();
        double[] z = new double[6];
        for (int i = 0; i < 6; i++) {
            xs.add(pool[i]);
            z[i] = SPEC.scale(Math.sin(6 * pool[i][0]));
        }
        FederatedBayes.Posterior p = FederatedBayes.posterior(SPEC, FederatedBayes.statistics(SPEC, "s", xs, z));
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < 20; k++) {
            var what = new FederatedBayes.Instruction.Thompson(p.chosen().scale(), List.of(p.sample(r), p.sample(r)));
            List<Integer> picks = FederatedBayes.choose(SPEC, "s", what, pool, Set.of(0, 1, 2, 3, 4, 5, 9), r);
            assertThat(picks).hasSize(2).doesNotHaveDuplicates().allMatch(i -> i >= 6 && i <= 8);
        }
        var ucb = new FederatedBayes.Instruction.Ucb(p.chosen().scale(), p.weights(), p.inverseFactor(), p.chosen().noise(), 2, 4);
        assertThat(FederatedBayes.choose(SPEC, "s", ucb, pool, Set.of(0, 1, 2, 3, 4, 5, 9), r)).containsExactlyInAnyOrder(6, 7, 8);
    }

    @Test
    void expectedImprovementImprovesOnTheLargestPosteriorMeanOverThePublicAgreedSet() {
        CampaignSpec ei = SPEC.withAcquisition(CampaignSpec.Choice.EI);
        double[][] pool = new double[40][];
        for (int i = 0; i < 40; i++) {
            pool[i] = new double[] {i / 39.0};
        }
        List<double[]> xs = new ArrayList<>();
        double[] z = new double[8];
        for (int i = 0; i < 8; i++) {
            xs.add(pool[5 * i]);
            z[i] = ei.scale(Math.sin(6 * pool[5 * i][0]));
        }
        FederatedBayes.Posterior p = FederatedBayes.posterior(ei, FederatedBayes.statistics(ei, "s", xs, z));
        // the incumbent: the largest posterior mean over 2048 public points of [0, 1], the same for every caller
        double incumbent = FederatedBayes.incumbent(ei, "s", p);
        assertThat(FederatedBayes.incumbent(ei, "s", p)).isEqualTo(incumbent);
        double[][] agreed = FederatedBayes.agreedPoints(ei, "s");
        assertThat(agreed).hasDimensions(FederatedBayes.AGREED_POINTS, 1);
        assertThat(java.util.Arrays.stream(agreed).allMatch(x -> x[0] >= 0 && x[0] <= 1)).isTrue();
        FederatedBayes.Features f = FederatedBayes.Features.of(ei, "s", p.chosen().scale());
        double bestMean = Double.NEGATIVE_INFINITY;
        for (double[] x : pool) {
            bestMean = Math.max(bestMean, FederatedBayes.dot(f.at(x), p.weights()));
        }
        // the agreed set is dense in one dimension: its maximum is the pool's to within the curve's flatness at the top
        assertThat(incumbent).isGreaterThanOrEqualTo(bestMean - 1e-2);
        var what = new FederatedBayes.Instruction.Ei(p.chosen().scale(), p.weights(), p.inverseFactor(), p.chosen().noise(), incumbent, 1);
        Set<Integer> tried = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            tried.add(5 * i);
        }
        int pick = FederatedBayes.choose(ei, "s", what, pool, tried, new SplittableRandom(1)).getFirst();
        // the same choice from EI computed here, point by point
        double[] inv = p.inverseFactor();
        int expected = -1;
        double expectedValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 40; i++) {
            if (tried.contains(i)) {
                continue;
            }
            double[] phi = f.at(pool[i]);
            double var = 0;
            int t = 0;
            for (int r = 0; r < phi.length; r++) {
                double acc = 0;
                for (int c = 0; c <= r; c++) {
                    acc += inv[t++] * phi[c];
                }
                var += acc * acc;
            }
            double sd = Math.sqrt(p.chosen().noise() * var);
            double u = (FederatedBayes.dot(phi, p.weights()) - incumbent) / sd;
            double cdf = 0.5 * org.hipparchus.special.Erf.erfc(-u / Math.sqrt(2));
            double value = sd * (u * cdf + Math.exp(-u * u / 2) / Math.sqrt(2 * Math.PI));
            if (value > expectedValue) {
                expectedValue = value;
                expected = i;
            }
        }
        assertThat(pick).isEqualTo(expected);
        // sin(6x) peaks at x = π/12 ≈ 0.26: EI looks near it, not at the far end
        assertThat(pool[pick][0]).isBetween(0.1, 0.45);
        // a node of an EI campaign refuses a forged incumbent and another campaign's acquisition
        FederatedCampaignNode n = new FederatedCampaignNode(ei, null, (sx, step, body) -> new byte[0], new SecureRandom(),
                new SplittableRandom(3), org.matdx.privacy.Mechanisms.seeded(3), 0);
        int d = ei.features();
        ObjectNode body = Json.object().put("kind", "ei").put("scale", 0).put("noise", ei.noises().getFirst());
        ArrayNode w = body.putArray("weights");
        for (int i = 0; i < d; i++) {
            w.add(0.1);
        }
        ArrayNode l = body.putArray("inverse_factor");
        for (int i = 0; i < d * (d + 1) / 2; i++) {
            l.add(0.01);
        }
        assertInstructionRefused(n, body);
        assertInstructionRefused(n, body.deepCopy().put("incumbent", 1e300));
        assertThat(n.instruction(body.deepCopy().put("incumbent", 0.5))).isInstanceOf(FederatedBayes.Instruction.Ei.class);
        assertInstructionRefused(n, thompson(0, d, 1, 0.1));
        assertInstructionRefused(n, body.deepCopy().put("incumbent", 0.5).put("kind", "ucb"));
    }

    @Test
    void hostileSpecsAreRefusedByField() {
        ObjectNode ok = SPEC.toJson();
        assertThat(CampaignSpec.parse(ok)).isEqualTo(SPEC);
        assertRefused(ok.deepCopy().put("features", 100_000), "features");
        assertRefused(ok.deepCopy().put("features", 2), "features");
        ObjectNode grid = ok.deepCopy();
        ArrayNode many = grid.putArray("length_scales");
        for (int i = 0; i < 9; i++) {
            many.add(0.1 * (i + 1));
        }
        assertRefused(grid, "length_scales");
        ObjectNode negative = ok.deepCopy();
        negative.putArray("noises").add(-1);
        assertRefused(negative, "noises");
        assertRefused((ObjectNode) Json.read(Json.write(ok).replace("\"features\":128", "\"features\":1e999")), "features");
        assertRefused(ok.deepCopy().put("per_node", 1000), "per_node");
        assertRefused(ok.deepCopy().put("dataset", "someone else's"), "dataset");
        assertRefused(ok.deepCopy().put("seed", "x"), "seed");
        ObjectNode range = ok.deepCopy();
        range.putArray("objective_range").add(1).add(1);
        assertRefused(range, "objective_range");
        ObjectNode wide = ok.deepCopy();
        ArrayNode ps = wide.putArray("parameters");
        for (int i = 0; i < 65; i++) {
            ps.addObject().put("name", "p" + i).put("type", "continuous").put("low", 0).put("high", 1);
        }
        assertRefused(wide, "parameters");
        ObjectNode bad = ok.deepCopy();
        bad.putArray("parameters").addObject().put("name", "x").put("type", "continuous").put("low", 1).put("high", 0);
        assertRefused(bad, "parameters");
    }

    static void assertRefused(ObjectNode spec, String field) {
        assertThatThrownBy(() -> CampaignSpec.parse(spec)).isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).issues().toString() + e.getMessage()).contains(field));
    }

    /** A node of one table-less campaign: ten candidates on a line, its trials as given. */
    static FederatedCampaignNode node(List<PoolStrategy.Observation> trials, List<List<Integer>> suggested) {
        double[][] pool = new double[10][];
        for (int i = 0; i < 10; i++) {
            pool[i] = new double[] {i / 9.0};
        }
        return new FederatedCampaignNode(SPEC, new FederatedCampaignNode.Trials() {
            @Override
            public FederatedCampaignNode.Local load(String session, CampaignSpec spec) {
                return new FederatedCampaignNode.Local(pool, trials);
            }

            @Override
            public void suggest(String session, List<Integer> candidates) {
                suggested.add(candidates);
            }
        }, (s, step, body) -> Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8), new SecureRandom(),
                new SplittableRandom(3), org.matdx.privacy.Mechanisms.seeded(3), 0);
    }

    @Test
    void aNodeRefusesOtherSpecsNamedDatasetsAndForgedInstructions() {
        FederatedCampaignNode n = node(List.of(new PoolStrategy.Observation(0, 0.5)), new ArrayList<>());
        ObjectNode open = Json.object().put("party", 1).put("parties", 3);
        CampaignSpec other = new CampaignSpec("other", true, -1.5, 1.5, ONE_D, false, 128, SPEC.lengthScales(), SPEC.noises(),
                SPEC.kernel(), SPEC.acquisition(), SPEC.kappa(), 1, 0, SPEC.seed(), null);
        assertThatThrownBy(() -> n.handle("s1", "open", open.deepCopy().set("spec", other.toJson())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this node agreed to");
        // the coordinator cannot point the node at another campaign or dataset
        ObjectNode named = open.deepCopy().put("dataset", "00000000-0000-0000-0000-000000000001");
        named.set("spec", SPEC.toJson());
        assertThatThrownBy(() -> n.handle("s1", "open", named)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset");
        assertThatThrownBy(() -> n.handle("s2", "propose", Json.object().put("kind", "explore")))
                .isInstanceOf(IllegalStateException.class);
        int d = SPEC.features();
        // forged instructions: wrong length, non-finite or huge weights, too many draws, an unknown scale
        assertInstructionRefused(n, thompson(0, d - 1, 1, 0.1));
        assertInstructionRefused(n, thompson(0, d, 1, 1e300));
        assertInstructionRefused(n, thompson(0, d, 2, 0.1));
        assertInstructionRefused(n, thompson(99, d, 1, 0.1));
        ObjectNode nan = thompson(0, d, 1, 0.1);
        ((ArrayNode) nan.get("draws").get(0)).set(0, Json.MAPPER.getNodeFactory().numberNode(Double.NaN));
        assertInstructionRefused(n, nan);
        assertInstructionRefused(n, Json.object().put("kind", "ucb").put("scale", 0).put("noise", 0.5));
        assertInstructionRefused(n, Json.object().put("kind", "everything"));
        assertThat(n.instruction(thompson(0, d, 1, 0.1))).isInstanceOf(FederatedBayes.Instruction.Thompson.class);
    }

    static ObjectNode thompson(int scale, int length, int draws, double value) {
        ObjectNode o = Json.object().put("kind", "thompson").put("scale", scale);
        ArrayNode ds = o.putArray("draws");
        for (int k = 0; k < draws; k++) {
            ArrayNode w = ds.addArray();
            for (int i = 0; i < length; i++) {
                w.add(value);
            }
        }
        return o;
    }

    static void assertInstructionRefused(FederatedCampaignNode n, JsonNode body) {
        assertThatThrownBy(() -> n.instruction(body)).isInstanceOf(IllegalArgumentException.class);
    }
}
