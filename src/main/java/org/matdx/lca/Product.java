package org.matdx.lca;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A stored product: its bill of materials (as the owner wrote it, validated) in a dataset whose
 * access rules it shares.
 *
 * @param revision counts changes of the bill of materials; a passport names the revision it describes
 * @param bomJson  the bill of materials as submitted (validated by {@link BomReader})
 */
public record Product(UUID id, UUID datasetId, String name, int revision, JsonNode bomJson, UUID createdBy,
                      Instant createdAt, Instant updatedAt) {
    public Bom bom() {
        return BomReader.read(bomJson);
    }
}
