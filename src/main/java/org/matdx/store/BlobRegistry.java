package org.matdx.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Keeps blob files and {@code blobs} rows in step. A blob is registered in the same transaction
 * as whatever refers to it (an entry, its files); when that transaction fails, the file goes too
 * unless another row already owns it. A PostgreSQL advisory lock per content hash serialises
 * this with concurrent uploads of the same content, in this process or any other.
 */
public final class BlobRegistry {
    private final Database db;
    private final BlobStore store;

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
                    ordered.forEach(store::commit);
                }
                return work.apply(h);
            });
        } catch (RuntimeException | Error e) {
            // the rollback released the locks: removeUnregistered takes them again and leaves alone
            // any content another registration owns by now
            try (Handle h = db.jdbi().open()) {
                removeUnregistered(h, ordered.stream().map(StagedBlob::sha256).toList());
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
     * Deletes blob files that no row registers — left by a process killed between writing a file
     * and committing its transaction — and stale staging files. Returns how many were removed.
     */
    public int sweepOrphans() {
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
            return removeUnregistered(h, orphans);
        }
    }

    /**
     * Deletes the files of these hashes that have no row, each under its lock. Advisory locks are
     * re-entrant per session, so the handle that already holds them during registration can pass.
     */
    private int removeUnregistered(Handle h, List<String> shas) {
        int removed = 0;
        for (String sha : shas) {
            long key = lockKey(sha);
            boolean locked = h.createQuery("SELECT pg_try_advisory_lock(?)").bind(0, key)
                    .mapTo(Boolean.class).one();
            if (!locked) {
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
