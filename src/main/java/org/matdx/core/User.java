package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/** A local account. {@code orcid} is optional (e.g. {@code 0000-0002-1825-0097}). */
public record User(UUID id, String username, String displayName, String email, String orcid,
                   boolean admin, Instant createdAt) {
}
