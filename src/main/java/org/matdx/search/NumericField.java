package org.matdx.search;

import java.util.List;
import java.util.Optional;
import org.matdx.access.Visibility;

/**
 * A number kept in a column of {@code entries} (alias {@code e}) that search can filter and sort
 * on, and OPTIMADE serves as a {@code _matdx_} property. Adding one — e.g. an element-strategy
 * supply-risk score stored in its own column — is one line in {@link #ALL}:
 * <pre>
 * new NumericField("hhi_production", "e.hhi_production", "", Visibility.METADATA,
 *         "Herfindahl-Hirschman index of production, mass-weighted (Gaultois et al. 2013)", false, true),
 * </pre>
 * Numbers kept in an entry's {@code properties} need no registration: they are searchable by
 * name ({@code property=band_gap>3 eV}) and served as {@code _matdx_<name>} automatically.
 *
 * @param name        the name in native queries ({@code property=nsites>10}, {@code sort=nsites})
 * @param sql         the SQL expression over {@code e} (may be NULL for entries without a value)
 * @param unit        the unit of the column's values ("" when dimensionless)
 * @param level       how much of a dataset a caller must be allowed to see to filter or sort on it
 * @param description for /info and docs
 * @param integer     whether values are whole numbers
 * @param optimade    whether OPTIMADE serves it as {@code _matdx_<name>} (false for standard OPTIMADE properties)
 */
public record NumericField(String name, String sql, String unit, Visibility level, String description, boolean integer,
                           boolean optimade) {

    /** The registry. Names must not collide with property names in use; the column wins. */
    public static final List<NumericField> ALL = List.of(
            new NumericField("nelements", "e.nelements", "", Visibility.METADATA,
                    "Number of different elements in the composition.", true, false),
            new NumericField("nsites", "e.structure_nsites", "", Visibility.FULL,
                    "Number of sites in the structure's unit cell.", true, false),
            // element strategy (V60): scores of the composition alone, so metadata visibility suffices
            new NumericField("hhi_production", "e.hhi_production", "", Visibility.METADATA,
                    "Herfindahl-Hirschman index of production, mass-weighted over the composition (Gaultois et al. 2013); "
                            + "< 1500 low, 1500-2500 medium, > 2500 high concentration.", false, true),
            new NumericField("hhi_reserve", "e.hhi_reserve", "", Visibility.METADATA,
                    "Herfindahl-Hirschman index of reserves, mass-weighted over the composition (Gaultois et al. 2013).", false, true),
            new NumericField("critical_fraction_eu", "e.critical_fraction_eu", "", Visibility.METADATA,
                    "Mass fraction of elements on the EU 2023 critical raw materials list.", false, true),
            new NumericField("critical_fraction_usgs", "e.critical_fraction_usgs", "", Visibility.METADATA,
                    "Mass fraction of elements on the USGS 2022 critical minerals list.", false, true),
            new NumericField("critical_fraction_doe", "e.critical_fraction_doe", "", Visibility.METADATA,
                    "Mass fraction of elements on the US DOE 2023 critical materials list.", false, true),
            new NumericField("critical_fraction_japan", "e.critical_fraction_japan", "", Visibility.METADATA,
                    "Mass fraction of Japan's designated critical minerals.", false, true),
            new NumericField("abundance_mg_per_kg", "e.abundance_mg_per_kg", "mg/kg", Visibility.METADATA,
                    "Crustal abundance of the composition's elements, mass-weighted.", false, true),
            new NumericField("cost_usd_per_kg", "e.cost_usd_per_kg", "", Visibility.METADATA,
                    "Raw-material cost of the elements in US dollars per kg of material.", false, true),
            new NumericField("ghg_kg_co2eq_per_kg", "e.ghg_kg_co2eq_per_kg", "", Visibility.METADATA,
                    "Cradle-to-gate greenhouse-gas emissions of the elemental inputs, kg CO2-eq per kg (Nuss & Eckelman 2014).", false, true),
            new NumericField("ced_mj_per_kg", "e.ced_mj_per_kg", "MJ/kg", Visibility.METADATA,
                    "Cumulative energy demand of the elemental inputs per kg.", false, true));

    public static Optional<NumericField> byName(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }
}
