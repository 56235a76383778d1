package org.matdx.store;

import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries) whose data lives in a directory of ours.
 * The first start creates the cluster, a {@code matdx} database and a random superuser password;
 * later starts find them again. The server listens on 127.0.0.1 only and asks for the password.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "matdx";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String password;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password, Path directory) {
        this.postgres = postgres;
        this.password = password;
        this.directory = directory;
    }

    /**
     * How another MatDX process on this machine (a CLI command while {@code up} runs) reaches the
     * embedded server that is already running in {@code directory}, if one is.
     */
    public static Optional<String[]> running(Path directory) {
        try {
            Path port = directory.resolve("port");
            Path secret = directory.resolve("password");
            Path pid = directory.resolve("pgdata").resolve("postmaster.pid");
            if (!Files.exists(port) || !Files.exists(secret) || !Files.exists(pid)) {
                return Optional.empty();
            }
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            if (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
                String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(port).strip() + "/" + DATABASE;
                return Optional.of(new String[] {url, USER, Files.readString(secret).strip()});
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server on the cluster in {@code directory}, creating it the first time.
     *
     * @param durable false for throw-away test clusters: no fsync, so tests run faster
     */
    public static EmbeddedDatabase start(Path directory, boolean durable) {
        try {
            Files.createDirectories(directory);
            Path pgdata = directory.resolve("pgdata");
            Path secret = directory.resolve("password");
            stopOrphanedServer(pgdata);
            boolean fresh = !Files.exists(pgdata.resolve("PG_VERSION"));
            String password;
            if (fresh) {
                password = newPassword();
                initialise(pgdata, password, durable);
                writeSecret(secret, password);
            } else {
                if (!Files.exists(secret)) {
                    throw new IllegalStateException("the database in " + pgdata + " has no password file " + secret
                            + "; restore it or remove " + directory + " to start afresh");
                }
                password = Files.readString(secret).strip();
            }
            EmbeddedPostgres pg = builder(pgdata, durable).setConnectConfig("password", password).start();
            Files.writeString(directory.resolve("port"), pg.getPort() + "\n");
            return new EmbeddedDatabase(pg, password, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path pgdata, boolean durable) {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(pgdata)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", sharedBuffersMb() + "MB")
                .setServerConfig("effective_cache_size", Math.max(512, physicalMemoryMb() / 2) + "MB")
                .setServerConfig("work_mem", "16MB")
                .setServerConfig("maintenance_work_mem", "256MB");
        if (durable) {
            // zonky starts postgres with -F (no fsync) and synchronous_commit=off; these come later and win
            b.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        } else {
            b.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        return b;
    }

    /**
     * A quarter of the machine's memory, between 128 MB and 4 GB, as PostgreSQL's own tuning advice
     * says: at 256 MB a million structures' rows (1.2 GB) were read from the OS cache on every search.
     * MATDX_PG_SHARED_BUFFERS_MB overrides it.
     */
    static long sharedBuffersMb() {
        String override = System.getenv("MATDX_PG_SHARED_BUFFERS_MB");
        if (override != null && override.matches("\\d{2,6}")) {
            return Long.parseLong(override);
        }
        return Math.clamp(physicalMemoryMb() / 4, 128, 4096);
    }

    private static long physicalMemoryMb() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long bytes = os instanceof OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 2L << 30;
        return bytes >> 20;
    }

    /** initdb (trust), then set the password, create the database and require the password from then on. */
    private static void initialise(Path pgdata, String password, boolean durable) throws IOException {
        LOG.info("Creating a PostgreSQL cluster in {}", pgdata);
        try (EmbeddedPostgres pg = builder(pgdata, durable).start();
             Connection c = pg.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER USER " + USER + " WITH PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the new PostgreSQL cluster: " + e.getMessage(), e);
        }
        Files.writeString(pgdata.resolve("pg_hba.conf"), """
                # MatDX embedded cluster: password (SCRAM) for every connection
                local   all   all                  scram-sha-256
                host    all   all   127.0.0.1/32   scram-sha-256
                host    all   all   ::1/128        scram-sha-256
                """);
    }

    /**
     * A MatDX process that was killed (kill -9) leaves its postmaster running; stop it so that
     * this start can take the cluster over. Only a process whose command is postgres is touched.
     */
    private static void stopOrphanedServer(Path pgdata) throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        // zonky holds a lock on epg-lock while its owner lives: if we get it, the owner is gone
        Path lockFile = pgdata.resolve("epg-lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another MatDX process is already using the database in " + pgdata
                        + "; stop it first, or give this one its own --data-dir");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("this process already runs the database in " + pgdata);
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return;
        }
        LOG.info("Stopping PostgreSQL (pid {}) left running by an earlier MatDX process", pid);
        ProcessHandle p = handle.get();
        p.destroy(); // SIGTERM: smart shutdown; its clients died with the old process
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    private static String newPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.writeString(file, secret + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: the data directory's own permissions protect it
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(directory.resolve("port"));
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
