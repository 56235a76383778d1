package org.matdx.informatics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trained ensemble of XGBoost boosters. Each member has its own seed and row subsample; the
 * prediction is their mean and the uncertainty their standard deviation. A hurdle model adds one
 * classifier per member deciding whether the value is zero at all.
 *
 * <p>Boosters hold native memory: close the model when done. Predictions are serialised on the
 * model, so one instance may be shared between request threads.
 */
public final class BoostedModel implements AutoCloseable {
    private static final float MISSING = Float.NaN;

    /**
     * Relative spread of a non-zero value around the regressor's prediction, as the scale b of a
     * Laplace distribution of ln(value): the maximum-likelihood b is the mean |ln y − ln ŷ| of
     * held-out predictions, 0.25 for the band-gap regressor on Matbench's experimental gaps (the
     * hurdle's MAE is flat within ±0.003 eV for b from 0.2 to 0.5).
     */
    static final double LOG_SCALE = 0.25;

    /**
     * How a hurdle model joins its gate and its regressor. {@code MEMBER}: each member predicts 0
     * unless its own gate says non-zero, and the ensemble averages (models saved before the median
     * rule). {@code MEDIAN}: the prediction is the median of the ensemble's predictive distribution —
     * 0 with probability 1 − p (p = the members' mean gate probability), else Laplace in ln(value)
     * around the members' mean regression ŷ — which is what minimises the expected absolute error:
     * 0 when p < ½, else ŷ·(2q)^b with q = (p − ½)/p, the quantile of the non-zero part that the
     * median falls on (ŷ itself when p = 1, pulled towards 0 when the gate hesitates).
     */
    enum HurdleRule { MEMBER, MEDIAN }

    private final Task task;
    private final boolean hurdle;
    private final HurdleRule rule;
    private final List<String> featureNames;
    private final List<Booster> values;
    private final List<Booster> gates;

    private BoostedModel(Task task, boolean hurdle, HurdleRule rule, List<String> featureNames, List<Booster> values,
                         List<Booster> gates) {
        this.task = task;
        this.hurdle = hurdle;
        this.rule = rule;
        this.featureNames = List.copyOf(featureNames);
        this.values = values;
        this.gates = gates;
    }

    /** Something to tell how far training has come and to stop it. */
    public interface Listener {
        /** Called after each fitted booster with the fraction done; return false to stop. */
        boolean fitted(double fraction);

        Listener NONE = f -> true;
    }

