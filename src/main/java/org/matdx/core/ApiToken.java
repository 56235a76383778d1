package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/** An API token's record. The secret itself is shown once at creation and stored only as a hash. */
public record ApiToken(UUID id, UUID userId, String name, Scope scope, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, Instant lastUsedAt) {
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
