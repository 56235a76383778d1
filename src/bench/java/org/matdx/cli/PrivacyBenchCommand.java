package org.matdx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.matdx.core.Json;
import org.matdx.informatics.CompositionFeatures;
import org.matdx.informatics.Matbench;
import org.matdx.informatics.Metrics;
import org.matdx.informatics.PrivateTraining;
import org.matdx.informatics.TrainRequest;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.platform.PrivacyHarness;
import org.matdx.privacy.MembershipAttack;
import org.matdx.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code matdx bench privacy}: the private learner's Matbench MAE at several ε (official folds), and
 * the attack harness on a temporary platform over HTTP — before (the ordinary model), after (the
 * private one) and the attacker's baseline.
 */
@Command(name = "privacy", description = {
        "Measure private training: MAE of the differentially private learner on the official Matbench folds at",
        "several ε, then the membership-inference and reconstruction attack over HTTP on a temporary platform.",
        "Example: matdx bench privacy --data ../shared/data/matbench/matbench_expt_gap.csv \\",
        "           --folds ../shared/data/matbench/matbench_expt_gap_folds.json"})
final class PrivacyBenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Matbench CSV (composition, target last).")
    Path data;

    @Option(names = "--folds", required = true, paramLabel = "FILE.json", description = "The official folds.")
    Path folds;

    @Option(names = "--epsilons", defaultValue = "0.5,1,2,4,8", split = ",", description = "ε values to measure (default: ${DEFAULT-VALUE}).")
    List<Double> epsilons;

    @Option(names = "--range", defaultValue = "0,12", split = ",", description = "The target's plausible range, low,high (default: ${DEFAULT-VALUE}; 'none' estimates it privately).")
    List<String> range;

    @Option(names = "--features", defaultValue = TrainRequest.DEFAULT_FEATURES, description = "Feature set (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--hidden", defaultValue = "200", description = "Rows lent as model-use-only in the attack (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--open", defaultValue = "1500", description = "Public rows in the attacked model (default: ${DEFAULT-VALUE}).")
    int open;

    @Option(names = "--members", defaultValue = "5", description = "Ensemble members of the ordinary models in the attack (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--cv-folds", defaultValue = "5", description = "Cross-validation folds of the models in the attack (default: ${DEFAULT-VALUE}).")
    int cvFolds;

    @Option(names = "--public-shares", defaultValue = "0", split = ",", description = "Shares of each training fold taken as public "
            + "(they grow the splits; the rest is protected), one table each (default: ${DEFAULT-VALUE}).")
    List<Double> publicShares;

    @Option(names = "--no-attack", description = "Only the Matbench figures.")
    boolean noAttack;

    @Override
    public Integer call() throws Exception {
        for (Path f : new Path[] {data, folds}) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no file '" + f + "'");
            }
        }
        Matbench.Data d = Matbench.load(data, folds);
        double[] r = range.size() == 1 && range.get(0).equals("none") ? null
                : new double[] {Double.parseDouble(range.get(0)), Double.parseDouble(range.get(1))};
        CompositionFeatures fs = CompositionFeatures.byId(features);
        System.out.printf(Locale.ROOT, "%s: %d rows; private learner (DP-GBDT), %s, target range %s%n", d.task(),
                d.ids().size(), fs.featureSet().label(), r == null ? "estimated privately" : r[0] + "-" + r[1]);
        System.out.printf(Locale.ROOT, "| public share | ε | MAE mean | MAE std | public rows only (same learner) | seconds |%n"
                + "|---:|---:|---:|---:|---:|---:|%n");
        for (double share : publicShares) {
            if (!(share >= 0 && share < 1)) {
                throw new IllegalArgumentException("--public-shares: each share must be in [0, 1), was " + share);
            }
            String openOnly = "";
            if (share > 0) {
                Metrics.Summary o = Metrics.Summary.of(PrivateTraining.matbench(d, fs, 1, r, 20160826L, share, true));
                openOnly = String.format(Locale.ROOT, "%.4f ± %.4f", o.mean(), o.std());
            }
            for (double e : epsilons) {
                long t0 = System.nanoTime();
                double[] mae = PrivateTraining.matbench(d, fs, e, r, 20160826L, share, false);
                Metrics.Summary s = Metrics.Summary.of(mae);
                System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s | %.1f |%n", share, e, s.mean(), s.std(), openOnly,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        if (noAttack) {
            return 0;
        }
        List<PrivacyHarness.Row> table = new ArrayList<>();
        for (int i = 0; i < d.y().length; i++) {
            table.add(new PrivacyHarness.Row(d.compositions().get(i).formula(), d.y()[i]));
        }
        Path dir = Files.createTempDirectory("matdx-bench-privacy");
        PlatformConfig config = PlatformConfig.defaults(dir).withDemo(false).withWorkers(0).withDurable(false);
        try (Platform p = Platform.start(config); WebServer server = new WebServer(p).start("127.0.0.1", 0)) {
            long t0 = System.nanoTime();
            PrivacyHarness.Result res = PrivacyHarness.run(p, table, new PrivacyHarness.Setup(hidden, hidden, open, null, r, members, cvFolds, 11),
                    "http://127.0.0.1:" + server.port(), "eV", "band_gap");
            System.out.println();
            System.out.printf(Locale.ROOT, "attack over HTTP (%d hidden rows, %d unseen, %d public; %.0f s)%n", hidden, hidden,
                    open, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "| model | membership AUC | by uncertainty | by error | by error/uncertainty | hidden values within 5 %% | unseen within 5 %% | MAE on unseen |%n");
            System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---:|---:|---:|%n");
            row("before (ordinary ensemble, as served until now)", res.before(), res.beforeMaeOnOutsiders());
            row("after (private, default ε)", res.after(), res.privateMaeOnOutsiders());
            row("attacker's baseline (public rows only)", res.baseline(), Double.NaN);
            System.out.println(Json.write(res.toJson()));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private static void row(String name, MembershipAttack.Report r, double mae) {
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n", name, r.membershipAuc(),
                r.aucByUncertainty(), r.aucByError(), r.aucByScaledError(), r.recovered(), r.nonMembersRecovered(),
                Double.isNaN(mae) ? "" : String.format(Locale.ROOT, "%.3f", mae));
    }
}
