package org.matdx.privacy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model trained by {@link DpGbdt}: complete binary trees of one depth whose splits sit on fixed
 * {@link FeatureBins} edges and whose leaves carry noisy values, summed in a normalised target
 * space ({@code y = transform⁻¹(mid + half·F)}) and clipped to the target range. Everything
 * here is the output of an ε-DP mechanism (or chosen without the data), so it may be published.
 *
 * <p>A missing feature value (NaN) goes left.
 */
public final class PrivateTrees {
    private static final int MAGIC = 0x4d445054; // "MDPT"
    /**
     * 1: no transform, range mid ± half; 2: adds the transform and the range in the target's unit;
     * 3: format 2 followed by a gate (a hurdle), itself an artifact of format 2.
     */
    private static final int FORMAT = 2;
    private static final int FORMAT_GATED = 3;

    /** How the target was mapped before scaling; fixed by public settings, never by the rows. */
    public enum Transform {
        NONE, LOG1P;

        double forward(double y) {
            return this == LOG1P ? Math.log1p(y) : y;
        }

        double inverse(double t) {
            return this == LOG1P ? Math.expm1(t) : t;
        }
    }

    private final int depth;
    private final int features;
    private final double start;
    private final double mid;
    private final double half;
    private final Transform transform;
    private final double low;
    private final double high;
    private final List<int[]> splitFeature;
    private final List<float[]> splitAt;
    private final List<double[]> leaves;
    /** A hurdle's gate (federated trees, org.matdx.federated): where its score is ≤ 0 the model predicts 0; or null. */
    private PrivateTrees gate;

    PrivateTrees(int depth, int features, double start, double mid, double half, Transform transform, double low,
                 double high) {
        this.depth = depth;
        this.features = features;
        this.start = start;
        this.mid = mid;
        this.half = half;
        this.transform = transform;
        this.low = low;
        this.high = high;
        this.splitFeature = new ArrayList<>();
        this.splitAt = new ArrayList<>();
        this.leaves = new ArrayList<>();
    }

    /**
     * Trees grown elsewhere (federated training, org.matdx.federated) in this artifact's shape:
     * complete trees of {@code depth}, {@code 2^depth − 1} splits and {@code 2^depth} leaves each.
     */
    public static PrivateTrees of(int depth, int features, double start, double mid, double half, Transform transform,
                                  double low, double high, List<int[]> splitFeature, List<float[]> splitAt, List<double[]> leaves) {
        int internal = (1 << depth) - 1;
        if (splitFeature.size() != splitAt.size() || splitAt.size() != leaves.size()) {
            throw new IllegalArgumentException("as many split lists as leaf lists");
        }
        PrivateTrees m = new PrivateTrees(depth, features, start, mid, half, transform, low, high);
        for (int t = 0; t < leaves.size(); t++) {
            if (splitFeature.get(t).length != internal || splitAt.get(t).length != internal || leaves.get(t).length != internal + 1) {
                throw new IllegalArgumentException("tree " + t + " is not a complete tree of depth " + depth);
            }
            m.add(splitFeature.get(t).clone(), splitAt.get(t).clone(), leaves.get(t).clone());
        }
        return m;
    }

    /**
     * This model behind a gate: a row whose gate score (the gate's prediction, in [−1, 1]) is not
     * above 0 is predicted as 0 (clipped to the range), the others as before — a hurdle for
     * targets with many exact zeros.
     */
    public PrivateTrees withGate(PrivateTrees g) {
        if (g.features != features || g.gate != null) {
            throw new IllegalArgumentException("a gate takes the same " + features + " features and has no gate of its own");
        }
        PrivateTrees m = new PrivateTrees(depth, features, start, mid, half, transform, low, high);
        for (int t = 0; t < trees(); t++) {
            m.add(splitFeature.get(t), splitAt.get(t), leaves.get(t));
        }
        m.gate = g;
        return m;
    }

    /** Whether the model has a hurdle's gate. */
    public boolean gated() {
        return gate != null;
    }

    void add(int[] feature, float[] at, double[] leaf) {
        splitFeature.add(feature);
        splitAt.add(at);
        leaves.add(leaf);
    }

    /** Drops every tree after the first {@code trees} (early stopping; the dropped ones are never published). */
    void keep(int trees) {
        while (leaves.size() > trees) {
            int last = leaves.size() - 1;
            splitFeature.remove(last);
            splitAt.remove(last);
            leaves.remove(last);
        }
    }

    /** The features tree {@code t} splits on, node by node (breadth first). */
    int[] splitFeatures(int t) {
        return splitFeature.get(t).clone();
    }

    public int trees() {
        return leaves.size();
    }

    public int depth() {
        return depth;
    }

    public int features() {
        return features;
    }

    /** The lower end of the target range the model predicts in. */
    public double low() {
        return low;
    }

    /** The upper end of that range. */
    public double high() {
        return high;
    }

    public Transform transform() {
        return transform;
    }

    /** Which leaf of tree {@code t} row {@code r} of {@code x} (row-major, {@link #features} columns) falls in. */
    int leaf(int t, float[] x, int r) {
        int[] f = splitFeature.get(t);
        float[] at = splitAt.get(t);
        int node = 0;
        int internal = f.length;
        int base = r * features;
        while (node < internal) {
            float v = x[base + f[node]];
            node = 2 * node + (v > at[node] ? 2 : 1);
        }
        return node - internal;
    }

