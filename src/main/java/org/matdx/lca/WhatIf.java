package org.matdx.lca;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A product and the same product with one part's material swapped, side by side.
 *
 * @param path the part that was swapped
 */
public record WhatIf(String path, ProductFootprint base, ProductFootprint variant) {
    static final Set<String> MATERIAL_KEYS = Set.of("formula", "precursor", "entry", "product", "declared", "recycled_fraction");

    /** The bill of materials with the leaf at {@code path} made of {@code material} instead; 400 when the path names no single leaf. */
    static JsonNode substitute(JsonNode bomJson, Bom bom, String path, JsonNode material) {
        if (path == null || path.isBlank()) {
            throw Problem.invalid("component", "name the part to swap by its path, e.g. \"" + bom.name() + " / cathode / active material\"");
        }
        if (material == null || !material.isObject() || material.isEmpty()) {
            throw Problem.invalid("material", "give the replacement as {\"formula\": …} (or precursor, entry, product, declared, recycled_fraction)");
        }
        for (String k : material.propertyNames()) {
            if (!MATERIAL_KEYS.contains(k)) {
                throw Problem.invalid("material." + (k.length() > 40 ? k.substring(0, 40) + "…" : k),
                        "is not a material field (formula, precursor, entry, product, declared, recycled_fraction)");
            }
        }
        ObjectNode copy = (ObjectNode) bomJson.deepCopy();
        String[] names = path.split(" / ", -1);
        List<ObjectNode> found = new ArrayList<>();
        if (names.length >= 2 && names[0].strip().equals(bom.name())) {
            find(copy, names, 1, found);
        }
        if (found.isEmpty()) {
            throw Problem.invalid("component", "no part '" + (path.length() > 200 ? path.substring(0, 200) + "…" : path)
                    + "' in this product (paths are as the footprint lists them)");
        }
        if (found.size() > 1) {
            throw Problem.invalid("component", found.size() + " parts have the path '" + path + "'; give them distinct names first");
        }
        ObjectNode leaf = found.get(0);
        if (leaf.has("components")) {
            throw Problem.invalid("component", "'" + path + "' is an assembly; swap the material of one of its parts");
        }
        boolean kind = material.has("formula") || material.has("precursor") || material.has("entry") || material.has("product");
        if (kind) {
            leaf.remove(List.of("formula", "precursor", "entry", "product", "declared"));
        }
        material.properties().forEach(e -> leaf.set(e.getKey(), e.getValue()));
        return copy;
    }

    private static void find(JsonNode node, String[] names, int i, List<ObjectNode> found) {
        for (JsonNode c : node.path("components")) {
            if (c.isObject() && c.path("name").isString() && c.path("name").asString().strip().equals(names[i].strip())) {
                if (i == names.length - 1) {
                    found.add((ObjectNode) c);
                } else {
                    find(c, names, i + 1, found);
                }
            }
        }
    }
}
