package org.matdx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.matdx.cli.bench.FederatedBenchmark;
import org.matdx.federated.FederationSpec;
import org.matdx.informatics.Matbench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code matdx bench federated}: federated trees over four chemistry shards against the same learner on pooled rows. */
@Command(name = "federated", description = {
        "Federated gradient-boosted trees over a Matbench table split by chemistry into four nodes (protocol in",
        "this process, every message as JSON), against the same learner on the pooled rows and on each node alone.",
        "Example: matdx bench federated --data ../shared/data/matbench/matbench_expt_gap.csv \\",
        "           --folds ../shared/data/matbench/matbench_expt_gap_folds.json"})
final class FederatedBenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Matbench CSV (composition, target last).")
    Path data;

    @Option(names = "--folds", required = true, paramLabel = "FILE.json", description = "The official folds (read for the format only).")
    Path folds;

    @Option(names = "--range", defaultValue = "0,12", split = ",", description = "The target's public range, low,high (default: ${DEFAULT-VALUE}).")
    List<Double> range;

    @Option(names = "--epsilons", defaultValue = "0", split = ",", description = "ε of the DP noise, 0 for none (default: ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Override
    public Integer call() throws Exception {
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
            FederatedBenchmark.run(spec, FederatedBenchmark.shard(spec, d.compositions(), d.y()), System.out);
        }
        return 0;
    }
}
