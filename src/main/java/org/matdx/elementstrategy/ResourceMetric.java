package org.matdx.elementstrategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.matdx.core.Composition;

/**
 * The composition scores as single numbers: what entries store in their own columns, what search
 * filters and sorts on, and what campaigns use as objectives and constraints
 * ({@code ResourceMetric.HHI_PRODUCTION.of(composition) < 2000}).
 */
public enum ResourceMetric {
    HHI_PRODUCTION("hhi_production", "", true, "mass-fraction-weighted Herfindahl-Hirschman index of production (Gaultois 2013)",
            CompositionScores::hhiProduction),
    HHI_RESERVE("hhi_reserve", "", true, "mass-fraction-weighted Herfindahl-Hirschman index of reserves (Gaultois 2013)",
            CompositionScores::hhiReserve),
    CRITICAL_FRACTION_EU("critical_fraction_eu", "", true, "mass fraction of elements on the EU 2023 critical raw materials list",
            s -> share(s, CriticalList.EU_CRM_2023)),
    CRITICAL_FRACTION_USGS("critical_fraction_usgs", "", true, "mass fraction of elements on the USGS 2022 critical minerals list",
            s -> share(s, CriticalList.USGS_2022)),
    CRITICAL_FRACTION_DOE("critical_fraction_doe", "", true, "mass fraction of elements on the US DOE 2023 critical materials for energy list",
            s -> share(s, CriticalList.DOE_2023)),
    CRITICAL_FRACTION_JAPAN("critical_fraction_japan", "", true, "mass fraction of elements among Japan's 34 stockpiled rare-metal kinds",
            s -> share(s, CriticalList.JAPAN_34)),
    ABUNDANCE("abundance_mg_per_kg", "mg/kg", false, "mass-weighted geometric mean crustal abundance of the elements",
            CompositionScores::abundance),
    COST("cost_usd_per_kg", "USD/kg", true, "mass-weighted price of the elements (raw material cost per kg)",
            CompositionScores::cost),
    GHG("ghg_kg_co2eq_per_kg", "kg CO2-eq/kg", true, "cradle-to-gate greenhouse-gas emissions of the elemental inputs per kg",
            CompositionScores::ghg),
    CED("ced_mj_per_kg", "MJ/kg", true, "cradle-to-gate cumulative energy demand of the elemental inputs per kg",
            CompositionScores::ced);

    private final String code;
    private final String unit;
    private final boolean lowerIsBetter;
    private final String description;
    private final Function<CompositionScores, Object> extract;

    ResourceMetric(String code, String unit, boolean lowerIsBetter, String description,
                   Function<CompositionScores, Object> extract) {
        this.code = code;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.description = description;
        this.extract = extract;
    }

    /** Field name in the API, in search, and the column on {@code entries}. */
    public String code() {
        return code;
    }

    /** The column on the {@code entries} table (migration V60). */
    public String column() {
        return code;
    }

    /** The OPTIMADE property name, with MatDX's provider prefix. */
    public String optimadeName() {
        return "_matdx_" + code;
    }

    public String unit() {
        return unit;
    }

    /** Supply risk, cost and carbon are better low; abundance is better high. */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    public String description() {
        return description;
    }

    /** The value, empty when an element lacks the data (see {@link Score.Missing}). */
    public OptionalDouble of(CompositionScores s) {
        Object v = extract.apply(s);
        if (v instanceof Score score) {
            return score.value();
        }
        return OptionalDouble.of((Double) v);
    }

    /** The full score behind this metric (with its dominant or missing elements); empty for critical fractions. */
    public Optional<Score> score(CompositionScores s) {
        return extract.apply(s) instanceof Score score ? Optional.of(score) : Optional.empty();
    }

    public OptionalDouble of(Composition c) {
        return of(ResourceScorer.standard().score(c));
    }

    private static Object share(CompositionScores s, CriticalList l) {
        return s.critical(l).massFraction();
    }

    public static Optional<ResourceMetric> byCode(String code) {
        String c = code.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (ResourceMetric m : values()) {
            if (m.code.equals(c) || m.name().toLowerCase(Locale.ROOT).equals(c)) {
                return Optional.of(m);
            }
        }
        // short aliases people type
        return switch (c) {
            case "hhi", "hhi_p" -> Optional.of(HHI_PRODUCTION);
            case "hhi_r" -> Optional.of(HHI_RESERVE);
            case "cost", "price" -> Optional.of(COST);
            case "co2", "ghg" -> Optional.of(GHG);
            case "abundance" -> Optional.of(ABUNDANCE);
            case "critical", "critical_eu", "eu" -> Optional.of(CRITICAL_FRACTION_EU);
            case "usgs" -> Optional.of(CRITICAL_FRACTION_USGS);
            case "doe" -> Optional.of(CRITICAL_FRACTION_DOE);
            case "japan" -> Optional.of(CRITICAL_FRACTION_JAPAN);
            default -> Optional.empty();
        };
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(ResourceMetric::code).toList());
    }
}
