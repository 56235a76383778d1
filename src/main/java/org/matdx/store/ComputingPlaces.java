package org.matdx.store;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller's places in computing requests, counted in PostgreSQL ({@code computing_places}, V135)
 * so that a per-caller limit holds across every server of a cluster rather than per process.
 *
 * <p>A place is a lease held by this process ({@code pid@host/instance}) and renewed every
 * {@link #LEASE}/3 while its request runs, so a request that computes for minutes keeps it. A
 * killed process stops renewing: its places are free again when their lease runs out, and at once
 * when another process on the same host starts and finds the holder's pid gone. Taking a place is
 * one upsert per place number: of processes racing for the same free place, PostgreSQL's
 * {@code ON CONFLICT} lets exactly one have it.
 *
 * <p>No connection is held while a request computes (a pool of 20 would otherwise bound the
 * requests in flight); the cost is two short statements per computing request.
 */
public final class ComputingPlaces implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputingPlaces.class);
    /** How long a place outlives its holder's last renewal. */
    public static final Duration LEASE = Duration.ofSeconds(60);

    private final Database db;
    private final Clock clock;
    private final String holder;
    private final ScheduledExecutorService renewer;

    public ComputingPlaces(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        // pid@host, as jobs name their worker
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        freeDeadHoldersOnThisHost();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("matdx-computing-places").unstarted(r));
        long every = LEASE.toMillis() / 3;
        renewer.scheduleWithFixedDelay(() -> {
            try {
                renew();
            } catch (RuntimeException e) {
                LOG.warn("Could not renew this process's computing places: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Who holds places for this process, as the table names it. */
    public String holder() {
        return holder;
    }

    /**
     * Takes one of {@code perCaller} places of {@code callerKey}, or none when every one is held
     * by a live lease (of this or any other process). Returns the place's number.
     */
    public OptionalInt take(String callerKey, int perCaller) {
        for (int place = 0; place < perCaller; place++) {
            int p = place;
            boolean taken = db.read(h -> h.createUpdate("""
                            INSERT INTO computing_places (caller_key, place, holder, expires_at)
                            VALUES (:k, :p, :holder, :expires)
                            ON CONFLICT (caller_key, place) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                            WHERE computing_places.expires_at <= :now""")
                    .bind("k", callerKey).bind("p", (short) p).bind("holder", holder)
                    .bind("now", clock.instant()).bind("expires", clock.instant().plus(LEASE))
                    .execute()) == 1;
            if (taken) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }

    /** Gives a place back (only if this process still holds it: an expired lease may be someone else's now). */
    public void give(String callerKey, int place) {
        db.read(h -> h.createUpdate("DELETE FROM computing_places WHERE caller_key = :k AND place = :p AND holder = :holder")
                .bind("k", callerKey).bind("p", (short) place).bind("holder", holder).execute());
    }

    /** Extends this process's leases; drops leases that ran out an hour ago (their holders are gone). */
    public int renew() {
        return db.tx(h -> {
            h.createUpdate("DELETE FROM computing_places WHERE expires_at < :old")
                    .bind("old", clock.instant().minus(Duration.ofHours(1))).execute();
            return h.createUpdate("UPDATE computing_places SET expires_at = :expires WHERE holder = :holder")
                    .bind("expires", clock.instant().plus(LEASE)).bind("holder", holder).execute();
        });
    }

    /** Places held by processes of this host whose pid is gone: free now, not when their lease ends. */
    int freeDeadHoldersOnThisHost() {
        String suffix = holder.substring(holder.indexOf('@'), holder.lastIndexOf('/') + 1);
        var holders = db.read(h -> h.createQuery("SELECT DISTINCT holder FROM computing_places WHERE position(:s IN holder) > 0")
                .bind("s", suffix).mapTo(String.class).list());
        int freed = 0;
        for (String other : holders) {
            long pid;
            try {
                pid = Long.parseLong(other.substring(0, other.indexOf('@')));
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                freed += db.read(h -> h.createUpdate("DELETE FROM computing_places WHERE holder = :h").bind("h", other).execute());
            }
        }
        return freed;
    }

    /** Stops renewing; places still held run out with their lease, as a killed process's do. */
    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
