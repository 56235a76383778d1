package org.matdx.optimade;

/**
 * A relationship a filter can follow from the entries of one type to those of another
 * (OPTIMADE "Filtering on relationships"): {@code references.id HAS "…"} reads {@code ids},
 * {@code references.target.doi = "…"} tests the related rows.
 *
 * @param name   the related entry type, as filters name the relationship ({@code references})
 * @param ids    SQL for the ids of the related entries the caller may see, as text[], correlated with the outer entry
 * @param rows   {@code " FROM … WHERE …"} selecting the related entries the caller may see under the aliases
 *               {@code target}'s properties use, correlated with the outer entry; conditions are appended with AND
 * @param target the related entry type, whose properties {@code <name>.target.<property>} names
 */
record Relation(String name, String ids, String rows, EntryType target) {
}
