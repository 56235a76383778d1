package org.matdx.lca;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.matdx.core.Element;
import org.matdx.elementstrategy.CompositionScores;
import org.matdx.elementstrategy.CriticalList;
import org.matdx.elementstrategy.ElementFootprint;
import org.matdx.elementstrategy.ElementResources;
import org.matdx.elementstrategy.ResourceProperty;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.Score;

/**
 * Rolls a bill of materials up into a {@link ProductFootprint}: every leaf's material footprint
 * (declared, or the mass-weighted sum of its elements' published figures), every step's
 * electricity at its mix's grid intensity, element masses, critical content, supply risk and
 * recycled content by mass balance. Pure: what the viewer may see is decided by the
 * {@link Resolved.Resolver} before.
 */
public final class Rollup {
    private final ResourceScorer scorer;

    public Rollup(ResourceScorer scorer) {
        this.scorer = scorer;
    }

    public ProductFootprint of(Bom bom, Resolved.Resolver resolver) {
        Acc acc = new Acc();
        walk(bom.root(), "", bom, resolver, acc);
        double mass = bom.root().massKg();
        double process = acc.steps.stream().mapToDouble(ProductFootprint.Step::gwp).sum();
        ProductFootprint.Figure materials = acc.figure(acc.gwp, acc.gwpGaps);
        ProductFootprint.Figure gwp = new ProductFootprint.Figure(materials.assessed() ? materials.value() + process : null,
                materials.lowerBound() + process, materials.unassessed());
        ElementResources data = scorer.data();
        Map<CriticalList, ProductFootprint.CriticalContent> critical = new EnumMap<>(CriticalList.class);
        for (CriticalList l : CriticalList.values()) {
            Map<Element, Double> listed = new LinkedHashMap<>();
            acc.elements.entrySet().stream().filter(e -> data.record(e.getKey()).listed(l))
                    .sorted(Map.Entry.<Element, Double>comparingByValue().reversed())
                    .forEach(e -> listed.put(e.getKey(), e.getValue()));
            double kg = listed.values().stream().mapToDouble(Double::doubleValue).sum();
            critical.put(l, new ProductFootprint.CriticalContent(kg, kg / mass, listed));
        }
        Map<Element, Double> share = new TreeMap<>(Comparator.comparingInt(Element::z));
        acc.elements.forEach((e, kg) -> share.put(e, acc.recycledElements.getOrDefault(e, 0.0) / kg));
        ProductFootprint.Recycled recycled = new ProductFootprint.Recycled(acc.recycledMass, acc.recycledMass / mass,
                acc.declaredMass / mass, share);
        List<String> sources = new ArrayList<>(acc.sources);
        acc.steps.stream().map(s -> s.electricity().source()).filter(s -> s != null && !s.isBlank()).distinct()
                .filter(s -> !sources.contains(s)).forEach(sources::add);
        return new ProductFootprint(bom.name(), bom.functionalUnit(), mass, gwp, materials, process,
                acc.figure(acc.ced, acc.cedGaps), acc.kwh, hhi(acc, ResourceProperty.HHI_PRODUCTION, mass),
                hhi(acc, ResourceProperty.HHI_RESERVE, mass), critical, recycled, acc.sortedElements(), acc.parts,
                acc.steps, sources, bom.allocation(), bom.electricity());
    }

    /** Mass-weighted over the product's elements; unassessed when an element has no HHI or a part is hidden. */
    private ProductFootprint.Figure hhi(Acc acc, ResourceProperty p, double mass) {
        double sum = 0;
        List<String> gaps = new ArrayList<>(acc.hidden);
        for (var e : acc.elements.entrySet()) {
            OptionalDouble v = scorer.data().record(e.getKey()).value(p);
            if (v.isEmpty()) {
                gaps.add("no " + p.label() + " for " + e.getKey().symbol());
            } else {
                sum += e.getValue() * v.getAsDouble();
            }
        }
        return new ProductFootprint.Figure(gaps.isEmpty() ? sum / mass : null, sum / mass, gaps);
    }