    /** The normalised score F of each row before the newest {@code upTo} trees are counted. */
    double[] scores(float[] x, int rows, int upTo) {
        double[] s = new double[rows];
        Arrays.fill(s, start);
        for (int t = 0; t < upTo; t++) {
            double[] leaf = leaves.get(t);
            for (int r = 0; r < rows; r++) {
                s[r] += leaf[leaf(t, x, r)];
            }
        }
        return s;
    }

    double start() {
        return start;
    }

    /** Predictions in the target's unit for each row of {@code x} (row-major). */
    public double[] predict(float[] x, int rows, int cols) {
        if (cols != features) {
            throw new IllegalArgumentException("the model takes " + features + " features, got " + cols);
        }
        double[] s = scores(x, rows, trees());
        double[] open = gate == null ? null : gate.predict(x, rows, cols);
        for (int r = 0; r < rows; r++) {
            double v = transform.inverse(mid + half * s[r]);
            if (open != null) {
                v = gated(open[r], v);
            }
            s[r] = Math.max(low, Math.min(high, v));
        }
        return s;
    }

    /**
     * A hurdle's prediction from the gate's score g (least squares on ±1, so p = (1 + g)/2 estimates
     * the chance of a value above 0) and the value ŷ: the median of "0 with probability 1 − p, else
     * ln(value) Laplace around ln ŷ with scale {@link #GATE_LOG_SCALE}" — what minimises the expected
     * absolute error, as MatDX's ordinary hurdle model does: 0 when p &lt; ½, else ŷ·(2q)^b with
     * q = (p − ½)/p.
     */
    static double gated(double g, double value) {
        double p = Math.max(0, Math.min(1, (1 + g) / 2));
        if (!(p > 0.5)) {
            return 0;
        }
        return Math.max(0, value) * Math.pow(2 * (p - 0.5) / p, GATE_LOG_SCALE);
    }

    /** b of {@link #gated}: BoostedModel's 0.25 for band gaps (the MAE is flat within ±0.003 eV for b from 0.2 to 0.5 there). */
    static final double GATE_LOG_SCALE = 0.25;

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(gate == null ? FORMAT : FORMAT_GATED);
            out.writeInt(depth);
            out.writeInt(features);
            out.writeDouble(start);
            out.writeDouble(mid);
            out.writeDouble(half);
            out.writeInt(transform.ordinal());
            out.writeDouble(low);
            out.writeDouble(high);
            out.writeInt(trees());
            for (int t = 0; t < trees(); t++) {
                for (int f : splitFeature.get(t)) {
                    out.writeInt(f);
                }
                for (float a : splitAt.get(t)) {
                    out.writeFloat(a);
                }
                for (double v : leaves.get(t)) {
                    out.writeDouble(v);
                }
            }
            if (gate != null) {
                byte[] g = gate.toBytes();
                out.writeInt(g.length);
                out.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PrivateTrees fromBytes(byte[] data) {
        return fromBytes(data, true);
    }

    private static PrivateTrees fromBytes(byte[] data, boolean gateAllowed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a MatDX private model artifact");
            }
            int format = in.readInt();
            if (format != 1 && format != FORMAT && !(format == FORMAT_GATED && gateAllowed)) {
                throw new IllegalArgumentException("private model format " + format + " is not known to this MatDX");
            }
            int depth = in.readInt();
            int features = in.readInt();
            if (depth < 1 || depth > 12 || features < 1) {
                throw new IllegalArgumentException("private model artifact has depth " + depth + " and " + features + " features");
            }
            double start = in.readDouble();
            double mid = in.readDouble();
            double half = in.readDouble();
            PrivateTrees m;
            if (format == 1) {
                m = new PrivateTrees(depth, features, start, mid, half, Transform.NONE, mid - half, mid + half);
            } else {
                int tr = in.readInt();
                if (tr < 0 || tr >= Transform.values().length) {
                    throw new IllegalArgumentException("private model artifact has target transform " + tr);
                }
                m = new PrivateTrees(depth, features, start, mid, half, Transform.values()[tr], in.readDouble(), in.readDouble());
            }
            if (!(Double.isFinite(m.low) && Double.isFinite(m.high) && m.low < m.high && Double.isFinite(mid) && half > 0)) {
                throw new IllegalArgumentException("private model artifact has no valid target range");
            }
            int trees = in.readInt();
            int internal = (1 << depth) - 1;
            for (int t = 0; t < trees; t++) {
                int[] f = new int[internal];
                float[] at = new float[internal];
                double[] leaf = new double[internal + 1];
                for (int i = 0; i < internal; i++) {
                    f[i] = in.readInt();
                    if (f[i] < 0 || f[i] >= features) {
                        throw new IllegalArgumentException("private model artifact splits on feature " + f[i]);
                    }
                }
                for (int i = 0; i < internal; i++) {
                    at[i] = in.readFloat();
                }
                for (int i = 0; i <= internal; i++) {
                    leaf[i] = in.readDouble();
                }
                m.add(f, at, leaf);
            }
            if (format == FORMAT_GATED) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("the private model artifact's gate is truncated");
                }
                PrivateTrees g = fromBytes(in.readNBytes(length), false);
                if (g.gate != null || g.features != features) {
                    throw new IllegalArgumentException("the private model artifact's gate is not a plain model of its features");
                }
                m.gate = g;
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("the private model artifact is truncated: " + e.getMessage());
        }
    }
}
