package org.matdx.optimize;

import java.time.Instant;
import java.util.UUID;

/** A closed-loop optimisation inside a dataset: every trial's result is an entry of that dataset. */
public record Campaign(UUID id, UUID datasetId, String name, CampaignConfig config, CampaignStatus status, String stopRule,
                      String stopReason, UUID createdBy, Instant createdAt, Instant updatedAt) {
}
