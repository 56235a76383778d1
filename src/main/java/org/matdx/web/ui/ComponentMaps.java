package org.matdx.web.ui;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/**
 * The decomposition of a spectrum image as its entry page shows it (data.decomposition, written by
 * the {@code decomposition} descriptor): for PCA and for NMF, each component's spectrum as an SVG
 * line over the energy axis and its map as a viridis PNG (inline, a data URI: a 256×256 scan is a
 * few kB), scaled from the map's own minimum to maximum — PCA scores are signed, NMF abundances not.
 */
public final class ComponentMaps {
    static final int PLOT_WIDTH = 240;
    static final int PLOT_HEIGHT = 110;

    private ComponentMaps() {
    }

    /** One component ready to draw. */
    public record Component(String label, String mapUri, String spectrumPoints, String zeroLine, String range) {
    }

    /** The components of {@code d} (PCA's, or NMF's under {@code nmf}); empty when the entry kept none. */
    public static List<Component> of(JsonNode d, boolean nmf) {
        JsonNode comps = nmf ? d.path("nmf").path("components") : d.path("components");
        int rows = d.path("rows").asInt(0);
        int columns = d.path("columns").asInt(0);
        List<Component> out = new ArrayList<>();
        if (!comps.isArray() || rows < 1 || columns < 1) {
            return out;
        }
        for (int i = 0; i < comps.size(); i++) {
            JsonNode c = comps.get(i);
            String label = (nmf ? "NMF " : "PC ") + (i + 1) + (c.has("explained_variance_ratio")
                    ? String.format(Locale.ROOT, " · %.1f %%", 100 * c.path("explained_variance_ratio").asDouble()) : "");
            double[] spectrum = values(c.path("spectrum"));
            out.add(new Component(label, map(values(c.path("map")), rows, columns), points(spectrum), zero(spectrum),
                    axisRange(d.path("energy_axis"))));
        }
        return out;
    }

    private static double[] values(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[] {lo, hi > lo ? hi : lo + 1};
    }

    static String map(double[] v, int rows, int columns) {
        if (v.length != rows * columns) {
            return "";
        }
        double[] r = range(v);
        BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                img.setRGB(x, y, Integer.parseInt(Colours.viridis((v[y * columns + x] - r[0]) / (r[1] - r[0])).substring(1), 16));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static double y(double v, double[] r) {
        return PLOT_HEIGHT - 4 - (v - r[0]) / (r[1] - r[0]) * (PLOT_HEIGHT - 8);
    }

    static String points(double[] v) {
        double[] r = range(v);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            double x = v.length == 1 ? 0 : (double) i / (v.length - 1) * PLOT_WIDTH;
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y(v[i], r)));
        }
        return sb.toString().strip();
    }

    /** Where zero lies on a spectrum's plot (PCA loadings change sign), or "" when zero is off the plot. */
    static String zero(double[] v) {
        double[] r = range(v);
        return r[0] < 0 && r[1] > 0 ? String.format(Locale.ROOT, "%.1f", y(0, r)) : "";
    }

    private static String axisRange(JsonNode a) {
        double first = a.path("offset").asDouble();
        double last = first + a.path("scale").asDouble() * (a.path("size").asInt(1) - 1);
        String name = a.path("name").asString("");
        String units = a.path("units").asString("");
        return String.format(Locale.ROOT, "%s %s–%s%s", name.isEmpty() || name.equals("<undefined>") ? "" : name, UiFormat.num(first),
                UiFormat.num(last), units.isEmpty() ? "" : " " + units).strip();
    }
}
