package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.matdx.catalog.Catalog;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Entry;
import org.matdx.core.InvalidInput;
import org.matdx.core.Outcome;
import org.matdx.core.Page;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;

/**
 * The screen's built-in baseline model: ridge regression on eight composition features (fraction-
 * weighted means of Magpie elemental properties and the spread of electronegativity), with the
 * uncertainty from a bootstrap ensemble plus the residual scatter. Deliberately simple — it lets a
 * screen run on any dataset the caller can read; trained models of the informatics capability
 * replace it through {@link PropertyPredictor}.
 */
public final class LinearBaseline implements PropertyPredictor {
    private static final ElementProperty[] MEANS = {
            ElementProperty.MAGPIE_ELECTRONEGATIVITY, ElementProperty.MAGPIE_COVALENT_RADIUS,
            ElementProperty.MENDELEEV_NUMBER, ElementProperty.ROW, ElementProperty.COLUMN,
            ElementProperty.N_VALENCE, ElementProperty.GS_BANDGAP};
    static final int FEATURES = MEANS.length + 1;
    private static final int BOOTSTRAP = 40;
    private static final double RIDGE = 1e-3;

    private final String name;
    private final String property;
    private final String unit;
    private final double[] centre;
    private final double[] scale;
    private final double[] beta;
    private final List<double[]> ensemble;
    private final double residualStd;
    private final int n;

    private LinearBaseline(String name, String property, String unit, double[] centre, double[] scale, double[] beta,
                           List<double[]> ensemble, double residualStd, int n) {
        this.name = name;
        this.property = property;
        this.unit = unit;
        this.centre = centre;
        this.scale = scale;
        this.beta = beta;
        this.ensemble = ensemble;
        this.residualStd = residualStd;
        this.n = n;
    }

    /** Fits on compositions and their measured values; deterministic (fixed bootstrap seed). */
    public static LinearBaseline fit(String name, String property, String unit, List<Composition> x, List<Double> y) {
        int need = FEATURES + 3;
        if (x.size() < need) {
            throw new InvalidInput("model.baseline", "the baseline model needs at least " + need + " compositions with a value of "
                    + property + "; found " + x.size());
        }
        double[][] raw = x.stream().map(LinearBaseline::features).toArray(double[][]::new);
        double[] centre = new double[FEATURES];
        double[] scale = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            double s = 0;
            double ss = 0;
            for (double[] r : raw) {
                s += r[j];
                ss += r[j] * r[j];
            }
            centre[j] = s / raw.length;
            double var = ss / raw.length - centre[j] * centre[j];
            scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        double[][] z = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            z[i] = standardise(raw[i], centre, scale);
        }
        double[] yy = y.stream().mapToDouble(Double::doubleValue).toArray();
        int[] all = new int[z.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        double[] beta = solve(z, yy, all);
        double rss = 0;
        for (int i = 0; i < z.length; i++) {
            double r = yy[i] - dot(beta, z[i]);
            rss += r * r;
        }
        double residualStd = Math.sqrt(rss / Math.max(1, z.length - FEATURES - 1));
        SplittableRandom rnd = new SplittableRandom(20130716L);
        List<double[]> ensemble = new ArrayList<>();
        for (int b = 0; b < BOOTSTRAP; b++) {
            int[] idx = new int[z.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = rnd.nextInt(z.length);
            }
            ensemble.add(solve(z, yy, idx));
        }
        return new LinearBaseline(name, property, unit, centre, scale, beta, List.copyOf(ensemble), residualStd, x.size());
    }

    /**
     * Fits on the entries of one dataset that carry {@code property}, as the caller may see them
     * (the catalog applies the access policy; failed runs are left out).
     */
    public static LinearBaseline fromDataset(Catalog catalog, RequestContext context, UUID datasetId, String property) {
        List<Composition> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        String unit = null;
        String cursor = null;
        do {
            Page<Catalog.EntryView> page = catalog.entries(context, datasetId, cursor, Catalog.MAX_PAGE);
            for (Catalog.EntryView v : page.items()) {
                Entry e = v.entry();
                Quantity q = e.properties().get(property);
                if (e.composition() != null && q != null && e.outcome() == Outcome.SUCCEEDED && Double.isFinite(q.value())) {
                    if (unit != null && !unit.equals(q.unit())) {
                        throw new InvalidInput("model.baseline", "entries of dataset " + datasetId + " give " + property
                                + " in both '" + unit + "' and '" + q.unit() + "'");
                    }
                    unit = q.unit();
                    x.add(e.composition());
                    y.add(q.value());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return fit("baseline:" + property + "@" + datasetId, property, unit == null ? "" : unit, x, y);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String property() {
        return property;
    }

    @Override
    public String unit() {
        return unit;
    }

    /** Number of training compositions. */
    public int trainingSize() {
        return n;
    }

    @Override
    public Prediction predict(Composition c) {
        double[] z = standardise(features(c), centre, scale);
        double mean = dot(beta, z);
        double s = 0;
        double ss = 0;
        for (double[] b : ensemble) {
            double p = dot(b, z);
            s += p;
            ss += p * p;
        }
        double m = s / ensemble.size();
        double var = Math.max(0, ss / ensemble.size() - m * m);
        return new Prediction(mean, Math.sqrt(var + residualStd * residualStd));
    }

    /** Fraction-weighted means of the elemental properties, and the mean absolute deviation of electronegativity. */
    static double[] features(Composition c) {
        double[] f = new double[FEATURES];
        Map<Element, Double> w = c.atomicFractions();
        for (int j = 0; j < MEANS.length; j++) {
            double s = 0;
            for (var e : w.entrySet()) {
                s += e.getValue() * value(e.getKey(), MEANS[j]);
            }
            f[j] = s;
        }
        double dev = 0;
        for (var e : w.entrySet()) {
            dev += e.getValue() * Math.abs(value(e.getKey(), ElementProperty.MAGPIE_ELECTRONEGATIVITY) - f[0]);
        }
        f[MEANS.length] = dev;
        return f;
    }

    private static double value(Element e, ElementProperty p) {
        var v = e.property(p);
        if (v.isEmpty()) {
            throw new InvalidInput(null, "the baseline model needs the " + p.label() + " of " + e.symbol()
                    + ", which the element table does not give");
        }
        return v.getAsDouble();
    }

    private static double[] standardise(double[] raw, double[] centre, double[] scale) {
        double[] z = new double[raw.length + 1];
        z[0] = 1; // intercept
        for (int j = 0; j < raw.length; j++) {
            z[j + 1] = (raw[j] - centre[j]) / scale[j];
        }
        return z;
    }

    /** Ridge normal equations (ZᵀZ + λI′)β = Zᵀy over the rows {@code idx}; the intercept is not penalised. */
    private static double[] solve(double[][] z, double[] y, int[] idx) {
        int p = z[0].length;
        DMatrixRMaj a = new DMatrixRMaj(idx.length, p);
        DMatrixRMaj b = new DMatrixRMaj(idx.length, 1);
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < p; j++) {
                a.set(i, j, z[idx[i]][j]);
            }
            b.set(i, 0, y[idx[i]]);
        }
        DMatrixRMaj ata = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(a, a, ata);
        for (int j = 1; j < p; j++) {
            ata.add(j, j, RIDGE * idx.length);
        }
        DMatrixRMaj atb = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.multTransA(a, b, atb);
        DMatrixRMaj beta = new DMatrixRMaj(p, 1);
        if (!CommonOps_DDRM.solve(ata, atb, beta)) {
            throw new IllegalStateException("the baseline regression is singular");
        }
        return beta.getData().clone();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
