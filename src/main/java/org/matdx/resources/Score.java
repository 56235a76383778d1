package org.matdx.resources;

import java.util.List;
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

    /** @param elements the elements without a value; @param what the missing quantity, e.g. "HHI of production" */
    record Missing(List<Element> elements, String what) implements Score {
        public Missing {
            elements = List.copyOf(elements);
        }

        @Override
        public OptionalDouble value() {
            return OptionalDouble.empty();
        }

        /** "no HHI of production for H" */
        public String message() {
            return "no " + what + " for " + String.join(", ", elements.stream().map(Element::symbol).toList());
        }
    }
}
