package org.matdx.core;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One line of the append-only audit trail. {@code hash} covers this event's fields and
 * {@code previousHash}, so changing or deleting any earlier event breaks the chain.
 *
 * @param action e.g. {@code dataset.create}, {@code entry.read}, {@code login.failed}
 */
public record AuditEvent(long seq, Instant at, UUID actorId, String actor, String action, String objectType,
                         String objectId, JsonNode detail, String remoteAddress, String previousHash, String hash) {
}
