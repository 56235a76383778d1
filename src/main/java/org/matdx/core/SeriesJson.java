package org.matdx.core;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link Series} as stored in an entry's data: {@code {name, x: {name, unit, values}, y: [...]}}. */
public final class SeriesJson {
    private SeriesJson() {
    }

    public static ObjectNode write(Series s) {
        ObjectNode n = Json.object().put("name", s.name());
        n.set("x", axis(s.x()));
        ArrayNode ys = n.putArray("y");
        s.y().forEach(a -> ys.add(axis(a)));
        return n;
    }

    private static ObjectNode axis(Axis a) {
        ObjectNode n = Json.object().put("name", a.name()).put("unit", a.unit());
        ArrayNode v = n.putArray("values");
        for (double d : a.valuesUnsafe()) {
            v.add(d);
        }
        return n;
    }

    public static Series read(JsonNode n) {
        List<Axis> ys = new ArrayList<>();
        n.path("y").forEach(a -> ys.add(axis(a)));
        return new Series(n.path("name").asString(""), axis(n.path("x")), ys);
    }

    private static Axis axis(JsonNode n) {
        JsonNode vs = n.path("values");
        double[] v = new double[vs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = vs.get(i).asDouble();
        }
        return new Axis(n.path("name").asString(""), n.path("unit").asString(""), v);
    }
}
