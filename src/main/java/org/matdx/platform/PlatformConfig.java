package org.matdx.platform;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.matdx.formats.IngestLimits;
import org.matdx.store.ReadReplica;

/**
 * How to start MatDX.
 *
 * @param dataDir         where the embedded database, blobs and secrets live ({@code ~/.matdx})
 * @param dbUrl           an external PostgreSQL ({@code jdbc:postgresql://…}), or null for the embedded one
 * @param durable         false only for throw-away test clusters (no fsync)
 * @param maxUploadBytes  the largest file a single upload may carry
 * @param workerThreads   jobs this process runs at once (0: no worker in this process)
 * @param loadDemo        load the demo data sets the first time
 * @param ingestLimits    what unpacking and reading one upload may cost (docs/SECURITY.md)
 * @param blobStore       where file contents live: null for {@code <dataDir>/blobs}, or
 *                        {@code s3://bucket/prefix} (reached as the environment says: docs/DEPLOY.md)
 * @param dbReadUrl       a streaming replica of {@code dbUrl} that searches and OPTIMADE may read
 *                        when it is current enough (same user and password), or null
 * @param dbReadMaxLag    how old the data a replica shows may be (docs/DEPLOY.md, "Read replicas")
 */
public record PlatformConfig(Path dataDir, String dbUrl, String dbUser, String dbPassword, boolean durable,
                             long maxUploadBytes, int workerThreads, boolean loadDemo, Clock clock,
                             IngestLimits ingestLimits, String blobStore,
                             String dbReadUrl, Duration dbReadMaxLag) {

    public static final long DEFAULT_MAX_UPLOAD = 512L * 1024 * 1024;

    public static PlatformConfig defaults(Path dataDir) {
        return new PlatformConfig(dataDir, null, null, null, true, DEFAULT_MAX_UPLOAD,
                Math.max(2, Runtime.getRuntime().availableProcessors()), true, Clock.systemUTC(),
                IngestLimits.DEFAULTS, null, null,
                ReadReplica.DEFAULT_MAX_LAG);
    }

    public PlatformConfig withDatabase(String url, String user, String password) {
        return new PlatformConfig(dataDir, url, user, password, durable, maxUploadBytes, workerThreads, loadDemo, clock,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withClock(Clock c) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, workerThreads, loadDemo, c,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withMaxUpload(long bytes) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, bytes, workerThreads, loadDemo, clock,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withDemo(boolean demo) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, workerThreads, demo, clock,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withWorkers(int n) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, n, loadDemo, clock,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withDurable(boolean d) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, d, maxUploadBytes, workerThreads, loadDemo, clock,
                ingestLimits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withIngestLimits(IngestLimits limits) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, workerThreads, loadDemo, clock,
                limits, blobStore, dbReadUrl, dbReadMaxLag);
    }

    public PlatformConfig withBlobStore(String uri) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, workerThreads, loadDemo, clock,
                ingestLimits, uri, dbReadUrl, dbReadMaxLag);
    }

    /** Searches and OPTIMADE may read the streaming replica at {@code url} while it is at most {@code maxLag} behind. */
    public PlatformConfig withReadReplica(String url, Duration maxLag) {
        return new PlatformConfig(dataDir, dbUrl, dbUser, dbPassword, durable, maxUploadBytes, workerThreads, loadDemo, clock,
                ingestLimits, blobStore, url, maxLag);
    }
}
