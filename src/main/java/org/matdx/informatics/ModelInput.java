package org.matdx.informatics;

import java.time.Instant;
import java.util.UUID;

/**
 * One dataset a model learned from, as it was then: its last change, its latest published version
 * (if any), how many rows were taken and a SHA-256 over them (entry ids and target values in order).
 */
public record ModelInput(UUID datasetId, Instant datasetUpdatedAt, Integer datasetVersion, String rowsSha256, int rows) {
}
