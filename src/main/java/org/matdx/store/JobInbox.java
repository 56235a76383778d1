package org.matdx.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/**
 * Where the files of an asynchronous ingest wait between the upload and the job that structures
 * them. With the local blob store they wait in {@code <data-dir>/ingest-inbox} ({@link LocalJobInbox}); with
 * an S3 store, in the bucket under {@code <prefix>inbox/} ({@link S3BlobStore.S3JobInbox}), so that a worker on
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
     * Every inbox there is, with the time its newest file was written (one still being filled is
     * young, whatever its first file's age): what a sweep decides on.
     */
    Map<String, Instant> all();

    /** A file of an inbox is not there: the job that needs it cannot run. */
    final class Missing extends RuntimeException {
        public Missing(String message) {
            super(message);
        }
    }
}
