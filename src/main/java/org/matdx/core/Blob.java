package org.matdx.core;

import java.time.Instant;

/** A stored file's content, named by its SHA-256 and kept once however often it is uploaded. */
public record Blob(String sha256, long size, Instant createdAt) {
}
