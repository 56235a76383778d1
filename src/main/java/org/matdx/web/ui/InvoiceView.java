package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An entry's invoice (送り状) as a reader of the page wants it: each field under the label its
 * template gives it (in the page's language) with its unit, in the template's order, and a note
 * where the value typed by hand disagrees with what the instrument wrote into the file (40 kV in
 * the invoice, 45 kV in the RASX header): one of them is wrong, and the page should say so.
 */
public final class InvoiceView {
    /** One field: its label, its value with the unit, its key path, and the file's value when they disagree. */
    public record Field(String label, String value, String key, String fileSays) {
    }

    private InvoiceView() {
    }

    /**
     * The invoice's fields; {@code schema} is the template's full invoice schema (null when the
     * template is unknown: keys then stand for labels), {@code metadata} what the reader extracted.
     */
    public static List<Field> of(JsonNode invoice, JsonNode schema, JsonNode metadata, String lang) {
        List<Field> out = new ArrayList<>();
        if (invoice == null || !invoice.isObject()) {
            return out;
        }
        Map<String, Double> fromFile = new HashMap<>();
        collectNumbers(metadata, fromFile);
        walk("", invoice, schema, lang, fromFile, out);
        return out;
    }

    private static void walk(String prefix, JsonNode value, JsonNode schema, String lang, Map<String, Double> fromFile,
                             List<Field> out) {
        // the template's order (a stored invoice comes back in the database's key order), then any other keys
        List<String> names = new ArrayList<>();
        if (schema != null) {
            schema.path("properties").propertyNames().forEach(n -> {
                if (value.has(n)) {
                    names.add(n);
                }
            });
        }
        value.propertyNames().forEach(n -> {
            if (!names.contains(n)) {
                names.add(n);
            }
        });
        for (String name : names) {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            JsonNode fieldSchema = schema == null ? null : schema.path("properties").get(name);
            JsonNode v = value.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isObject() && !(v.has("value") && v.size() <= 2)) {
                walk(key, v, fieldSchema, lang, fromFile, out);
                continue;
            }
            String unit = fieldSchema == null ? "" : fieldSchema.path("x-unit").asString("");
            String label = label(fieldSchema, lang, name);
            String shown;
            String fileSays = null;
            if (v.isNumber()) {
                shown = UiFormat.precise(v.asDouble()) + (unit.isEmpty() ? "" : " " + unit);
                Double file = unit.isEmpty() ? null : fromFile.get(metadataKey(name, unit));
                if (file == null) {
                    file = fromFile.get(name);
                }
                if (file != null && disagree(v.asDouble(), file)) {
                    fileSays = UiFormat.precise(file) + (unit.isEmpty() ? "" : " " + unit);
                }
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(x -> parts.add(x.isNumber() ? UiFormat.precise(x.asDouble()) : x.asString("")));
                shown = String.join(", ", parts);
            } else if (v.isObject()) { // {"value": …, "unit": …}
                shown = UiFormat.precise(v.path("value").asDouble()) + " " + v.path("unit").asString(unit);
            } else {
                shown = v.asString("");
            }
            out.add(new Field(label, shown, key, fileSays));
        }
    }

    private static String label(JsonNode fieldSchema, String lang, String key) {
        if (fieldSchema == null) {
            return key;
        }
        JsonNode l = fieldSchema.path("x-label");
        if (l.isString()) {
            return l.asString();
        }
        String text = l.path(lang).asString(l.path("en").asString(""));
        return text.isEmpty() ? key : text;
    }

    /** Readers name a number with its unit: the invoice's tube_voltage in kV is the file's tube_voltage_kv. */
    static String metadataKey(String field, String unit) {
        String u = unit.toLowerCase(Locale.ROOT).replace("°", "").replace("/", "_per_").replaceAll("[^a-z0-9_]", "");
        return u.isEmpty() ? field : field + "_" + u;
    }

    /** Values a person copied from the instrument agree to its display precision: within 0.5 %. */
    static boolean disagree(double typed, double file) {
        double scale = Math.max(Math.abs(typed), Math.abs(file));
        return scale > 0 && Math.abs(typed - file) > 0.005 * scale;
    }

    /** Every number of the extracted metadata by its own key (the last part of its path); the first one wins. */
    private static void collectNumbers(JsonNode node, Map<String, Double> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())) {
                    out.putIfAbsent(e.getKey(), e.getValue().asDouble());
                } else {
                    collectNumbers(e.getValue(), out);
                }
            }
        } else if (node.isArray() && node.size() <= 64) {
            node.forEach(x -> collectNumbers(x, out));
        }
    }
}
