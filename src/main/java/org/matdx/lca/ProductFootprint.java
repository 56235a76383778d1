package org.matdx.lca;

import java.util.List;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.elementstrategy.CriticalList;

/**
 * A product's figures rolled up from its bill of materials, per functional unit, with each part's
 * contribution. A figure some part cannot give (an element without a published footprint, a part
 * hidden from the viewer) is unassessed: {@link Figure#value()} is null and the lower bound from
 * the parts that could be assessed is beside it.
 *
 * @param massKg          total mass
 * @param gwp             kg CO2-eq: materials plus process electricity
 * @param materialsGwp    kg CO2-eq of the materials alone
 * @param processGwp      kg CO2-eq of process electricity (always assessed: every step has a mix)
 * @param ced             MJ of cumulative energy demand of the materials (process electricity is
 *                        reported in kWh, not converted to primary energy)
 * @param electricityKwh  electricity of all process steps
 * @param hhiProduction   mass-weighted HHI of production over the product's elements
 * @param hhiReserve      mass-weighted HHI of reserves
 * @param critical        per list: kg of listed elements, and which
 * @param recycled        recycled content by mass balance
 * @param elementMassKg   kg of each element in the product (visible parts only)
 * @param parts           every leaf, depth first, with its contribution
 * @param steps           every process step with its contribution
 * @param sources         the keys of the sources of every figure used
 */
public record ProductFootprint(String name, String functionalUnit, double massKg, Figure gwp, Figure materialsGwp,
                               double processGwp, Figure ced, double electricityKwh, Figure hhiProduction,
                               Figure hhiReserve, Map<CriticalList, CriticalContent> critical, Recycled recycled,
                               Map<Element, Double> elementMassKg, List<Part> parts, List<Step> steps,
                               List<String> sources, Bom.Allocation allocation, Bom.Electricity electricity) {

    /**
     * @param value      the figure, or null when unassessed
     * @param lowerBound what the assessed parts add up to (equal to value when assessed)
     * @param unassessed what could not be assessed and why ("cathode: no published … for P")
     */
    public record Figure(Double value, double lowerBound, List<String> unassessed) {
        public Figure {
            unassessed = List.copyOf(unassessed);
        }

        public boolean assessed() {
            return value != null;
        }
    }

    /** @param elements kg of each listed element */
    public record CriticalContent(double massKg, double massFraction, Map<Element, Double> elements) {
    }

    /**
     * Recycled content by mass balance: declared recycled mass over total mass; per element, the
     * recycled mass of that element over its total mass. Parts that declare nothing count as 0 %
     * recycled (a claim not made is not assumed), and {@code declaredMassFraction} says how much of
     * the product made a declaration.
     */
    public record Recycled(double massKg, double massFraction, double declaredMassFraction,
                           Map<Element, Double> elementShare) {
    }

    /**
     * One leaf of the tree.
     *
     * @param path      names from the root, "cell / cathode / active material"
     * @param material  what it is made of, as the viewer may see it ("LiCoO2", "entry …: LiCoO2", "hidden")
     * @param gwp       this part's kg CO2-eq (after allocation), null when unassessed
     * @param gwpPerKg  kg CO2-eq per kg of the material, before allocation
     * @param basis     where the figure comes from: "elements (nuss2014, zhang2024)", "declared: …", "product …"
     * @param note      why a figure is missing, or null
     */
    public record Part(String path, String name, double massKg, String material, boolean visible, Double gwp,
                       Double gwpPerKg, Double ced, Double recycledFraction, String basis, String note) {
    }

    /** A process step's electricity and its footprint. */
    public record Step(String path, String name, double electricityKwh, Bom.Electricity electricity, double gwp) {
    }
}