    private void walk(Bom.Component c, String parent, Bom bom, Resolved.Resolver resolver, Acc acc) {
        String path = parent.isEmpty() ? c.name() : parent + " / " + c.name();
        for (Bom.ProcessStep s : c.steps()) {
            Bom.Electricity mix = s.electricity() != null ? s.electricity() : bom.electricity();
            acc.kwh += s.electricityKwh();
            acc.steps.add(new ProductFootprint.Step(path, s.name(), s.electricityKwh(), mix, s.electricityKwh() * mix.kgCo2eqPerKwh()));
        }
        if (!c.leaf()) {
            c.parts().forEach(x -> walk(x, path, bom, resolver, acc));
            return;
        }
        double m = c.massKg();
        Double r = c.recycledFraction();
        if (r != null) {
            acc.declaredMass += m;
            acc.recycledMass += m * r;
        }
        // cut-off: the recycled share carries no primary-production burden (a declared figure is for the
        // material as supplied, recycled content included, so it is never scaled)
        double primary = bom.allocation() == Bom.Allocation.CUT_OFF && r != null && c.material().declared() == null ? 1 - r : 1;
        Bom.Declared declared = c.material().declared();
        switch (resolver.resolve(c.material())) {
            case Resolved.Hidden h -> {
                acc.hidden.add(path + ": " + h.reason());
                acc.gwpGaps.add(path + ": " + h.reason());
                acc.cedGaps.add(path + ": " + h.reason());
                acc.parts.add(new ProductFootprint.Part(path, c.name(), m, "not visible", false, null, null, null, r,
                        null, h.reason()));
            }
            case Resolved.OfComposition oc -> {
                CompositionScores s = scorer.score(oc.composition());
                s.massFractions().forEach((e, w) -> {
                    acc.elements.merge(e, m * w, Double::sum);
                    if (r != null) {
                        acc.recycledElements.merge(e, m * w * r, Double::sum);
                    }
                });
                // a listed precursor's published figure stands in for the element sum (a user's declaration still comes first);
                // it is a primary-production figure, so the cut-off scales it by the primary share like an element sum
                Precursors.Precursor pre = c.material() instanceof Bom.Formula f ? f.precursor() : null;
                Double gwpGiven = declared != null && declared.gwp() != null ? declared.gwp() : pre == null ? null : pre.gwp();
                Double cedGiven = declared != null && declared.ced() != null ? declared.ced() : pre == null ? null : pre.ced();
                Double gwpPerKg = perKg(gwpGiven, s.ghg());
                Double cedPerKg = perKg(cedGiven, s.ced());
                String basis = declared != null && declared.gwp() != null ? "declared: " + declared.source()
                        : pre != null && pre.gwp() != null ? "precursor " + pre.code() + ": " + pre.source() + " (" + pre.scope() + ")"
                        : "elements (" + String.join(", ", elementSources(s, ResourceProperty.GHG)) + ")";
                if (declared != null && declared.source() != null) {
                    acc.sources.add(declared.source());
                }
                boolean preGwp = pre != null && pre.gwp() != null && (declared == null || declared.gwp() == null);
                boolean preCed = pre != null && pre.ced() != null && (declared == null || declared.ced() == null);
                if (preGwp || preCed) {
                    acc.sources.add(pre.source());
                }
                if (gwpGiven == null || cedGiven == null) {
                    acc.sources.addAll(elementSources(s, ResourceProperty.GHG));
                }
                String note = null;
                Double gwp = null;
                if (gwpPerKg == null) {
                    Score.Missing miss = (Score.Missing) s.ghg();
                    note = miss.message();
                    acc.gwpGaps.add(path + ": " + note);
                    acc.gwp += m * primary * miss.assessedPart();
                } else {
                    gwp = m * primary * gwpPerKg;
                    acc.gwp += gwp;
                }
                Double ced = null;
                if (cedPerKg == null) {
                    Score.Missing miss = (Score.Missing) s.ced();
                    acc.cedGaps.add(path + ": " + miss.message());
                    acc.ced += m * primary * miss.assessedPart();
                } else {
                    ced = m * primary * cedPerKg;
                    acc.ced += ced;
                }
                acc.parts.add(new ProductFootprint.Part(path, c.name(), m, oc.label(), true, gwp, gwpPerKg, ced, r, basis, note));
            }
            case Resolved.OfProduct op -> {
                ProductFootprint sub = op.footprint();
                double scale = m / sub.massKg();
                sub.elementMassKg().forEach((e, kg) -> {
                    acc.elements.merge(e, kg * scale, Double::sum);
                    double rec = r != null ? kg * scale * r : kg * scale * sub.recycled().elementShare().getOrDefault(e, 0.0);
                    acc.recycledElements.merge(e, rec, Double::sum);
                });
                if (r == null) {
                    acc.recycledMass += sub.recycled().massKg() * scale;
                }
                sub.parts().stream().filter(x -> !x.visible()).forEach(x -> acc.hidden.add(path + " / " + x.path() + ": " + x.note()));
                acc.sources.addAll(sub.sources());
                acc.kwh += sub.electricityKwh() * scale;
                Double gwp = declared != null && declared.gwp() != null ? m * declared.gwp()
                        : sub.gwp().assessed() ? sub.gwp().value() * scale : null;
                Double ced = declared != null && declared.ced() != null ? m * declared.ced()
                        : sub.ced().assessed() ? sub.ced().value() * scale : null;
                if (gwp == null) {
                    acc.gwpGaps.add(path + ": " + String.join("; ", sub.gwp().unassessed()));
                    acc.gwp += sub.gwp().lowerBound() * scale;
                } else {
                    acc.gwp += gwp;
                }
                if (ced == null) {
                    acc.cedGaps.add(path + ": " + String.join("; ", sub.ced().unassessed()));
                    acc.ced += sub.ced().lowerBound() * scale;
                } else {
                    acc.ced += ced;
                }
                acc.parts.add(new ProductFootprint.Part(path, c.name(), m, op.label(), true, gwp,
                        gwp == null ? null : gwp / m, ced, r, declared != null && declared.gwp() != null
                        ? "declared: " + declared.source() : "product (its own bill of materials, per kg)",
                        gwp == null ? String.join("; ", sub.gwp().unassessed()) : null));
            }
        }
    }

