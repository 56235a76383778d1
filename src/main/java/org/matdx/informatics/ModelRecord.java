package org.matdx.informatics;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A registered model as stored: what it predicts, how it was trained, how well it did in
 * cross-validation, and where its artifact is. Provenance as data (after Tribuo): everything needed
 * to say what the model learned from and how.
 *
 * @param inputCount how many datasets it learned from (its inputs must all still exist for it to be seen)
 */
public record ModelRecord(UUID id, String name, Task task, String target, String unit, String featureSet,
                          int featureVersion, JsonNode recipe, JsonNode search, JsonNode cv, JsonNode importance,
                          int trainingRows, String artifactSha256, boolean privateModel, int inputCount,
                          UUID createdBy, UUID jobId, Instant createdAt) {
}
