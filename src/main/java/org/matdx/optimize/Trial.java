package org.matdx.optimize;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One experiment of a campaign, through its life: suggested → approved → running → completed |
 * failed | abandoned. Failed and abandoned trials are kept, with their reason, and teach the model.
 */
public record Trial(UUID id, UUID campaignId, int seq, int round, JsonNode params, TrialStatus status, Double value,
                    JsonNode results, String reason, Double acquisition, UUID entryId, Instant createdAt, Instant updatedAt) {
    public boolean open() {
        return status.open();
    }
}
