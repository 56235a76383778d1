package org.matdx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.matdx.cli.bench.AuditBenchmark;
import org.matdx.cli.bench.IngestBenchmark;
import org.matdx.cli.bench.S3Proxy;
import org.matdx.cli.bench.SearchBenchmark;
import org.matdx.cli.bench.XrdBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code matdx bench …}: measure performance; figures go to docs/BENCHMARKS.md. */
@Command(name = "bench", description = "Run a benchmark (see docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Search.class, MatbenchCommand.class, BenchCommand.Audit.class, CampaignBenchCommand.class,
                BenchCommand.IngestBench.class, PrivacyBenchCommand.class, BenchCommand.Xrd.class,
                FederatedBenchCommand.class, ImagesBenchCommand.class})
final class BenchCommand {

    @Command(name = "search", description = {
            "Load synthetic structures into an embedded database (the catalog's insert) and measure p50/p95 latency of typical",
            "OPTIMADE filters and native searches over HTTP. Heavy: run it on a quiet machine."})
    static final class Search implements Callable<Integer> {
        @Option(names = "--structures", defaultValue = "1000000", description = "How many structures (default: ${DEFAULT-VALUE}).")
        int structures;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Keep the benchmark database here and reuse it on the next run (default: a temporary directory, removed after).")
        Path dataDir;

        @Option(names = "--repetitions", defaultValue = "30", description = "Measured requests per query and caller (default: ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured requests first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws IOException {
            if (structures < 1000 || repetitions < 1 || warmup < 0) {
                throw new IllegalArgumentException("--structures must be at least 1000 and --repetitions at least 1");
            }
            Path dir = dataDir != null ? dataDir.toAbsolutePath() : Files.createTempDirectory("matdx-bench-search");
            try {
                List<SearchBenchmark.Result> results = SearchBenchmark.run(
                        new SearchBenchmark.Options(structures, dir, repetitions, warmup, System.out));
                System.out.println();
                System.out.printf(Locale.ROOT, "| API | caller | query | matches | p50 (ms) | p95 (ms) |%n|---|---|---|---:|---:|---:|%n");
                for (SearchBenchmark.Result r : results) {
                    System.out.printf(Locale.ROOT, "| %s | %s | `%s` | %s | %.1f | %.1f |%n", r.api(), r.who(),
                            r.query().replace("|", "\\|"), r.matchesText(), r.p50ms(), r.p95ms());
                }
                double worst = results.stream().mapToDouble(SearchBenchmark.Result::p95ms).max().orElse(0);
                long over = results.stream().filter(r -> r.p95ms() > 50).count();
                System.out.printf(Locale.ROOT, "%nworst p95 %.1f ms; %d of %d measurements above 50 ms%n", worst, over, results.size());
            } finally {
                if (dataDir == null) {
                    deleteRecursively(dir);
                }
            }
            return 0;
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Command(name = "ingest", description = {
            "Structure small instrument files end to end (stage, recognise, read, invoice, peaks, plot + thumbnail,",
            "one transaction per file) in a temporary embedded database and report files per second."})
    static final class IngestBench implements Callable<Integer> {
        @Option(names = "--files", defaultValue = "2000", description = "Measured files per kind (default: ${DEFAULT-VALUE}).")
        int files;

        @Option(names = "--threads", defaultValue = "4", description = "Files in flight at once (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--step", defaultValue = "0.04", description = "2θ step of the generated scans in degrees (default: ${DEFAULT-VALUE}, i.e. 2001 points).")
        double step;

        @Option(names = "--durable", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "fsync each commit as a production server does (default: ${DEFAULT-VALUE}).")
        boolean durable;

        @Option(names = "--blob-store", paramLabel = "URI|s3proxy", description = {
                "Also run against this blob store and compare with the local one, in the same run: s3://bucket/prefix",
                "(reached as MATDX_S3_ENDPOINT, AWS_ACCESS_KEY_ID, … say; docs/DEPLOY.md), or 's3proxy' for an S3Proxy",
                "the benchmark starts on a loopback port (target/s3proxy/s3proxy.jar, copied by the build)."})
        String blobStore;

        @Override
        public Integer call() throws Exception {
            if (files < 1 || threads < 1 || step <= 0) {
                throw new IllegalArgumentException("--files, --threads and --step must be positive");
            }
            if (blobStore == null) {
                print(run(null), null);
                return 0;
            }
            Path proxyDir = null;
            S3Proxy proxy = null;
            String s3 = blobStore;
            try {
                if (blobStore.equals("s3proxy")) {
                    Path jar = S3Proxy.findJar().orElseThrow(() -> new IllegalArgumentException(
                            "no S3Proxy jar in target/s3proxy (the build copies it: mvn generate-test-resources), or name one "
                                    + "with MATDX_S3PROXY_JAR"));
                    proxyDir = Files.createTempDirectory("matdx-bench-s3proxy");
                    proxy = S3Proxy.start(jar, proxyDir, "matdx-bench");
                    // the platform reads these before the environment (Platform.openBlobStore)
                    System.setProperty("MATDX_S3_ENDPOINT", proxy.endpoint().toString());
                    System.setProperty("AWS_ACCESS_KEY_ID", proxy.accessKey());
                    System.setProperty("AWS_SECRET_ACCESS_KEY", proxy.secretKey());
                    System.setProperty("AWS_REGION", S3Proxy.REGION);
                    s3 = "s3://matdx-bench/run-" + System.currentTimeMillis();
                    System.out.println("S3Proxy (filesystem backend) on " + proxy.endpoint() + ", objects in " + proxyDir);
                }
                System.out.println("== local blob store ==");
                var local = run(null);
                System.out.println("== " + s3 + " ==");
                var remote = run(s3);
                print(local, null);
                System.out.println();
                System.out.println("S3 (" + s3 + ") against the local store, same run:");
                print(remote, local);
            } finally {
                if (proxy != null) {
                    proxy.close();
                    Search.deleteRecursively(proxyDir);
                }
            }
            return 0;
        }

        private List<IngestBenchmark.Result> run(String store) throws Exception {
            Path dir = Files.createTempDirectory("matdx-bench-ingest");
            try {
                return IngestBenchmark.run(new IngestBenchmark.Options(
                        files, threads, step, dir, durable, System.out, store));
            } finally {
                Search.deleteRecursively(dir);
            }
        }

        /** The table; with {@code base}, each row's time relative to the same row of that run. */
        private void print(List<IngestBenchmark.Result> results, List<IngestBenchmark.Result> base) {
            System.out.printf(Locale.ROOT, "%n| files | count | seconds | files/s | ms per file |%s%n|---|---:|---:|---:|---:|%s%n",
                    base == null ? "" : " time vs local |", base == null ? "" : "---:|");
            for (int i = 0; i < results.size(); i++) {
                var r = results.get(i);
                String ratio = base == null ? "" : String.format(Locale.ROOT, " %.2f× |", r.seconds() / r.files()
                        / (base.get(i).seconds() / base.get(i).files()));
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f |%s%n", r.kind(), r.files(), r.seconds(),
                        r.perSecond(), 1000 * r.seconds() / r.files(), ratio);
            }
            System.out.printf(Locale.ROOT, "%n%d threads, %s commits, %d processors%n", threads, durable ? "durable (fsync)" : "non-durable",
                    Runtime.getRuntime().availableProcessors());
        }
    }

