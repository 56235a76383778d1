package org.matdx.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a model's privacy budget went. Each spend is one ε-DP release over the protected rows;
 * spends add up (sequential composition), and releases over disjoint rows count once (parallel
 * composition, noted in {@code how}). The total is the ε the model gives each protected row.
 */
public final class PrivacyLedger {
    /** One release: what it was, its ε, and how it was composed. */
    public record Spend(String what, double epsilon, String how) {
    }

    private final List<Spend> spends = new ArrayList<>();

    public void spend(String what, double epsilon, String how) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("a spend of ε must be positive and finite, was " + epsilon);
        }
        spends.add(new Spend(what, epsilon, how));
    }

    public List<Spend> spends() {
        return List.copyOf(spends);
    }

    public double total() {
        return spends.stream().mapToDouble(Spend::epsilon).sum();
    }
}
