package org.matdx.catalog;

import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An entry as a client submits it (JSON or a table row). Validation turns it into an
 * {@link org.matdx.core.Entry} or a list of field-level problems.
 *
 * @param formula    composition as a formula string, e.g. {@code Li7La3Zr2O12}
 * @param properties name → {"value": number, "unit": "eV"} (a bare number means dimensionless)
 * @param outcome    succeeded (default), failed or abandoned
 */
public record NewEntry(String kind, String title, String formula, Map<String, JsonNode> properties,
                       JsonNode invoice, JsonNode metadata, JsonNode data, UUID sample, String outcome,
                       String outcomeReason, String template) {
}
