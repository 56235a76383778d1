package org.matdx.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a model's privacy budget went. Each spend is one (ε, δ)-DP release over the protected rows
 * (δ = 0: pure ε-DP); spends add up in ε and in δ (basic sequential composition, Dwork &amp; Roth 2014,
 * Theorem 3.16), and releases over disjoint rows count once (parallel composition, noted in
 * {@code how}). A spend may itself be many Gaussian releases composed in zCDP ({@link Zcdp}) and
 * converted to (ε, δ) once. The totals are the (ε, δ) the model gives each protected row.
 */
public final class PrivacyLedger {
    /** One release: what it was, its ε, and how it was composed. */
    public record Spend(String what, double epsilon, double delta, String how) {
    }

    private final List<Spend> spends = new ArrayList<>();

    /** A pure ε-DP release. */
    public void spend(String what, double epsilon, String how) {
        spend(what, epsilon, 0, how);
    }

    public void spend(String what, double epsilon, double delta, String how) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("a spend of ε must be positive and finite, was " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("a spend's δ must be in [0, 1), was " + delta);
        }
        spends.add(new Spend(what, epsilon, delta, how));
    }

    public List<Spend> spends() {
        return List.copyOf(spends);
    }

    public double total() {
        return spends.stream().mapToDouble(Spend::epsilon).sum();
    }

    public double totalDelta() {
        return spends.stream().mapToDouble(Spend::delta).sum();
    }
}
