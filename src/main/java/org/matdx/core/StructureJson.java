package org.matdx.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of a {@link Structure}, used wherever structures are stored (an entry's
 * {@code data.structure}) or exchanged:
 * <pre>
 * {"lattice_vectors": [[a1,a2,a3],[b1,b2,b3],[c1,c2,c3]],
 *  "sites": [{"label": "Fe1", "species": {"Fe": 1.0}, "frac": [0, 0, 0]}, …]}
 * </pre>
 */
public final class StructureJson {
    private StructureJson() {
    }

    public static ObjectNode write(Structure s) {
        ObjectNode n = Json.object();
        ArrayNode lv = n.putArray("lattice_vectors");
        for (double[] v : s.lattice().vectors()) {
            ArrayNode row = lv.addArray();
            for (double x : v) {
                row.add(x);
            }
        }
        ArrayNode sites = n.putArray("sites");
        for (Site site : s.sites()) {
            ObjectNode o = sites.addObject().put("label", site.label());
            ObjectNode species = o.putObject("species");
            site.occupancy().forEach((e, occ) -> species.put(e.symbol(), occ));
            ArrayNode frac = o.putArray("frac");
            for (double x : site.fractional()) {
                frac.add(x);
            }
        }
        return n;
    }

    public static Structure read(JsonNode n) {
        JsonNode lv = n.get("lattice_vectors");
        if (lv == null || !lv.isArray() || lv.size() != 3) {
            throw new IllegalArgumentException("a structure needs lattice_vectors: three 3-vectors");
        }
        double[][] vectors = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                vectors[i][j] = lv.get(i).get(j).asDouble();
            }
        }
        List<Site> sites = new ArrayList<>();
        for (JsonNode s : n.path("sites")) {
            Map<Element, Double> occ = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : s.path("species").properties()) {
                occ.put(Elements.of(e.getKey()), e.getValue().asDouble());
            }
            JsonNode f = s.path("frac");
            sites.add(new Site(s.path("label").asString(""), occ,
                    new double[] {f.get(0).asDouble(), f.get(1).asDouble(), f.get(2).asDouble()}));
        }
        return new Structure(new Lattice(vectors), sites);
    }
}
