package org.matdx.ingest.structuring;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    public Images render(Series s, String title) {
        return new Images(png(s, title, WIDTH, HEIGHT, false), png(s, title, THUMB_WIDTH, THUMB_HEIGHT, true));
    }

    byte[] png(Series s, String title, int width, int height, boolean thumbnail) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(thumbnail ? "" : title == null ? "" : title)
                .xAxisTitle(thumbnail ? "" : label(s.x()))
                .yAxisTitle(thumbnail || s.y().isEmpty() ? "" : label(s.y().get(0))).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendVisible(!thumbnail && s.y().size() > 1);
        st.setAntiAlias(!thumbnail);
        st.setPlotGridLinesVisible(!thumbnail);
        st.setChartTitleVisible(!thumbnail && title != null && !title.isEmpty());
        st.setAxisTicksVisible(!thumbnail);
        st.setAxisTitlesVisible(!thumbnail);
        st.setMarkerSize(0);
        int columns = Math.max(50, width);
        double[] x = s.x().valuesUnsafe();
        for (Axis y : s.y()) {
            double[][] thin = thin(x, y.valuesUnsafe(), columns);
            XYSeries xs = chart.addSeries(y.name().isEmpty() ? "y" : y.name(), thin[0], thin[1]);
            xs.setMarker(SeriesMarkers.NONE);
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String label(Axis a) {
        return a.unit().isEmpty() ? a.name() : a.name() + " (" + a.unit() + ")";
    }

    /** Keeps the first, minimum, maximum and last point of each of {@code columns} buckets, in x order. */
    static double[][] thin(double[] x, double[] y, int columns) {
        int n = Math.min(x.length, y.length);
        if (n <= columns * 4) {
            double[] xs = new double[n];
            double[] ys = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    xs[k] = x[i];
                    ys[k++] = y[i];
                }
            }
            return new double[][] {java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k)};
        }
        double[] xs = new double[columns * 4];
        double[] ys = new double[columns * 4];
        int k = 0;
        for (int b = 0; b < columns; b++) {
            int lo = (int) ((long) b * n / columns);
            int hi = (int) ((long) (b + 1) * n / columns);
            int imin = lo;
            int imax = lo;
            for (int i = lo; i < hi; i++) {
                if (y[i] < y[imin]) imin = i;
                if (y[i] > y[imax]) imax = i;
            }
            int[] pick = {lo, Math.min(imin, imax), Math.max(imin, imax), hi - 1};
            int last = -1;
            for (int i : pick) {
                if (i != last && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    xs[k] = x[i];
                    ys[k++] = y[i];
                    last = i;
                }
            }
        }
        return new double[][] {java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k)};
    }
}
