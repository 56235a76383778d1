package org.matdx.cli.bench;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Axis;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.Series;
import org.matdx.core.User;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Upload;
import org.matdx.ingest.structuring.Plotter;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.platform.demo.SyntheticPatterns;

/**
 * Ingest throughput end to end, in process: stage (hash, write), recognise, read, validate the
 * invoice, structure (series, peak list), render plot and thumbnail, and commit blobs, entry and
 * audit event in one transaction per file — with {@code threads} files in flight at once, as
 * worker threads would run ingest jobs.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    /** @param blobStore null for the local store in {@code dataDir}, or {@code s3://bucket/prefix} */
    public record Options(int files, int threads, double step, Path dataDir, boolean durable, PrintStream out, String blobStore) {
    }

    /**
     * @param cpuMillis     CPU milliseconds per file (JVM and database), NaN where not measured
     * @param blockedMillis milliseconds per file an ingest thread spent blocked — neither running nor
     *                      waiting for a core: on fsyncs, the database, locks, another thread — summed
     *                      over the threads (wall − CPU − run-queue wait, from /proc/thread-self/schedstat,
     *                      so other processes' load hardly moves it); NaN where not measured
     */
    public record Result(String kind, int files, double seconds, long points, double cpuMillis, double blockedMillis) {
        public Result(String kind, int files, double seconds, long points) {
            this(kind, files, seconds, points, Double.NaN, Double.NaN);
        }

        public double perSecond() {
            return files / seconds;
        }

        Result withKind(String k) {
            return new Result(k, files, seconds, points, cpuMillis, blockedMillis);
        }

        Result withCpu(double ms) {
            return new Result(kind, files, seconds, points, ms, blockedMillis);
        }
    }

    /** This thread's CPU time, run-queue wait and a wall clock, in nanoseconds; null without /proc. */
    private static long[] schedstat() {
        try {
            String[] f = Files.readString(Path.of("/proc/thread-self/schedstat")).strip().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), System.nanoTime()};
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    public static List<Result> run(Options o) throws Exception {
        PlatformConfig config = PlatformConfig.defaults(o.dataDir()).withDemo(false).withWorkers(0).withDurable(o.durable())
                .withBlobStore(o.blobStore());
        // a facility template without the plot, to show what plotting costs (and that facility templates load at start)
        Files.createDirectories(o.dataDir().resolve("templates"));
        Files.writeString(o.dataDir().resolve("templates/bench-xy-no-plot.yaml"), """
                id: bench.xy-no-plot
                instrument_type: xrd
                title: {ja: "ベンチマーク（プロットなし）", en: "Benchmark (no plot)"}
                reader: xrd.xy
                file_patterns: ["*.xy"]
                produces: {kind: measurement, plot: false, descriptors: [xrd_peaks]}
                invoice_schema: {type: object}
                """);
        List<Result> results = new ArrayList<>();
        try (Platform p = Platform.start(config)) {
            User u = p.accounts().createUser(Bootstrap.SYSTEM, "bench", "Ingest benchmark", null, null, null, false);
            Caller caller = new Caller.Account(u, p.users().memberships(u.id()), Scope.WRITE);
            UUID dataset = p.catalog().createDataset(RequestContext.cli(caller), new NewDataset("ingest benchmark", "", "CC0-1.0", "private", null,
                    false, null, null)).id();
            Ingest ingest = p.ingest();
            boolean xy = ingest.templates().byId("xrd.xy").isPresent();
            if (xy) {
                o.out().printf(Locale.ROOT, "generating 3 × %d XRD scans (10-90° 2θ, step %.3f°)…%n", o.files(), o.step());
                // every run gets scans of its own: the blob store keeps one copy of identical bytes, so a
                // file seen before would skip writing its raw file and plots and look faster than it is
                measure(ingest, caller, dataset, scans(o, 0, 100), ".xy", o.threads(), "auto"); // warm-up (JIT, plotting fonts)
                results.add(measure(ingest, caller, dataset, scans(o, 1, o.files()), ".xy", o.threads(), "auto")
                        .withKind("XRD two-column scan (xrd.xy), recognised, plot + thumbnail + peak list — first run after start (JIT compiling)"));
                results.add(measure(ingest, caller, dataset, scans(o, 2, o.files()), ".xy", o.threads(), "xrd.xy")
                        .withKind("other scans, template named (no recognition)"));
                results.add(measure(ingest, caller, dataset, scans(o, 3, o.files()), ".xy", o.threads(), "bench.xy-no-plot")
                        .withKind("other scans, peak list but no plot (facility template)"));
                results.add(measure(ingest, caller, dataset, scans(o, 4, o.files()), ".xy", o.threads(), "auto")
                        .withKind("other scans, recognised, plot + thumbnail + peak list (steady state)"));
                results.add(measureTree(ingest, caller, dataset, scans(o, 5, o.files()))
                        .withKind("other scans as one directory (what `matdx ingest DIR` and zip uploads run)"));
            } else {
                o.out().println("xrd.xy reader not installed in this build: XRD scans skipped");
            }
            List<byte[]> tables = new ArrayList<>();
            for (int i = 0; i < o.files() + 100; i++) {
                StringBuilder sb = new StringBuilder("name,composition,T (K),conductivity [S/cm],phase\n");
                for (int r = 0; r < 10; r++) {
                    sb.append(String.format(Locale.ROOT, "run-%d-%d,Li%.2fCoO2,%d,%.3e,layered%n", i, r, 0.5 + r * 0.05, 300 + r * 10,
                            1e-4 * (r + 1)));
                }
                tables.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            measure(ingest, caller, dataset, tables.subList(0, 100), ".csv", o.threads(), "auto");
            results.add(measure(ingest, caller, dataset, tables.subList(100, tables.size()), ".csv", o.threads(), "auto")
                    .withKind("table of experiments (table.csv), 10 rows → 10 entries"));
            // plotting alone, to show its share
            var series = new Series("scan", new Axis("2θ", "°", linspace(10, 90, (int) (80 / o.step()) + 1)),
                    List.of(new Axis("intensity", "counts", linspace(100, 200, (int) (80 / o.step()) + 1))));
            Plotter plotter = new Plotter();
            for (int i = 0; i < 50; i++) {
                plotter.render(series, "warm-up");
            }
            long t0 = System.nanoTime();
            int n = 300;
            for (int i = 0; i < n; i++) {
                plotter.render(series, "scan");
            }
            results.add(new Result("plot + thumbnail only (one thread, in memory)", n, (System.nanoTime() - t0) / 1e9, 0));
        }
        return results;
    }

    /** {@code n} distinct scans for run {@code run} (different seeds, so different bytes). */
    private static List<byte[]> scans(Options o, int run, int n) {
        SyntheticPatterns.Phase[] phases = {SyntheticPatterns.SILICON, SyntheticPatterns.RUTILE, SyntheticPatterns.LICOO2};
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SyntheticPatterns.xrdXy(phases[i % 3], o.step(), 0.1 + 0.05 * (i % 4), 1000L + run * 1_000_000L + i)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static double[] linspace(double a, double b, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        return v;
    }

    /** The files as one directory upload: staged, then structured by {@link Ingest#ingestTree} (which runs several at once). */
    private static Result measureTree(Ingest ingest, Caller caller, UUID dataset, List<byte[]> files) {
        var invoice = Json.read("{\"basic\": {\"data_name\": \"bench\", \"date\": \"2026-11-23\"}}");
        long t0 = System.nanoTime();
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            uploads.add(ingest.stage("dir/f" + i + ".xy", new ByteArrayInputStream(files.get(i)), false));
        }
        List<IngestResult> rs = ingest.ingestTree(RequestContext.cli(caller), dataset, uploads, new Ingest.Options("auto", invoice, "en"),
                Ingest.Progress.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        long failed = rs.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " benchmark files failed to ingest: " + rs.stream().filter(r -> !r.ok()).findFirst().orElseThrow().error());
        }
        return new Result("", files.size(), s, rs.stream().mapToLong(IngestResult::points).sum());
    }

    static Result measure(Ingest ingest, Caller caller, UUID dataset, List<byte[]> files, String ext, int threads,
                                  String template) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong points = new AtomicLong();
        AtomicLong blocked = new AtomicLong();
        AtomicInteger unmeasured = new AtomicInteger();
        var invoice = Json.read("{\"basic\": {\"data_name\": \"bench\", \"date\": \"2026-11-23\"}}");
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    long[] start = schedstat();
                    int i;
                    while ((i = next.getAndIncrement()) < files.size()) {
                        var up = ingest.stage("f" + i + "-" + UUID.randomUUID() + ext, new ByteArrayInputStream(files.get(i)), false);
                        IngestResult r = ingest.ingestFile(RequestContext.cli(caller), dataset, up, List.of(),
                                new Ingest.Options(template, invoice, "en"));
                        if (!r.ok()) {
                            failed.incrementAndGet();
                            System.err.println(r.error());
                        }
                        points.addAndGet(r.points());
                    }
                    long[] end = schedstat();
                    if (start != null && end != null) {
                        blocked.addAndGet((end[2] - start[2]) - (end[0] - start[0]) - (end[1] - start[1]));
                    } else {
                        unmeasured.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " benchmark files failed to ingest");
        }
        return new Result("", files.size(), s, points.get(), Double.NaN,
                unmeasured.get() > 0 ? Double.NaN : blocked.get() / 1e6 / files.size());
    }
}
