package org.matdx.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.matdx.core.Json;
import org.matdx.optimize.BenchmarkTable;
import org.matdx.optimize.PoolBenchmark;
import org.matdx.optimize.PoolStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code matdx bench campaign}: pool-based Bayesian optimisation on tables of real experiments
 * (the Olympus format), against random sampling, with a trace anyone can recompute the figures
 * from; and the time one suggestion takes at 100 and 500 observations.
 */
@Command(name = "campaign", description = {
        "Pool-based Bayesian optimisation on a table of experiments (config.json + data.csv, Olympus format):",
        "fraction of the top 5 % found vs experiments, acceleration and enhancement over random sampling."})
final class CampaignBenchCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A table directory, or a directory of table directories (each with config.json and data.csv).")
    Path data;

    @Option(names = "--seeds", defaultValue = "20", description = "Independent runs per table (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--budget", defaultValue = "0", description = "Experiments per run (default: a quarter of the table, at most 100).")
    int budget;

    @Option(names = "--batch", defaultValue = "1", description = "Suggestions per round, q (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write, per table and seed, the 0-based data.csv rows chosen (JSON).")
    Path trace;

    @Option(names = "--latency", description = "Also time one suggestion at 100 and 500 observations in a 4-dimensional space.")
    boolean latency;

    @Override
    public Integer call() throws IOException {
        if (seeds < 1 || batch < 1) {
            throw new IllegalArgumentException("--seeds and --batch must be at least 1");
        }
        List<Path> dirs = new ArrayList<>();
        if (Files.isRegularFile(data.resolve("config.json"))) {
            dirs.add(data);
        } else if (Files.isDirectory(data)) {
            try (var s = Files.list(data)) {
                s.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted().forEach(dirs::add);
            }
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException(data + " holds no config.json + data.csv table");
        }
        ObjectNode traceJson = Json.object().put("protocol", "pool-based BO, top 5 %, " + seeds + " seeds, batch " + batch);
        ArrayNode tables = traceJson.putArray("tables");
        System.out.printf(Locale.ROOT, "| table | rows | top 5 %% rows | budget | found@budget | AF@25 %% | AF@50 %% | AF@75 %% | EF@budget | s per run |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        List<String> lines = new ArrayList<>();
        for (Path dir : dirs) {
            BenchmarkTable t = BenchmarkTable.read(dir);
            int b = budget > 0 ? budget : Math.max(10, Math.min(100, t.size() / 4));
            PoolBenchmark.Summary s;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(t.name()).setInitialMax(seeds)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                s = PoolBenchmark.run(t, seeds, b, batch, bar::stepTo);
            }
            double secondsPerRun = s.runs().stream().mapToLong(PoolBenchmark.Run::suggestNanos).average().orElse(0) / 1e9;
            String line = String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %s | %s | %s | %.2f | %.1f |", t.name(), t.size(), s.topCount(),
                    s.budget(), s.meanFraction()[s.budget() - 1], af(s.accelerationAt()[0]), af(s.accelerationAt()[1]),
                    af(s.accelerationAt()[2]), s.enhancementAt()[s.budget() - 1], secondsPerRun);
            System.out.println(line);
            lines.add(line);
            ObjectNode tj = tables.addObject().put("table", t.name()).put("rows", t.size()).put("top_rows", s.topCount())
                    .put("budget", s.budget()).put("goal", t.maximise() ? "maximize" : "minimize").put("objective", t.objective());
            ArrayNode mean = tj.putArray("mean_fraction_found");
            for (double f : s.meanFraction()) {
                mean.add(Math.round(f * 1e4) / 1e4);
            }
            ArrayNode runs = tj.putArray("runs");
            for (PoolBenchmark.Run r : s.runs()) {
                ArrayNode chosen = runs.addObject().put("seed", r.seed()).putArray("rows");
                r.chosen().forEach(chosen::add);
            }
        }
        System.out.println();
        System.out.println("found@budget: mean fraction of the top-5 % rows found; AF@x: experiments random sampling needs to find x of them");
        System.out.println("÷ experiments BO needs (– when BO does not reach x within the budget); EF: found fraction ÷ random's.");
        if (trace != null) {
            Files.writeString(trace, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(traceJson), StandardCharsets.UTF_8);
            System.out.println("trace: " + trace.toAbsolutePath());
        }
        if (latency) {
            for (int n : new int[] {100, 500}) {
                System.out.printf(Locale.ROOT, "suggestion latency, %d observations, 4 dimensions: %s%n", n, latency(n, false));
            }
            for (int n : new int[] {100, 500}) {
                System.out.printf(Locale.ROOT, "EHVI suggestion latency (two objectives), %d observations, 4 dimensions: %s%n", n,
                        latency(n, true));
            }
        }
        return 0;
    }

    private static String af(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Median and p95 of the time to fit the surrogate and pick one point from 2,000 candidates. */
    static String latency(int n, boolean ehvi) {
        Random r = new Random(11);
        double[][] pool = new double[n + 2000][4];
        for (double[] p : pool) {
            for (int k = 0; k < 4; k++) {
                p[k] = r.nextDouble();
            }
        }
        List<PoolStrategy.Observation> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = pool[i];
            double y = Math.sin(5 * x[0]) * Math.cos(3 * x[1]) + x[2] * x[2] - 0.5 * x[3] + 0.05 * r.nextGaussian();
            double y2 = -Math.pow(x[0] - 0.7, 2) - x[1] * x[3] + 0.05 * r.nextGaussian();
            done.add(ehvi ? new PoolStrategy.Observation(i, y, new double[] {y, y2}) : new PoolStrategy.Observation(i, y));
        }
        PoolStrategy.Settings settings = ehvi ? PoolStrategy.Settings.defaults(true, 3).withEhvi() : PoolStrategy.Settings.defaults(true, 3);
        PoolStrategy strategy = new PoolStrategy(pool, settings);
        strategy.suggest(done, 1); // the first call fits hyper-parameters from scratch; later ones start warm
        long[] t = new long[12];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            strategy.suggest(done, 1);
            t[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        long cold0 = System.nanoTime();
        new PoolStrategy(pool, ehvi ? PoolStrategy.Settings.defaults(true, 4).withEhvi() : PoolStrategy.Settings.defaults(true, 4))
                .suggest(done, 1);
        long cold = System.nanoTime() - cold0;
        return String.format(Locale.ROOT, "warm p50 %.0f ms, p95 %.0f ms; cold (first fit with restarts) %.0f ms",
                t[t.length / 2] / 1e6, t[(int) Math.ceil(0.95 * t.length) - 1] / 1e6, cold / 1e6);
    }
}