    public static BoostedModel train(Recipe r, List<String> featureNames, Matrix x, double[] y, int threads,
                                     long seed, Listener listener) {
        if (x.rows() != y.length) {
            throw new IllegalArgumentException(x.rows() + " feature rows but " + y.length + " target values");
        }
        if (x.cols() != featureNames.size()) {
            throw new IllegalArgumentException(x.cols() + " feature columns but " + featureNames.size() + " names");
        }
        List<Booster> values = new ArrayList<>();
        List<Booster> gates = new ArrayList<>();
        try {
            int steps = r.members() * (r.hurdle() ? 2 : 1);
            int done = 0;
            Matrix valueX = x;
            double[] valueY = y;
            float[] gateY = null;
            if (r.hurdle()) {
                int[] positive = IntStream.range(0, y.length).filter(i -> y[i] > 0).toArray();
                valueX = x.rows(positive);
                valueY = new double[positive.length];
                for (int i = 0; i < positive.length; i++) {
                    valueY[i] = y[positive[i]];
                }
                gateY = new float[y.length];
                for (int i = 0; i < y.length; i++) {
                    gateY[i] = y[i] > 0 ? 1 : 0;
                }
            }
            if (r.task() == Task.CLASSIFICATION) {
                for (double v : y) {
                    if (v != 0 && v != 1) {
                        throw new IllegalArgumentException("classification targets must be 0 or 1 (or true/false); found " + v);
                    }
                }
            }
            String objective = r.task() == Task.CLASSIFICATION ? "binary:logistic" : "reg:squarederror";
            DMatrix dv = dmatrix(valueX, toFloat(valueY));
            DMatrix dg = gateY == null ? null : dmatrix(x, gateY);
            try {
                for (int m = 0; m < r.members(); m++) {
                    long s = seed + 7919L * m;
                    values.add(XGBoost.train(dv, r.params().xgboost(objective, s, threads), r.params().rounds(),
                            new HashMap<>(), null, null));
                    if (!listener.fitted(++done / (double) steps)) {
                        throw new Cancelled();
                    }
                    if (dg != null) {
                        gates.add(XGBoost.train(dg, r.params().xgboost("binary:logistic", s + 1, threads),
                                r.params().rounds(), new HashMap<>(), null, null));
                        if (!listener.fitted(++done / (double) steps)) {
                            throw new Cancelled();
                        }
                    }
                }
            } finally {
                dv.dispose();
                if (dg != null) {
                    dg.dispose();
                }
            }
            return new BoostedModel(r.task(), r.hurdle(), HurdleRule.MEDIAN, featureNames, values, gates);
        } catch (XGBoostError e) {
            values.forEach(Booster::dispose);
            gates.forEach(Booster::dispose);
            throw new IllegalStateException("XGBoost failed to train: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            values.forEach(Booster::dispose);
            gates.forEach(Booster::dispose);
            throw e;
        }
    }

    /** Thrown when the listener asks training to stop. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("training was cancelled");
        }
    }

    public Task task() {
        return task;
    }

    public boolean hurdle() {
        return hurdle;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int members() {
        return values.size();
    }

    public synchronized Predictions predict(Matrix x) {
        check(x);
        int n = x.rows();
        double[][] member = new double[values.size()][];
        double[] gateMean = new double[n];
        double[] valueMean = new double[n];
        try {
            DMatrix d = dmatrix(x, null);
            try {
                for (int m = 0; m < values.size(); m++) {
                    float[][] v = values.get(m).predict(d);
                    double[] p = new double[n];
                    for (int i = 0; i < n; i++) {
                        p[i] = v[i][0];
                    }
                    if (hurdle) {
                        float[][] g = gates.get(m).predict(d);
                        for (int i = 0; i < n; i++) {
                            gateMean[i] += g[i][0] / (double) values.size();
                            valueMean[i] += p[i] / values.size();
                            p[i] = rule == HurdleRule.MEDIAN ? median(g[i][0], p[i])
                                    : g[i][0] >= 0.5 ? Math.max(0, p[i]) : 0;
                        }
                    }
                    member[m] = p;
                }
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to predict: " + e.getMessage(), e);
        }
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            double ss = 0;
            for (double[] p : member) {
                s += p[i];
                ss += p[i] * p[i];
            }
            double mu = s / member.length;
            mean[i] = hurdle && rule == HurdleRule.MEDIAN ? median(gateMean[i], valueMean[i]) : mu;
            std[i] = member.length > 1 ? Math.sqrt(Math.max(0, (ss - member.length * mu * mu) / (member.length - 1))) : 0;
        }
        return new Predictions(mean, std);
    }

    /** The median of "0 with probability 1 − p, else ln(value) ~ Laplace(ln ŷ, b)" ({@link HurdleRule#MEDIAN}). */
    static double median(double p, double predicted) {
        if (!(p >= 0.5)) {
            return 0;
        }
        double q = (p - 0.5) / p;
        return Math.max(0, predicted) * Math.pow(2 * q, LOG_SCALE);
    }

    /**
     * SHAP contributions (TreeSHAP, XGBoost's {@code predictContrib}) of each feature to each row's
     * value, averaged over the members: {@code [row][feature]}, the last column being the bias
     * (the expected value). For classification they are in log-odds; for a hurdle model they
     * explain the regressor of the non-zero value.
     */
    public synchronized double[][] contributions(Matrix x) {
        check(x);
        double[][] out = new double[x.rows()][x.cols() + 1];
        try {
            DMatrix d = dmatrix(x, null);
            try {
                for (Booster b : values) {
                    float[][] c = b.predictContrib(d, 0);
                    for (int i = 0; i < out.length; i++) {
                        for (int j = 0; j < out[i].length; j++) {
                            out[i][j] += c[i][j] / values.size();
                        }
                    }
                }
            } finally {
                d.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to explain: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Importance of each feature as its share of the total gain (the loss reduction its splits
     * bring), averaged over the value members. Shares, not totals: totals grow with the number of
     * training rows, which a card must not reveal.
     */
    public synchronized Map<String, Double> importance() {
        double[] gain = new double[featureNames.size()];
        String[] names = featureNames.toArray(new String[0]);
        try {
            for (Booster b : values) {
                Map<String, Double> g = b.getScore(names, "total_gain");
                for (int j = 0; j < names.length; j++) {
                    gain[j] += g.getOrDefault(names[j], 0.0);
                }
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to report importance: " + e.getMessage(), e);
        }
        double total = 0;
        for (double g : gain) {
            total += g;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            m.put(names[j], total > 0 ? gain[j] / total : 0);
        }
        return m;
    }

    /** The model as one zip: a JSON header and one UBJSON booster per member and gate. */
    public synchronized byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ObjectNode head = Json.object().put("format", "matdx-boosted-model").put("version", 1)
                    .put("task", task.code()).put("hurdle", hurdle).put("members", values.size());
            if (hurdle) {
                head.put("hurdle_rule", rule.name().toLowerCase(Locale.ROOT));
            }
            var names = head.putArray("features");
            featureNames.forEach(names::add);
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(Json.write(head).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (int m = 0; m < values.size(); m++) {
                zip.putNextEntry(new ZipEntry("value-" + m + ".ubj"));
                zip.write(values.get(m).toByteArray("ubj"));
                zip.closeEntry();
                if (hurdle) {
                    zip.putNextEntry(new ZipEntry("gate-" + m + ".ubj"));
                    zip.write(gates.get(m).toByteArray("ubj"));
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to save the model: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    public static BoostedModel fromBytes(byte[] data) {
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the model artifact is not a readable zip: " + e.getMessage());
        }
        byte[] headBytes = parts.get("model.json");
        if (headBytes == null) {
            throw new IllegalArgumentException("the model artifact has no model.json");
        }
        JsonNode head = Json.read(new String(headBytes, StandardCharsets.UTF_8));
        Task task = Task.of(head.path("task").asString());
        boolean hurdle = head.path("hurdle").asBoolean();
        // models saved before the median rule have no hurdle_rule and keep predicting as they did
        HurdleRule rule = head.path("hurdle_rule").asString("member").equals("median") ? HurdleRule.MEDIAN : HurdleRule.MEMBER;
        int members = head.path("members").asInt();
        List<String> names = new ArrayList<>();
        head.path("features").forEach(n -> names.add(n.asString()));
        List<Booster> values = new ArrayList<>();
        List<Booster> gates = new ArrayList<>();
        try {
            for (int m = 0; m < members; m++) {
                values.add(XGBoost.loadModel(require(parts, "value-" + m + ".ubj")));
                if (hurdle) {
                    gates.add(XGBoost.loadModel(require(parts, "gate-" + m + ".ubj")));
                }
            }
        } catch (XGBoostError | IOException e) {
            values.forEach(Booster::dispose);
            gates.forEach(Booster::dispose);
            throw new IllegalArgumentException("the model artifact holds a booster XGBoost cannot load: " + e.getMessage());
        }
        return new BoostedModel(task, hurdle, rule, names, values, gates);
    }

    private static byte[] require(Map<String, byte[]> parts, String name) {
        byte[] b = parts.get(name);
        if (b == null) {
            throw new IllegalArgumentException("the model artifact lacks " + name);
        }
        return b;
    }

    private void check(Matrix x) {
        if (x.cols() != featureNames.size()) {
            throw new IllegalArgumentException("the model takes " + featureNames.size() + " features, got " + x.cols());
        }
    }

    private static DMatrix dmatrix(Matrix x, float[] label) throws XGBoostError {
        DMatrix d = new DMatrix(x.values(), x.rows(), x.cols(), MISSING);
        if (label != null) {
            d.setLabel(label);
        }
        return d;
    }

    private static float[] toFloat(double[] y) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            f[i] = (float) y[i];
        }
        return f;
    }

    @Override
    public synchronized void close() {
        values.forEach(Booster::dispose);
        gates.forEach(Booster::dispose);
        values.clear();
        gates.clear();
    }
}
