package org.matdx.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One record in a dataset: a measurement, a structure, a property row or a calculation.
 *
 * @param composition what the material is made of, or null when unknown
 * @param properties  typed values with units, e.g. {@code band_gap → 3.2 eV}
 * @param invoice     the metadata form filled at registration (送り状)
 * @param metadata    metadata extracted from the instrument file
 * @param data        structured content: series, peak lists, structure
 * @param template    the template that structured it, or null
 */
public record Entry(UUID id, UUID datasetId, EntryKind kind, String title, Composition composition,
                    Map<String, Quantity> properties, JsonNode invoice, JsonNode metadata, JsonNode data,
                    List<EntryFile> files, UUID sampleId, String template, Outcome outcome,
                    UUID createdBy, Instant createdAt, Instant updatedAt) {
    public Entry {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        files = files == null ? List.of() : List.copyOf(files);
        outcome = outcome == null ? Outcome.SUCCEEDED : outcome;
    }
}
