package org.matdx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Blobs on local disk under {@code root/ab/cd/<sha256>}. Writes go to {@code root/.staging}
 * first, are fsynced, and are renamed into place, so a crash never leaves a partial file under
 * a content name; the directories that gained a name are fsynced before the commit returns, so
 * the registering transaction (which commits after it) never names a file a crash could lose.
 *
 * <p>A staged file's own fsync starts as soon as it is written, on a small pool of I/O threads,
 * and {@link #commit} waits for it: the disk writes an upload while its ingest thread reads and
 * structures it, instead of the thread idling on each file's fsync inside the transaction
 * (docs/BENCHMARKS.md, microscope images). A commit of several blobs renames them all and then
 * fsyncs each directory once, so one journal commit covers them.
 */
public final class LocalBlobStore implements BlobStore {
    /** Early fsyncs waiting or running at most; beyond, a commit fsyncs its files itself. */
    private static final int MAX_PENDING = 1024;
    /**
     * Larger staged files are fsynced at commit only: such a file may be an archive about to be
     * unpacked and deleted, which an early fsync would write to the disk for nothing.
     */
    private static final long MAX_EARLY_BYTES = 256L << 20;
    private static final ThreadPoolExecutor SYNCS = syncPool("blob-fsync-");
    /** A pool of its own for a commit's directories, so they never queue behind early fsyncs of big uploads. */
    private static final ThreadPoolExecutor DIRECTORY_SYNCS = syncPool("blob-dirsync-");

    private final Path root;
    private final Path staging;
    private final Spool spool;
    private final Syncs syncs;
    /** Staged files whose early fsync is queued or running: true once it has made the file durable. */
    private final Map<Path, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

    /** The two calls that make files durable (a test records their order). */
    interface Syncs {
        /** fsync: the file's data and its metadata. */
        void file(Path file) throws IOException;

        /** fsync of a directory: the names in it (best effort where a file system cannot open directories). */
        void directory(Path dir);
    }

    static final Syncs FSYNC = new Syncs() {
        @Override
        public void file(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }

        @Override
        public void directory(Path dir) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open directories; the rename is still atomic
            }
        }
    };

    public LocalBlobStore(Path root) {
        this(root, FSYNC);
    }

    LocalBlobStore(Path root, Syncs syncs) {
        this.root = root;
        this.staging = root.resolve(".staging");
        this.spool = new Spool(staging);
        this.syncs = syncs;
    }

    private static ThreadPoolExecutor syncPool(String name) {
        // fsync waits on the disk, not a core: a few threads let several files' writes overlap
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name(name, 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public Path root() {
        return root;
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) {
        StagedBlob b = spool.write(content, maxBytes);
        if (b.size() <= MAX_EARLY_BYTES && pending.size() < MAX_PENDING) {
            // the file is complete and closed: its fsync may start now, and commit waits for it
            Path p = b.path();
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            pending.put(p, done);
            SYNCS.execute(() -> {
                try {
                    syncs.file(p);
                    done.complete(true);
                } catch (IOException | RuntimeException e) {
                    done.complete(false); // discarded meanwhile, or a real fault: commit fsyncs it again and reports that
                }
            });
        }
        return b;
    }

    @Override
    public void commit(StagedBlob staged) {
        commit(List.of(staged));
    }

    /**
     * Each new content's staged file made durable (its early fsync awaited, or done now), all of them
     * renamed into place, then every directory that gained a name fsynced once — new directories'
     * parents too — before this returns.
     */
    @Override
    public void commit(List<StagedBlob> blobs) {
        place(blobs).awaitDurable();
    }

    /**
     * As {@link #commit(List)}, but the directories' fsyncs run on while the caller goes on (with the
     * rest of its transaction) until it calls {@link Placed#awaitDurable}. The files themselves are
     * durable and in place when this returns.
     */
    @Override
    public Placed place(List<StagedBlob> blobs) {
        List<StagedBlob> fresh = new ArrayList<>();
        for (StagedBlob b : blobs) {
            if (Files.exists(pathOf(b.sha256()))) {
                forget(b.path());
                deleteQuietly(b.path());
            } else {
                fresh.add(b);
            }
        }
        if (fresh.isEmpty()) {
            return Placed.DURABLE;
        }
        String current = null;
        try {
            for (StagedBlob b : fresh) {
                current = b.sha256();
                durable(b.path());
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (StagedBlob b : fresh) {
                current = b.sha256();
                Path target = pathOf(b.sha256());
                directories(target.getParent(), dirs);
                try {
                    Files.move(b.path(), target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    deleteQuietly(b.path());
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(b.path(), target, StandardCopyOption.REPLACE_EXISTING);
                }
                dirs.add(target.getParent());
            }
            return directories(dirs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + current, e);
        }
    }

    /**
     * fsyncs the directories at once: each fsync waits for a journal commit and a flush of the disk's
     * cache, and fsyncs issued together share them, where one after the other each waits for its own.
     */
    private Placed directories(Set<Path> dirs) {
        CompletableFuture<?>[] all = dirs.stream()
                .map(d -> CompletableFuture.runAsync(() -> syncs.directory(d), DIRECTORY_SYNCS)).toArray(CompletableFuture[]::new);
        CompletableFuture<Void> done = CompletableFuture.allOf(all);
        return () -> {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for blob directories to reach the disk"));
            } catch (ExecutionException e) {
                throw new UncheckedIOException(new IOException("could not fsync a blob directory", e.getCause()));
            }
        };
    }

    /** The staged file fsynced: by its early fsync when that succeeded, else now. */
    private void durable(Path file) throws IOException {
        CompletableFuture<Boolean> early = pending.remove(file);
        boolean synced = false;
        if (early != null) {
            try {
                synced = early.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + file + " to reach the disk");
            } catch (ExecutionException e) {
                synced = false;
            }
        }
        if (!synced) {
            syncs.file(file);
        }
    }

    /**
     * Creates {@code dir} and any missing parent under the root; each directory that gained a new
     * subdirectory joins {@code toSync}, or a crash could lose the new directory with the file in it.
     */
    private void directories(Path dir, Set<Path> toSync) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(root) && parent.startsWith(root)) {
            directories(parent, toSync);
        }
        Files.createDirectories(dir);
        if (parent != null) {
            toSync.add(parent);
        }
    }

    private void forget(Path staged) {
        CompletableFuture<Boolean> early = pending.remove(staged);
        if (early != null) {
            early.cancel(false);
        }
    }

    @Override
    public void discard(StagedBlob staged) {
        forget(staged.path());
        deleteQuietly(staged.path());
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    @Override
    public long size(String sha256) {
        try {
            return Files.size(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        try {
            return Files.newInputStream(pathOf(sha256));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("blob " + sha256 + " is registered but its file is missing from " + root, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String sha256) {
        deleteQuietly(pathOf(sha256));
    }

    @Override
    public Stream<String> list() {
        try {
            return Files.walk(root)
                    .filter(p -> !p.startsWith(staging) && Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString())
                    .filter(LocalBlobStore::isSha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int sweepStaging() {
        int removed = spool.sweep();
        pending.keySet().removeIf(p -> !Files.exists(p)); // staged files never committed nor discarded, swept
        return removed;
    }

    Path pathOf(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    static boolean isSha256(String s) {
        return Spool.isSha256(s);
    }

    private static void deleteQuietly(Path p) {
        Spool.deleteQuietly(p);
    }
}
