package org.matdx.optimade;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Dimension;
import org.matdx.optimade.PropertyDef.Response;
import org.matdx.optimade.PropertyDef.Type;
import org.matdx.query.Field;
import org.matdx.query.QuantityIndex;

/**
 * An OPTIMADE entry type served by MatDX ({@code structures}, {@code references}): where its rows
 * come from in SQL and its properties. The property set depends on the caller: numeric
 * properties of the datasets they may read are served as {@code _matdx_<name>}.
 *
 * @param name       the type and endpoint name
 * @param tables     the FROM clause (datasets joined as {@code d})
 * @param rows       the condition selecting this type's rows
 * @param idSql      the id expression
 * @param properties by name, in the order /info lists them
 */
public record EntryType(String name, String description, String tables, String rows, String idSql,
                        Map<String, PropertyDef> properties) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public EntryType {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Structures: entries of kind structure or calculation that carry a structure. */
    public static EntryType structures(QuantityIndex.PropertyUnits units) {
        Map<String, PropertyDef> p = new LinkedHashMap<>();
        put(p, PropertyDef.column("id", Type.STRING, "e.id::text", true, Response.ALWAYS, "inapplicable",
                "The entry's ID: the MatDX entry id (a UUID)."));
        put(p, PropertyDef.column("type", Type.STRING, "'structures'::text", true, Response.ALWAYS, "inapplicable",
                "The name of the type of an entry: always \"structures\"."));
        for (Field f : Field.ENTRY) {
            if (f.optimade() != null) {
                put(p, PropertyDef.of(f));
            }
        }
        units.byName().forEach((name, stored) -> quantity(p, name, stored));
        return new EntryType("structures", "Crystal structures: MatDX entries of kind structure or calculation that carry a structure.",
                " FROM entries e JOIN datasets d ON d.id = e.dataset_id",
                "e.structure_nsites IS NOT NULL AND e.kind IN ('structure', 'calculation')", "e.id::text", p);
    }

    /**
     * The OPTIMADE fields of a numeric entry property, one per dimension its values are stored in
     * (as far as the caller can see): {@code _matdx_<name>} for dimensionless values, and
     * {@code _matdx_<name>__<unit>} for the others, served in the dimension's conventional unit
     * ({@code _matdx_band_gap__ev}). A field's name, unit and values therefore never depend on what
     * anybody else has stored; values of another dimension are another field. Names with a double
     * underscore of their own are not served (they could be mistaken for a name and a unit).
     */
    private static void quantity(Map<String, PropertyDef> p, String name, List<QuantityIndex.StoredUnit> stored) {
        if (!IDENTIFIER.matcher(name).matches() || name.contains("__")) {
            return;
        }
        Set<Dimension> dims = new LinkedHashSet<>();
        stored.stream().filter(u -> u.dimension() != null).forEach(u -> dims.add(u.dimension()));
        for (Dimension d : dims) {
            ConventionalUnits.Conventional c = ConventionalUnits.of(d);
            String optimadeName = "_matdx_" + name + (c.slug().isEmpty() ? "" : "__" + c.slug());
            if (p.containsKey(optimadeName)) {
                continue;
            }
            String unit = c.unit().text();
            String symbol = unit.isEmpty() ? "dimensionless" : unit.equals("Å") ? "angstrom" : unit;
            p.put(optimadeName, new PropertyDef(optimadeName, Type.FLOAT, null, PropertyDef.Access.QUANTITY, name, true,
                    Response.ON_REQUEST, symbol, "The entry property '" + name + "'" + (unit.isEmpty() ? " (dimensionless)"
                            : ", values of " + d.describe() + " in " + unit + " (converted from the unit each was stored in)"),
                    d.baseForm(), c.unit().factor()));
        }
    }

    /** References: one per dataset holding structures, plus references imported with OPTIMADE data. */
    public static EntryType references() {
        Map<String, PropertyDef> p = new LinkedHashMap<>();
        put(p, PropertyDef.column("id", Type.STRING, "r.id::text", true, Response.ALWAYS, "inapplicable",
                "The reference's ID: a dataset id for datasets, a UUID for imported references."));
        put(p, PropertyDef.column("type", Type.STRING, "'references'::text", true, Response.ALWAYS, "inapplicable",
                "Always \"references\"."));
        put(p, PropertyDef.column("immutable_id", Type.STRING, "r.id::text", true, Response.ON_REQUEST, "inapplicable",
                "The reference's immutable ID."));
        put(p, PropertyDef.column("last_modified", Type.TIMESTAMP, "r.last_modified", true, Response.DEFAULT, "inapplicable",
                "Date and time when the reference was last modified."));
        for (String person : List.of("authors", "editors")) {
            // known when the reference lists people; filtered through its parts (authors.lastname HAS …)
            put(p, new PropertyDef(person, Type.LIST, Type.DICTIONARY, PropertyDef.Access.NONE,
                    "CASE WHEN jsonb_typeof(r.attributes -> '" + person + "') = 'array' THEN r.attributes -> '" + person
                            + "' END", false, Response.DEFAULT, "inapplicable",
                    "List of people: name, firstname, lastname.", null, 0));
            for (String part : List.of("name", "firstname", "lastname")) {
                put(p, PropertyDef.list(person + "." + part, Type.STRING, "ARRAY(SELECT a ->> '" + part + "' FROM "
                        + "jsonb_array_elements(CASE WHEN jsonb_typeof(r.attributes -> '" + person + "') = 'array' "
                        + "THEN r.attributes -> '" + person + "' END) AS a WHERE a ->> '" + part + "' IS NOT NULL)",
                        Response.ON_REQUEST, "inapplicable", "The " + part + " of each of the " + person + "."));
            }
        }
        for (String field : List.of("doi", "url", "title", "journal", "year", "month", "volume", "pages",
                "publisher", "address", "annote", "booktitle", "chapter", "crossref", "edition", "howpublished", "institution",
                "key", "note", "number", "organization", "school", "series", "bib_type")) {
            put(p, PropertyDef.column(field, Type.STRING, "r.attributes ->> '" + field + "'", true, Response.DEFAULT,
                    "inapplicable", "Bibliographic " + field.replace('_', ' ') + " (BibTeX field)."));
        }
        // not a BibTeX field, but journals number their issues and imported references carry them
        put(p, PropertyDef.column("_matdx_issue", Type.STRING, "r.attributes ->> 'issue'", true, Response.DEFAULT,
                "inapplicable", "The issue of the journal (the source's 'issue' field)."));
        return new EntryType("references", "Bibliographic references: each MatDX dataset holding structures, and "
                + "references imported with OPTIMADE data.",
                " FROM optimade_reference_rows r JOIN datasets d ON d.id = r.dataset_id", "TRUE", "r.id::text", p);
    }

    /** FROM … WHERE …: this type's rows, to which conditions are added with AND. */
    public String from() {
        return tables + " WHERE " + rows;
    }

    private static void put(Map<String, PropertyDef> p, PropertyDef def) {
        p.put(def.name(), def);
    }

    /** Properties in the response when {@code response_fields} is absent. */
    public List<String> defaultFields() {
        return properties.values().stream().filter(d -> d.response() != Response.ON_REQUEST && !d.name().contains("."))
                .map(PropertyDef::name).toList();
    }
}
