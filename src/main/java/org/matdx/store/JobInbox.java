package org.matdx.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.Set;

/**
 * Where the files of an asynchronous ingest wait between the upload and the job that structures
 * them. With the local blob store they wait in {@code <data-dir>/ingest-inbox} ({@link LocalJobInbox}); with
 * an S3 store, in the bucket under {@code <prefix>inbox/} ({@link S3JobInbox}), so that a worker on
 * any host can run the job without a shared data directory. Each inbox is named by an id the job's
 * payload carries; files are named as uploaded (relative paths, checked by the caller).
 */
public interface JobInbox {

    /** A fresh inbox id; nothing is stored until the first {@link #put}. */
    String create();

    /**
     * Keeps one file. With an S3 store that cannot be reached this throws a {@link org.matdx.core.Problem}
     * UNAVAILABLE: the caller removes what it put and queues nothing.
     */
    void put(String inbox, String name, InputStream content);

    /** @throws Missing when the file (or the whole inbox) is not there */
    InputStream open(String inbox, String name);

    /** Removes the inbox and its files; an inbox already gone is no error. */
    void delete(String inbox);

    /**
     * Removes inboxes not in {@code pending} whose files are all older than {@code olderThan}:
     * those a process left when it died between taking the files and queuing the job, and those of
     * jobs that ended without removing them. Returns how many inboxes went.
     */
    int sweep(Set<String> pending, Instant olderThan);

    /** A file of an inbox is not there: the job that needs it cannot run. */
    final class Missing extends RuntimeException {
        public Missing(String message) {
            super(message);
        }
    }
}
