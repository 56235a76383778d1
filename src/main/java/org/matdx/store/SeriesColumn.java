package org.matdx.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entry's series ({@code data.series}: named axes with units and their values) kept in a
 * {@code bytea} column as packed little-endian doubles instead of inside the {@code data} JSON.
 * A 2,000-point scan as jsonb is 63 kB of numerics that PostgreSQL compressed with pglz on every
 * insert — a tenth of all CPU while ingesting (docs/BENCHMARKS.md) — and that Java formatted digit
 * by digit before. Reading puts the series back, so {@code Entry.data} is the same JSON either way.
 *
 * <p>Only series in the shape structuring writes are packed ({@code name}, {@code x}, {@code y};
 * axes of {@code name}, {@code unit}, {@code values} that are doubles or null); anything else
 * stays in the JSON as it came, so nothing an import or API caller stored can change.
 *
 * <p>Layout, version 1: {@code 'M' 'S' 1}, int count; per series: string name, axis x, int count
 * of y axes, the y axes; per axis: string name, string unit, int n, n doubles (NaN for null);
 * a string is an int byte length (−1 for null) and UTF-8 bytes.
 */
final class SeriesColumn {
    private static final byte VERSION = 1;

    private SeriesColumn() {
    }

    /** The packed series of {@code data}, or null when it has none or not in the packable shape. */
    static byte[] pack(JsonNode data) {
        JsonNode series = data == null ? null : data.get("series");
        if (series == null || !series.isArray() || !packable(series)) {
            return null;
        }
        int size = 7;
        for (JsonNode s : series) {
            size += stringSize(s.get("name")) + axisSize(s.get("x")) + 4;
            for (JsonNode y : s.get("y")) {
                size += axisSize(y);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'M').put((byte) 'S').put(VERSION).putInt(series.size());
        for (JsonNode s : series) {
            putString(b, s.get("name"));
            putAxis(b, s.get("x"));
            b.putInt(s.get("y").size());
            for (JsonNode y : s.get("y")) {
                putAxis(b, y);
            }
        }
        return b.array();
    }

    /** {@code data} without the series that {@link #pack} packed; the node given is left as it is. */
    static JsonNode withoutPacked(JsonNode data) {
        ObjectNode rest = Json.object();
        for (Map.Entry<String, JsonNode> f : data.properties()) {
            if (!f.getKey().equals("series")) {
                rest.set(f.getKey(), f.getValue());
            }
        }
        return rest;
    }

    /** {@code data} with the packed series put back as its first field. */
    static JsonNode unpack(JsonNode data, byte[] packed) {
        ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        if (packed.length < 7 || b.get() != 'M' || b.get() != 'S' || b.get() != VERSION) {
            throw new IllegalStateException("entries.series holds a format this version cannot read");
        }
        ObjectNode out = Json.object();
        ArrayNode series = out.putArray("series");
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            ObjectNode s = series.addObject();
            s.put("name", getString(b));
            s.set("x", getAxis(b));
            ArrayNode ys = s.putArray("y");
            int ny = b.getInt();
            for (int j = 0; j < ny; j++) {
                ys.add(getAxis(b));
            }
        }
        if (data != null) {
            for (Map.Entry<String, JsonNode> f : data.properties()) {
                if (!f.getKey().equals("series")) {
                    out.set(f.getKey(), f.getValue());
                }
            }
        }
        return out;
    }

    private static boolean packable(JsonNode series) {
        for (JsonNode s : series) {
            if (!s.isObject() || s.size() != 3 || !textOrNull(s.get("name")) || !packableAxis(s.get("x"))) {
                return false;
            }
            JsonNode ys = s.get("y");
            if (ys == null || !ys.isArray()) {
                return false;
            }
            for (JsonNode y : ys) {
                if (!packableAxis(y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean packableAxis(JsonNode a) {
        if (a == null || !a.isObject() || a.size() != 3 || !textOrNull(a.get("name")) || !textOrNull(a.get("unit"))) {
            return false;
        }
        JsonNode values = a.get("values");
        if (values == null || !values.isArray()) {
            return false;
        }
        for (JsonNode v : values) {
            // only doubles and nulls come back exactly as they were (an integer would return as 5.0)
            if (!v.isNull() && !(v.isDouble() && Double.isFinite(v.doubleValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean textOrNull(JsonNode n) {
        return n != null && (n.isString() || n.isNull());
    }

    private static int stringSize(JsonNode n) {
        return 4 + (n.isNull() ? 0 : n.asString().getBytes(StandardCharsets.UTF_8).length);
    }

    private static int axisSize(JsonNode a) {
        return stringSize(a.get("name")) + stringSize(a.get("unit")) + 4 + 8 * a.get("values").size();
    }

    private static void putString(ByteBuffer b, JsonNode n) {
        if (n.isNull()) {
            b.putInt(-1);
            return;
        }
        byte[] s = n.asString().getBytes(StandardCharsets.UTF_8);
        b.putInt(s.length).put(s);
    }

    private static void putAxis(ByteBuffer b, JsonNode a) {
        putString(b, a.get("name"));
        putString(b, a.get("unit"));
        JsonNode values = a.get("values");
        b.putInt(values.size());
        for (JsonNode v : values) {
            b.putDouble(v.isNull() ? Double.NaN : v.doubleValue());
        }
    }

    private static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static ObjectNode getAxis(ByteBuffer b) {
        ObjectNode a = Json.object();
        // entries stored before the axis vocabulary (2θ in °) read as two_theta in deg
        String name = getString(b);
        String unit = getString(b);
        a.put("name", Quantities.storedName(name));
        a.put("unit", Quantities.storedUnit(unit));
        ArrayNode values = a.putArray("values");
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            double v = b.getDouble();
            if (Double.isNaN(v)) {
                values.addNull();
            } else {
                values.add(v);
            }
        }
        return a;
    }
}
