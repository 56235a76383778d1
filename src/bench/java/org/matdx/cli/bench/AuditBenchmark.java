package org.matdx.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;

/**
 * The audit chain's costs: appending an event in its own committed transaction (what every read
 * of non-public data pays), from one thread and from several at once (appends serialise on the
 * chain's advisory lock), and verifying the whole chain.
 */
public final class AuditBenchmark {
    private AuditBenchmark() {
    }

    public record Options(int events, int threads, Path dataDir, PrintStream out) {
    }

    public record Result(String what, int events, double seconds, double p50ms, double p95ms) {
        public double perSecond() {
            return events / seconds;
        }
    }

    public static List<Result> run(Options o) throws Exception {
        List<Result> results = new ArrayList<>();
        try (Platform p = Platform.start(PlatformConfig.defaults(o.dataDir()).withDemo(false).withWorkers(0))) {
            AuditLog audit = p.audit();
            Caller reader = new Caller.System("bench");
            o.out().println("appending " + o.events() + " events from 1 thread …");
            results.add(append(audit, reader, o.events(), 1));
            o.out().println("appending " + o.events() + " events from " + o.threads() + " threads …");
            results.add(append(audit, reader, o.events(), o.threads()));
            o.out().println("verifying the chain …");
            long t0 = System.nanoTime();
            AuditLog.Verification v = audit.verify(null);
            double s = (System.nanoTime() - t0) / 1e9;
            if (!v.intact()) {
                throw new IllegalStateException("the chain is broken: " + v.reason());
            }
            results.add(new Result("verify", (int) v.checked(), s, Double.NaN, Double.NaN));
        }
        return results;
    }

    private static Result append(AuditLog audit, Caller actor, int events, int threads) throws Exception {
        long[] latencies = new long[events];
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < events; i += threads) {
                        long s = System.nanoTime();
                        audit.append(new RequestContext(actor, "127.0.0.1", null, null), "entry.read", "entry", "bench-" + i,
                                Json.object().put("dataset", "bench").put("n", i));
                        latencies[i] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        return new Result("append, " + threads + " thread" + (threads == 1 ? "" : "s"), events, seconds,
                latencies[events / 2] / 1e6, latencies[(int) (events * 0.95)] / 1e6);
    }

    public static void print(List<Result> results, PrintStream out) {
        out.printf(Locale.ROOT, "| operation | events | seconds | events/s | p50 (ms) | p95 (ms) |%n|---|---:|---:|---:|---:|---:|%n");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %s | %s |%n", r.what(), r.events(), r.seconds(), r.perSecond(),
                    Double.isNaN(r.p50ms()) ? "–" : String.format(Locale.ROOT, "%.2f", r.p50ms()),
                    Double.isNaN(r.p95ms()) ? "–" : String.format(Locale.ROOT, "%.2f", r.p95ms()));
        }
    }
}
