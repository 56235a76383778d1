package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.matdx.store.EmbeddedDatabase;

/**
 * A PostgreSQL primary and a real streaming replica of it, each its own server process. zonky's
 * binaries have no pg_basebackup, so the standby is made as a base backup can be by hand: the
 * primary is stopped cleanly (a shutdown checkpoint, nothing to replay), its data directory copied,
 * and the copy started with {@code standby.signal} and a {@code primary_conninfo} pointing at the
 * restarted primary, which lets it in through a {@code replication} line in {@code pg_hba.conf}.
 */
public final class StreamingReplica implements AutoCloseable {
    public static final String APPLICATION = "matdx_test_standby";

    private final Path root;
    private EmbeddedDatabase primary;
    private EmbeddedDatabase standby;

    private StreamingReplica(Path root) {
        this.root = root;
    }

    public static StreamingReplica start() {
        try {
            StreamingReplica r = new StreamingReplica(Files.createTempDirectory("matdx-replica"));
            Path primaryDir = r.root.resolve("primary");
            Path standbyDir = r.root.resolve("standby");
            r.primary = EmbeddedDatabase.start(primaryDir, false);
            Path hba = primaryDir.resolve("pgdata").resolve("pg_hba.conf");
            Files.writeString(hba, Files.readString(hba) + "host    replication   all   127.0.0.1/32   scram-sha-256\n");
            r.primary.close(); // a clean stop: the copy starts from the shutdown checkpoint
            copy(primaryDir.resolve("pgdata"), standbyDir.resolve("pgdata"));
            Files.copy(primaryDir.resolve("password"), standbyDir.resolve("password"));
            r.primary = EmbeddedDatabase.start(primaryDir, false);
            Path standbyData = standbyDir.resolve("pgdata");
            Files.writeString(standbyData.resolve("standby.signal"), "");
            Files.writeString(standbyData.resolve("postgresql.auto.conf"), Files.readString(standbyData.resolve("postgresql.auto.conf"))
                    + "primary_conninfo = 'host=127.0.0.1 port=" + r.primary.port() + " user=" + r.primary.user()
                    + " password=" + r.primary.password() + " application_name=" + APPLICATION + "'\n");
            r.standby = EmbeddedDatabase.start(standbyDir, false);
            r.awaitStreaming();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = p.getFileName().toString();
                if (name.equals("postmaster.pid") || name.equals("epg-lock")) {
                    continue;
                }
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    public EmbeddedDatabase primary() {
        return primary;
    }

    /** The standby, or null once {@link #stopStandby stopped}. */
    public EmbeddedDatabase standby() {
        return standby;
    }

    /** Stops the standby server (for good: its next start would listen on another port). */
    public void stopStandby() {
        standby.close();
        standby = null;
    }

    /** The primary's {@code matdx} database, which the standby mirrors. */
    public String primaryUrl() {
        return primary.jdbcUrl();
    }

    public String standbyUrl() {
        return standby.jdbcUrl();
    }

    private void awaitStreaming() {
        await("the standby streams from the primary", () -> "1".equals(queryPrimary(
                "SELECT count(*) FROM pg_stat_replication WHERE application_name = '" + APPLICATION + "' AND state = 'streaming'")));
    }

    /** Stops replay on the standby (it still receives WAL and answers queries, as of what it replayed). */
    public void pauseReplay() {
        queryStandby("SELECT pg_wal_replay_pause()");
        await("replay paused", () -> "paused".equals(queryStandby("SELECT pg_get_wal_replay_pause_state()")));
    }

    /** Resumes replay and waits until the standby has replayed everything the primary has written so far. */
    public void resumeAndCatchUp() {
        queryStandby("SELECT pg_wal_replay_resume()");
        catchUp();
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    public void catchUp() {
        String lsn = queryPrimary("SELECT pg_current_wal_insert_lsn()::text");
        await("the standby replays up to " + lsn,
                () -> "t".equals(queryStandby("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")));
    }

    public String queryPrimary(String sql) {
        return query(primary.jdbcUrl(), sql);
    }

    public String queryStandby(String sql) {
        return query(standby.jdbcUrl(), sql);
    }

    /** The first column of the first row, as text (booleans as t/f), or null. */
    private String query(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, primary.user(), primary.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            Object o = rs.getObject(1);
            return o instanceof Boolean b ? (b ? "t" : "f") : o == null ? null : o.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
        TestFiles.deleteRecursively(root);
    }
}
