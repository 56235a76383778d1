package org.matdx.elementstrategy;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.matdx.core.Element;

/**
 * One composition-level score: a value, or the elements whose missing data make it uncomputable
 * (a number that silently skipped an element would mislead).
 */
public sealed interface Score permits Score.Computed, Score.Missing {

    OptionalDouble value();

    /**
     * @param dominant      the element that decides the score: the largest contributor to a sum,
     *                      or the scarcest element for abundance
     * @param dominantShare the dominant element's share of the sum (for abundance: its mass fraction)
     * @param band          supply-risk band for HHI scores, null for the others
     */
    record Computed(double score, String unit, Element dominant, double dominantShare, SupplyRiskBand band)
            implements Score {
        @Override
        public OptionalDouble value() {
            return OptionalDouble.of(score);
        }
    }

    /**
     * @param elements          the elements without a value
     * @param what              the missing quantity, e.g. "HHI of production"
     * @param unassessedFraction for footprints (a sum over every kg): the mass fraction of the elements
     *                          without a figure, else NaN
     * @param assessedPart      for footprints: the sum over the elements that have a figure — a lower
     *                          bound, never the score — else NaN
     */
    record Missing(List<Element> elements, String what, double unassessedFraction, double assessedPart)
            implements Score {
        public Missing {
            elements = List.copyOf(elements);
        }

        public Missing(List<Element> elements, String what) {
            this(elements, what, Double.NaN, Double.NaN);
        }

        @Override
        public OptionalDouble value() {
            return OptionalDouble.empty();
        }

        /** A footprint some of whose elements have no published figure: unassessed, not zero. */
        public boolean unassessed() {
            return !Double.isNaN(unassessedFraction);
        }

        /** "no HHI of production for H"; footprints: "unassessed: no published … for O (32.7 % of the mass)" */
        public String message() {
            String els = String.join(", ", elements.stream().map(Element::symbol).toList());
            if (unassessed()) {
                return String.format(Locale.ROOT, "unassessed: no published %s for %s (%.3g %% of the mass)",
                        what, els, 100 * unassessedFraction);
            }
            return "no " + what + " for " + els;
        }
    }
}
