package org.matdx.optimade;

import java.util.LinkedHashMap;
import java.util.Map;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OPTIMADE geometry of a stored structure (core StructureJson form): lattice vectors,
 * Cartesian site positions and species. Species are named as the database names them in
 * {@code species_at_sites} (function {@code matdx_species_at_sites}): a site's label, or its element
 * symbols joined when it has none; sites not fully occupied add a {@code vacancy}.
 */
final class StructureGeometry {
    private StructureGeometry() {
    }

    static ArrayNode latticeVectors(JsonNode structure) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode v : structure.path("lattice_vectors")) {
            ArrayNode row = out.addArray();
            for (JsonNode x : v) {
                row.add(x.asDouble());
            }
        }
        return out;
    }

    static ArrayNode cartesianPositions(JsonNode structure) {
        double[][] lv = new double[3][3];
        JsonNode l = structure.path("lattice_vectors");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                lv[i][j] = l.path(i).path(j).asDouble();
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode site : structure.path("sites")) {
            JsonNode f = site.path("frac");
            ArrayNode r = out.addArray();
            for (int j = 0; j < 3; j++) {
                r.add(f.path(0).asDouble() * lv[0][j] + f.path(1).asDouble() * lv[1][j] + f.path(2).asDouble() * lv[2][j]);
            }
        }
        return out;
    }

    /** The site's species name, as the SQL function {@code matdx_species_at_sites} gives it. */
    static String speciesName(JsonNode site) {
        String label = site.path("label").isString() ? site.path("label").asString() : "";
        if (!label.isEmpty()) {
            return label;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : site.path("species").properties()) {
            sb.append(e.getKey());
        }
        return sb.toString();
    }

    static ArrayNode species(JsonNode structure) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode site : structure.path("sites")) {
            byName.putIfAbsent(speciesName(site), site.path("species"));
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        byName.forEach((name, occupancy) -> {
            ObjectNode s = out.addObject().put("name", name);
            ArrayNode symbols = s.putArray("chemical_symbols");
            ArrayNode conc = s.putArray("concentration");
            double sum = 0;
            for (Map.Entry<String, JsonNode> e : occupancy.properties()) {
                symbols.add(e.getKey());
                conc.add(e.getValue().asDouble());
                sum += e.getValue().asDouble();
            }
            if (sum < 1 - 1e-6) {
                symbols.add("vacancy");
                conc.add(1 - sum);
            }
        });
        return out;
    }
}
