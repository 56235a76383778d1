package org.matdx.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.matdx.platform.PlatformConfig;
import org.matdx.store.EmbeddedDatabase;
import picocli.CommandLine.Option;

/** Where MatDX keeps its data and which database it uses; shared by every command that needs the platform. */
public final class DatabaseOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory: embedded database, files, secrets (default: ~/.matdx, or $MATDX_HOME).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:MATDX_DB_URL}",
            description = "Use this PostgreSQL (jdbc:postgresql://host:5432/db) instead of the embedded one (default: $MATDX_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db-url (default: $MATDX_DB_USER or postgres).")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "MATDX_DB_PASSWORD",
            description = "Environment variable holding the password for --db-url (default: ${DEFAULT-VALUE}).")
    String dbPasswordEnv;

    @Option(names = "--db-read-url", paramLabel = "JDBC_URL", defaultValue = "${env:MATDX_DB_READ_URL}",
            description = "A streaming replica of --db-url (one standby, same user and password) that searches and OPTIMADE "
                    + "read when it has replayed every access change and the caller's own writes (default: $MATDX_DB_READ_URL; "
                    + "docs/DEPLOY.md).")
    String dbReadUrl;

    @Option(names = "--db-read-max-lag", paramLabel = "SECONDS", defaultValue = "${env:MATDX_DB_READ_MAX_LAG:-30}",
            description = "Reads leave the replica for the primary when the data it shows may be older than this "
                    + "(default: $MATDX_DB_READ_MAX_LAG or ${DEFAULT-VALUE}).")
    double dbReadMaxLag;

    @Option(names = "--blob-store", paramLabel = "URI", defaultValue = "${env:MATDX_BLOB_STORE}",
            description = "Keep file contents in S3-compatible object storage: s3://bucket/prefix (default: $MATDX_BLOB_STORE, "
                    + "else the data directory). Endpoint and credentials from MATDX_S3_ENDPOINT, AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY, AWS_REGION (docs/DEPLOY.md).")
    String blobStore;

    private Duration readMaxLag() {
        if (!(dbReadMaxLag >= 0) || dbReadMaxLag > 86_400) {
            throw new IllegalStateException("--db-read-max-lag takes seconds between 0 and 86400, not " + dbReadMaxLag);
        }
        return Duration.ofMillis(Math.round(dbReadMaxLag * 1000));
    }

    /** For tests, which cannot set environment variables: used instead of the environment variable when set. */
    static volatile String passwordOverride;

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath();
        }
        String home = System.getenv("MATDX_HOME");
        return home != null && !home.isBlank() ? Path.of(home).toAbsolutePath() : Path.of(System.getProperty("user.home"), ".matdx");
    }

    /**
     * The configuration for this command. Without {@code --db-url}, a command run while
     * {@code matdx up} is serving the same data directory connects to that server's database
     * instead of trying to start a second one.
     */
    public PlatformConfig config(boolean attachToRunning) {
        return config(attachToRunning, false);
    }

    /** As {@link #config(boolean)}; {@code mayCreate}: the command may start a database in an empty directory. */
    public PlatformConfig config(boolean attachToRunning, boolean mayCreate) {
        PlatformConfig c = PlatformConfig.defaults(dataDir()).withBlobStore(blobStore);
        if (dbUrl != null) {
            String user = dbUser != null ? dbUser : System.getenv().getOrDefault("MATDX_DB_USER", "postgres");
            return c.withDatabase(dbUrl, user, passwordOverride != null ? passwordOverride : System.getenv(dbPasswordEnv))
                    .withReadReplica(dbReadUrl, readMaxLag());
        }
        if (dbReadUrl != null && !dbReadUrl.isBlank()) {
            throw new IllegalStateException("--db-read-url (or $MATDX_DB_READ_URL) names a streaming replica of the database "
                    + "--db-url gives; without --db-url MatDX runs its embedded database, which has no replica");
        }
        if (attachToRunning) {
            var running = EmbeddedDatabase.running(dataDir().resolve("postgres"));
            if (running.isPresent()) {
                String[] r = running.get();
                return c.withDatabase(r[0], r[1], r[2]);
            }
            if (!mayCreate) {
                checkDataExists();
            }
        }
        return c;
    }

    /**
     * Only {@code matdx up} creates a database. Any other command pointed at a directory without
     * one (typically ~/.matdx while {@code up} runs with another --data-dir) would otherwise start
     * an empty database of its own and answer "no such user" or "no datasets" about data that exists.
     */
    private void checkDataExists() {
        Path dir = dataDir();
        var elsewhere = RunningServers.alive().stream().filter(s -> !s.dataDir().equals(dir)).toList();
        String where = elsewhere.isEmpty() ? "" : " 'matdx up' is running with its data in "
                + String.join(" and ", elsewhere.stream().map(s -> s.dataDir() + " (port " + s.port() + ")").toList())
                + ": add --data-dir " + elsewhere.getFirst().dataDir() + " to use it.";
        if (!Files.exists(dir.resolve("postgres").resolve("pgdata").resolve("PG_VERSION"))) {
            throw new IllegalStateException("no MatDX data in " + dir + " (the data directory" + (dataDir == null
                    ? ", by default ~/.matdx or $MATDX_HOME" : "") + ")." + (where.isEmpty()
                    ? " Start 'matdx up' first (it creates the data there), or pass --data-dir DIR where 'matdx up --data-dir DIR' "
                    + "keeps it, or --db-url for an external PostgreSQL." : where));
        }
        if (!where.isEmpty()) {
            System.err.println("note: using the data in " + dir + ", where no server is running;" + where);
        }
    }
}
