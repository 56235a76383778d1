package org.matdx.elementstrategy;

import java.util.OptionalDouble;
import org.matdx.core.Element;

/**
 * The published cradle-to-gate footprint of one element, with where it comes from. A figure that is
 * absent is unassessed, never zero.
 *
 * @param gwp      kg CO2-eq per kg (GWP100), or null when the source gives none
 * @param ced      cumulative energy demand in MJ per kg, or null when the source gives none
 * @param source   key into {@code element-footprint-sources.tsv}
 * @param year     the year of the data (of publication where the source states no data year)
 * @param scope    what was assessed: product form, route, region, production mix
 * @param boundary the system boundary, e.g. cradle-to-gate
 */
public record ElementFootprint(Element element, Double gwp, Double ced, String source, int year, String scope,
                               String boundary) {
    public OptionalDouble value(ResourceProperty p) {
        Double v = switch (p) {
            case GHG -> gwp;
            case CED -> ced;
            default -> null;
        };
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
