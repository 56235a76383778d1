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
    /** 1: no transform, range mid ± half; 2: adds the transform and the range in the target's unit. */
    private static final int FORMAT = 2;

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
        for (int r = 0; r < rows; r++) {
            s[r] = Math.max(low, Math.min(high, transform.inverse(mid + half * s[r])));
        }
        return s;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PrivateTrees fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a MatDX private model artifact");
            }
            int format = in.readInt();
            if (format != 1 && format != FORMAT) {
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
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("the private model artifact is truncated: " + e.getMessage());
        }
    }
}
