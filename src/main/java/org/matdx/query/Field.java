package org.matdx.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of what a search can test on an entry: each field once, with its name in native
 * queries and in OPTIMADE, its SQL over entries ({@code e}), whether the narrow copy
 * entry_search holds what that reads ({@link Expr#narrow()}), its type, and whether it sorts.
 * OPTIMADE's structures ({@code optimade.EntryType}) list these in this order; native search
 * reads the same expressions for its conditions, sorts and facets; numbers in columns of their
 * own are {@link NumericField}s and join the catalogue from there.
 *
 * @param name        the native name (null when native search has no parameter for it)
 * @param optimade    the OPTIMADE property name (null when OPTIMADE does not serve it)
 * @param sql         the SQL expression over {@code e}; null for values served from the stored
 *                    structure that no filter reaches
 * @param narrow      whether entry_search's row holds every column {@code sql} reads
 * @param kind        the type of its values
 * @param item        for lists, the type of the items
 * @param sortable    whether OPTIMADE's results can be ordered by it
 * @param onRequest   whether OPTIMADE returns it only when response_fields asks for it
 * @param unit        the OPTIMADE unit symbol ("inapplicable", "dimensionless", "angstrom" …)
 * @param description what it is, for /info and docs
 * @param sort        how native search orders by it ({@code sort=[-]name}); null when it does not
 */
public record Field(String name, String optimade, String sql, boolean narrow, Kind kind, Kind item, boolean sortable,
                     boolean onRequest, String unit, String description, Sort sort) {

    /** Types of field values, as OPTIMADE names them. */
    public enum Kind {
        STRING, INTEGER, FLOAT, BOOLEAN, TIMESTAMP, LIST, DICTIONARY
    }

    /**
     * How native search orders entries by a field: the SQL type its cursor binds the last key as,
     * what a missing value sorts as, and whether an index gives the order (so that the first page
     * of a broad search can be found by walking it, {@link IndexWalk}).
     */
    public enum Sort {
        /** A timestamp that is never missing, indexed ((created_at, id), (updated_at, id)). */
        TIMESTAMP("timestamptz", true),
        /** Text that is never missing. */
        TEXT("text", false),
        /** Text; missing values sort as the empty string (first, ascending). */
        TEXT_OR_EMPTY("text", false),
        /** A whole number that is never missing, indexed. */
        INTEGER("integer", true),
        /** A number; missing values last in either direction. */
        NUMBER("float8", false);

        /** The SQL type a cursor's key is bound as. */
        public final String type;
        /** Whether an index gives this order. */
        public final boolean indexed;

        Sort(String type, boolean indexed) {
            this.type = type;
            this.indexed = indexed;
        }

        /** The sort key over {@code sql}, for this direction. */
        public String key(String sql, boolean descending) {
            return switch (this) {
                case TIMESTAMP, TEXT, INTEGER -> sql;
                case TEXT_OR_EMPTY -> "COALESCE(" + sql + ", '')";
                case NUMBER -> numberKey(sql, descending);
            };
        }
    }

    /** A number as a sort key, missing values last in either direction. */
    public static String numberKey(String sql, boolean descending) {
        return "COALESCE((" + sql + ")::float8, " + (descending ? "'-Infinity'::float8" : "'Infinity'::float8") + ")";
    }

    private static final String NA = "inapplicable";

    /** The fields of an entry, in the order OPTIMADE's /info/structures lists them after id and type. */
    public static final List<Field> ENTRY = entryFields();

    /** The fields native search sorts by ({@code sort=[-]name}), besides relevance and numeric properties. */
    public static final List<String> SORTABLE = ENTRY.stream().filter(f -> f.sort != null).map(Field::name).toList();

    private static List<Field> entryFields() {
        List<Field> f = new ArrayList<>();
        f.add(column(null, "immutable_id", "e.id::text", true, Kind.STRING, true, NA,
                "The entry's immutable ID: MatDX entry ids never change."));
        f.add(column("updated_at", "last_modified", "e.updated_at", true, Kind.TIMESTAMP, false, NA,
                "Date and time when the entry was last modified.").sortedAs(Sort.TIMESTAMP));
        f.add(list("elements", "elements", "e.elements", true, Kind.STRING, NA,
                "The chemical symbols of the different elements present in the structure, alphabetical."));
        f.add(numeric("nelements", "nelements", Kind.INTEGER, "Number of different elements in the structure.").sortedAs(Sort.INTEGER));
        f.add(list(null, "elements_ratios", "e.element_fractions", true, Kind.FLOAT, "dimensionless",
                "Relative proportions (atomic fractions) of the elements, in the order of elements."));
        f.add(column(null, "chemical_formula_descriptive", "COALESCE(e.data #>> '{optimade,chemical_formula_descriptive}', e.formula)",
                false, Kind.STRING, false, NA,
                "The chemical formula of the cell's content (or as given by the source of imported data)."));
        f.add(column(null, "chemical_formula_reduced", "e.optimade_reduced", true, Kind.STRING, false, NA,
                "Reduced chemical formula, elements alphabetical with whole-number proportions."));
        f.add(column(null, "chemical_formula_hill", "CASE WHEN e.formula_hill ~ '^([A-Z][a-z]?[0-9]*)+$' THEN e.formula_hill END",
                true, Kind.STRING, true, NA,
                "Hill formula of the cell's content; unknown when occupancies do not sum to whole numbers."));
        f.add(column(null, "chemical_formula_anonymous", "e.optimade_anonymous", true, Kind.STRING, false, NA,
                "The reduced formula with elements replaced by A, B, C … in order of decreasing proportion."));
        f.add(list(null, "dimension_types", "e.structure_dimension_types", true, Kind.INTEGER, NA,
                "Periodicity along each lattice vector: 1 periodic, 0 not."));
        f.add(column(null, "nperiodic_dimensions", "cardinality(array_positions(e.structure_dimension_types, 1))", true,
                Kind.INTEGER, false, "dimensionless", "Number of periodic dimensions."));
        f.add(served("lattice_vectors", Kind.LIST, Kind.LIST, "angstrom",
                "The three lattice vectors in Cartesian coordinates, in ångström."));
        f.add(served("cartesian_site_positions", Kind.LIST, Kind.LIST, "angstrom", "Cartesian positions of the sites, in ångström."));
        f.add(numeric("nsites", "nsites", Kind.INTEGER, "Number of sites in the unit cell.").sortedAs(Sort.NUMBER));
        f.add(served("species", Kind.LIST, Kind.DICTIONARY, NA,
                "The species at the sites: name, chemical symbols and their concentrations (vacancies included)."));
        f.add(list(null, "species_at_sites", "e.structure_species_at_sites", false, Kind.STRING, NA,
                "Name of the species at each site, in the order of cartesian_site_positions."));
        f.add(list(null, "structure_features", "CASE WHEN e.structure_disordered THEN ARRAY['disorder']::text[] ELSE ARRAY[]::text[] END",
                true, Kind.STRING, NA, "Notable features of the structure: \"disorder\" when a site holds several elements or vacancies."));
        // V180: declared by a CIF (number or symbol) or carried by an imported OPTIMADE structure; not computed
        f.add(column("space_group", "space_group_it_number", "matdx_space_group(e.metadata, e.data)", false, Kind.INTEGER, true,
                "dimensionless", "International Tables number (1-230) of the structure's space group, as its CIF or its source declares it."));
        f.add(column("title", "_matdx_title", "e.title", false, Kind.STRING, false, NA, "The MatDX entry title.").sortedAs(Sort.TEXT));
        f.add(column(null, "_matdx_dataset_id", "e.dataset_id::text", true, Kind.STRING, false, NA,
                "The MatDX dataset the structure belongs to (also its reference)."));
        f.add(column("kind", "_matdx_kind", "e.kind", true, Kind.STRING, true, NA, "What the entry records: structure or calculation."));
        f.add(column("outcome", "_matdx_outcome", "e.outcome", true, Kind.STRING, true, NA,
                "How the calculation or experiment ended: succeeded, failed or abandoned."));
        // where an imported structure came from (matdx import optimade, a federated search's import): the
        // standard id, immutable_id and last_modified describe the entry in this database, so the
        // source's own stay beside them under MatDX's prefix
        f.add(column(null, "_matdx_source_provider", "e.data #>> '{optimade_provider,prefix}'", false, Kind.STRING, true, NA,
                "Provider prefix of the database an imported structure came from (as that database's meta.provider.prefix names it)."));
        f.add(column(null, "_matdx_source_id", "e.data #>> '{optimade,id}'", false, Kind.STRING, true, NA,
                "The id the structure had in the database it was imported from."));
        f.add(column(null, "_matdx_source_immutable_id", "e.data #>> '{optimade,immutable_id}'", false, Kind.STRING, true, NA,
                "The immutable_id the structure had in the database it was imported from."));
        f.add(column(null, "_matdx_source_last_modified", "matdx_timestamp(e.data #>> '{optimade,last_modified}')", false,
                Kind.TIMESTAMP, true, NA, "When the structure was last modified in the database it was imported from."));
        f.add(column(null, "_matdx_source_url", "CASE WHEN e.data #>> '{optimade_provider,base_url}' IS "
                        + "NOT NULL AND e.data #>> '{optimade,id}' IS NOT NULL THEN (e.data #>> '{optimade_provider,base_url}') "
                        + "|| '/structures/' || (e.data #>> '{optimade,id}') END", false, Kind.STRING, true, NA,
                "The structure at the OPTIMADE API it was imported from, when the import knew that API's address."));
        for (NumericField n : NumericField.ALL) {
            if (n.optimade()) {
                f.add(column(n.name(), "_matdx_" + n.name(), n.sql(), n.narrow(), n.integer() ? Kind.INTEGER : Kind.FLOAT, true,
                        n.unit().isEmpty() ? "dimensionless" : n.unit(), n.description()));
            }
        }
        // native search only: sorted, faceted or tested by its own parameters
        f.add(column("created_at", null, "e.created_at", true, Kind.TIMESTAMP, false, NA, "When the entry was created.")
                .sortedAs(Sort.TIMESTAMP));
        f.add(column("formula", null, "e.formula_reduced_alpha", true, Kind.STRING, false, NA,
                "The reduced formula, elements alphabetical.").sortedAs(Sort.TEXT_OR_EMPTY));
        f.add(column("anonymous_formula", null, "e.formula_anonymous", true, Kind.STRING, false, NA,
                "The reduced formula with elements replaced by A, B, C … in order of decreasing proportion."));
        f.add(column("chemical_system", null, "e.chemical_system", true, Kind.STRING, false, NA,
                "The elements, alphabetical, joined by hyphens (Fe-Li-O-P)."));
        f.add(column("dataset", null, "e.dataset_id", true, Kind.STRING, false, NA, "The dataset the entry belongs to."));
        f.add(column("template", null, "e.template", true, Kind.STRING, false, NA, "The template the entry was recorded with."));
        f.add(column("instrument", null, "e.instrument", true, Kind.STRING, false, NA,
                "The instrument, from the entry's invoice or metadata."));
        f.add(column("disordered", null, "e.structure_disordered", true, Kind.BOOLEAN, false, NA,
                "Whether a site of the structure holds several elements or vacancies."));
        // V35/V36: element symbols, pairs of them (Fe|Li) and element fractions in twentieths (O=12, O:12)
        f.add(list("element_keys", null, "e.element_keys", true, Kind.STRING, NA, "The composition keys of the entry."));
        return List.copyOf(f);
    }

    private static Field column(String name, String optimade, String sql, boolean narrow, Kind kind, boolean onRequest, String unit,
                                 String description) {
        return new Field(name, optimade, sql, narrow, kind, null, true, onRequest, unit, description, null);
    }

    private static Field list(String name, String optimade, String sql, boolean narrow, Kind item, String unit, String description) {
        return new Field(name, optimade, sql, narrow, Kind.LIST, item, false, false, unit, description, null);
    }

    /** A field that is also a numeric column of native property conditions ({@link NumericField}). */
    private static Field numeric(String name, String optimade, Kind kind, String description) {
        NumericField n = NumericField.byName(name).orElseThrow();
        return column(name, optimade, n.sql(), n.narrow(), kind, false, n.unit().isEmpty() ? "dimensionless" : n.unit(), description);
    }

    private static Field served(String optimade, Kind kind, Kind item, String unit, String description) {
        return new Field(null, optimade, null, false, kind, item, false, false, unit, description, null);
    }

    private Field sortedAs(Sort how) {
        return new Field(name, optimade, sql, narrow, kind, item, sortable, onRequest, unit, description, how);
    }

    /** The field's SQL with what the narrow copy can answer of it. */
    public Expr expr() {
        return new Expr(sql, narrow);
    }

    /** The field native search calls {@code name}. */
    public static Optional<Field> byName(String name) {
        return ENTRY.stream().filter(f -> name.equals(f.name)).findFirst();
    }

    /** The expression of the field native search calls {@code name} (which must exist). */
    public static Expr expr(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("no field " + name)).expr();
    }
}
