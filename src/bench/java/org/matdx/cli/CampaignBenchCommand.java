package org.matdx.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    @Option(names = "--budget", paramLabel = "N|all", description = {"Experiments per run (default: a quarter of the table, at most 100);",
            "'all': the whole table, each run stopping once every top-5 % row is found (as the reference does)."})
    String budget;

    @Option(names = "--batch", defaultValue = "1", description = "Suggestions per round, q (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--trace", paramLabel = "FILE|DIR", description = {"Write, per seed, the 0-based data.csv rows chosen, in order, as the",
            "reference scorer reads them ({\"seeds\": [[row, …], …]}): a file for one table, a directory (one TABLE.json each) for several."})
    Path trace;

    @Option(names = "--task", paramLabel = "PARAMETER", description = {"Transfer between campaigns: a parameter that splits the table into related",
            "tasks (e.g. aryl_halide of buchwald_a). Runs --target alone and again starting from every row of --source."})
    String task;

    @Option(names = "--source", paramLabel = "VALUE|N", description = "The earlier campaign's task: a value of --task or its 1-based option number.")
    String source;

    @Option(names = "--target", paramLabel = "VALUE|N", description = "The new campaign's task: a value of --task or its 1-based option number.")
    String target;

    @Option(names = "--objective", paramLabel = "NAME", description = {"The measurement to optimise (default: the first, as Olympus reads",
            "a table). The reference scorer (bo_ref.py) scores the last column of data.csv: name the last measurement to compare like",
            "for like on a table with several."})
    String objective;

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
        boolean whole = "all".equalsIgnoreCase(budget == null ? "" : budget.strip());
        int fixed = 0;
        if (budget != null && !whole) {
            try {
                fixed = Integer.parseInt(budget.strip());
            } catch (NumberFormatException e) {
                fixed = -1;
            }
            if (fixed < 1) {
                throw new IllegalArgumentException("--budget must be a positive number of experiments or 'all', got '" + budget + "'");
            }
        }
        if (trace != null && (dirs.size() > 1 || task != null)) {
            Files.createDirectories(trace);
        }
        System.out.printf(Locale.ROOT, "| table | rows | top 5 %% rows | budget | found@budget | AF@25 %% | AF@50 %% | AF@75 %% | EF@budget "
                + "| AF_50 | AF_80 | AF_100 | s per run |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        if (task != null && (dirs.size() != 1 || source == null || target == null)) {
            throw new IllegalArgumentException("--task needs one table and both --source and --target");
        }
        List<BenchmarkTable> tables = new ArrayList<>();
        List<PoolStrategy.Prior> priors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path dir : dirs) {
            BenchmarkTable t = BenchmarkTable.read(dir, objective);
            if (t.measurements().size() > 1 && objective == null) {
                notes.add(t.name() + " has " + t.measurements().size() + " measurements: optimised " + t.objective()
                        + " (the first); bo_ref.py --score scores the last column (" + t.measurements().getLast()
                        + "): pass --objective " + t.measurements().getLast() + " to compare like for like");
            }
            if (task == null) {
                tables.add(t);
                priors.add(null);
            } else {
                BenchmarkTable goal = t.task(task, target);
                BenchmarkTable earlier = t.task(task, source);
                tables.add(goal);
                priors.add(null);
                tables.add(new BenchmarkTable(goal.name() + " from " + earlier.name(), goal.space(), goal.objective(), goal.maximise(),
                        goal.rows(), goal.values(), goal.features(), goal.measurements()));
                priors.add(earlier.asPrior());
            }
        }
        for (int ti = 0; ti < tables.size(); ti++) {
            BenchmarkTable t = tables.get(ti);
            PoolStrategy.Prior prior = priors.get(ti);
            int b = whole ? t.size() : fixed > 0 ? fixed : Math.max(10, Math.min(100, t.size() / 4));
            PoolBenchmark.Summary s;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(t.name()).setInitialMax(seeds)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                s = PoolBenchmark.run(t, seeds, b, batch, bar::stepTo, seed -> PoolStrategy.Settings.defaults(t.maximise(), seed), prior);
            }
            double secondsPerRun = s.runs().stream().mapToLong(PoolBenchmark.Run::suggestNanos).average().orElse(0) / 1e9;
            String line = String.format(Locale.ROOT, "| %s | %d | %d | %s | %.2f | %s | %s | %s | %.2f | %s | %s | %s | %.1f |", t.name(), t.size(),
                    s.topCount(), whole ? "all" : Integer.toString(s.budget()), s.meanFraction()[s.budget() - 1], af(s.accelerationAt()[0]),
                    af(s.accelerationAt()[1]), af(s.accelerationAt()[2]), s.enhancementAt()[s.budget() - 1], af2(s.medianAf()[0]),
                    af2(s.medianAf()[1]), af2(s.medianAf()[2]), secondsPerRun);
            System.out.println(line);
            if (trace != null) {
                writeTrace(tables.size() > 1 ? trace.resolve(t.name() + ".json") : trace, t, s, whole);
            }
        }
        System.out.println();
        System.out.println("found@budget: mean fraction of the top-5 % rows (ties included) found; AF@x: experiments random sampling needs");
        System.out.println("to find x of them ÷ experiments BO's mean curve needs (– when not reached within the budget); EF: found ÷ random's.");
        System.out.println("AF_50/80/100: the reference scorer's protocol (top ⌈5 % N⌉ rows, median over seeds; – unless every seed got there).");
        if (trace != null) {
            System.out.println("trace: " + trace.toAbsolutePath() + " (score with ../shared/tools/bo-reference/bo_ref.py TABLE --score TRACE)");
        }
        notes.forEach(n -> System.out.println("note: " + n));
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

    /** The reference scorer's format ({"seeds": [[row, …], …]}), with what produced it alongside. */
    private void writeTrace(Path file, BenchmarkTable t, PoolBenchmark.Summary s, boolean whole) throws IOException {
        ObjectNode tj = Json.object().put("table", t.name()).put("optimiser", "MatDX pool BO (bench campaign)")
                .put("protocol", "pool-based BO, " + seeds + " seeds, batch " + batch + ", budget "
                        + (whole ? "all (until every top-5 % row is found)" : Integer.toString(s.budget())))
                .put("rows", t.size()).put("top_rows", s.topCount()).put("goal", t.maximise() ? "maximize" : "minimize")
                .put("objective", t.objective());
        ArrayNode seedNumbers = tj.putArray("seed_numbers");
        ArrayNode chosen = tj.putArray("seeds");
        for (PoolBenchmark.Run r : s.runs()) {
            seedNumbers.add(r.seed());
            ArrayNode rows = chosen.addArray();
            r.chosen().forEach(rows::add);
        }
        Files.writeString(file, Json.MAPPER.writeValueAsString(tj), StandardCharsets.UTF_8);
    }

    private static String af2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
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
        Arrays.sort(t);
        long cold0 = System.nanoTime();
        new PoolStrategy(pool, ehvi ? PoolStrategy.Settings.defaults(true, 4).withEhvi() : PoolStrategy.Settings.defaults(true, 4))
                .suggest(done, 1);
        long cold = System.nanoTime() - cold0;
        return String.format(Locale.ROOT, "warm p50 %.0f ms, p95 %.0f ms; cold (first fit with restarts) %.0f ms",
                t[t.length / 2] / 1e6, t[(int) Math.ceil(0.95 * t.length) - 1] / 1e6, cold / 1e6);
    }
}
