package org.matdx.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.NullArgument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * The one PostgreSQL database: a connection pool, the schema migrations and transactions.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String url;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
        this.jdbi = Jdbi.create(dataSource);
        // UUIDs as PostgreSQL uuid (also when null: an absent group, sample or actor), not varchar
        jdbi.registerArgument(new UuidArgumentFactory());
        jdbi.registerArgument(new InstantArgumentFactory());
        jdbi.getConfig(Arguments.class)
                .setUntypedNullArgument(new NullArgument(Types.OTHER));
    }

    public static Database connect(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("matdx");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        return new Database(new HikariDataSource(config), url);
    }

    /**
     * A read replica's pool ({@link ReadReplica}): read-only connections named {@code matdx-read}
     * (so a standby's {@code pg_stat_activity} shows them), created in the background, and waited
     * for at most a second, so a standby that is down costs a search that second once, not the
     * primary's ten, and never stops a start.
     */
    static Database connectReplica(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setReadOnly(true);
        config.setPoolName("matdx-read");
        config.addDataSourceProperty("ApplicationName", "matdx-read");
        config.addDataSourceProperty("connectTimeout", "2");
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(config), url);
    }

    /** Brings the schema up to date; safe to call at every start and from several processes. */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // capabilities number their migrations in their own ranges (docs/ARCHITECTURE.md); an
                // installation made before a lower-numbered one existed must still take it
                .outOfOrder(true)
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public String url() {
        return url;
    }

    /**
     * Runs the callback in one READ COMMITTED transaction — the pool's connections are set to it
     * once ({@link #connect}). Naming the level here instead cost six {@code SHOW TRANSACTION
     * ISOLATION LEVEL} round trips per transaction (Jdbi and pgjdbc check and restore it), more than
     * the statements of a whole ingested file.
     */
    public <T> T tx(HandleCallback<T, RuntimeException> callback) {
        return jdbi.inTransaction(callback);
    }

    /** Runs the callback on a connection without an explicit transaction (reads). */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    public void run(Consumer<Handle> work) {
        jdbi.useTransaction(work::accept);
    }

    /** Whether the database answers a trivial query now (the health check): false rather than an exception. */
    public boolean answers() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static final class UuidArgumentFactory extends AbstractArgumentFactory<UUID> {
        UuidArgumentFactory() {
            super(Types.OTHER);
        }

        @Override
        protected Argument build(UUID value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setObject(position, value);
        }
    }

    /** Instants as timestamptz, typed, so they also work where PostgreSQL cannot infer a type (CASE, COALESCE). */
    private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
        InstantArgumentFactory() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setObject(position,
                    OffsetDateTime.ofInstant(value, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
