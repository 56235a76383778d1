package org.matdx.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps blob files and {@code blobs} rows in step. A blob is registered in the same transaction
 * as whatever refers to it (an entry, its files); when that transaction fails, the file goes too
 * unless another row already owns it. A PostgreSQL advisory lock per content hash serialises
 * this with concurrent uploads of the same content, in this process or any other.
 *
 * <p>Deleting works the other way round: the deleting transaction queues the blobs it may have
 * freed ({@link #queueRelease}); after its commit {@link #collectReleased} removes, each under its
 * lock, the rows nothing refers to any more and then their files. A crash in between leaves the
 * queue, worked off at the next start; never a file that a committed row still needs.
 */
public final class BlobRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(BlobRegistry.class);
    private static final int RELEASE_BATCH = 500;
    /** The sweep's lock: two int keys ("MDX ", 1), a key space apart from the content locks (one bigint each). */
    static final String SWEEP_LOCK = "(x'4d445820'::int, 1)";

    private final Database db;
    private final BlobStore store;
    /** What keeps a blob: SQL conditions over a {@code blobs} row aliased {@code b}. */
    private final List<String> references = new CopyOnWriteArrayList<>(
            List.of("EXISTS (SELECT 1 FROM entry_files rf WHERE rf.sha256 = b.sha256)"));

    public BlobRegistry(Database db, BlobStore store) {
        this.db = db;
        this.store = store;
    }

    public BlobStore store() {
        return store;
    }

    /**
     * Registers the staged blobs and runs {@code work} in one transaction. On success the files
     * are in place and their rows committed; on failure neither remains (for content that was
     * new) and the exception propagates. Staged files are always cleaned up.
     */
    public <T> T register(List<StagedBlob> blobs, Function<Handle, T> work) {
        List<StagedBlob> ordered = blobs.stream()
                .sorted(Comparator.comparing(StagedBlob::sha256)).toList();
        List<Long> keys = ordered.stream().map(b -> lockKey(b.sha256())).distinct().sorted().toList();
        try {
            return db.tx(h -> {
                if (!keys.isEmpty()) {
                    // transaction-scoped, taken in key order by one statement (two registrations of the
                    // same content wait for each other; no deadlock between overlapping sets)
                    Jdbc.one(h, "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) AS k", Long.class,
                            new Jdbc.Array("int8", keys));
                    Jdbc.update(h, """
                                    INSERT INTO blobs (sha256, size) SELECT * FROM unnest(?::text[], ?::bigint[])
                                    ON CONFLICT DO NOTHING""",
                            new Jdbc.Array("text", ordered.stream().map(StagedBlob::sha256).toList()),
                            new Jdbc.Array("int8", ordered.stream().map(StagedBlob::size).toList()));
                    // the directories' fsyncs run on while the transaction's own statements do; the
                    // commit waits for them, so no committed row ever names a file a crash could lose
                    BlobStore.Placed placed = store.place(ordered);
                    T result = work.apply(h);
                    placed.awaitDurable();
                    return result;
                }
                return work.apply(h);
            });
        } catch (RuntimeException | Error e) {
            // the rollback released the locks: removeUnregistered takes them again and leaves alone
            // any content another registration owns by now
            try (Handle h = db.jdbi().open()) {
                removeUnregistered(h, ordered.stream().map(StagedBlob::sha256).toList(), false);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            ordered.forEach(store::discard);
        }
    }

    public <T> T register(StagedBlob blob, Function<Handle, T> work) {
        return register(List.of(blob), work);
    }

    /**
     * Declares another place that refers to blobs (a capability's table), as an SQL condition over
     * the {@code blobs} row aliased {@code b} that is true while that place still needs the blob.
     * Entry files are always one; whoever stores blob hashes elsewhere declares them here, once,
     * when the platform is wired, or a deletion could release a blob they still need.
     */
    public void addReference(String stillNeeded) {
        references.add(stillNeeded);
    }

    /** In a deleting transaction: these blobs may no longer be needed once it commits. */
    public void queueRelease(Handle h, Collection<String> shas) {
        if (!shas.isEmpty()) {
            Jdbc.update(h, "INSERT INTO blob_releases (sha256) SELECT DISTINCT unnest(?::text[]) ON CONFLICT DO NOTHING",
                    new Jdbc.Array("text", List.copyOf(shas)));
        }
    }

    /**
     * Works off the queued releases: a blob nothing refers to loses its row (under its lock, in
     * batches, one transaction each) and then its file. Returns how many files were removed. Runs
     * after a deleting transaction commits and at every start (a crash may have left the queue);
     * safe in any number of processes at once. A failure is logged and the queue kept for later:
     * the deletion it follows has already been committed.
     */
    public int collectReleased() {
        int removed = 0;
        try {
            while (true) {
                List<String> batch = db.read(h -> h.createQuery("SELECT sha256 FROM blob_releases ORDER BY sha256 LIMIT :n")
                        .bind("n", RELEASE_BATCH).mapTo(String.class).list());
                if (batch.isEmpty()) {
                    return removed;
                }
                List<String> freed = db.tx(h -> {
                    List<Long> keys = batch.stream().map(BlobRegistry::lockKey).distinct().sorted().toList();
                    // the same locks, in the same order, as a registration of this content takes
                    Jdbc.one(h, "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) AS k", Long.class,
                            new Jdbc.Array("int8", keys));
                    List<String> gone = h.createQuery("DELETE FROM blobs b WHERE b.sha256 = ANY(:shas) AND NOT ("
                                    + String.join(" OR ", references) + ") RETURNING b.sha256")
                            .bindArray("shas", String.class, batch).mapTo(String.class).list();
                    h.createUpdate("DELETE FROM blob_releases WHERE sha256 = ANY(:shas)")
                            .bindArray("shas", String.class, batch).execute();
                    return gone;
                });
                try (Handle h = db.jdbi().open()) {
                    removed += removeUnregistered(h, freed, true);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove released files yet; they are kept queued for the next start", e);
            return removed;
        }
    }

    /**
     * Deletes blob files that no row registers — left by a process killed between writing a file
     * and committing its transaction — and stale staging files. Returns how many were removed.
     * One process of a cluster sweeps at a time (a session advisory lock); another that starts
     * meanwhile skips its sweep rather than list the whole store a second time.
     */
    public int sweepOrphans() {
        try (Handle h = db.jdbi().open()) {
            if (!h.createQuery("SELECT pg_try_advisory_lock" + SWEEP_LOCK).mapTo(Boolean.class).one()) {
                LOG.info("Another process is sweeping the blob store; this one skips its sweep");
                return 0;
            }
            try {
                return sweepOrphansHoldingLock();
            } finally {
                h.createQuery("SELECT pg_advisory_unlock" + SWEEP_LOCK).mapTo(Boolean.class).one();
            }
        }
    }

    private int sweepOrphansHoldingLock() {
        int removed = store.sweepStaging();
        List<String> batch = new ArrayList<>();
        try (Stream<String> all = store.list()) {
            for (String sha : (Iterable<String>) all::iterator) {
                batch.add(sha);
                if (batch.size() == 1000) {
                    removed += sweepBatch(batch);
                    batch.clear();
                }
            }
        }
        removed += sweepBatch(batch);
        return removed;
    }

    private int sweepBatch(List<String> shas) {
        if (shas.isEmpty()) {
            return 0;
        }
        Set<String> registered = new HashSet<>(db.read(h -> h.createQuery(
                        "SELECT sha256 FROM blobs WHERE sha256 = ANY(:shas)")
                .bindArray("shas", String.class, shas).mapTo(String.class).list()));
        List<String> orphans = shas.stream().filter(s -> !registered.contains(s)).toList();
        try (Handle h = db.jdbi().open()) {
            return removeUnregistered(h, orphans, false);
        }
    }

    /**
     * Deletes the files of these hashes that have no row, each under its lock. Advisory locks are
     * re-entrant per session, so the handle that already holds them during registration can pass.
     * {@code wait}: wait for a registration that holds the lock to end (then look again) rather
     * than leave the file for the next sweep.
     */
    private int removeUnregistered(Handle h, List<String> shas, boolean wait) {
        int removed = 0;
        for (String sha : shas) {
            long key = lockKey(sha);
            if (wait) {
                h.execute("SELECT pg_advisory_lock(?)", key);
            } else if (!h.createQuery("SELECT pg_try_advisory_lock(?)").bind(0, key).mapTo(Boolean.class).one()) {
                continue; // another process is registering it right now
            }
            try {
                boolean hasRow = h.createQuery("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)")
                        .bind(0, sha).mapTo(Boolean.class).one();
                if (!hasRow && store.exists(sha)) {
                    store.delete(sha);
                    removed++;
                }
            } finally {
                h.execute("SELECT pg_advisory_unlock(?)", key);
            }
        }
        return removed;
    }

    /** The first 64 bits of the hash: collisions only make two uploads wait for each other. */
    static long lockKey(String sha256) {
        return Long.parseUnsignedLong(sha256.substring(0, 16), 16);
    }
}
