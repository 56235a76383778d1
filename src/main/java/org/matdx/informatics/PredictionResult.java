package org.matdx.informatics;

import java.util.List;
import org.matdx.core.Composition;

/**
 * One composition's prediction: the value (for classification, the probability of the positive
 * class), its uncertainty (standard deviation over the ensemble), and the features that pushed it
 * most (SHAP contributions, largest magnitude first). {@code baseValue} is the model's expected
 * value that the contributions start from; it is an aggregate of the training data and is null
 * for callers who may only predict.
 */
public record PredictionResult(Composition composition, double value, double uncertainty, Double baseValue,
                               List<Contribution> contributions) {

    /** A feature, its value for this composition (NaN: missing), and its SHAP contribution. */
    public record Contribution(String feature, double featureValue, double contribution) {
    }
}
