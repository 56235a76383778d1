package org.matdx.elementstrategy;

/**
 * A model's prediction of one property for one composition.
 *
 * @param mean the predicted value
 * @param std  its standard uncertainty (one standard deviation), ≥ 0
 */
public record Prediction(double mean, double std) {
    public Prediction {
        if (!Double.isFinite(mean) || !(std >= 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("a prediction needs a finite mean and a finite, non-negative uncertainty");
        }
    }
}
