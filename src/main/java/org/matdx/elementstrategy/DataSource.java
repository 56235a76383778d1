package org.matdx.elementstrategy;

/**
 * Where one column of the element-strategy table comes from.
 *
 * @param column     the table column it describes
 * @param key        short key of the source, e.g. {@code gaultois2013}
 * @param year       year of the data or document
 * @param citation   the publication as one would cite it
 * @param identifier DOI, Federal Register citation or address
 * @param note       how the values were taken from it
 */
public record DataSource(String column, String key, int year, String citation, String identifier, String note) {
}
