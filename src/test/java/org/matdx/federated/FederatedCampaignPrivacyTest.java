package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.bench.FederatedCampaignBenchmark;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimize.BenchmarkTable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Distributed differential privacy on a federated campaign's sums: a curious coordinator that
 * reconstructs the pooled trials from what it decodes (three in-process nodes of the Olympus Suzuki
 * table, every message through JSON and secure aggregation) succeeds without DP and fails with it;
 * the sensitivity the noise is calibrated to holds for every trial; the budget's rounds are enforced.
 */
class FederatedCampaignPrivacyTest {
    static BenchmarkTable table;
    static List<FederatedCampaignBenchmark.Shard> shards;
    static CampaignSpec plain;

    @BeforeAll
    static void load() {
        Path dir = org.matdx.testing.SharedData.require("bo/olympus/suzuki");
        table = BenchmarkTable.read(dir);
        shards = FederatedCampaignBenchmark.shard(table, "temperature", 3);
        plain = FederatedCampaignBenchmark.spec(table);
    }

    /** What the attack recovered of one round's trials. */
    record Reconstruction(int trials, int identified, double valueError) {
    }

    /**
     * The coordinator's reconstruction from one round's decoded sums: the trials' feature vectors
     * span the top n eigenvectors of ΦᵀΦ (n = the decoded count, fewer than the features), so the n
     * conditions of the public space (here: every row of the table, as a coordinator that knows the
     * plausible conditions) whose φ lies most nearly in that span are the trials; their values then
     * solve Φᵀz = Σ zᵢ φ(xᵢ) by least squares.
     */
    static Reconstruction attack(CampaignSpec spec, String session, double[] sums, List<Integer> trueRows) {
        int d = spec.features();
        int n = (int) Math.max(1, Math.min(d - 1, Math.rint(sums[0])));
        double[][] a = new double[d][d];
        int t = 3 + 2 * d;
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                a[j][k] = sums[t];
                a[k][j] = sums[t++];
            }
        }
        double[] proj = Arrays.copyOfRange(sums, 3 + d, 3 + 2 * d);
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(a, false));
        // Hipparchus orders eigenvalues descending
        double[][] v = e.getV().getData();
        FederatedBayes.Features f = FederatedBayes.Features.of(spec, session, 0);
        double[] inSpan = new double[table.size()];
        for (int i = 0; i < table.size(); i++) {
            double[] phi = f.at(table.features()[i]);
            double norm = FederatedBayes.dot(phi, phi);
            double s = 0;
            for (int k = 0; k < n; k++) {
                double c = 0;
                for (int j = 0; j < d; j++) {
                    c += v[j][k] * phi[j];
                }
                s += c * c;
            }
            inSpan[i] = s / norm;
        }
        List<Integer> guess = IntStream.range(0, table.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -inSpan[i])).limit(n).toList();
        Set<Integer> truth = new HashSet<>(trueRows);
        int identified = (int) guess.stream().filter(truth::contains).count();
        // values: least squares over the guessed conditions, Φᵀz ≈ G ẑ (G: their φ as columns)
        double[][] g = new double[d][n];
        for (int c = 0; c < n; c++) {
            double[] phi = f.at(table.features()[guess.get(c)]);
            for (int j = 0; j < d; j++) {
                g[j][c] = phi[j];
            }
        }
        double[] z = new org.hipparchus.linear.QRDecomposition(new Array2DRowRealMatrix(g, false)).getSolver()
                .solve(new org.hipparchus.linear.ArrayRealVector(proj)).toArray();
        double err = 0;
        for (int c = 0; c < n; c++) {
            int row = guess.get(c);
            // a wrongly identified condition counts against the value of the trial it displaced
            double truthValue = truth.contains(row) ? spec.scale(table.values()[row]) : spec.scale(table.values()[trueRows.get(c % trueRows.size())]);
            err += Math.abs(Math.max(-1, Math.min(1, z[c])) - truthValue);
        }
        return new Reconstruction(trueRows.size(), identified, err / n);
    }

    /** Four rounds of a three-node campaign; the attack on rounds 1-3 (3, 6 and 9 pooled trials). */
    static List<Reconstruction> campaign(CampaignSpec spec, long seed) {
        List<FederatedCampaignBenchmark.TableNode> nodes = new ArrayList<>();
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            FederatedCampaignBenchmark.TableNode n = new FederatedCampaignBenchmark.TableNode(table, shards.get(k), Set.of());
            nodes.add(n);
            links.add(FederatedCampaignBenchmark.link(spec, n, seed + k));
        }
        CampaignCoordinator c = new CampaignCoordinator(spec, links, (x, y, z) -> { }, Duration.ofSeconds(60),
                new SplittableRandom(seed));
        List<Reconstruction> out = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            List<Integer> before = nodes.stream().flatMap(n -> n.ran().stream()).toList();
            String session = "p" + seed + "r" + r;
            CampaignCoordinator.Round round = c.propose(session);
            if (r > 0) {
                out.add(attack(spec, session, round.sums(), before));
            }
        }
        return out;
    }

    @Test
    void aCuriousCoordinatorRecoversTheTrialsFromExactSumsButNotFromNoisyOnes() {
        // nodes explore (space-filling, their own choice) so that what is pooled does not depend on the noise
        CampaignSpec exact = plain.withInitial(1000);
        CampaignSpec privateSpec = exact.withPrivacy(CampaignSpec.Privacy.of(CampaignSpec.Privacy.DEFAULT_EPSILON));
        List<Reconstruction> without = new ArrayList<>();
        List<Reconstruction> with = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            without.addAll(campaign(exact, seed));
            with.addAll(campaign(privateSpec, seed));
        }
        int trials = without.stream().mapToInt(Reconstruction::trials).sum();
        int foundExact = without.stream().mapToInt(Reconstruction::identified).sum();
        int foundNoisy = with.stream().mapToInt(Reconstruction::identified).sum();
        double errExact = without.stream().mapToDouble(Reconstruction::valueError).max().orElseThrow();
        double errNoisy = with.stream().mapToDouble(Reconstruction::valueError).average().orElseThrow();
        System.out.printf("reconstruction from the sums of rounds with 3, 6, 9 pooled trials (2 seeds, %d trials): without DP "
                + "%d identified, worst mean value error %.2g; with ε = %s: %d identified, mean value error %.2f (scaled units)%n",
                trials, foundExact, errExact, CampaignSpec.Privacy.DEFAULT_EPSILON, foundNoisy, errNoisy);
        // without DP every trial's conditions and value come back (to the fixed-point resolution)
        assertThat(foundExact).isEqualTo(trials);
        assertThat(errExact).isLessThan(1e-3);
        // with DP: at most what guessing 3-9 of 247 rows finds (≈ 0.2 of the trials by chance, here with slack),
        // and the values are off by more than a quarter of the range's half-width on average
        assertThat(foundNoisy).isLessThan(trials / 5 + 3);
        assertThat(errNoisy).isGreaterThan(0.25);
    }

    @Test
    void oneTrialMovesTheStatisticsByAtMostTheSensitivityTheNoiseIsCalibratedTo() {
        CampaignSpec spec = plain.withPrivacy(CampaignSpec.Privacy.of(1));
        double bound = CampaignSpec.Privacy.sensitivity(spec);
        SplittableRandom r = new SplittableRandom(7);
        double worst = 0;
        for (int i = 0; i < 200; i++) {
            double[] x = table.features()[r.nextInt(table.size())];
            double z = r.nextBoolean() ? (r.nextBoolean() ? 1 : -1) : r.nextDouble(-1, 1);
            double[] one = FederatedBayes.statistics(spec, "s" + i, List.of(x), new double[] {z});
            worst = Math.max(worst, FederatedBayes.dot(one, one));
        }
        // the bound is worst-case (every cos² = 1); real conditions come within half of it
        assertThat(worst).isLessThanOrEqualTo(bound).isGreaterThan(0.4 * bound);
        // σ from the budget: ρ = rounds · Δ² / (2σ²)
        CampaignSpec.Privacy p = spec.privacy();
        assertThat(p.rounds() * bound / (2 * p.sigma(spec) * p.sigma(spec))).isCloseTo(p.rho(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aNodeAnswersNoMoreStatisticsRoundsThanTheBudgetCovers() {
        CampaignSpec spec = plain.withPrivacy(new CampaignSpec.Privacy(4, 1e-6, 2));
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            links.add(FederatedCampaignBenchmark.link(spec, new FederatedCampaignBenchmark.TableNode(table, shards.get(k), Set.of()), k));
        }
        CampaignCoordinator c = new CampaignCoordinator(spec, links, (x, y, z) -> { }, Duration.ofSeconds(60), new SplittableRandom(1));
        c.propose("b1");
        c.propose("b2");
        assertThatThrownBy(() -> c.propose("b3")).isInstanceOf(Coordinator.Failed.class);
        // and a node asked directly says why
        FederatedCampaignNode node = new FederatedCampaignNode(spec, new FederatedCampaignBenchmark.TableNode(table, shards.get(0),
                Set.of()), (s, step, body) -> Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new java.security.SecureRandom(), new SplittableRandom(1), org.matdx.privacy.Mechanisms.seeded(1), 2);
        ObjectNode open = Json.object().put("party", 1).put("parties", 3);
        open.set("spec", spec.toJson());
        node.handle("s9", "open", open);
        ObjectNode round = Json.object().put("round", "s9/statistics").put("kind", "statistics");
        round.putArray("parties").add(1).add(2).add(3);
        assertThatThrownBy(() -> node.handle("s9", "round", round)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("privacy budget is spent");
    }

    @Test
    void thePrivacyTermsAreParsedCheckedAndStatedForConsent() {
        ObjectNode j = plain.toJson();
        assertThat(CampaignSpec.parse(j).privacy()).isNull();
        assertThat(plain.privacyTerms()).contains("no differential privacy").contains("recover");
        j.putObject("privacy");
        CampaignSpec d = CampaignSpec.parse(j);
        assertThat(d.privacy()).isEqualTo(new CampaignSpec.Privacy(CampaignSpec.Privacy.DEFAULT_EPSILON,
                CampaignSpec.Privacy.DEFAULT_DELTA, CampaignSpec.Privacy.DEFAULT_ROUNDS));
        assertThat(d.privacyTerms()).contains("ε = " + CampaignSpec.Privacy.DEFAULT_EPSILON).contains("σ = ")
                .contains("no more than " + CampaignSpec.Privacy.DEFAULT_ROUNDS + " rounds");
        // a spec that differs only in ε is another spec: a node refuses it
        assertThat(CampaignSpec.parse(Json.read(Json.write(d.toJson())))).isEqualTo(d).isNotEqualTo(plain);
        for (String bad : List.of("{\"epsilon\": 0}", "{\"epsilon\": \"1\"}", "{\"epsilon\": 1e400}", "{\"rounds\": 0}",
                "{\"delta\": 0.5}", "{\"epsilon\": 1, \"sigma\": 0}", "[1]")) {
            ObjectNode b = plain.toJson();
            b.set("privacy", Json.read(bad));
            assertThatThrownBy(() -> CampaignSpec.parse(b)).as(bad).isInstanceOf(Problem.class)
                    .satisfies(e -> assertThat(((Problem) e).issues().toString() + e.getMessage()).contains("privacy"));
        }
    }
}