    private static Double perKg(Double declared, Score elements) {
        if (declared != null) {
            return declared;
        }
        return elements instanceof Score.Computed c ? c.score() : null;
    }

    private List<String> elementSources(CompositionScores s, ResourceProperty p) {
        Set<String> out = new LinkedHashSet<>();
        for (Element e : s.massFractions().keySet()) {
            scorer.data().footprint(e).filter(f -> f.value(p).isPresent()).map(ElementFootprint::source).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private static final class Acc {
        final Map<Element, Double> elements = new LinkedHashMap<>();
        final Map<Element, Double> recycledElements = new LinkedHashMap<>();
        final List<ProductFootprint.Part> parts = new ArrayList<>();
        final List<ProductFootprint.Step> steps = new ArrayList<>();
        final List<String> gwpGaps = new ArrayList<>();
        final List<String> cedGaps = new ArrayList<>();
        final List<String> hidden = new ArrayList<>();
        final Set<String> sources = new LinkedHashSet<>();
        double gwp;
        double ced;
        double kwh;
        double recycledMass;
        double declaredMass;

        ProductFootprint.Figure figure(double sum, List<String> gaps) {
            return new ProductFootprint.Figure(gaps.isEmpty() ? sum : null, sum, gaps);
        }

        Map<Element, Double> sortedElements() {
            Map<Element, Double> out = new TreeMap<>(Comparator.comparingInt(Element::z));
            out.putAll(elements);
            return out;
        }
    }
}
