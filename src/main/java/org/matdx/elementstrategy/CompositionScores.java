package org.matdx.elementstrategy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.matdx.core.Composition;
import org.matdx.core.Element;

/**
 * Element-strategy scores of one composition, all per kg of material from its elements' mass fractions.
 *
 * @param hhiProduction    mass-fraction-weighted HHI of production, with its band
 * @param hhiReserve       mass-fraction-weighted HHI of reserves, with its band
 * @param critical         mass fraction on each critical-materials list
 * @param abundance        mass-fraction-weighted geometric mean crustal abundance (mg/kg); higher is better
 * @param cost             mass-weighted elemental price (USD/kg): the raw-material cost of the elements, not of a product
 * @param ghg              cradle-to-gate kg CO2-eq per kg of elemental inputs; unassessed (a {@link Score.Missing})
 *                         when any element has no published figure — never counted as zero
 * @param ced              cradle-to-gate MJ per kg of elemental inputs, same convention
 * @param unassessedFraction mass fraction of the elements without a published GHG figure
 */
public record CompositionScores(Composition composition, Map<Element, Double> massFractions, Score hhiProduction,
                                Score hhiReserve, Map<CriticalList, CriticalShare> critical, Score abundance,
                                Score cost, Score ghg, Score ced, double unassessedFraction) {
    public CompositionScores {
        massFractions = Collections.unmodifiableMap(new LinkedHashMap<>(massFractions));
        critical = Collections.unmodifiableMap(new EnumMap<>(critical));
    }

    public CriticalShare critical(CriticalList l) {
        return critical.get(l);
    }
}
