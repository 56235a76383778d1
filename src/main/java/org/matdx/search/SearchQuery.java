package org.matdx.search;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.core.Units;
import org.matdx.query.Condition;
import org.matdx.query.Condition.Value;
import org.matdx.query.Expr;
import org.matdx.query.NumericField;

/**
 * A native search: what to find, how to order it, what to return. Every list is "any of"; the
 * conditions are combined with AND. Built from request parameters by {@link SearchRequest}.
 *
 * @param elementsAll     entries containing every one of these elements
 * @param elementsAny     … at least one of these
 * @param elementsOnly    … no elements other than these
 * @param elementsExclude … none of these
 * @param chemicalSystem  exact chemical system, alphabetical ("La-Li-O-Zr")
 * @param reducedFormula  reduced formula, elements alphabetical ("La3Li7O12Zr2")
 * @param anonymousFormula OPTIMADE anonymous formula ("A12B7C3D2")
 * @param text            full-text words (web-search syntax: quotes, OR, -word)
 * @param spaceGroups     entries whose space-group number lies in one of these ranges (a crystal
 *                        system is its range of numbers)
 * @param facets          which facet counts to return
 * @param exactCount      count every match even when there are very many (slower)
 */
public record SearchQuery(List<String> elementsAll, List<String> elementsAny, List<String> elementsOnly,
                          List<String> elementsExclude, String chemicalSystem, String reducedFormula,
                          String anonymousFormula, IntRange nelements, List<PropertyCondition> properties, String text,
                          List<UUID> datasets, List<String> kinds, List<String> templates, List<String> instruments,
                          List<IntRange> spaceGroups, List<String> samples, List<String> outcomes, Instant createdFrom,
                          Instant createdBefore, List<String> owners, List<String> groups, SortSpec sort, List<String> fields,
                          String cursor, int limit, List<Facet> facets, boolean exactCount) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 500;

    public SearchQuery {
        elementsAll = List.copyOf(elementsAll);
        elementsAny = List.copyOf(elementsAny);
        elementsOnly = List.copyOf(elementsOnly);
        elementsExclude = List.copyOf(elementsExclude);
        properties = List.copyOf(properties);
        datasets = List.copyOf(datasets);
        kinds = List.copyOf(kinds);
        templates = List.copyOf(templates);
        instruments = List.copyOf(instruments);
        spaceGroups = List.copyOf(spaceGroups);
        samples = List.copyOf(samples);
        outcomes = List.copyOf(outcomes);
        owners = List.copyOf(owners);
        groups = List.copyOf(groups);
        fields = fields == null ? null : List.copyOf(fields);
        facets = List.copyOf(facets);
    }

    /** Everything, newest first, the default page size: a starting point for tests and callers. */
    public static SearchQuery all() {
        return new SearchQuery(List.of(), List.of(), List.of(), List.of(), null, null, null, null, List.of(), null,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), List.of(),
                SortSpec.DEFAULT, null, null, DEFAULT_LIMIT, List.of(), false);
    }

    /**
     * How much of a dataset a caller must see for its entries to be tested by this search: its
     * data when any condition or the order reads what an embargo hides — properties and numeric
     * fields of the data (site counts), the instrument, the sample, the outcome — and its metadata
     * otherwise. Full text is the exception: it matches titles at METADATA and data at FULL (see
     * {@link SearchService}).
     */
    public Visibility requiredVisibility() {
        boolean data = !instruments.isEmpty() || !spaceGroups.isEmpty() || !samples.isEmpty() || !outcomes.isEmpty()
                || properties.stream().anyMatch(c -> propertyNeedsData(c.name()))
                || sort.field().property() != null && propertyNeedsData(sort.field().property())
                || sort.field().property() == null && NumericField.byName(sort.field().name()).map(SearchQuery::ofData).orElse(false);
        return data ? Visibility.FULL : Visibility.METADATA;
    }

    /** An entry's own property always; a numeric field of the composition (nelements, scores) is metadata. */
    private static boolean propertyNeedsData(String name) {
        return NumericField.byName(name).map(SearchQuery::ofData).orElse(true);
    }

    private static boolean ofData(NumericField f) {
        return f.level().atLeast(Visibility.FULL);
    }

    /** An inclusive range of whole numbers; either end may be open (null). */
    public record IntRange(Integer min, Integer max) {
    }

    /**
     * A numeric property condition such as {@code band_gap > 3 eV}: {@code op} is one of
     * {@code = != < <= > >=}, or {@code ..} for the inclusive range [value, upper].
     */
    public record PropertyCondition(String name, String op, double value, Double upper, Units.Unit unit) {
        /** {@code x op v}, or for {@code ..} x between v and hi; guarded: false where x is unknown. */
        Condition compare(Expr x, double v, Double hi, boolean guarded) {
            if (op.equals("..")) {
                return new Condition.Between(x, Value.of(Math.min(v, hi)), Value.of(Math.max(v, hi)), guarded);
            }
            return new Condition.Compare(x, op.equals("!=") ? "<>" : op, Value.of(v), false, guarded);
        }
    }

    /** What results are ordered by: a field and a direction; the entry id breaks ties. */
    public record SortSpec(SortField field, boolean descending) {
        public static final SortSpec DEFAULT = new SortSpec(SortField.CREATED_AT, true);

        public String text() {
            return (descending ? "-" : "") + field.name();
        }
    }

    /**
     * A field to sort by: a named column, full-text relevance, or a numeric property (in SI,
     * values missing last).
     */
    public record SortField(String name, String property) {
        public static final SortField CREATED_AT = new SortField("created_at", null);
        public static final SortField RELEVANCE = new SortField("relevance", null);

        public static SortField property(String name) {
            return new SortField("properties." + name, name);
        }
    }

    /** The facet counts search can return. */
    public enum Facet {
        ELEMENTS, TEMPLATE, INSTRUMENT, OUTCOME, YEAR, KIND, DATASET;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
