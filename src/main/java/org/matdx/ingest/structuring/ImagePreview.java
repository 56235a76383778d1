package org.matdx.ingest.structuring;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.imaging.IntensityStatistics;
import org.matdx.imaging.Planes;

/**
 * The picture of a microscope signal: grey levels stretched between the 0.5th and 99.5th percentile
 * (so one hot pixel does not turn the image black), a calibrated scale bar of a round length (1, 2 or
 * 5 × 10ⁿ, about a fifth of the width) when the axes are lengths, and a thumbnail. Small images are
 * enlarged by whole pixels, large ones reduced, so the preview is between 256 and 1024 pixels wide.
 */
final class ImagePreview {
    static final int MAX = 1024;
    static final int MIN = 256;
    private static final Set<String> LENGTHS = Set.of("m", "mm", "µm", "um", "nm", "Å", "pm", "1/nm", "1 / nm", "1/Å");

    private ImagePreview() {
    }

    record Pictures(byte[] preview, byte[] thumbnail, String scaleBar) {
    }

    static Pictures render(Signal s) {
        return render(s, null);
    }

    /**
     * @param stats the statistics of the signal's values when already computed (their 0.5th and 99.5th
     *              percentiles and non-finite count serve a single image, saving two passes and a sort)
     */
    static Pictures render(Signal s, IntensityStatistics stats) {
        if (s.shorts() != null && s.signalAxes().size() == 2 && s.navigationAxes().isEmpty() && stats != null && stats.count() > 0) {
            return words(s, stats);
        }
        Planes p = Planes.view(s);
        if (p == null) {
            return null;
        }
        int w = p.width();
        int h = p.height();
        double zoom = Math.max(w, h) > MAX ? (double) MAX / Math.max(w, h) : Math.max(w, h) < MIN ? Math.floor((double) MIN / Math.max(w, h)) : 1;
        int ow = Math.max(1, (int) Math.round(w * zoom));
        int oh = Math.max(1, (int) Math.round(h * zoom));
        boolean colour = s.isColour() && s.signalAxes().size() == 2;
        double[] v = p.values();
        boolean samePlane = stats != null && s.signalAxes().size() == 2 && s.navigationAxes().isEmpty() && stats.count() > 0;
        boolean nan = samePlane ? stats.nonFinite() > 0 : !allFinite(v);
        double[] range = colour ? new double[] {0, 1} : samePlane ? range(stats.p005(), stats.p995(), stats.min(), stats.max()) : stretch(v);
        BufferedImage img;
        if (!colour && !nan) {
            // grey: one byte per pixel, written straight into the raster (a third of the time of setRGB and RGB PNG)
            img = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            double lo = range[0];
            double k = 255 / (range[1] - range[0]);
            if (ow == w && oh == h) {
                for (int i = 0; i < px.length; i++) {
                    px[i] = grey(v[i], lo, k);
                }
            } else {
                int[] sxs = new int[ow];
                for (int x = 0; x < ow; x++) {
                    sxs[x] = Math.min(w - 1, (int) (x / zoom));
                }
                for (int y = 0; y < oh; y++) {
                    int row = Math.min(h - 1, (int) (y / zoom)) * w;
                    for (int x = 0; x < ow; x++) {
                        px[y * ow + x] = grey(v[row + sxs[x]], lo, k);
                    }
                }
            }
            String bar = scaleBar(img, p.x(), zoom);
            return new Pictures(Plotter.png(img), Plotter.png(thumbnail(img)), bar);
        }
        img = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < oh; y++) {
            int sy = Math.min(h - 1, (int) (y / zoom));
            for (int x = 0; x < ow; x++) {
                int sx = Math.min(w - 1, (int) (x / zoom));
                double d = v[sy * w + sx];
                int rgb;
                if (colour) {
                    long packed = (long) d;
                    rgb = (int) ((packed >>> 8) & 0xFFFFFF);
                } else if (!Double.isFinite(d)) {
                    rgb = 0xC00000; // NaN shows red: missing data must not pass for black
                } else {
                    int g = (int) Math.round(255 * Math.max(0, Math.min(1, (d - range[0]) / (range[1] - range[0]))));
                    rgb = (g << 16) | (g << 8) | g;
                }
                img.setRGB(x, y, rgb);
            }
        }
        String bar = scaleBar(img, p.x(), zoom);
        BufferedImage thumb = thumbnail(img);
        return new Pictures(Plotter.png(img), Plotter.png(thumb), bar);
    }

    /**
     * A 16-bit image: each of the 2¹⁶ words has one grey level, so a table of them replaces the
     * arithmetic per pixel (the same levels {@link #grey} gives the widened values).
     */
    private static Pictures words(Signal s, IntensityStatistics stats) {
        SignalAxis x = s.signalAxes().get(1);
        int w = x.size();
        int h = s.signalAxes().get(0).size();
        double zoom = Math.max(w, h) > MAX ? (double) MAX / Math.max(w, h) : Math.max(w, h) < MIN ? Math.floor((double) MIN / Math.max(w, h)) : 1;
        int ow = Math.max(1, (int) Math.round(w * zoom));
        int oh = Math.max(1, (int) Math.round(h * zoom));
        double[] range = range(stats.p005(), stats.p995(), stats.min(), stats.max());
        double k = 255 / (range[1] - range[0]);
        boolean unsigned = s.unsignedShorts();
        byte[] table = new byte[1 << 16];
        for (int word = 0; word < table.length; word++) {
            table[word] = grey(unsigned ? word : (short) word, range[0], k);
        }
        short[] v = s.shorts();
        BufferedImage img = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (ow == w && oh == h) {
            for (int i = 0; i < px.length; i++) {
                px[i] = table[v[i] & 0xFFFF];
            }
        } else {
            int[] sxs = new int[ow];
            for (int c = 0; c < ow; c++) {
                sxs[c] = Math.min(w - 1, (int) (c / zoom));
            }
            for (int y = 0; y < oh; y++) {
                int row = Math.min(h - 1, (int) (y / zoom)) * w;
                for (int c = 0; c < ow; c++) {
                    px[y * ow + c] = table[v[row + sxs[c]] & 0xFFFF];
                }
            }
        }
        String bar = scaleBar(img, x, zoom);
        return new Pictures(Plotter.png(img), Plotter.png(thumbnail(img)), bar);
    }

    private static byte grey(double v, double lo, double k) {
        double g = (v - lo) * k;
        return (byte) (g <= 0 ? 0 : g >= 255 ? 255 : (int) (g + 0.5));
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** The grey-level stretch: low to high, or min to max when they coincide, or a unit range on a flat image. */
    private static double[] range(double lo, double hi, double min, double max) {
        if (hi <= lo) {
            lo = min;
            hi = max;
        }
        return new double[] {lo, hi > lo ? hi : lo + 1};
    }

    /** The 0.5th and 99.5th percentiles of the finite values (min and max when they coincide). */
    static double[] stretch(double[] v) {
        int step = Math.max(1, v.length >> 16);
        double[] sample = new double[(v.length + step - 1) / step];
        int n = 0;
        for (int i = 0; i < v.length; i += step) {
            if (Double.isFinite(v[i])) {
                sample[n++] = v[i];
            }
        }
        if (n == 0) {
            return new double[] {0, 1};
        }
        Arrays.sort(sample, 0, n);
        return range(sample[(int) Math.floor(0.005 * (n - 1))], sample[(int) Math.ceil(0.995 * (n - 1))], sample[0], sample[n - 1]);
    }

    /** Draws the bar and returns its label ("200 nm"), or null when the axis is not a length. */
    static String scaleBar(BufferedImage img, SignalAxis x, double zoom) {
        if (x == null || !LENGTHS.contains(x.units()) || !(x.scale() > 0)) {
            return null;
        }
        double pixel = x.scale() / zoom; // calibrated length of one preview pixel
        double target = img.getWidth() * pixel / 5;
        double exp = Math.pow(10, Math.floor(Math.log10(target)));
        double length = exp;
        for (double m : new double[] {1, 2, 5}) {
            if (m * exp <= target) {
                length = m * exp;
            }
        }
        int px = (int) Math.round(length / pixel);
        if (px < 4) {
            return null;
        }
        String label = number(length) + " " + x.units();
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int size = Math.max(11, img.getWidth() / 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = g.getFontMetrics();
        int margin = Math.max(6, img.getWidth() / 50);
        int barH = Math.max(3, size / 3);
        int x0 = margin;
        int y0 = img.getHeight() - margin - barH;
        int boxW = Math.max(px, fm.stringWidth(label)) + 8;
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(x0 - 4, y0 - fm.getAscent() - 8, boxW, fm.getAscent() + barH + 12);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.fillRect(x0, y0, px, barH);
        g.drawString(label, x0, y0 - 4);
        g.dispose();
        return label;
    }

    static String number(double v) {
        if (v >= 1 && v < 1e4 && v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+($|e)", "$1");
    }

    static BufferedImage thumbnail(BufferedImage img) {
        double f = Math.min((double) Plotter.THUMB_WIDTH / img.getWidth(), (double) Plotter.THUMB_HEIGHT / img.getHeight());
        int tw = Math.max(1, (int) Math.round(img.getWidth() * f));
        int th = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage t = new BufferedImage(tw, th, img.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = t.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, tw, th, null);
        g.dispose();
        return t;
    }
}
