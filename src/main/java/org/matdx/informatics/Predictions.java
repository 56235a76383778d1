package org.matdx.informatics;

/**
 * A model's answers for a batch of rows: for regression the value and its standard uncertainty
 * (spread of the ensemble); for classification the probability of the positive class and its
 * spread.
 */
public record Predictions(double[] value, double[] std) {
    public int size() {
        return value.length;
    }
}
