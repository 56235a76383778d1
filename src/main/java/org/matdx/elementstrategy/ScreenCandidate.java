package org.matdx.elementstrategy;

import org.matdx.core.Composition;

/**
 * One composition of a screen, predicted and scored.
 *
 * @param change  what was substituted, e.g. {@code Co→Ni 50%}, or {@code start}
 * @param utility the value ranked on (higher is better): the mean, adjusted for goal and pessimism
 * @param risk    the risk score, NaN where it cannot be computed
 */
public record ScreenCandidate(Composition composition, String change, Prediction prediction, double utility,
                              double risk, CompositionScores scores) {
    public boolean riskKnown() {
        return !Double.isNaN(risk);
    }
}
