package org.matdx.store;

import java.nio.file.Path;

/**
 * Content written to a staging file and hashed, not yet part of the store.
 *
 * @param path       the local staging file (readers parse it from here)
 * @param stagingKey where a remote store holds a staged copy (an object key), or null
 */
public record StagedBlob(Path path, String sha256, long size, String stagingKey) {

    public StagedBlob(Path path, String sha256, long size) {
        this(path, sha256, size, null);
    }

    StagedBlob withStagingKey(String key) {
        return new StagedBlob(path, sha256, size, key);
    }
}
