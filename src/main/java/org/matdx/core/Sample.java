package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/**
 * A physical specimen with a persistent identifier (printed as a QR code) to which
 * measurements link.
 *
 * @param pid persistent identifier, {@code matdx:sample/<id>}
 */
public record Sample(UUID id, String pid, String name, Composition composition, String description,
                     UUID ownerId, UUID groupId, Instant createdAt) {
    public static String pidFor(UUID id) {
        return "matdx:sample/" + id;
    }
}
