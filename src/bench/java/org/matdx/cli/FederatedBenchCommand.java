package org.matdx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.matdx.cli.bench.FederatedBenchmark;
import org.matdx.cli.bench.FederatedCampaignBenchmark;
import org.matdx.core.Json;
import org.matdx.federated.CampaignSpec;
import org.matdx.federated.FederationSpec;
import org.matdx.informatics.Matbench;
import org.matdx.optimize.BenchmarkTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx bench federated}: federated trees over four chemistry shards against the same learner on pooled rows. */
@Command(name = "federated", description = {
        "Federated gradient-boosted trees over a Matbench table split by chemistry into four nodes (protocol in",
        "this process, every message as JSON), against the same learner on the pooled rows and on each node alone.",
        "Example: matdx bench federated --data ../shared/data/matbench/matbench_expt_gap.csv \\",
        "           --folds ../shared/data/matbench/matbench_expt_gap_folds.json",
        "With --campaign: a federated campaign (Bayesian optimisation from summed statistics) over an Olympus table",
        "split into nodes by one parameter, against each node alone and one pooled campaign with the same surrogate.",
        "Example: matdx bench federated --campaign ../shared/data/bo/olympus/suzuki --shard-by temperature"})
final class FederatedBenchCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE.csv", description = "Matbench CSV (composition, target last).")
    Path data;

    @Option(names = "--folds", paramLabel = "FILE.json", description = "The official folds (read for the format only).")
    Path folds;

    @Option(names = "--range", defaultValue = "0,12", split = ",", description = "The target's public range, low,high (default: ${DEFAULT-VALUE}).")
    List<Double> range;

    @Option(names = "--epsilons", defaultValue = "0", split = ",", description = "ε of the DP noise, 0 for none (default: ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Option(names = "--spec", paramLabel = "FILE.json", description = "A federation spec (as `federation join` takes it) "
            + "instead of the standard one; its target and range are the table's and --range's.")
    Path specFile;

    @Option(names = "--pooled-only", description = "Train only the same learner on the pooled rows (no federation, no "
            + "single nodes): for choosing a spec quickly.")
    boolean pooledOnly;

    @Option(names = "--campaign", paramLabel = "DIR", description = "An Olympus table (config.json, data.csv): run a federated campaign on it.")
    Path campaign;

    @Option(names = "--shard-by", paramLabel = "PARAMETER", description = "The parameter that splits the table into nodes (default: the first).")
    String shardBy;

    @Option(names = "--nodes", defaultValue = "3", description = "Nodes of the federated campaign (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--seeds", defaultValue = "5", description = "Campaigns per arrangement (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--features", defaultValue = "0", description = "With --campaign: random Fourier features of the surrogate "
            + "(default: the standard spec's).")
    int features;

    @Option(names = "--length-scales", split = ",", paramLabel = "L", description = "With --campaign: the surrogate's length "
            + "scales, unit-cube units (default: the standard spec's grid).")
    List<Double> lengthScales;

    @Option(names = "--acquisitions", split = ",", paramLabel = "CHOICE", description = "With --campaign: compare the federated "
            + "arrangement under these acquisitions (thompson, ucb, ei) instead of against the nodes alone and pooled.")
    List<String> acquisitions;

    @Option(names = "--rounds", defaultValue = "40", description = "Rounds at most per campaign (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (campaign != null) {
            return campaign();
        }
        if (data == null || folds == null) {
            throw new IllegalArgumentException("give --data and --folds (federated trees) or --campaign (a federated campaign)");
        }
        for (Path f : new Path[] {data, folds}) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no file '" + f + "'");
            }
        }
        if (range.size() != 2) {
            throw new IllegalArgumentException("--range: low,high");
        }
        Matbench.Data d = Matbench.load(data, folds);
        System.out.printf(Locale.ROOT, "%s: %d rows, %d nodes by chemistry%n", d.task(), d.ids().size(),
                FederatedBenchmark.CHEMISTRIES.size());
        System.out.printf(Locale.ROOT, "| nodes | spec | federated MAE | pooled MAE | best single node MAE | MatDX XGBoost pooled MAE | federated s | pooled s | time ratio |%n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|%n");
        for (double eps : epsilons) {
            FederationSpec spec = eps > 0 ? FederationSpec.withPrivacy(d.task(), range.get(0), range.get(1), eps)
                    : FederationSpec.standard(d.task(), range.get(0), range.get(1));
            if (specFile != null) {
                var j = (ObjectNode) Json.MAPPER.readTree(Files.readString(specFile));
                j.put("target", d.task()).put("epsilon", eps);
                j.putArray("target_range").add(range.get(0)).add(range.get(1));
                spec = FederationSpec.parse(j);
            }
            var shards = FederatedBenchmark.shard(spec, d.compositions(), d.y());
            if (pooledOnly) {
                FederatedBenchmark.pooled(spec, shards, System.out);
            } else {
                FederatedBenchmark.run(spec, shards, System.out);
            }
        }
        return 0;
    }

    private int campaign() {
        if (nodes < 3 || nodes > 32 || seeds < 1 || seeds > 100 || rounds < 1 || rounds > 1000) {
            throw new IllegalArgumentException("--nodes 3-32, --seeds 1-100, --rounds 1-1000");
        }
        BenchmarkTable t = BenchmarkTable.read(campaign);
        String by = shardBy != null ? shardBy : t.space().parameters().get(0).name();
        long t0 = System.nanoTime();
        CampaignSpec plain = FederatedCampaignBenchmark.spec(t);
        if (features > 0) {
            plain = plain.withFeatures(features);
        }
        if (lengthScales != null) {
            plain = plain.withLengthScales(lengthScales);
        }
        if (epsilons.size() == 1 && epsilons.get(0) == 0 && acquisitions == null) {
            var summary = FederatedCampaignBenchmark.run(t, by, nodes, seeds, rounds, System.err);
            System.out.printf(Locale.ROOT, "%s: %d rows, %d nodes split by %s, best row %d, %d seeds, at most %d rounds (%.0f s)%n",
                    t.name(), t.size(), nodes, by, FederatedCampaignBenchmark.best(t), seeds, rounds, (System.nanoTime() - t0) / 1e9);
            System.out.println(FederatedCampaignBenchmark.HEADER);
            FederatedCampaignBenchmark.print(summary, System.out);
            return 0;
        }
        // variants of the federated arrangement: privacy budgets × acquisitions
        List<CampaignSpec.Choice> choices = new ArrayList<>();
        for (String a : acquisitions == null ? List.of(plain.acquisition().name()) : acquisitions) {
            try {
                choices.add(CampaignSpec.Choice.valueOf(a.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--acquisitions: thompson, ucb or ei, not '" + a + "'");
            }
        }
        System.out.println(FederatedCampaignBenchmark.VARIANT_HEADER);
        for (CampaignSpec.Choice c : choices) {
            for (double eps : epsilons) {
                if (eps < 0) {
                    throw new IllegalArgumentException("--epsilons: 0 (none) or positive");
                }
                CampaignSpec v = plain.withAcquisition(c)
                        .withPrivacy(eps > 0 ? new CampaignSpec.Privacy(eps, CampaignSpec.Privacy.DEFAULT_DELTA, rounds) : null);
                var summary = FederatedCampaignBenchmark.run(t, by, nodes, seeds, rounds, v, false, System.err);
                FederatedCampaignBenchmark.printVariant(summary, v, System.out);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d rows, %d nodes split by %s, %d seeds, at most %d rounds (%.0f s)%n", t.name(), t.size(),
                nodes, by, seeds, rounds, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
