package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.bench.FederatedCampaignBenchmark;
import org.matdx.optimize.BenchmarkTable;
import org.matdx.optimize.PoolStrategy;
import org.matdx.testing.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * A federated campaign over three in-process nodes whose messages go through JSON exactly as over
 * HTTP, each node holding one temperature range of the Olympus Suzuki table (the rows it can run):
 * against each node alone and the pooled campaign; what the coordinator received; a node that dies
 * in the middle of a round; failed runs.
 */
class FederatedCampaignTest {
    static BenchmarkTable table;
    static List<FederatedCampaignBenchmark.Shard> shards;
    static CampaignSpec spec;

    @BeforeAll
    static void load() {
        Path dir = SharedData.require("bo/olympus/suzuki");
        table = BenchmarkTable.read(dir);
        shards = FederatedCampaignBenchmark.shard(table, "temperature", 3);
        spec = FederatedCampaignBenchmark.spec(table);
    }

    @Test
    void theFederationFindsTheBestRowInFewerExperimentsThanTheNodesAlone() {
        List<FederatedCampaignBenchmark.Outcome> outcomes = new ArrayList<>();
        for (long seed : new long[] {1000, 1001, 1002}) {
            outcomes.add(FederatedCampaignBenchmark.run(table, shards, 40, seed));
        }
        double federated = outcomes.stream().mapToInt(FederatedCampaignBenchmark.Outcome::federated).average().orElseThrow();
        double alone = outcomes.stream().mapToInt(FederatedCampaignBenchmark.Outcome::alone).average().orElseThrow();
        double pooled = outcomes.stream().mapToInt(FederatedCampaignBenchmark.Outcome::pooled).average().orElseThrow();
        System.out.printf("suzuki by temperature, 3 nodes, 3 seeds: experiments to the best row: federated %.1f, alone side by "
                + "side %.1f, pooled %.1f%n", federated, alone, pooled);
        assertThat(federated).isLessThan(alone);
        // every arrangement found it within the budget
        assertThat(outcomes).allMatch(o -> o.federated() <= 120 && o.pooled() <= 120);
    }

    record Received(String node, String step, JsonNode body) {
    }

    static List<FederatedCampaignBenchmark.TableNode> tableNodes(Set<Integer> failing) {
        List<FederatedCampaignBenchmark.TableNode> nodes = new ArrayList<>();
        for (FederatedCampaignBenchmark.Shard s : shards) {
            nodes.add(new FederatedCampaignBenchmark.TableNode(table, s, failing));
        }
        return nodes;
    }

    @Test
    void theCoordinatorReceivesNoTrialValuesNorAnyNodesStatisticsAndADeadNodeDoesNotAbortTheRound() {
        List<FederatedCampaignBenchmark.TableNode> nodes = tableNodes(Set.of());
        List<FederatedCampaignBenchmark.Link> links = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            links.add(FederatedCampaignBenchmark.link(spec, nodes.get(k), k));
        }
        List<Received> received = new CopyOnWriteArrayList<>();
        CampaignCoordinator c = new CampaignCoordinator(spec, List.copyOf(links), (n, s, b) -> received.add(new Received(n, s, b)),
                Duration.ofSeconds(60), new SplittableRandom(5));
        Map<String, double[]> truth = new java.util.concurrent.ConcurrentHashMap<>();
        for (int r = 0; r < 6; r++) {
            // what each node holds at the start of the round: the statistics it will send
            for (var n : nodes) {
                truth.put(n.shardName() + " r" + r, n.load("t", spec).statisticsFor(spec, "r" + r));
            }
            CampaignCoordinator.Round round = c.propose("r" + r);
            assertThat(round.dropped()).isEmpty();
            assertThat(round.suggested()).hasSize(3).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            assertThat(round.instruction()).isEqualTo(r < 2 ? "explore" : "thompson");
        }
        assertThat(nodes).allSatisfy(n -> assertThat(n.ran()).hasSize(6).doesNotHaveDuplicates());

