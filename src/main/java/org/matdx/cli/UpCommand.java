package org.matdx.cli;

import java.util.concurrent.CountDownLatch;
import org.matdx.platform.PlatformConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code matdx up}: database, demo data, workers and the HTTP server, until Ctrl-C. */
@Command(name = "up", description = "Start MatDX: embedded PostgreSQL (or --db-url), demo data, API and UI on localhost.")
final class UpCommand implements Runnable {
    @Mixin
    DatabaseOptions db;

    @Mixin
    IngestLimitOptions limits;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-demo", description = "Do not load the demo data.")
    boolean noDemo;

    @Option(names = "--max-upload-mb", defaultValue = "512", description = "Largest accepted upload in MiB (default: ${DEFAULT-VALUE}).")
    long maxUploadMb;

    @Option(names = "--job-threads", description = "Jobs this server runs at once (default: as many as cores, at least 2; "
            + "0: none, leaving them to 'matdx worker' processes on the same database).")
    Integer jobThreads;

    @Spec
    CommandSpec spec;

    /** Opens the platform and serves it: set by {@link Commands}. */
    Start start;

    @FunctionalInterface
    interface Start {
        Running start(PlatformConfig config, String host, int port);
    }

    /** A platform being served: its port, the administrator's token, how to load the demo, how to stop. */
    record Running(int port, String adminToken, Runnable loadDemo, Runnable stop) {
    }

    @Override
    public void run() {
        // the demo loads after the port opens (models train for minutes on a small machine): a first
        // start answers at once and says how far loading has come, on the console, the pages and /health
        if (jobThreads != null && (jobThreads < 0 || jobThreads > WorkerCommand.MAX_THREADS)) {
            throw new ParameterException(spec.commandLine(), "--job-threads must be between 0 and " + WorkerCommand.MAX_THREADS + ", got " + jobThreads);
        }
        PlatformConfig config = limits.applyTo(db.config(false).withDemo(false).withMaxUpload(maxUploadMb * 1024 * 1024));
        if (jobThreads != null) {
            config = config.withWorkers(jobThreads);
        }
        System.out.println("Starting MatDX (data: " + config.dataDir() + ") …");
        Running server = start.start(config, host, port);
        String token = server.adminToken();
        if (config.dbUrl() == null) {
            RunningServers.register(config.dataDir(), server.port());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping MatDX …");
            RunningServers.unregister();
            server.stop().run();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "matdx-shutdown"));
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + server.port();
        System.out.println();
        System.out.println("MatDX is running.");
        System.out.println("  Web          " + base + "/");
        System.out.println("  API          " + base + "/api/v1/datasets");
        System.out.println("  OPTIMADE     " + base + "/optimade/v1/info");
        System.out.println("  Health       " + base + "/api/v1/health");
        System.out.println("  Database     " + (config.dbUrl() == null
                ? "embedded PostgreSQL in " + config.dataDir().resolve("postgres") : config.dbUrl()));
        System.out.println();
        System.out.println("  Admin API token (keep it secret; also in " + config.dataDir().resolve("admin-token") + "):");
        System.out.println("    " + token);
        System.out.println("  Try:  curl -H 'Authorization: Bearer " + token.substring(0, 8) + "…' " + base + "/api/v1/me");
        if (!noDemo) {
            System.out.println("  Demo data     loading in the background (progress below and at " + base + "/api/v1/health)");
            System.out.println("  Demo accounts (password matdx-demo-2026): alice (battery lab, owner), bob (battery lab, viewer),");
            System.out.println("                carol (another institute; owns the company data), dan (Example Materials Corp.)");
            System.out.println("  Sign in       " + base + "/login");
        }
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        System.out.println();
        if (!noDemo) {
            server.loadDemo().run();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
