package org.matdx.imaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Particle (or grain) segmentation of a micrograph and its size distribution in calibrated units.
 *
 * <p>Steps, as a microscopist would do them by hand in ImageJ: Otsu's threshold (the grey level that
 * maximises the between-class variance of the histogram, Otsu 1979) separates particles from
 * background; touching particles are split by a marker-controlled watershed on the Euclidean
 * distance to the background (markers: the distance map's regional maxima, at least
 * {@code minSeparation} pixels apart); regions touching the image border are left out (their size is
 * unknown) as are regions smaller than {@code minPixels} (noise).
 *
 * <p>Each particle's size is its area-equivalent circular diameter and its minimum Feret diameter
 * (the narrowest caliper width, measured over 180 directions 1° apart). The EU definition of a
 * nanomaterial (Commission Recommendation 2022/C 229/01) asks whether at least half the particles
 * by number have an external dimension between 1 and 100 nm: the minimum Feret diameter is that
 * smallest external dimension.
 */
public final class Particles {
    private Particles() {
    }

    /** How to segment. {@code bright}: particles brighter than the background (HAADF, SE); else darker (bright-field TEM). */
    public record Settings(boolean bright, int minPixels, double minSeparation, boolean split, boolean excludeBorder) {
        public static final Settings DEFAULT = new Settings(true, 9, 3.0, true, true);
    }

    /** One particle, sizes in the image's calibrated unit. */
    public record Particle(int label, int pixels, double area, double equivalentDiameter, double minFeret, double maxFeret,
                           double centroidX, double centroidY) {
    }

    /**
     * @param threshold  Otsu's grey level
     * @param labels     per pixel: 0 background, -1 a particle left out (border, too small), else its label
     * @param nanoFraction the fraction of particles whose minimum Feret diameter is 1–100 nm (NaN when the unit is not a length)
     */
    public record Result(double threshold, List<Particle> particles, int[] labels, int leftOut, String unit, double nanoFraction) {
        public int count() {
            return particles.size();
        }

        public double medianEquivalentDiameter() {
            return median(particles.stream().mapToDouble(Particle::equivalentDiameter).toArray());
        }

        public double medianMinFeret() {
            return median(particles.stream().mapToDouble(Particle::minFeret).toArray());
        }

        /** The EU nanomaterial check: at least 50 % by number with a smallest external dimension in 1–100 nm. */
        public Boolean euNanomaterial() {
            return Double.isNaN(nanoFraction) || particles.isEmpty() ? null : nanoFraction >= 0.5;
        }
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Otsu's threshold over 256 bins between the finite minimum and maximum. */
    public static double otsu(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        if (!(max > min)) {
            return min;
        }
        int bins = 256;
        long[] h = new long[bins];
        long n = 0;
        for (double d : v) {
            if (Double.isFinite(d)) {
                h[(int) Math.min(bins - 1, (d - min) / (max - min) * bins)]++;
                n++;
            }
        }
        double sumAll = 0;
        for (int i = 0; i < bins; i++) {
            sumAll += i * (double) h[i];
        }
        double sumB = 0;
        long wB = 0;
        double best = -1;
        int bestBin = 0;
        for (int t = 0; t < bins - 1; t++) {
            wB += h[t];
            if (wB == 0) {
                continue;
            }
            long wF = n - wB;
            if (wF == 0) {
                break;
            }
            sumB += t * (double) h[t];
            double mB = sumB / wB;
            double mF = (sumAll - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                bestBin = t;
            }
        }
        return min + (bestBin + 1) * (max - min) / bins; // upper edge of the background class
    }

