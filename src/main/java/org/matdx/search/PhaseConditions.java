package org.matdx.search;

import java.util.List;
import java.util.Optional;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Problem;
import org.matdx.core.Units;
import org.matdx.query.Condition;
import org.matdx.query.Expr;
import org.matdx.search.SearchQuery.PropertyCondition;
import org.matdx.store.SqlFilter;

/**
 * Conditions on the phases identified in measured patterns (table {@code entry_phases}, migration
 * V80, kept by diffraction.PhaseAnalyses with each entry's current analysis): {@code phase=LiCoO2}
 * and {@code property=phase_fraction.LiCoO2>0.9} (a weight fraction, 0-1, or with a unit such as
 * {@code %}). Both are property conditions named {@value #PREFIX}formula, so they need what any
 * property needs (the entry's data, FULL visibility). An analysis counts only for callers who may
 * read every structure entry it names: its phases would otherwise reveal a reference they may not see.
 */
public final class PhaseConditions {
    public static final String PREFIX = "phase_fraction.";

    private PhaseConditions() {
    }

    /** {@code phase=LiCoO2}: the current analysis found the phase (any weight fraction above zero). */
    static Optional<PropertyCondition> phase(String formula, List<Problem.Issue> issues) {
        try {
            return Optional.of(new PropertyCondition(PREFIX + Composition.parse(formula.strip()).reducedFormulaAlphabetical(), ">", 0,
                    null, null));
        } catch (FormulaException e) {
            issues.add(new Problem.Issue("phase", "'" + formula + "': " + e.getMessage()));
            return Optional.empty();
        }
    }

    static boolean applies(PropertyCondition c) {
        return c.name().startsWith(PREFIX);
    }

    /**
     * A phase condition over entries {@code e}: the summed weight fraction of the phases with that
     * formula (polymorphs add up) compared as asked, in an analysis whose every structure the caller
     * may read ({@code readable}: the access policy over datasets aliased {@code ph_d}).
     */
    static Condition condition(PropertyCondition c, SqlFilter readable) {
        String formula;
        try {
            formula = Composition.parse(c.name().substring(PREFIX.length())).reducedFormulaAlphabetical();
        } catch (FormulaException e) {
            throw Problem.invalid("property", "'" + c.name() + "': " + e.getMessage());
        }
        Units.Unit one = Units.parse("");
        Units.Unit given = c.unit() == null ? one : c.unit();
        if (!given.compatible(one)) {
            throw Problem.invalid("property", "'" + c.name() + "' is a weight fraction (0-1, or %); '" + given.text() + "' measures "
                    + given.dimension().describe());
        }
        double v = Units.convert(c.value(), given, one);
        Double hi = c.upper() == null ? null : Units.convert(c.upper(), given, one);
        return new Condition.Phase(formula, c.compare(Expr.PHASE_FRACTION, v, hi, false), readable);
    }
}
