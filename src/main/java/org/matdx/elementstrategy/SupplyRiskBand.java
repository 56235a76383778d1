package org.matdx.elementstrategy;

import java.util.Locale;

/**
 * Market concentration bands for a Herfindahl-Hirschman index, with the U.S. Department of
 * Justice thresholds that Gaultois et al. (2013) apply to element supply: below 1500
 * unconcentrated, 1500 to 2500 moderately concentrated, above 2500 highly concentrated.
 */
public enum SupplyRiskBand {
    LOW("unconcentrated (HHI < 1500)"),
    MEDIUM("moderately concentrated (1500 ≤ HHI ≤ 2500)"),
    HIGH("highly concentrated (HHI > 2500)");

    public static final double LOW_BELOW = 1500;
    public static final double HIGH_ABOVE = 2500;

    private final String meaning;

    SupplyRiskBand(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SupplyRiskBand of(double hhi) {
        if (hhi < LOW_BELOW) {
            return LOW;
        }
        return hhi > HIGH_ABOVE ? HIGH : MEDIUM;
    }
}
