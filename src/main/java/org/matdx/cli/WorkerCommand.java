package org.matdx.cli;

import java.util.concurrent.CountDownLatch;
import org.matdx.platform.Platform;
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

    @Override
    public void run() {
        Platform platform = Platform.start(limits.applyTo(db.config(true).withDemo(false).withWorkers(threads)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "matdx-worker-shutdown"));
        System.out.println("MatDX worker running with " + threads + " thread(s) on " + platform.db().url() + ". Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