        // the node holding the middle temperatures dies after sending its masked statistics, before unmasking
        links.get(1).dieAt("reveal");
        CampaignCoordinator.Round r6 = c.propose("r6");
        assertThat(r6.dropped()).containsExactly(links.get(1).name() + " (propose)");
        assertThat(r6.trials()).isEqualTo(18); // the round still counts its trials: the others' shares unmask it
        assertThat(r6.suggested()).containsOnlyKeys(links.get(0).name(), links.get(2).name());
        assertThat(nodes.get(1).ran()).hasSize(6);
        assertThat(nodes.get(0).ran()).hasSize(7);
        // two nodes cannot go on alone (each could subtract its own statistics from the sum): a clear refusal
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.propose("r7")).isInstanceOf(Coordinator.Failed.class)
                .hasMessageContaining("2 of 3 nodes opened the round; at least 3 are needed");

        // every message the coordinator received: keys, sealed shares, masked vectors, share values, counts
        Set<String> allowed = Set.of("keys", "party", "cipher_key", "mask_key", "shares", "from", "to", "box", "accepted", "round",
                "values", "masked", "self_mask_shares", "key_shares", "suggested");
        Set<Double> values = new HashSet<>();
        for (var n : nodes) {
            for (int row : n.ran()) {
                values.add(table.values()[row]);
                values.add(spec.scale(table.values()[row]));
            }
        }
        int vectors = 0;
        for (Received m : received) {
            FederatedTrainingTest.assertFieldsWithin(m.body(), allowed, m.step());
            FederatedTrainingTest.assertNoRowValues(m.body(), values.stream().mapToDouble(Double::doubleValue).toArray());
            if (m.step().equals("round")) {
                String session = m.body().get("round").asString();
                double[] decoded = FixedPoint.decode(Wire.longs(m.body(), "masked", spec.statisticsLength()));
                // a node's own statistics (its trial count, Σz, its ΦᵀΦ) are nowhere in what it sent
                assertThat(Math.abs(decoded[0])).as(m.node()).isGreaterThan(1e6);
                int close = 0;
                for (double[] t : truth.values()) {
                    for (int i = 0; i < decoded.length; i++) {
                        if (Math.abs(decoded[i] - t[i]) < 1e-3) {
                            close++;
                        }
                    }
                }
                assertThat(close).as(m.node() + " " + session).isLessThanOrEqualTo(2);
                vectors++;
            }
            if (m.step().equals("propose")) {
                assertThat(m.body().propertyNames()).containsExactly("suggested");
            }
        }
        assertThat(vectors).isEqualTo(3 * 7);
    }

    @Test
    void failedRunsCountAsTheWorstAndAreNeverProposedAgain() {
        // every row at the highest Pd loading fails at every node
        Set<Integer> failing = new HashSet<>();
        int pd = 1;
        double max = table.rows().stream().mapToDouble(r -> Double.parseDouble(r[pd])).max().orElseThrow();
        for (int i = 0; i < table.size(); i++) {
            if (Double.parseDouble(table.rows().get(i)[pd]) > 0.8 * max) {
                failing.add(i);
            }
        }
        List<FederatedCampaignBenchmark.TableNode> nodes = tableNodes(failing);
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            links.add(FederatedCampaignBenchmark.link(spec, nodes.get(k), 10 + k));
        }
        CampaignCoordinator c = new CampaignCoordinator(spec, links, (n, s, b) -> { }, Duration.ofSeconds(60), new SplittableRandom(9));
        int rounds = 20;
        for (int r = 0; r < rounds; r++) {
            c.propose("f" + r);
        }
        int failed = 0;
        int late = 0;
        for (var n : nodes) {
            List<Integer> ran = n.ran();
            assertThat(ran).doesNotHaveDuplicates();
            for (int j = 0; j < ran.size(); j++) {
                if (failing.contains(ran.get(j))) {
                    failed++;
                    late += j >= rounds / 2 ? 1 : 0;
                }
            }
            // a failed run is a trial the node learned from (at the worst end), not a hole
            double[] s = n.load("t", spec).statisticsFor(spec, "x");
            assertThat(s[0]).isEqualTo(ran.size());
        }
        double share = (double) failing.size() / table.size();
        System.out.printf("failing region: %.0f %% of the table; %d of %d runs failed, %d in the second half%n", 100 * share, failed,
                3 * rounds, late);
        // the surrogate learns that the region is poor: the second half of the campaign goes there less than random would
        assertThat(late).isLessThan((int) Math.round(share * 3 * rounds / 2));
    }

    @Test
    void aTrialOutsideTheNodesCandidatesIsRefused() {
        var local = new FederatedCampaignNode.Local(new double[][] {{0.1, 0.2, 0.3, 0.4, 0.5}},
                List.of(new PoolStrategy.Observation(3, 1.0)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> local.statisticsFor(spec, "s"))
                .isInstanceOf(IllegalStateException.class);
    }
}
