package org.matdx.lca;

import org.matdx.core.Composition;

/** A leaf's material as the viewer may see it. */
public sealed interface Resolved permits Resolved.OfComposition, Resolved.OfProduct, Resolved.Hidden {

    /** A composition (given as a formula, or an entry's), with a label saying where it came from. */
    record OfComposition(Composition composition, String label) implements Resolved {
    }

    /** Another product's footprint, used per kg of it. */
    record OfProduct(ProductFootprint footprint, String label) implements Resolved {
    }

    /** Not visible to the viewer (a hidden entry or product, or one that no longer exists): no figures, nothing revealed. */
    record Hidden(String reason) implements Resolved {
    }

    /** Turns a material into what the viewer may see of it. */
    interface Resolver {
        Resolved resolve(Bom.Material material);
    }

    /** Formulas only (a bill of materials checked offline): entries and products are not visible. */
    Resolver FORMULAS_ONLY = m -> m instanceof Bom.Formula f
            ? new OfComposition(f.composition(), f.label())
            : new Hidden("only formulas are evaluated offline");
}
