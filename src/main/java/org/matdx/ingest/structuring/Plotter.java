package org.matdx.ingest.structuring;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.matdx.core.Axis;
import org.matdx.core.Series;

/**
 * Renders a series as a PNG line plot (and a small thumbnail) on the server with XChart, so an
 * entry shows its data in lists and exports without a browser. Long series are thinned to a
 * min/max per pixel column first, which keeps every peak visible and bounds the drawing cost.
 */
public final class Plotter {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    public static final int THUMB_WIDTH = 240;
    public static final int THUMB_HEIGHT = 150;

    public record Images(byte[] plot, byte[] thumbnail) {
    }

    /**
     * Paints the chart once and scales it down for the thumbnail: painting (XChart walks every point
     * and lays out text) is the expensive half, so the thumbnail costs only a resample and an encode.
     */
    public Images render(Series s, String title) {
        BufferedImage full = paint(s, title, WIDTH, HEIGHT);
        BufferedImage thumb = new BufferedImage(THUMB_WIDTH, THUMB_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full, 0, 0, THUMB_WIDTH, THUMB_HEIGHT, null);
        g.dispose();
        return new Images(png(full), png(thumb));
    }

    BufferedImage paint(Series s, String title, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title)
                .xAxisTitle(label(s.x())).yAxisTitle(s.y().isEmpty() ? "" : label(s.y().get(0))).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendVisible(s.y().size() > 1);
        st.setChartTitleVisible(title != null && !title.isEmpty());
        st.setMarkerSize(0);
        // min and max per 2-pixel column: every peak stays visible, and painting cost no longer grows with the scan
        int buckets = Math.max(50, width / 2);
        double[] x = s.x().valuesUnsafe();
        for (Axis y : s.y()) {
            double[][] thin = thin(x, y.valuesUnsafe(), buckets);
            XYSeries xs = chart.addSeries(y.name().isEmpty() ? "y" : y.name(), thin[0], thin[1]);
            xs.setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** PNG with a fast deflate level: plots are mostly white, so the size barely grows and encoding is several times quicker. */
    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                ImageWriteParam p = w.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.9f);
                w.setOutput(ios);
                w.write(null, new IIOImage(img, null, null), p);
            } finally {
                w.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String label(Axis a) {
        return a.unit().isEmpty() ? a.name() : a.name() + " (" + a.unit() + ")";
    }

    /** Keeps the minimum and maximum of each of {@code buckets} runs of points, in x order; short series pass through. */
    static double[][] thin(double[] x, double[] y, int buckets) {
        int n = Math.min(x.length, y.length);
        double[] xs = new double[Math.min(n, 2 * buckets)];
        double[] ys = new double[xs.length];
        int k = 0;
        if (n <= 2 * buckets) {
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    xs[k] = x[i];
                    ys[k++] = y[i];
                }
            }
            return new double[][] {java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k)};
        }
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) b * n / buckets);
            int hi = (int) ((long) (b + 1) * n / buckets);
            int imin = -1;
            int imax = -1;
            for (int i = lo; i < hi; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    continue;
                }
                if (imin < 0 || y[i] < y[imin]) imin = i;
                if (imax < 0 || y[i] > y[imax]) imax = i;
            }
            if (imin < 0) {
                continue;
            }
            int first = Math.min(imin, imax);
            int second = Math.max(imin, imax);
            xs[k] = x[first];
            ys[k++] = y[first];
            if (second != first) {
                xs[k] = x[second];
                ys[k++] = y[second];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k)};
    }
}
