package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an entry's series into what the browser plots with uPlot: per series, axis labels with
 * units and the columns. Large series are thinned for display (min/max per bucket keeps peaks).
 */
public final class Plots {
    static final int MAX_POINTS = 4000;

    private Plots() {
    }

    /** One plot per series, as JSON for the page's script; empty when the entry has no series. */
    public static List<String> of(Entry e) {
        List<String> out = new ArrayList<>();
        JsonNode series = e.data() == null ? null : e.data().get("series");
        if (series == null || !series.isArray()) {
            return out;
        }
        for (JsonNode s : series) {
            JsonNode x = s.get("x");
            JsonNode ys = s.get("y");
            if (x == null || ys == null || !ys.isArray() || ys.isEmpty()) {
                continue;
            }
            ObjectNode plot = Json.object().put("title", s.path("name").asString(""));
            plot.put("xLabel", label(x));
            ArrayNode labels = plot.putArray("yLabels");
            ArrayNode columns = plot.putArray("data");
            double[] xv = values(x.get("values"));
            int[] keep = thin(xv, values(ys.get(0).get("values")));
            columns.add(pick(xv, keep));
            for (JsonNode y : ys) {
                labels.add(label(y));
                columns.add(pick(values(y.get("values")), keep));
            }
            out.add(Json.write(plot));
        }
        return out;
    }

    private static String label(JsonNode axis) {
        return Quantities.label(axis.path("name").asString(""), axis.path("unit").asString(""));
    }

    private static double[] values(JsonNode arr) {
        if (arr == null) {
            return new double[0];
        }
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = arr.get(i).asDouble();
        }
        return v;
    }

    /** Indices to keep: all when small, else the min and max of each bucket (peaks survive thinning). */
    static int[] thin(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        if (n <= MAX_POINTS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int buckets = MAX_POINTS / 2;
        List<Integer> keep = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo]) {
                    lo = i;
                }
                if (y[i] > y[hi]) {
                    hi = i;
                }
            }
            keep.add(Math.min(lo, hi));
            if (lo != hi) {
                keep.add(Math.max(lo, hi));
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private static ArrayNode pick(double[] v, int[] keep) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (int i : keep) {
            a.add(i < v.length ? v[i] : Double.NaN);
        }
        return a;
    }
}