    @Command(name = "xrd", description = {
            "Phase identification of synthetic powder mixtures (1-3 of the shipped reference phases, random weight",
            "fractions, strain, broadening, preferred orientation, Kα2, zero shift, background, noise): top-1",
            "identification, weight-fraction error and CPU time per pattern, with the references alone and among decoys."})
    static final class Xrd implements Callable<Integer> {
        @Option(names = "--mixtures", defaultValue = "200", description = "Patterns to identify (default: ${DEFAULT-VALUE}).")
        int mixtures;

        @Option(names = "--candidates", defaultValue = "1000", description = "Candidates in the second run, references included (default: ${DEFAULT-VALUE}).")
        int candidates;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--verbose", description = "Print each mixture and what was found.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            if (mixtures < 1 || mixtures > 100_000 || candidates < 0 || candidates > 100_000) {
                throw new IllegalArgumentException("--mixtures must be 1-100000 and --candidates 0-100000");
            }
            var results = XrdBenchmark.run(new XrdBenchmark.Options(mixtures, candidates, seed,
                    verbose, System.out));
            System.out.println();
            XrdBenchmark.print(results, System.out);
            System.out.printf(Locale.ROOT, "%n%d processors, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            return 0;
        }
    }

    @Command(name = "audit", description = {
            "Append events to the hash-chained audit trail (each in its own durable transaction) from one and from",
            "several threads, then verify the whole chain; in a fresh embedded database."})
    static final class Audit implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "20000", description = "Events per append run (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--threads", defaultValue = "8", description = "Threads for the concurrent run (default: ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() throws Exception {
            if (events < 100 || threads < 1) {
                throw new IllegalArgumentException("--events must be at least 100 and --threads at least 1");
            }
            Path dir = Files.createTempDirectory("matdx-bench-audit");
            try {
                var results = AuditBenchmark.run(
                        new AuditBenchmark.Options(events, threads, dir, System.out));
                System.out.println();
                AuditBenchmark.print(results, System.out);
            } finally {
                Search.deleteRecursively(dir);
            }
            return 0;
        }
    }
}
