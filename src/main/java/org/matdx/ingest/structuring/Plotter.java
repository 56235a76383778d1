package org.matdx.ingest.structuring;

import com.pngencoder.PngEncoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.Quantities;
import org.matdx.core.Series;

/**
 * Renders a series as a PNG line plot (and a small thumbnail) on the server, so an entry shows its
 * data in lists and exports without a browser. Drawn directly with Java2D: a general charting
 * library spent three times as long laying out the same axes, and plotting was most of the cost
 * of ingesting a small file (docs/BENCHMARKS.md). Long series are thinned to a min/max per pixel
 * column first, which keeps every peak visible and bounds the drawing cost.
 */
public final class Plotter {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    public static final int THUMB_WIDTH = 240;
    public static final int THUMB_HEIGHT = 150;

    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b)};
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color INK = new Color(0x333333);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    public record Images(byte[] plot, byte[] thumbnail) {
    }

    /** The plot and a thumbnail; the thumbnail is drawn on its own (the curve only), cheaper and sharper than a resample. */
    public Images render(Series s, String title) {
        Canvases c = CANVASES.get();
        return new Images(png(paint(s, title, c.plot)), png(thumbnail(s, c.thumbnail)));
    }

    /**
     * Each thread draws into images of its own, reused from file to file: an 800×500 RGB raster is
     * 1.6 MB, which G1 allocates as a humongous object, hundreds of times a second while ingesting.
     * Only {@link #render} uses them, and it has encoded both before it returns.
     */
    private static final class Canvases {
        final BufferedImage plot = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final BufferedImage thumbnail = new BufferedImage(THUMB_WIDTH, THUMB_HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static final ThreadLocal<Canvases> CANVASES = ThreadLocal.withInitial(Canvases::new);

    BufferedImage paint(Series s, String title, int width, int height) {
        return paint(s, title, new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB));
    }

    private BufferedImage paint(Series s, String title, BufferedImage img) {
        int width = img.getWidth();
        int height = img.getHeight();
        Graphics2D g = canvas(img);
        boolean hasTitle = title != null && !title.isBlank();
        boolean legend = s.y().size() > 1;
        Range xr = Range.ofX(s);
        Range yr = Range.ofY(s);
        Ticks xt = Ticks.nice(xr.lo, xr.hi, Math.max(3, width / 110));
        Ticks yt = Ticks.nice(yr.lo, yr.hi, Math.max(3, height / 70));
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int yLabelWidth = 0;
        for (double v = yt.first; v <= yt.last + yt.step / 2; v += yt.step) {
            yLabelWidth = Math.max(yLabelWidth, fm.stringWidth(yt.format(v)));
        }
        // plot area: room for the y title and tick labels on the left, x tick labels and title below
        int left = 14 + fm.getHeight() + yLabelWidth + 8;
        int right = width - 20;
        int top = hasTitle ? 16 + 2 * fm.getHeight() : 16;
        int bottom = height - (12 + 2 * fm.getHeight() + 6) - (legend ? fm.getHeight() + 8 : 0);
        Frame f = new Frame(left, top, right, bottom, xr.lo, xr.hi, yr.lo, yr.hi);

        g.setStroke(new BasicStroke(1f));
        // grid, ticks and frame crisp on the pixel grid; the curves and text stay antialiased
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (double v = xt.first; v <= xt.last + xt.step / 2; v += xt.step) {
            int px = f.px(v);
            g.setColor(GRID);
            g.drawLine(px, top, px, bottom);
            g.setColor(INK);
            g.drawLine(px, bottom, px, bottom + 4);
            String label = xt.format(v);
            g.drawString(label, px - fm.stringWidth(label) / 2, bottom + 6 + fm.getAscent());
        }
        for (double v = yt.first; v <= yt.last + yt.step / 2; v += yt.step) {
            int py = f.py(v);
            g.setColor(GRID);
            g.drawLine(left, py, right, py);
            g.setColor(INK);
            g.drawLine(left - 4, py, left, py);
            String label = yt.format(v);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(INK);
        g.drawRect(left, top, right - left, bottom - top);
        String xTitle = label(s.x());
        g.drawString(xTitle, (left + right - fm.stringWidth(xTitle)) / 2, bottom + 6 + fm.getHeight() + fm.getAscent() + 4);
        if (!legend && !s.y().isEmpty()) {
            String yTitle = label(s.y().get(0));
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yTitle, -(top + bottom + fm.stringWidth(yTitle)) / 2, 12 + fm.getAscent());
            g.setTransform(saved);
        }
        if (hasTitle) {
            g.setFont(TITLE);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(title, (width - tm.stringWidth(title)) / 2, 12 + tm.getAscent());
            g.setFont(LABEL);
        }

        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setClip(left + 1, top + 1, right - left - 1, bottom - top - 1);
        drawSeries(g, s, f, 1.3f);
        g.setClip(null);
        if (legend) {
            int lx = left;
            int ly = height - 10 - fm.getDescent();
            for (int i = 0; i < s.y().size(); i++) {
                String name = s.y().get(i).name().isEmpty() ? "y" + (i + 1) : label(s.y().get(i));
                g.setColor(PALETTE[i % PALETTE.length]);
                g.fillRect(lx, ly - fm.getAscent() / 2 - 2, 18, 4);
                g.setColor(INK);
                g.drawString(name, lx + 24, ly);
                lx += 24 + fm.stringWidth(name) + 20;
            }
        }
        g.dispose();
        return img;
    }

    BufferedImage thumbnail(Series s, int width, int height) {
        return thumbnail(s, new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB));
    }

    private BufferedImage thumbnail(Series s, BufferedImage img) {
        int width = img.getWidth();
        int height = img.getHeight();
        Graphics2D g = canvas(img);
        Range xr = Range.ofX(s);
        Range yr = Range.ofY(s);
        Frame f = new Frame(4, 4, width - 5, height - 5, xr.lo, xr.hi, yr.lo, yr.hi);
        g.setColor(GRID);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.drawRect(f.left, f.top, f.right - f.left, f.bottom - f.top);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawSeries(g, s, f, 1f);
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    private static void drawSeries(Graphics2D g, Series s, Frame f, float width) {
        // min and max per pixel column: every peak stays visible, and drawing cost no longer grows with the scan
        int buckets = Math.max(50, f.right - f.left);
        double[] x = s.x().valuesUnsafe();
        for (int i = 0; i < s.y().size(); i++) {
            double[][] thin = thin(x, s.y().get(i).valuesUnsafe(), buckets);
            // a dense scan becomes a min/max envelope one pixel column wide: plain 1-px lines show it as well as an
            // antialiased stroke and cost a fifth; sparse curves keep the smooth stroke
            boolean dense = thin[0].length >= buckets;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, dense ? RenderingHints.VALUE_ANTIALIAS_OFF : RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(dense ? new BasicStroke(1f) : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, thin[0].length);
            for (int k = 0; k < thin[0].length; k++) {
                double px = f.x(thin[0][k]);
                double py = f.y(thin[1][k]);
                if (k == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
            }
            g.setColor(PALETTE[i % PALETTE.length]);
            g.draw(path);
        }
    }

    /**
     * PNG at a fast deflate level: plots are mostly white, so the size barely grows and encoding is
     * several times quicker. A plot has a few hundred colours at most (palette, grey, their
     * antialiased blends), so it is written as an exact palette image whenever it can be: a third of
     * the bytes to deflate, half the file. Deflating is most of the cost of a plot (docs/BENCHMARKS.md).
     */
    static byte[] png(BufferedImage img) {
        if (GreyPng.applies(img)) {
            return GreyPng.encode(img);
        }
        BufferedImage indexed = exactPalette(img);
        return new PngEncoder().withBufferedImage(indexed != null ? indexed : img).withTryIndexedEncoding(indexed != null)
                .withCompressionLevel(1).withMultiThreadedCompressionEnabled(false).toBytes();
    }

    /** The RGB image as an 8-bit palette image with exactly its colours, or null when it has more than 256. */
    static BufferedImage exactPalette(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_INT_RGB
                || !(img.getRaster().getDataBuffer() instanceof DataBufferInt buffer)
                || buffer.getNumBanks() != 1 || img.getRaster().getParent() != null) {
            return null;
        }
        int[] pixels = buffer.getData();
        int[] keys = new int[1024]; // open addressing, colour → palette index; 1024 slots keep 256 colours sparse
        byte[] slots = new byte[1024];
        Arrays.fill(keys, -1);
        int[] colours = new int[256];
        int n = 0;
        byte[] index = new byte[pixels.length];
        for (int i = 0; i < pixels.length; ) {
            int rgb = pixels[i] & 0xFFFFFF;
            int h = (rgb * 0x9E3779B1) >>> 22;
            while (keys[h] != rgb && keys[h] != -1) {
                h = (h + 1) & 1023;
            }
            if (keys[h] == -1) {
                if (n == 256) {
                    return null;
                }
                keys[h] = rgb;
                slots[h] = (byte) n;
                colours[n++] = rgb;
            }
            // runs of one colour (most of a plot is white background) are filled without lookups
            int end = i + 1;
            while (end < pixels.length && (pixels[end] & 0xFFFFFF) == rgb) {
                end++;
            }
            Arrays.fill(index, i, end, slots[h]);
            i = end;
        }
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            r[i] = (byte) (colours[i] >> 16);
            g[i] = (byte) (colours[i] >> 8);
            b[i] = (byte) colours[i];
        }
        var raster = Raster.createInterleavedRaster(new DataBufferByte(index, index.length),
                img.getWidth(), img.getHeight(), img.getWidth(), 1, new int[] {0}, null);
        return new BufferedImage(new IndexColorModel(8, n, r, g, b), raster, false, null);
    }

    static String label(Axis a) {
        String unit = Quantities.displayUnit(a.unit());
        String name = Quantities.displayName(a.name());
        return unit.isEmpty() ? name : name + " (" + unit + ")";
    }

    /** Data coordinates to pixels; y grows upwards. */
    private record Frame(int left, int top, int right, int bottom, double x0, double x1, double y0, double y1) {
        double x(double v) {
            return left + (v - x0) / (x1 - x0) * (right - left);
        }

        double y(double v) {
            return bottom - (v - y0) / (y1 - y0) * (bottom - top);
        }

        int px(double v) {
            return (int) Math.round(x(v));
        }

        int py(double v) {
            return (int) Math.round(y(v));
        }
    }

    /** The finite extent of the x axis, or of all y axes of a series padded by 5 %, so flat lines and peaks stay inside. */
    record Range(double lo, double hi) {
        static Range ofX(Series s) {
            return of(List.of(s.x()), 0);
        }

        static Range ofY(Series s) {
            return of(s.y(), 0.05);
        }

        private static Range of(List<Axis> axes, double pad) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Axis a : axes) {
                for (double v : a.valuesUnsafe()) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (lo > hi) {
                return new Range(0, 1);
            }
            if (hi - lo <= Math.abs(hi) * 1e-12) {
                double flat = Math.max(Math.abs(hi) * 0.05, 1);
                return new Range(lo - flat, hi + flat);
            }
            return new Range(lo - (hi - lo) * pad, hi + (hi - lo) * pad);
        }
    }

    /** Axis ticks at 1, 2, 2.5 or 5 × 10^k, as a reader of plots expects them. */
    record Ticks(double first, double last, double step, int decimals) {
        static Ticks nice(double lo, double hi, int target) {
            double raw = (hi - lo) / target;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            double step = (norm < 1.5 ? 1 : norm < 2.25 ? 2 : norm < 3.5 ? 2.5 : norm < 7.5 ? 5 : 10) * mag;
            double first = Math.ceil(lo / step - 1e-9) * step;
            double last = Math.floor(hi / step + 1e-9) * step;
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9) + (norm >= 2.25 && norm < 3.5 ? 1 : 0));
            return new Ticks(first, last, step, Math.min(decimals, 10));
        }

        String format(double v) {
            if (step >= 1e6 || step < 1e-4) { // counts in the millions, currents in nA: scientific notation stays short
                return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
            }
            String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
            return s.startsWith("-") && s.chars().allMatch(ch -> ch == '-' || ch == '0' || ch == '.') ? s.substring(1) : s; // no "-0.0"
        }
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
            return new double[][] {Arrays.copyOf(xs, k), Arrays.copyOf(ys, k)};
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
        return new double[][] {Arrays.copyOf(xs, k), Arrays.copyOf(ys, k)};
    }
}
