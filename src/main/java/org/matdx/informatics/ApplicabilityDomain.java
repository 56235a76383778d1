package org.matdx.informatics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Where a model's predictions can be trusted: the region of composition space its training rows
 * cover. A query is outside when it holds an element no training composition held, lacks an
 * element every training composition held (a metal asked of a model of oxides), has feature values
 * beyond the training range by more than {@value #RANGE_MARGIN} of that range, or lies farther from
 * its nearest training row (Euclidean, in features standardised over the training rows) than
 * {@value #NEIGHBOUR_QUANTILE} of the training rows lie from their own nearest neighbour — the
 * distance-to-training-set measure of the QSAR applicability-domain literature (Sahigara et al.,
 * Molecules 17 (2012) 4791, "k-nearest neighbours" approach with k = 1).
 *
 * <p>It is built from the training compositions, so it is only ever offered to callers who may
 * read the training rows; a model fed by model-use-only rows is not checked at all
 * ({@link Verdict#unchecked}), since a nearest-neighbour distance of zero would name a training row.
 */
public final class ApplicabilityDomain {
    /** How far beyond the training range, as a share of that range, a feature may go. */
    static final double RANGE_MARGIN = 0.10;
    /** The share of training rows whose nearest-neighbour distance the threshold covers. */
    static final double NEIGHBOUR_QUANTILE = 0.95;
    /** Above this many training rows the distance is measured to a seeded sample of them. */
    static final int MAX_REFERENCE = 2000;
    private static final int FEATURES_NAMED = 3;

    private final List<String> names;
    private final Set<String> elements;
    private final Set<String> everywhere;
    private final double[] min;
    private final double[] max;
    private final double[] mean;
    private final double[] sd;
    /** Standardised reference rows, row-major over the features with spread. */
    private final double[][] reference;
    private final int[] spread;
    private final double threshold;
    private final int rows;

    /**
     * Whether a prediction's composition lies in the domain. {@code checked} false says why not
     * ({@code note}); otherwise {@code inDomain} with the reasons it is outside (empty when inside),
     * the distance to the nearest training row and the threshold it was compared with.
     */
    public record Verdict(boolean checked, boolean inDomain, List<String> reasons, double distance, double threshold,
                          String note) {
        public static Verdict unchecked(String why) {
            return new Verdict(false, true, List.of(), Double.NaN, Double.NaN, why);
        }

        public ObjectNode toJson() {
            ObjectNode n = Json.object().put("checked", checked);
            if (!checked) {
                return n.put("reason", note);
            }
            n.put("in_domain", inDomain);
            n.putArray("reasons").addAll(reasons.stream().map(StringNode::valueOf).toList());
            if (Double.isFinite(distance)) {
                n.put("nearest_training_distance", distance).put("threshold", threshold);
            }
            return n;
        }
    }

    private ApplicabilityDomain(List<String> names, Set<String> elements, Set<String> everywhere, double[] min, double[] max,
                                double[] mean, double[] sd, int[] spread, double[][] reference, double threshold, int rows) {
        this.names = names;
        this.elements = elements;
        this.everywhere = everywhere;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.sd = sd;
        this.spread = spread;
        this.reference = reference;
        this.threshold = threshold;
        this.rows = rows;
    }

    /** The domain of the training rows {@code x} (row-major, NaN: missing) of these compositions. */
    public static ApplicabilityDomain of(List<String> names, List<Composition> training, float[] x, long seed) {
        int n = training.size();
        int d = names.size();
        if (n < 2 || x.length != n * d) {
            throw new IllegalArgumentException("a domain needs at least two training rows with their features");
        }
        Set<String> elements = new TreeSet<>();
        Set<String> everywhere = new TreeSet<>(training.get(0).symbols());
        for (Composition c : training) {
            elements.addAll(c.symbols());
            everywhere.retainAll(c.symbols());
        }
        double[] min = new double[d];
        double[] max = new double[d];
        double[] mean = new double[d];
        double[] sd = new double[d];
        List<Integer> withSpread = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int i = 0; i < n; i++) {
                double v = x[i * d + j];
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    sum += v;
                    count++;
                }
            }
            min[j] = lo;
            max[j] = hi;
            mean[j] = count == 0 ? Double.NaN : sum / count;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = x[i * d + j];
                if (Double.isFinite(v)) {
                    ss += (v - mean[j]) * (v - mean[j]);
                }
            }
            sd[j] = count < 2 ? 0 : Math.sqrt(ss / (count - 1));
            if (sd[j] > 1e-12 && count == n) {
                withSpread.add(j);
            }
        }
        int[] spread = withSpread.stream().mapToInt(Integer::intValue).toArray();
        int[] chosen = sample(n, MAX_REFERENCE, seed);
        double[][] reference = new double[chosen.length][];
        for (int r = 0; r < chosen.length; r++) {
            reference[r] = standardised(x, chosen[r] * d, spread, mean, sd);
        }
        // each reference row's distance to its nearest other reference row
        double[] nn = new double[reference.length];
        for (int a = 0; a < reference.length; a++) {
            double best = Double.POSITIVE_INFINITY;
            for (int b = 0; b < reference.length; b++) {
                if (a != b) {
                    best = Math.min(best, distance(reference[a], reference[b], best));
                }
            }
            nn[a] = best;
        }
        Arrays.sort(nn);
        double threshold = quantile(nn, NEIGHBOUR_QUANTILE);
        return new ApplicabilityDomain(List.copyOf(names), elements, everywhere, min, max, mean, sd, spread, reference,
                threshold, n);
    }

    /** The verdict for one composition with its feature row {@code x[offset … offset + d)}. */
    public Verdict check(Composition c, float[] x, int offset) {
        List<String> reasons = new ArrayList<>();
        Set<String> unseen = new TreeSet<>(c.symbols());
        unseen.removeAll(elements);
        if (!unseen.isEmpty()) {
            reasons.add("element" + (unseen.size() > 1 ? "s " : " ") + String.join(", ", unseen)
                    + (unseen.size() > 1 ? " are" : " is") + " in none of the " + rows + " training compositions");
        }
        Set<String> missing = new TreeSet<>(everywhere);
        missing.removeAll(c.symbols());
        if (!missing.isEmpty()) {
            reasons.add("every training composition contains " + String.join(", ", missing) + "; this one does not");
        }
        record Beyond(String name, double excess, double value, double lo, double hi) {
        }
        List<Beyond> beyond = new ArrayList<>();
        for (int j : spread) {
            double v = x[offset + j];
            double margin = RANGE_MARGIN * (max[j] - min[j]);
            if (Double.isFinite(v) && (v < min[j] - margin || v > max[j] + margin)) {
                double excess = (v < min[j] ? min[j] - v : v - max[j]) / (max[j] - min[j]);
                beyond.add(new Beyond(names.get(j), excess, v, min[j], max[j]));
            }
        }
        if (!beyond.isEmpty()) {
            beyond.sort(Comparator.comparingDouble(b -> -b.excess()));
            StringBuilder s = new StringBuilder().append(beyond.size()).append(" feature")
                    .append(beyond.size() > 1 ? "s" : "").append(" beyond the training range by more than ")
                    .append(Math.round(RANGE_MARGIN * 100)).append(" % of it: ");
            for (int i = 0; i < Math.min(FEATURES_NAMED, beyond.size()); i++) {
                Beyond b = beyond.get(i);
                s.append(i > 0 ? "; " : "").append(b.name()).append(" = ").append(fmt(b.value()))
                        .append(" (training ").append(fmt(b.lo())).append(" to ").append(fmt(b.hi())).append(')');
            }
            reasons.add(s.toString());
        }
        double[] q = standardised(x, offset, spread, mean, sd);
        double nearest = Double.POSITIVE_INFINITY;
        for (double[] r : reference) {
            nearest = Math.min(nearest, distance(q, r, nearest));
        }
        if (nearest > threshold) {
            reasons.add("farther from the nearest training composition (" + fmt(nearest) + ") than "
                    + Math.round(NEIGHBOUR_QUANTILE * 100) + " % of training compositions are from theirs (" + fmt(threshold)
                    + "), in standardised features");
        }
        return new Verdict(true, reasons.isEmpty(), List.copyOf(reasons), nearest, threshold, null);
    }

    /** What the card says of the domain (to callers who may read the training rows). */
    public ObjectNode describe() {
        ObjectNode n = Json.object().put("checked", true)
                .put("method", "elements seen in training; elements in every training composition; feature ranges (margin "
                        + Math.round(RANGE_MARGIN * 100) + " % of the range); distance to the nearest training row in "
                        + "standardised features against the " + Math.round(NEIGHBOUR_QUANTILE * 100)
                        + " % quantile of the training rows' own nearest-neighbour distances")
                .put("training_rows", rows).put("reference_rows", reference.length)
                .put("distance_threshold", threshold).put("features_compared", spread.length);
        n.putArray("elements").addAll(elements.stream().map(StringNode::valueOf).toList());
        n.putArray("in_every_composition").addAll(everywhere.stream().map(StringNode::valueOf).toList());
        return n;
    }

    private static double[] standardised(float[] x, int offset, int[] spread, double[] mean, double[] sd) {
        double[] z = new double[spread.length];
        for (int k = 0; k < spread.length; k++) {
            int j = spread[k];
            double v = x[offset + j];
            // a missing value sits at the training mean: it neither helps nor hurts the distance
            z[k] = Double.isFinite(v) ? (v - mean[j]) / sd[j] : 0;
        }
        return z;
    }

    /** Euclidean distance, abandoned once it exceeds {@code bound} (it can then only be larger). */
    private static double distance(double[] a, double[] b, double bound) {
        double limit = bound * bound;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
            if (s > limit) {
                return Math.sqrt(s);
            }
        }
        return Math.sqrt(s);
    }

    private static int[] sample(int n, int most, long seed) {
        int[] all = IntStream.range(0, n).toArray();
        if (n <= most) {
            return all;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < most; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, most);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
