package org.matdx.elementstrategy;

import java.util.Optional;

/**
 * Numeric per-element facts of the element-strategy table, each one column of
 * {@code element-resources.tsv} with its unit; the source of each column is in
 * {@code element-resources-sources.tsv}.
 */
public enum ResourceProperty {
    HHI_PRODUCTION("hhi_production", "HHI of production", ""),
    HHI_RESERVE("hhi_reserve", "HHI of reserves", ""),
    CRUSTAL_ABUNDANCE("crustal_abundance_mg_per_kg", "crustal abundance", "mg/kg"),
    PRICE("price_usd_per_kg", "price", "USD/kg"),
    MAIN_PRODUCER_SHARE("main_producer_share", "leading producer's share of world production", ""),
    GHG("ghg_kg_co2eq_per_kg", "cradle-to-gate greenhouse-gas emissions", "kg CO2-eq/kg"),
    CED("ced_mj_per_kg", "cradle-to-gate cumulative energy demand", "MJ/kg");

    private final String column;
    private final String label;
    private final String unit;

    ResourceProperty(String column, String label, String unit) {
        this.column = column;
        this.label = label;
        this.unit = unit;
    }

    /** The column name in the table, also the name used in the API. */
    public String column() {
        return column;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public static Optional<ResourceProperty> byColumn(String column) {
        for (ResourceProperty p : values()) {
            if (p.column.equals(column)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
