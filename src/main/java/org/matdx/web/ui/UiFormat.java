package org.matdx.web.ui;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Quantity;
import tools.jackson.databind.JsonNode;

/** Small formatting helpers for templates: numbers, dates, quantities, nested metadata. */
public final class UiFormat {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private UiFormat() {
    }

    /** At most 4 significant digits, no exponent for ordinary magnitudes: for display of results. */
    public static String num(double v) {
        return significant(v, 4, 1e-3, 1e7);
    }

    /** Up to 8 significant digits, for metadata copied from instruments (1.5406 Å must stay 1.5406). */
    public static String precise(double v) {
        return significant(v, 8, 1e-4, 1e9);
    }

    private static String significant(double v, int digits, double plainFrom, double plainTo) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v).replace(".0", "");
        }
        double a = Math.abs(v);
        if (a >= plainFrom && a < plainTo) {
            return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
    }

    public static String quantity(Quantity q) {
        return q.unit().isEmpty() ? num(q.value()) : num(q.value()) + " " + q.unit();
    }

    public static String date(Instant t) {
        return t == null ? "" : DATE.format(t) + " UTC";
    }

    /** A key/value row of flattened JSON metadata: {@code scan.axis → 2Theta}. */
    public record Row(String key, String value) {
    }

    public static List<Row> flatten(JsonNode node) {
        List<Row> rows = new ArrayList<>();
        if (node != null && !node.isNull()) {
            flatten("", node, rows);
        }
        return rows;
    }

    private static void flatten(String prefix, JsonNode node, List<Row> rows) {
        if (node.isObject()) {
            if (node.has("value") && node.get("value").isNumber() && node.size() <= 2) {
                rows.add(new Row(prefix, precise(node.get("value").asDouble()) + unit(node.get("unit"))));
                return;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), rows);
            }
        } else if (node.isArray()) {
            if (node.size() <= 8 && allScalars(node)) {
                List<String> parts = new ArrayList<>();
                node.forEach(x -> parts.add(x.isNumber() ? precise(x.asDouble()) : x.asString("")));
                rows.add(new Row(prefix, String.join(", ", parts)));
            } else {
                rows.add(new Row(prefix, "[" + node.size() + "]"));
            }
        } else if (node.isNumber()) {
            rows.add(new Row(prefix, precise(node.asDouble())));
        } else if (!node.isNull()) {
            rows.add(new Row(prefix, node.asString("")));
        }
    }

    private static boolean allScalars(JsonNode arr) {
        for (JsonNode x : arr) {
            if (x.isContainer()) {
                return false;
            }
        }
        return true;
    }

    private static String unit(JsonNode u) {
        return u == null || u.isNull() || u.asString("").isEmpty() ? "" : " " + u.asString();
    }
}
