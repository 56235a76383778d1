package org.matdx.core;

/**
 * A file attached to an entry, pointing at a content-addressed blob.
 *
 * @param restricted stored and kept, but never shared beyond the owners (RDE's nonshared_raw)
 */
public record EntryFile(String name, String sha256, long size, String mediaType, FileRole role, boolean restricted) {
}
