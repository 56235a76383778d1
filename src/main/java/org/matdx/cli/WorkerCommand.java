package org.matdx.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.matdx.platform.PlatformConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code matdx worker}: an extra process that takes jobs from the shared queue. */
@Command(name = "worker", description = {
        "Run a job worker against the shared database (ingestion, training, screening).",
        "On another machine, give --db-url and a --data-dir on storage shared with the server (the blob store)."})
final class WorkerCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Mixin
    IngestLimitOptions limits;

    @Option(names = "--threads", defaultValue = "2", description = "Jobs to run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Opens the platform with its workers: set by {@link Commands}. */
    Function<PlatformConfig, Running> start;

    /** A running worker process: the database it takes jobs from, and how to stop. */
    record Running(String database, Runnable stop) {
    }

    @Override
    public void run() {
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
