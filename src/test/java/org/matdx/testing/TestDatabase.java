package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.matdx.store.Database;
import org.matdx.store.EmbeddedDatabase;

/**
 * One real PostgreSQL server for the whole test run, and a fresh database per test class,
 * copied from a migrated template (CREATE DATABASE … TEMPLATE is far faster than migrating).
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedDatabase server;
    private static boolean templateReady;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("matdx-test-pg");
                server = EmbeddedDatabase.start(dir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    TestFiles.deleteRecursively(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, empty, fully migrated database; returns its JDBC URL. */
    public static synchronized String freshDatabase() {
        EmbeddedDatabase s = server();
        if (!templateReady) {
            execute(s, "DROP DATABASE IF EXISTS matdx_template");
            execute(s, "CREATE DATABASE matdx_template");
            try (Database db = Database.connect(s.jdbcUrl("matdx_template"), s.user(), s.password(), 2)) {
                db.migrate();
            }
            templateReady = true;
        }
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute(s, "CREATE DATABASE " + name + " TEMPLATE matdx_template");
        return s.jdbcUrl(name);
    }

    private static void execute(EmbeddedDatabase s, String sql) {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("postgres"), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
