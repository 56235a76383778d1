package org.matdx.query;

import java.util.List;
import java.util.Optional;
import org.matdx.access.Visibility;

/**
 * A number kept in a column of {@code entries} (alias {@code e}) that search can filter and sort
 * on, and OPTIMADE serves as a {@code _matdx_} property. Adding one — e.g. an element-strategy
 * supply-risk score stored in its own column — is one line in {@link #ALL}:
 * <pre>
 * new NumericField("hhi_production", "e.hhi_production", "", Visibility.METADATA,
 *         "Herfindahl-Hirschman index of production, mass-weighted (Gaultois et al. 2013)", false, true, false),
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
 * @param narrow      whether the narrow copy entry_search has the column too ({@link SearchTable})
 */
public record NumericField(String name, String sql, String unit, Visibility level, String description, boolean integer,
                           boolean optimade, boolean narrow) {

    /** The registry. Names must not collide with property names in use; the column wins. */
    public static final List<NumericField> ALL = List.of(
            new NumericField("nelements", "e.nelements", "", Visibility.METADATA,
                    "Number of different elements in the composition.", true, false, true),
            new NumericField("nsites", "e.structure_nsites", "", Visibility.FULL,
                    "Number of sites in the structure's unit cell.", true, false, true),
            // element-strategy scores of the composition (migration V60, kept by resources.ResourceIndex);
            // names and columns follow resources.ResourceMetric. Units our unit parser cannot express
            // (currency, CO2-equivalents) are stated in the description and compared as given.
            new NumericField("hhi_production", "e.hhi_production", "", Visibility.METADATA,
                    "Mass-fraction-weighted Herfindahl-Hirschman index of production, 0-10000 (Gaultois et al. 2013).", false, true, false),
            new NumericField("hhi_reserve", "e.hhi_reserve", "", Visibility.METADATA,
                    "Mass-fraction-weighted Herfindahl-Hirschman index of reserves, 0-10000 (Gaultois et al. 2013).", false, true, false),
            new NumericField("critical_fraction_eu", "e.critical_fraction_eu", "", Visibility.METADATA,
                    "Mass fraction of elements on the EU 2023 critical raw materials list (0-1).", false, true, false),
            new NumericField("critical_fraction_usgs", "e.critical_fraction_usgs", "", Visibility.METADATA,
                    "Mass fraction of elements on the USGS 2022 critical minerals list (0-1).", false, true, false),
            new NumericField("critical_fraction_doe", "e.critical_fraction_doe", "", Visibility.METADATA,
                    "Mass fraction of elements on the US DOE 2023 critical materials for energy list (0-1).", false, true, false),
            new NumericField("critical_fraction_japan", "e.critical_fraction_japan", "", Visibility.METADATA,
                    "Mass fraction of elements among Japan's 34 stockpiled rare-metal kinds (0-1).", false, true, false),
            new NumericField("abundance_mg_per_kg", "e.abundance_mg_per_kg", "", Visibility.METADATA,
                    "Mass-weighted geometric mean crustal abundance of the elements, in mg/kg.", false, true, false),
            new NumericField("cost_usd_per_kg", "e.cost_usd_per_kg", "", Visibility.METADATA,
                    "Mass-weighted price of the elements (raw material cost), in USD/kg.", false, true, false),
            new NumericField("ghg_kg_co2eq_per_kg", "e.ghg_kg_co2eq_per_kg", "", Visibility.METADATA,
                    "Cradle-to-gate greenhouse-gas emissions of the elemental inputs, in kg CO2-eq per kg; unassessed "
                            + "(an element without a published figure) is no value, never matched as a number.", false, true, false),
            new NumericField("ced_mj_per_kg", "e.ced_mj_per_kg", "", Visibility.METADATA,
                    "Cradle-to-gate cumulative energy demand of the elemental inputs, in MJ per kg; unassessed "
                            + "(an element without a published figure) is no value, never matched as a number.", false, true, false));

    public static Optional<NumericField> byName(String name) {
        return ALL.stream().filter(f -> f.name.equals(name)).findFirst();
    }
}
