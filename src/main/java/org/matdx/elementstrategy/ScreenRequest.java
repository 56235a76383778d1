package org.matdx.elementstrategy;

import java.util.List;
import java.util.Locale;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.InvalidInput;

/**
 * A substitution screen: which elements of a starting composition to replace, by what, at which
 * fractions, and how to rank the results.
 *
 * @param replace          elements to replace; empty = the risky ones (those whose own value of
 *                         {@code risk} is worse than the composition's)
 * @param extra            replacements to try besides the chemically similar ones (user list)
 * @param sameGroup        propose members of the same group
 * @param mendeleevWindow  propose elements within this Mendeleev-number distance (0: none)
 * @param fractions        fractions of the replaced element's amount to substitute, in (0, 1]
 * @param pairs            also combine two substitutions of different elements
 * @param risk             the risk score to minimise (abundance is maximised)
 * @param goal             what is wanted of the predicted property
 * @param target           the wanted value when {@code goal} is TARGET
 * @param kappa            pessimism: rank by mean − κ·σ (for a maximised property) instead of the mean
 * @param maxCandidates    refuse screens larger than this
 */
public record ScreenRequest(Composition start, List<Element> replace, List<Element> extra, boolean sameGroup,
                            int mendeleevWindow, List<Double> fractions, boolean pairs, ResourceMetric risk,
                            Goal goal, double target, double kappa, int maxCandidates) {

    public enum Goal {
        MAXIMIZE, MINIMIZE, TARGET;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.25, 0.5, 0.75, 1.0);
    public static final int DEFAULT_MAX = 100_000;

    public ScreenRequest {
        replace = List.copyOf(replace);
        extra = List.copyOf(extra);
        fractions = List.copyOf(fractions.isEmpty() ? DEFAULT_FRACTIONS : fractions);
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new InvalidInput("fractions", "substitution fractions must lie in (0, 1], got " + f);
            }
        }
        if (mendeleevWindow < 0) {
            throw new InvalidInput("mendeleev_window", "the Mendeleev-number window cannot be negative");
        }
        if (!(kappa >= 0)) {
            throw new InvalidInput("kappa", "kappa must be ≥ 0");
        }
        if (goal == Goal.TARGET && !Double.isFinite(target)) {
            throw new InvalidInput("goal", "a target goal needs a target value");
        }
        for (Element e : replace) {
            if (start.amount(e) == 0) {
                throw new InvalidInput("replace", e.symbol() + " is not in " + start.reducedFormula());
            }
        }
    }

    /** Defaults: risky elements, same group and Mendeleev ±3 (one 3d-metal step in the Magpie numbering), fractions 25–100 %, HHI of production. */
    public static ScreenRequest of(Composition start, Goal goal) {
        return new ScreenRequest(start, List.of(), List.of(), true, 3, DEFAULT_FRACTIONS, false,
                ResourceMetric.HHI_PRODUCTION, goal, Double.NaN, 0, DEFAULT_MAX);
    }
}
