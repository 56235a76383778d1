package org.matdx.store;

import java.nio.file.Path;

/** Content written to a staging file and hashed, not yet part of the store. */
public record StagedBlob(Path path, String sha256, long size) {
}
