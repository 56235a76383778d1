package org.matdx.optimize;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One experiment of a campaign, through its life: suggested → approved → running → completed |
 * failed | abandoned. Failed and abandoned trials are kept, with their reason, and teach the model.
 */
public record Trial(UUID id, UUID campaignId, int seq, int round, JsonNode params, String status, Double value,
                    JsonNode results, String reason, Double acquisition, UUID entryId, Instant createdAt, Instant updatedAt) {
    public static final java.util.Set<String> OPEN = java.util.Set.of("suggested", "approved", "running");

    public boolean open() {
        return OPEN.contains(status);
    }
}
