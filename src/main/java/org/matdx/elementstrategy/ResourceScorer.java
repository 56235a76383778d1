package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.matdx.core.Composition;
import org.matdx.core.Element;

/**
 * Turns a composition into its element-strategy scores. The one place where these scores are
 * computed: the API, the CLI, stored entries, campaigns and substitution screens all call it.
 */
public final class ResourceScorer {
    private final ElementResources data;

    public ResourceScorer(ElementResources data) {
        this.data = data;
    }

    public static ResourceScorer standard() {
        return new ResourceScorer(ElementResources.standard());
    }

    public ElementResources data() {
        return data;
    }

    public CompositionScores score(Composition c) {
        Map<Element, Double> w = ElementResources.massFractions(c);
        Map<CriticalList, CriticalShare> critical = new EnumMap<>(CriticalList.class);
        for (CriticalList l : CriticalList.values()) {
            critical.put(l, criticalShare(w, l));
        }
        // an element without a published footprint is unassessed, never zero (element-footprints.tsv)
        double unassessed = w.entrySet().stream()
                .filter(x -> data.record(x.getKey()).value(ResourceProperty.GHG).isEmpty())
                .mapToDouble(Map.Entry::getValue).sum();
        return new CompositionScores(c, w,
                weightedSum(w, ResourceProperty.HHI_PRODUCTION, "HHI of production", true, false),
                weightedSum(w, ResourceProperty.HHI_RESERVE, "HHI of reserves", true, false),
                critical, abundance(w),
                weightedSum(w, ResourceProperty.PRICE, "price", false, false),
                weightedSum(w, ResourceProperty.GHG, "cradle-to-gate GHG emissions figure", false, true),
                weightedSum(w, ResourceProperty.CED, "cradle-to-gate energy demand figure", false, true),
                unassessed);
    }

    private Score weightedSum(Map<Element, Double> w, ResourceProperty p, String what, boolean banded, boolean lca) {
        List<Element> missing = new ArrayList<>();
        double missingMass = 0;
        double sum = 0;
        double top = -1;
        Element dominant = null;
        for (var x : w.entrySet()) {
            Element e = x.getKey();
            OptionalDouble v = data.record(e).value(p);
            if (v.isEmpty()) {
                missing.add(e);
                missingMass += x.getValue();
                continue;
            }
            double term = x.getValue() * v.getAsDouble();
            sum += term;
            if (term > top) {
                top = term;
                dominant = e;
            }
        }
        if (!missing.isEmpty()) {
            return lca ? new Score.Missing(missing, what, missingMass, sum) : new Score.Missing(missing, what);
        }
        return new Score.Computed(sum, p.unit(), dominant, sum == 0 ? 0 : top / sum,
                banded ? SupplyRiskBand.of(sum) : null);
    }

    /** Geometric mean weighted by mass fraction: a composition is as scarce as its scarce constituents. */
    private Score abundance(Map<Element, Double> w) {
        List<Element> missing = new ArrayList<>();
        double log = 0;
        Element scarcest = null;
        double least = Double.POSITIVE_INFINITY;
        for (var x : w.entrySet()) {
            OptionalDouble a = data.record(x.getKey()).value(ResourceProperty.CRUSTAL_ABUNDANCE);
            if (a.isEmpty() || !(a.getAsDouble() > 0)) {
                missing.add(x.getKey());
                continue;
            }
            log += x.getValue() * Math.log10(a.getAsDouble());
            if (a.getAsDouble() < least) {
                least = a.getAsDouble();
                scarcest = x.getKey();
            }
        }
        if (!missing.isEmpty()) {
            return new Score.Missing(missing, "crustal abundance");
        }
        return new Score.Computed(Math.pow(10, log), ResourceProperty.CRUSTAL_ABUNDANCE.unit(), scarcest,
                w.get(scarcest), null);
    }

    private CriticalShare criticalShare(Map<Element, Double> w, CriticalList l) {
        List<Element> listed = w.keySet().stream().filter(e -> data.record(e).listed(l))
                .sorted(Comparator.comparingDouble((Element e) -> w.get(e)).reversed()).toList();
        double f = listed.stream().mapToDouble(w::get).sum();
        return new CriticalShare(l, f, listed);
    }
}
