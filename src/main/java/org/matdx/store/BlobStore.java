package org.matdx.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where file contents live, named by SHA-256: {@link LocalBlobStore} (local disk, the default) or
 * {@link S3BlobStore} (S3-compatible object storage). The one seam between the platform and where
 * bytes are kept: nothing else knows which store is in use. Rows in the {@code blobs} table say which contents are
 * registered; {@link BlobRegistry} keeps files and rows in step.
 */
public interface BlobStore {

    /**
     * Streams the content to a staging area, hashing it on the way.
     *
     * @throws org.matdx.core.Problem TOO_LARGE when more than {@code maxBytes} arrive (nothing is kept)
     */
    StagedBlob stage(InputStream content, long maxBytes);

    /** Moves staged content into place, durably; a no-op when the content is already stored. */
    void commit(StagedBlob staged);

    /**
     * Moves several staged contents into place, durably, before it returns (a store may make them
     * durable together: one fsync of a directory for all its new names).
     */
    default void commit(List<StagedBlob> staged) {
        staged.forEach(this::commit);
    }

    /**
     * As {@link #commit(List)}, except that the last step of making the contents durable may still
     * run when this returns: the caller does other work and then calls {@link Placed#awaitDurable}
     * before it commits anything that names them.
     */
    default Placed place(List<StagedBlob> staged) {
        commit(staged);
        return Placed.DURABLE;
    }

    /** Contents moved into place whose durability may still be on its way. */
    @FunctionalInterface
    interface Placed {
        Placed DURABLE = () -> {
        };

        /** Returns once the contents are durable; throws {@link java.io.UncheckedIOException} when they cannot be. */
        void awaitDurable();
    }

    /** Forgets a staged file (after commit, or on failure). */
    void discard(StagedBlob staged);

    boolean exists(String sha256);

    long size(String sha256);

    InputStream open(String sha256);

    void delete(String sha256);

    /** Every stored content hash, for sweeps. */
    Stream<String> list();

    /** Removes staging files left by processes that died mid-upload. */
    int sweepStaging();

    /**
     * Where asynchronous ingests keep their files until their job runs: a directory under
     * {@code localRoot} for a store on local disk, the store itself for one every host reaches.
     */
    default JobInbox jobInbox(Path localRoot) {
        return new LocalJobInbox(localRoot);
    }

    /** Releases connections; the stored contents stay. */
    default void close() {
    }
}
