package org.matdx.elementstrategy;

import java.util.List;

/**
 * What a screen found.
 *
 * @param start        the starting composition, predicted and scored
 * @param front        the Pareto front of property vs risk, lowest risk first
 * @param evaluated    how many compositions were predicted
 * @param riskUnknown  how many had a risk score that cannot be computed (kept off the front)
 * @param replaced     the elements that were replaced
 */
public record ScreenResult(String model, String property, String unit, ScreenRequest request, ScreenCandidate start,
                           List<ScreenCandidate> front, int evaluated, int riskUnknown, List<String> replaced) {
    public ScreenResult {
        front = List.copyOf(front);
        replaced = List.copyOf(replaced);
    }
}
