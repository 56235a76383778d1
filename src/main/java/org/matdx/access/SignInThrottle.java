package org.matdx.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.matdx.store.ThrottleStore;
import org.matdx.store.ThrottleStore.Counter;
import org.matdx.store.ThrottleStore.Kind;

/**
 * Slows password and token guessing without letting an attacker lock anyone else out.
 *
 * <p>Passwords are throttled per account <em>from one address</em> (the pair) and per account
 * from anywhere. An attempt is counted as a failure <em>before</em> its password is checked, under
 * a row lock in PostgreSQL, and a success takes the count back: so a burst sent at once has at
 * most the allowance checked, in one process or in many sharing the database. After the allowance
 * every further failure doubles the wait. There is no lockout of an address: a colleague behind the
 * same router signs in to her own account as usual. Each address adds at most its pair allowance
 * to the account's count, so guessing from one address never holds the account back elsewhere;
 * guessing from many can, except at addresses where the account signed in successfully in the last
 * {@link #TRUST} — the owner's own desk still works.
 *
 * <p>API tokens carry 256 random bits, so guessing one is hopeless; still, unknown tokens from one
 * address are counted, and while that address is held back every bearer request from it is
 * refused unchecked, so the answer says nothing about any token.
 */
public final class SignInThrottle {
    /** Failures that cost nothing, then a wait of {@code base}, doubling with every further failure, up to {@code cap}. */
    public record Limit(int allowance, Duration base, Duration cap) {
        /** The wait after the {@code failures}-th failure, or zero while within the allowance. */
        public Duration waitAfter(int failures) {
            if (failures < allowance) {
                return Duration.ZERO;
            }
            Duration d = base.multipliedBy(1L << Math.min(failures - allowance, 20));
            return d.compareTo(cap) > 0 ? cap : d;
        }
    }

    /** One account from one address. */
    public static final Limit PAIR = new Limit(5, Duration.ofSeconds(30), Duration.ofHours(1));
    /** One account from anywhere (each address adding at most {@code PAIR.allowance()}). */
    public static final Limit ACCOUNT = new Limit(20, Duration.ofSeconds(30), Duration.ofMinutes(15));
    /** Unknown, expired or revoked API tokens from one address. */
    public static final Limit TOKENS = new Limit(20, Duration.ofSeconds(30), Duration.ofHours(1));
    /** Counts are forgotten after this long without a failure. */
    public static final Duration FORGET = Duration.ofHours(24);
    /** An address where the account signed in successfully this recently is not held back by the account's count. */
    public static final Duration TRUST = Duration.ofDays(30);

    /** Refused without checking; {@code retryAfter} is how long until the next attempt is checked. */
    public static final class HeldBack extends RuntimeException {
        private final Duration retryAfter;

        HeldBack(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** Whole seconds for a {@code Retry-After} header, at least one. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /**
     * A password attempt let through to the check. It already counts as a failure; {@link #succeeded}
     * takes it back. {@code heldBackAfter} names what this attempt, if it fails, starts holding back
     * ("account from address", "account"), or is null.
     */
    public record Attempt(String account, String address, boolean countsForAccount, String heldBackAfter) {
    }

    private final ThrottleStore store;
    private final Clock clock;

    public SignInThrottle(ThrottleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts a password attempt for {@code account} from {@code address}, or refuses it unchecked. */
    public Attempt admitPassword(String account, String address) {
        Instant now = clock.instant();
        return store.db().tx(h -> {
            // always the pair first, then the account: concurrent attempts take the locks in one order
            Counter pair = fresh(store.lock(h, Kind.PAIR, account, address), now);
            Counter whole = fresh(store.lock(h, Kind.ACCOUNT, account, ""), now);
            if (locked(pair, now)) {
                throw heldBack("too many failed sign-ins", Duration.between(now, pair.lockedUntil()));
            }
            boolean trusted = pair.lastSuccessAt() != null && pair.lastSuccessAt().isAfter(now.minus(TRUST));
            if (locked(whole, now) && !trusted) {
                throw heldBack("too many failed sign-ins", Duration.between(now, whole.lockedUntil()));
            }
            Counter p = fail(pair, PAIR, now);
            store.save(h, p);
            String engaged = locked(p, now) ? "account from address" : null;
            boolean counts = p.failures() <= PAIR.allowance();
            if (counts) {
                Counter w = fail(whole, ACCOUNT, now);
                store.save(h, w);
                if (w.lockedUntil() != null && !locked(whole, now)) {
                    engaged = "account";
                }
            }
            return new Attempt(account, address, counts, engaged);
        });
    }

    /** The password was right: the attempt was no failure, and this address is now trusted for the account. */
    public void succeeded(Attempt a) {
        Instant now = clock.instant();
        store.db().tx(h -> {
            store.save(h, store.lock(h, Kind.PAIR, a.account(), a.address()).succeeded(now));
            if (a.countsForAccount()) {
                Counter whole = fresh(store.lock(h, Kind.ACCOUNT, a.account(), ""), now);
                int n = Math.max(0, whole.failures() - 1);
                store.save(h, whole.withFailures(n, n < ACCOUNT.allowance() ? null : whole.lockedUntil(), whole.lastFailureAt()));
            }
            return null;
        });
    }

    /** Refuses, unchecked, any bearer token from an address that is held back. One indexed read. */
    public void admitToken(String address) {
        Instant now = clock.instant();
        Counter c = store.peek(Kind.TOKEN, "", address);
        if (c != null && locked(fresh(c, now), now)) {
            throw heldBack("too many unknown, expired or revoked API tokens from this address",
                    Duration.between(now, c.lockedUntil()));
        }
    }

    /** Counts an unknown or inactive token from {@code address}; true when this failure starts holding the address back. */
    public boolean tokenFailed(String address) {
        Instant now = clock.instant();
        return store.db().tx(h -> {
            Counter before = fresh(store.lock(h, Kind.TOKEN, "", address), now);
            Counter after = fail(before, TOKENS, now);
            store.save(h, after);
            return after.lockedUntil() != null && !locked(before, now);
        });
    }

    /** Forgets counters nobody has failed on for {@link #FORGET} and whose trust has run out. */
    public int prune() {
        Instant now = clock.instant();
        return store.prune(now.minus(FORGET), now.minus(TRUST));
    }

    private static Counter fail(Counter c, Limit limit, Instant now) {
        int n = c.failures() + 1;
        Duration wait = limit.waitAfter(n);
        return c.withFailures(n, wait.isZero() ? c.lockedUntil() : now.plus(wait), now);
    }

    /** A counter with its failures forgotten once they are old enough. */
    private static Counter fresh(Counter c, Instant now) {
        if (c.lastFailureAt() != null && c.lastFailureAt().isBefore(now.minus(FORGET))) {
            return c.withFailures(0, null, c.lastFailureAt());
        }
        return c;
    }

    private static boolean locked(Counter c, Instant now) {
        return c.lockedUntil() != null && c.lockedUntil().isAfter(now);
    }

    private static HeldBack heldBack(String what, Duration wait) {
        return new HeldBack(what + "; try again in " + human(wait), wait);
    }

    /** "45 seconds", "3 minutes": for messages. */
    public static String human(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        return s < 120 ? s + " seconds" : ((s + 59) / 60) + " minutes";
    }
}
