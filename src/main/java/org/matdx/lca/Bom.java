package org.matdx.lca;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.Composition;

/**
 * A bill of materials: a product as a tree of components with masses, process steps with their
 * electricity, how recycled content is allocated and which electricity mix process energy uses.
 *
 * @param functionalUnit what the figures are per, e.g. "1 cell" (the whole tree is one unit)
 * @param electricity    the product's default electricity mix for process steps
 * @param allocation     how declared recycled content enters the footprint
 */
public record Bom(String name, String functionalUnit, Component root, Electricity electricity, Allocation allocation) {

    /**
     * One part of the product: either a material (a leaf) or an assembly of parts.
     *
     * @param massKg           the part's mass in kg (an assembly's is the sum of its parts)
     * @param material         what a leaf is made of; null for an assembly
     * @param parts            an assembly's parts; empty for a leaf
     * @param recycledFraction declared recycled mass fraction (0-1) of a leaf, or null when none is declared
     * @param steps            process steps of making this part from its parts or material
     */
    public record Component(String name, double massKg, Material material, List<Component> parts,
                            Double recycledFraction, List<ProcessStep> steps) {
        public Component {
            parts = List.copyOf(parts);
            steps = List.copyOf(steps);
        }

        public boolean leaf() {
            return material != null;
        }
    }

    /** What a leaf is made of. */
    public sealed interface Material permits Formula, HubEntry, SubProduct {
        /** A footprint the supplier or a study declares for this material, used instead of the element sum; may be null. */
        Declared declared();
    }

    /**
     * A material given by its formula, or a listed precursor chemical ({@code precursor}: its formula,
     * and its published figure used instead of the element sum).
     */
    public record Formula(Composition composition, Declared declared, Precursors.Precursor precursor) implements Material {
        public Formula(Composition composition, Declared declared) {
            this(composition, declared, null);
        }

        /** How the material is shown: the precursor's name and formula, or the formula. */
        public String label() {
            return precursor == null ? composition.reducedFormula()
                    : precursor.name() + " [" + precursor.code() + "]";
        }
    }

    /** An entry in the hub: its composition, read through the access gate as the viewer may see it. */
    public record HubEntry(UUID entryId, Declared declared) implements Material {
    }

    /** Another stored product used as a sub-assembly (per kg of it, scaled to this part's mass). */
    public record SubProduct(UUID productId, Declared declared) implements Material {
    }

    /**
     * A declared footprint of a material, with where it comes from (an EPD, a supplier, a study).
     *
     * @param gwp kg CO2-eq per kg, or null
     * @param ced MJ per kg, or null
     */
    public record Declared(Double gwp, Double ced, String source) {
    }

    /**
     * A manufacturing step: electricity it takes for this part (kWh per functional unit) and, where
     * the step has its own, the electricity mix.
     */
    public record ProcessStep(String name, double electricityKwh, Electricity electricity) {
    }

    /** An electricity mix: a listed one by code, or an intensity the user gives with its source. */
    public record Electricity(String code, String name, double gCo2eqPerKwh, int year, String source) {
        public double kgCo2eqPerKwh() {
            return gCo2eqPerKwh / 1000;
        }
    }

    /** How declared recycled content enters the footprint. */
    public enum Allocation {
        /**
         * Cut-off (recycled content approach): the recycled share of a material carries no burden of
         * primary production; the burden of the recycling process itself is counted only where it is
         * declared as a process step.
         */
        CUT_OFF("cut-off", "cut-off (recycled content approach): recycled input carries no primary-production burden; "
                + "recycling processes count only where declared as process steps"),
        /** Recycled content is reported, but the footprint counts every material as primary. */
        NONE("none", "no credit: every material counted as primary production; recycled content reported only");

        private final String code;
        private final String description;

        Allocation(String code, String description) {
            this.code = code;
            this.description = description;
        }

        public String code() {
            return code;
        }

        public String description() {
            return description;
        }

        public static Optional<Allocation> byCode(String c) {
            for (Allocation a : values()) {
                if (a.code.equals(c)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }
}
