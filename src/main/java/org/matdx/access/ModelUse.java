package org.matdx.access;

/**
 * What a caller may do with a trained model, from nothing to everything. Ordered.
 */
public enum ModelUse {
    /** Not even that it exists: not listed, 404 when asked for. */
    NONE,
    /**
     * Request predictions and see what the model is (target, features, parameters), but nothing
     * derived from its training rows: no row count, no metrics, no input datasets, no artifact.
     * Given where an input is model-use-only and the caller may not read it.
     */
    PREDICT,
    /** The whole model card: inputs, training size, cross-validated metrics. */
    FULL;

    public boolean atLeast(ModelUse other) {
        return compareTo(other) >= 0;
    }
}
