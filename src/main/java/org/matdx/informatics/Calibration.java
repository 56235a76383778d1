package org.matdx.informatics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an ensemble's spread σ(x) becomes a standard uncertainty: u(x) = k·√(σ(x)² + σ₀²), with σ₀
 * the median spread on held-out rows and k chosen so that 68.27 % of the cross-validated
 * (out-of-fold) errors fall within ±u — one standard deviation of a normal error.
 *
 * <p>The floor σ₀ is why u never collapses at a training composition. The final ensemble has seen
 * that row, so its members agree there (σ of 0.002 eV on ZnO), yet the model's error for a new
 * measurement of ZnO is that of an unseen row; σ₀ carries that held-out spread into every answer.
 *
 * @param scale    k
 * @param floor    σ₀, in the target's unit
 * @param coverage the share of out-of-fold errors within ±u (0.6827 up to the granularity of the rows)
 * @param rows     how many out-of-fold errors it was fitted on
 */
public record Calibration(double scale, double floor, double coverage, int rows) {
    public static final double ONE_SIGMA = 0.6827;
    /** Fewer held-out errors than this give no calibration (the raw spread is then shown, and said so). */
    static final int MIN_ROWS = 10;
    public static final Calibration NONE = new Calibration(Double.NaN, Double.NaN, Double.NaN, 0);

    /** Fits k and σ₀ on out-of-fold errors {@code error[i]} with the fold ensemble's spread {@code spread[i]}. */
    public static Calibration fit(double[] error, double[] spread) {
        if (error.length < MIN_ROWS) {
            return NONE;
        }
        double[] s = spread.clone();
        Arrays.sort(s);
        double floor = quantile(Arrays.stream(s).boxed().toList(), 0.5);
        if (!(floor > 0)) {
            // members that agree everywhere: the held-out errors alone set the scale
            floor = quantile(Arrays.stream(error).map(Math::abs).boxed().toList(), ONE_SIGMA);
            if (!(floor > 0)) {
                return NONE;
            }
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < error.length; i++) {
            ratios.add(Math.abs(error[i]) / Math.hypot(spread[i], floor));
        }
        double k = quantile(ratios, ONE_SIGMA);
        if (!(k > 0)) {
            return NONE;
        }
        int inside = 0;
        for (int i = 0; i < error.length; i++) {
            inside += Math.abs(error[i]) <= k * Math.hypot(spread[i], floor) * (1 + 1e-12) ? 1 : 0;
        }
        return new Calibration(k, floor, (double) inside / error.length, error.length);
    }

    public boolean fitted() {
        return rows > 0;
    }

    /** The calibrated uncertainty for an ensemble spread σ. */
    public double apply(double spread) {
        return fitted() ? scale * Math.hypot(spread, floor) : spread;
    }

    ObjectNode toJson() {
        return Json.object().put("method", "k·sqrt(σ² + σ₀²): σ the ensemble spread, σ₀ its median on held-out rows, "
                        + "k such that 68.27 % of the out-of-fold errors fall within ± the uncertainty")
                .put("scale", scale).put("floor", floor).put("coverage_held_out", coverage).put("rows", rows);
    }

    /**
     * The calibration on a model card. Cards written before the floor existed carry only
     * {@code uncertainty_scale}; their floor is the 68.27 % quantile of the out-of-fold absolute
     * errors when the card still has them, so that their answers stop collapsing at training rows too.
     */
    public static Calibration fromCard(JsonNode cv) {
        JsonNode c = cv.path("uncertainty_calibration");
        if (c.path("scale").isNumber() && c.path("floor").isNumber()) {
            return new Calibration(c.get("scale").asDouble(), c.get("floor").asDouble(),
                    c.path("coverage_held_out").asDouble(Double.NaN), c.path("rows").asInt());
        }
        double k = cv.path("uncertainty_scale").isNumber() ? cv.get("uncertainty_scale").asDouble() : 1;
        JsonNode oof = cv.path("out_of_fold");
        if (oof.path("actual").isArray() && oof.path("actual").size() >= MIN_ROWS
                && oof.path("predicted").size() == oof.path("actual").size()) {
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < oof.get("actual").size(); i++) {
                err.add(Math.abs(oof.get("actual").get(i).asDouble() - oof.get("predicted").get(i).asDouble()));
            }
            double q = quantile(err, ONE_SIGMA);
            // u = k·√(σ² + (q/k)²) is k·σ where the spread is wide and q where it collapses
            return q > 0 ? new Calibration(k, q / k, ONE_SIGMA, err.size()) : new Calibration(k, 0, Double.NaN, err.size());
        }
        return new Calibration(k, 0, Double.NaN, 1);
    }

    /** The q-quantile by linear interpolation between order statistics (numpy's default). */
    static double quantile(List<Double> v, double q) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = q * (a.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(a.length - 1, lo + 1);
        return a[lo] + (pos - lo) * (a[hi] - a[lo]);
    }
}
