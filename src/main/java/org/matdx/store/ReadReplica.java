package org.matdx.store;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a search may run: on the primary, or on a PostgreSQL streaming replica
 * ({@code --db-read-url}) that has replayed everything this reader must see. Before each read
 * that may use the replica, one query on the primary reads the access version (V130: bumped by
 * every change of who may see what), the primary's WAL position and the reader's latest audit
 * event (every write is recorded in the audit trail in its own transaction), and one query on the
 * replica says whether it has replayed that version and that event, and how far behind it is.
 * The replica answers only when all three hold:
 * <ul>
 *   <li>it has replayed every access change the primary had committed when the read began, so a
 *       revoked membership, a dataset made private, embargoed or model-use-only, a withdrawn entry
 *       or a file made restricted is never answered from before the change;</li>
 *   <li>it has replayed the reader's own latest write (read your own writes);</li>
 *   <li>the data it shows is at most {@code maxLag} old: it has replayed all the primary had
 *       written, or its last replayed commit is at most {@code maxLag} old.</li>
 * </ul>
 * Otherwise, and whenever the replica cannot be reached or fails during the read, the primary
 * answers. A replica that refused a connection is left alone for {@link #DOWN_PAUSE}.
 *
 * <p>Replay on one standby only moves forward, so every later statement of the read sees at least
 * what the check saw: {@code --db-read-url} must name one standby, not a pool of several.
 */
public final class ReadReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(30);
    /** How long a replica that could not be reached is not asked again. */
    public static final Duration DOWN_PAUSE = Duration.ofSeconds(5);

    /** Why a read went where it went. */
    public enum Reason {
        /** No replica is configured. */
        NO_REPLICA,
        /** The replica has replayed all the reader must see, within the staleness bound. */
        REPLICA_CURRENT,
        /** An access change committed on the primary has not been replayed yet. */
        ACCESS_CHANGE_PENDING,
        /** The reader's own latest write has not been replayed yet. */
        OWN_WRITE_PENDING,
        /** The replica is further behind than the bound allows. */
        LAGGING,
        /** The replica could not be reached (or was not reachable moments ago). */
        UNREACHABLE,
        /** The read URL names a server that is not in recovery (not a standby). */
        NOT_A_STANDBY
    }

    /** The database a read goes to, and why. */
    public record Route(Database database, boolean replica, Reason reason) {
    }

    private final Database primary;
    private final Database replica;
    private final Duration maxLag;
    private final Clock clock;
    private volatile Instant askAgainAt = Instant.MIN;

    private ReadReplica(Database primary, Database replica, Duration maxLag, Clock clock) {
        this.primary = primary;
        this.replica = replica;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    /** Every read on the primary. */
    public static ReadReplica none(Database primary) {
        return new ReadReplica(primary, null, DEFAULT_MAX_LAG, Clock.systemUTC());
    }

    /**
     * Reads on the standby at {@code url} where it is current enough. The standby need not be up:
     * reads go to the primary until it is.
     */
    public static ReadReplica connect(Database primary, String url, String user, String password, Duration maxLag, Clock clock) {
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("the replica's staleness bound must not be negative, not " + maxLag);
        }
        return new ReadReplica(primary, Database.connectReplica(url, user, password, 20), maxLag, clock);
    }

    public boolean configured() {
        return replica != null;
    }

    public Duration maxLag() {
        return maxLag;
    }

    /**
     * Runs {@code work} on the replica when it may answer this reader ({@code reader}: the account
     * reading, null for anonymous and system reads), otherwise on the primary; a read the replica
     * fails (unreachable, cancelled by replay) is run again on the primary. {@code work} must only
     * read, and must run every statement on the database it is given.
     */
    public <T> T read(UUID reader, Function<Database, T> work) {
        Route route = route(reader);
        if (!route.replica()) {
            return work.apply(primary);
        }
        try {
            return work.apply(replica);
        } catch (JdbiException e) {
            if (unreachable(e)) {
                askAgainAt = clock.instant().plus(DOWN_PAUSE);
            }
            LOG.warn("A read on the replica failed ({}); answered by the primary", e.getMessage());
            return work.apply(primary);
        }
    }

    /**
     * As {@link #read(UUID, Function)}, but on the primary whenever {@code justWrote}: the request
     * has itself just written what it is about to read (the conversions of a unit never searched
     * before, indexed on the way in), which no replica can have replayed yet.
     */
    public <T> T read(UUID reader, boolean justWrote, Function<Database, T> work) {
        return justWrote ? work.apply(primary) : read(reader, work);
    }

    /** Where a read for {@code reader} goes now (one query on each server; none without a replica). */
    public Route route(UUID reader) {
        if (replica == null) {
            return new Route(primary, false, Reason.NO_REPLICA);
        }
        if (clock.instant().isBefore(askAgainAt)) {
            return new Route(primary, false, Reason.UNREACHABLE);
        }
        Watermark w = primary.read(h -> h.createQuery("""
                        SELECT v.version, pg_current_wal_insert_lsn()::text AS lsn,
                               (SELECT max(seq) FROM audit_events WHERE actor_id = :reader) AS own
                        FROM access_version v""")
                .bind("reader", reader)
                .map((rs, ctx) -> new Watermark(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3)))
                .one());
        Replay r;
        try {
            r = replica.read(h -> h.createQuery("""
                            SELECT pg_is_in_recovery(), (SELECT version FROM access_version),
                                   CAST(:own AS bigint) IS NULL OR EXISTS (SELECT 1 FROM audit_events WHERE seq = CAST(:own AS bigint)),
                                   COALESCE(pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn), false),
                                   extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())""")
                    .bind("own", w.own())
                    .bind("lsn", w.lsn())
                    .map((rs, ctx) -> new Replay(rs.getBoolean(1), rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4),
                            (BigDecimal) rs.getObject(5)))
                    .one());
        } catch (JdbiException e) {
            if (unreachable(e)) {
                askAgainAt = clock.instant().plus(DOWN_PAUSE);
                LOG.warn("The read replica cannot be reached ({}); reads go to the primary for {} s", e.getMessage(),
                        DOWN_PAUSE.toSeconds());
            } else {
                LOG.warn("The read replica could not be asked how far it has replayed ({}); this read goes to the primary",
                        e.getMessage());
            }
            return new Route(primary, false, Reason.UNREACHABLE);
        }
        if (!r.standby()) {
            return new Route(primary, false, Reason.NOT_A_STANDBY);
        }
        if (r.version() < w.version()) {
            return new Route(primary, false, Reason.ACCESS_CHANGE_PENDING);
        }
        if (!r.ownReplayed()) {
            return new Route(primary, false, Reason.OWN_WRITE_PENDING);
        }
        // caught up with all the primary had written when asked: as fresh as the primary was then;
        // otherwise it lacks commits made after its last replayed one, so its data is at most that old
        boolean current = r.caughtUp()
                || r.secondsBehind() != null && r.secondsBehind().doubleValue() * 1000 <= maxLag.toMillis();
        return current ? new Route(replica, true, Reason.REPLICA_CURRENT) : new Route(primary, false, Reason.LAGGING);
    }

    private record Watermark(long version, String lsn, Long own) {
    }

    private record Replay(boolean standby, long version, boolean ownReplayed, boolean caughtUp, BigDecimal secondsBehind) {
    }

    /** A connection that could not be made or was lost (SQLState class 08), as opposed to a failed statement. */
    private static boolean unreachable(JdbiException e) {
        if (e instanceof ConnectionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}
