package org.matdx.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.matdx.platform.PlatformConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code matdx worker}: an extra process that takes jobs from the shared queue. */
@Command(name = "worker", description = {
        "Run a job worker against the shared database (ingestion, training, screening).",
        "On another machine, give --db-url and a --data-dir on storage shared with the server (the blob store)."})
final class WorkerCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Mixin
    IngestLimitOptions limits;

    /** Most jobs one process runs at once: each is a platform thread that may hold a large file or a model in memory. */
    static final int MAX_THREADS = 256;

    @Option(names = "--threads", defaultValue = "2", description = "Jobs to run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    /** Opens the platform with its workers: set by {@link Commands}. */
    Function<PlatformConfig, Running> start;

    /** A running worker process: the database it takes jobs from, and how to stop. */
    record Running(String database, Runnable stop) {
    }

    @Override
    public void run() {
        if (threads < 1 || threads > MAX_THREADS) {
            // 0 would start a worker process that never takes a job
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
        Running platform = start.apply(limits.applyTo(db.config(true).withDemo(false).withWorkers(threads)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.stop().run();
            stopped.countDown();
        }, "matdx-worker-shutdown"));
        System.out.println("MatDX worker running with " + threads + " thread(s) on " + platform.database() + ". Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
