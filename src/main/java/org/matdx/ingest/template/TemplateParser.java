package org.matdx.ingest.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Turns a template's YAML/JSON tree into a {@link Template}, naming the file and field of each mistake. */
final class TemplateParser {
    private static final Set<String> KINDS = Set.of("measurement", "structure", "calculation", "property_row");
    private static final Set<String> DESCRIPTORS = Set.of("xrd_peaks", "spectrum_summary", "structure_summary",
            "particle_sizes", "lattice_spacings", "decomposition");

    private TemplateParser() {
    }

    static Template parse(JsonNode n, String source) {
        List<String> problems = new ArrayList<>();
        String id = text(n, "id", problems);
        if (id != null && !id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            problems.add("id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        String type = text(n, "instrument_type", problems);
        String reader = text(n, "reader", problems);
        Map<String, String> title = bilingual(n.get("title"), "title", problems);
        Map<String, String> description = n.has("description") ? bilingual(n.get("description"), "description", problems) : Map.of();
        List<String> patterns = new ArrayList<>();
        JsonNode p = n.get("file_patterns");
        if (p == null || !p.isArray() || p.isEmpty()) {
            problems.add("file_patterns must be a non-empty list such as [\"*.xrdml\"]");
        } else {
            p.forEach(x -> patterns.add(x.asString()));
        }
        JsonNode prod = n.path("produces");
        String kind = prod.path("kind").asString("measurement");
        if (!KINDS.contains(kind)) {
            problems.add("produces.kind '" + kind + "' must be one of " + KINDS);
        }
        List<String> descriptors = new ArrayList<>();
        prod.path("descriptors").forEach(d -> {
            if (!DESCRIPTORS.contains(d.asString())) {
                problems.add("produces.descriptors: unknown descriptor '" + d.asString() + "' (known: " + DESCRIPTORS + ")");
            }
            descriptors.add(d.asString());
        });
        JsonNode schema = n.get("invoice_schema");
        if (schema == null || !schema.isObject()) {
            problems.add("invoice_schema must be a JSON Schema object");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("template " + source + ": " + String.join("; ", problems));
        }
        return new Template(id, type, title, description, reader, patterns,
                new Template.Produces(kind, prod.path("plot").asBoolean(true), descriptors), schema, source);
    }

    private static String text(JsonNode n, String field, List<String> problems) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            problems.add(field + " is required");
            return null;
        }
        return v.asString().strip();
    }

    private static Map<String, String> bilingual(JsonNode v, String field, List<String> problems) {
        Map<String, String> m = new LinkedHashMap<>();
        if (v == null || !v.isObject() || !v.has("ja") || !v.has("en")) {
            problems.add(field + " needs both ja and en");
            return Map.of("en", "?", "ja", "?");
        }
        m.put("ja", v.get("ja").asString());
        m.put("en", v.get("en").asString());
        return m;
    }
}
