package org.matdx.informatics;

import java.util.List;
import org.matdx.core.Composition;

/**
 * One composition's prediction: the value (for classification, the probability of the positive
 * class), its uncertainty (a standard uncertainty calibrated on held-out errors, see
 * {@link Calibration}), and the features that pushed it most (SHAP contributions, largest
 * magnitude first). {@code baseValue} is the model's expected value that the contributions start
 * from; it is an aggregate of the training data and is null for callers who may only predict.
 * {@code domain} says whether the composition lies where the model learned, and {@code warnings}
 * what the caller should know before using the value (outside the domain, a model worse than the
 * trivial one).
 */
public record PredictionResult(Composition composition, double value, double uncertainty, Double baseValue,
                               List<Contribution> contributions, ApplicabilityDomain.Verdict domain, List<String> warnings) {

    /** A feature, its value for this composition (NaN: missing), and its SHAP contribution. */
    public record Contribution(String feature, double featureValue, double contribution) {
    }
}
