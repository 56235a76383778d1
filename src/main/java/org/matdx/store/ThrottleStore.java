package org.matdx.store;

import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * Counters of failed sign-ins ({@code login_throttle}, V70). Each counter is read with a row lock
 * held until the caller's transaction ends, so attempts running at the same time — in one process
 * or in several sharing the database — are counted one after the other.
 */
public final class ThrottleStore {
    /** What is being guessed at: an account from one address, an account, or tokens from an address. */
    public enum Kind {
        PAIR, ACCOUNT, TOKEN;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One counter as stored. */
    public record Counter(Kind kind, String account, String address, int failures, Instant lockedUntil,
                          Instant lastFailureAt, Instant lastSuccessAt) {
        public Counter withFailures(int n, Instant lockedUntil, Instant lastFailureAt) {
            return new Counter(kind, account, address, n, lockedUntil, lastFailureAt, lastSuccessAt);
        }

        public Counter succeeded(Instant at) {
            return new Counter(kind, account, address, 0, null, lastFailureAt, at);
        }
    }

    private final Database db;

    public ThrottleStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    /** The counter, created empty if new, locked until the transaction ends. */
    public Counter lock(Handle h, Kind kind, String account, String address) {
        // the no-op update takes the row lock and returns the row in one round trip, new or not
        return h.createQuery("""
                        INSERT INTO login_throttle (kind, account, address) VALUES (:k, :a, :r)
                        ON CONFLICT (kind, account, address) DO UPDATE SET failures = login_throttle.failures
                        RETURNING failures, locked_until, last_failure_at, last_success_at""")
                .bind("k", kind.code()).bind("a", account).bind("r", address)
                .map((rs, ctx) -> new Counter(kind, account, address, rs.getInt("failures"), Rows.instant(rs, "locked_until"),
                        Rows.instant(rs, "last_failure_at"), Rows.instant(rs, "last_success_at")))
                .one();
    }

    /** The counter without locking or creating it (null when there is none): the cheap check on every token request. */
    public Counter peek(Kind kind, String account, String address) {
        return db.read(h -> h.createQuery("""
                        SELECT failures, locked_until, last_failure_at, last_success_at FROM login_throttle
                        WHERE kind = :k AND account = :a AND address = :r""")
                .bind("k", kind.code()).bind("a", account).bind("r", address)
                .map((rs, ctx) -> new Counter(kind, account, address, rs.getInt("failures"), Rows.instant(rs, "locked_until"),
                        Rows.instant(rs, "last_failure_at"), Rows.instant(rs, "last_success_at")))
                .findOne().orElse(null));
    }

    public void save(Handle h, Counter c) {
        h.createUpdate("""
                        UPDATE login_throttle SET failures = :f, locked_until = :l, last_failure_at = :lf, last_success_at = :ls
                        WHERE kind = :k AND account = :a AND address = :r""")
                .bind("f", c.failures()).bind("l", c.lockedUntil()).bind("lf", c.lastFailureAt())
                .bind("ls", c.lastSuccessAt()).bind("k", c.kind().code()).bind("a", c.account()).bind("r", c.address())
                .execute();
    }

    /** Forgets counters with no failure since {@code failuresBefore} and no success since {@code successesBefore}. */
    public int prune(Instant failuresBefore, Instant successesBefore) {
        return db.read(h -> h.createUpdate("""
                        DELETE FROM login_throttle
                        WHERE COALESCE(last_failure_at, '-infinity') < :f AND COALESCE(last_success_at, '-infinity') < :s""")
                .bind("f", failuresBefore).bind("s", successesBefore).execute());
    }
}