    /**
     * Segments an image of {@code width × height} values with pixel sizes {@code sx}, {@code sy} in {@code unit}.
     */
    public static Result segment(double[] v, int width, int height, double sx, double sy, String unit, Settings s) {
        if (v.length != (long) width * height) {
            throw new IllegalArgumentException("an image of " + width + "×" + height + " needs " + (long) width * height + " values, not " + v.length);
        }
        double t = otsu(v);
        boolean[] fg = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            fg[i] = Double.isFinite(v[i]) && (s.bright() ? v[i] > t : v[i] < t);
        }
        int[] labels = s.split() ? watershed(fg, width, height, s.minSeparation()) : components(fg, width, height);
        int maxLabel = 0;
        for (int l : labels) {
            maxLabel = Math.max(maxLabel, l);
        }
        int[] count = new int[maxLabel + 1];
        boolean[] border = new boolean[maxLabel + 1];
        double[] cx = new double[maxLabel + 1];
        double[] cy = new double[maxLabel + 1];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int l = labels[y * width + x];
                if (l > 0) {
                    count[l]++;
                    cx[l] += x;
                    cy[l] += y;
                    if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
                        border[l] = true;
                    }
                }
            }
        }
        // caliper widths from the pixel corners of each particle's boundary, over 180 directions
        int dirs = 180;
        double[][] lo = new double[maxLabel + 1][dirs];
        double[][] hi = new double[maxLabel + 1][dirs];
        for (double[] r : lo) {
            Arrays.fill(r, Double.POSITIVE_INFINITY);
        }
        for (double[] r : hi) {
            Arrays.fill(r, Double.NEGATIVE_INFINITY);
        }
        double[] cos = new double[dirs];
        double[] sin = new double[dirs];
        for (int k = 0; k < dirs; k++) {
            cos[k] = Math.cos(Math.PI * k / dirs);
            sin[k] = Math.sin(Math.PI * k / dirs);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int l = labels[y * width + x];
                if (l <= 0 || count[l] < s.minPixels() || (s.excludeBorder() && border[l])) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == width - 1 || y == height - 1 || labels[y * width + x - 1] != l
                        || labels[y * width + x + 1] != l || labels[(y - 1) * width + x] != l || labels[(y + 1) * width + x] != l;
                if (!edge) {
                    continue;
                }
                for (int c = 0; c < 4; c++) {
                    double px = (x + (c & 1)) * sx;
                    double py = (y + (c >> 1)) * sy;
                    for (int k = 0; k < dirs; k++) {
                        double p = px * cos[k] + py * sin[k];
                        if (p < lo[l][k]) {
                            lo[l][k] = p;
                        }
                        if (p > hi[l][k]) {
                            hi[l][k] = p;
                        }
                    }
                }
            }
        }
        List<Particle> out = new ArrayList<>();
        int leftOut = 0;
        int[] relabel = new int[maxLabel + 1];
        for (int l = 1; l <= maxLabel; l++) {
            if (count[l] == 0) {
                continue;
            }
            if (count[l] < s.minPixels() || (s.excludeBorder() && border[l])) {
                relabel[l] = -1;
                leftOut++;
                continue;
            }
            double minF = Double.POSITIVE_INFINITY;
            double maxF = 0;
            for (int k = 0; k < dirs; k++) {
                double w = hi[l][k] - lo[l][k];
                minF = Math.min(minF, w);
                maxF = Math.max(maxF, w);
            }
            double area = count[l] * sx * sy;
            relabel[l] = out.size() + 1;
            out.add(new Particle(out.size() + 1, count[l], area, 2 * Math.sqrt(area / Math.PI), minF, maxF,
                    (cx[l] / count[l] + 0.5) * sx, (cy[l] / count[l] + 0.5) * sy));
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labels[i] > 0 ? relabel[labels[i]] : 0;
        }
        double toNm = nanometres(unit);
        double nano = Double.NaN;
        if (!Double.isNaN(toNm) && !out.isEmpty()) {
            long in = out.stream().filter(p -> p.minFeret() * toNm >= 1 && p.minFeret() * toNm <= 100).count();
            nano = (double) in / out.size();
        }
        return new Result(t, List.copyOf(out), labels, leftOut, unit, nano);
    }

    /** Nanometres per unit, NaN for a unit that is not a length. */
    public static double nanometres(String unit) {
        return switch (unit == null ? "" : unit) {
            case "m" -> 1e9;
            case "mm" -> 1e6;
            case "µm", "um" -> 1e3;
            case "nm" -> 1;
            case "Å" -> 0.1;
            case "pm" -> 1e-3;
            default -> Double.NaN;
        };
    }

    /** 8-connected components of the foreground, labelled 1, 2, … in scan order. */
    static int[] components(boolean[] fg, int w, int h) {
        int[] labels = new int[fg.length];
        int next = 0;
        int[] stack = new int[fg.length];
        for (int i = 0; i < fg.length; i++) {
            if (!fg[i] || labels[i] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = i;
            labels[i] = next;
            while (top > 0) {
                int p = stack[--top];
                int px = p % w;
                int py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        int ny = py + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (fg[q] && labels[q] == 0) {
                            labels[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /**
     * Euclidean distance of each foreground pixel to the nearest background pixel (Felzenszwalb and
     * Huttenlocher's exact separable transform, 2012), in pixels.
     */
    static double[] distance(boolean[] fg, int w, int h) {
        double inf = 1e20;
        double[] f = new double[fg.length];
        for (int i = 0; i < fg.length; i++) {
            f[i] = fg[i] ? inf : 0;
        }
        double[] col = new double[Math.max(w, h)];
        double[] d = new double[Math.max(w, h)];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                col[y] = f[y * w + x];
            }
            edt1(col, h, d);
            for (int y = 0; y < h; y++) {
                f[y * w + x] = d[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(f, y * w, col, 0, w);
            edt1(col, w, d);
            for (int x = 0; x < w; x++) {
                f[y * w + x] = Math.sqrt(d[x]);
            }
        }
        return f;
    }

    private static void edt1(double[] f, int n, double[] d) {
        int[] v = new int[n];
        double[] z = new double[n + 1];
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            while (s <= z[k]) {
                k--;
                s = ((f[q] + (double) q * q) - (f[v[k]] + (double) v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            d[q] = (q - v[k]) * (double) (q - v[k]) + f[v[k]];
        }
    }

    /**
     * Marker-controlled watershed on the negated distance map: each marker (a regional maximum of the
     * distance, merged with others closer than {@code minSeparation}) floods its basin in order of
     * decreasing distance; pixels reached by two basins go to the first, which leaves a one-pixel cut.
     */
    static int[] watershed(boolean[] fg, int w, int h, double minSeparation) {
        double[] dist = distance(fg, w, h);
        int[] comp = components(fg, w, h);
        // candidate markers: pixels not lower than any 8-neighbour, strongest first
        List<Integer> peaks = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!fg[i]) {
                    continue;
                }
                boolean max = true;
                for (int dy = -1; dy <= 1 && max; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h && dist[ny * w + nx] > dist[i]) {
                            max = false;
                            break;
                        }
                    }
                }
                if (max) {
                    peaks.add(i);
                }
            }
        }
        peaks.sort((a, b) -> Double.compare(dist[b], dist[a]));
        int[] labels = new int[fg.length];
        List<int[]> kept = new ArrayList<>();
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> Double.compare(Double.longBitsToDouble(b[0]), Double.longBitsToDouble(a[0])));
        for (int p : peaks) {
            int px = p % w;
            int py = p / w;
            boolean near = false;
            for (int[] k : kept) {
                // two maxima of one particle's plateau or ridge are one marker when closer than the
                // separation or than the smaller of their distances to the background (they lie in one disc)
                double dd = Math.hypot(k[0] - px, k[1] - py);
                if (k[2] == comp[p] && (dd < minSeparation || dd < Math.min(dist[p], dist[k[1] * w + k[0]]))) {
                    near = true;
                    break;
                }
            }
            if (near) {
                continue;
            }
            kept.add(new int[] {px, py, comp[p]});
            labels[p] = kept.size();
            queue.add(new long[] {Double.doubleToLongBits(dist[p]), p});
        }
        while (!queue.isEmpty()) {
            long[] e = queue.poll();
            int p = (int) e[1];
            int px = p % w;
            int py = p / w;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = px + dx;
                    int ny = py + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                        continue;
                    }
                    int q = ny * w + nx;
                    if (fg[q] && labels[q] == 0) {
                        labels[q] = labels[p];
                        queue.add(new long[] {Double.doubleToLongBits(dist[q]), q});
                    }
                }
            }
        }
        return labels;
    }
}
