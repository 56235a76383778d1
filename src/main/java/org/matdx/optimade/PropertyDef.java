package org.matdx.optimade;

import org.matdx.query.Expr;
import org.matdx.query.Field;

/**
 * One property of an OPTIMADE entry type: its type, how filters reach it in SQL, whether it can
 * be sorted on, and when it is part of a response.
 *
 * @param name        the property name ({@code elements}, {@code _matdx_band_gap__ev})
 * @param type        OPTIMADE type of the value
 * @param itemType    for lists: the type of the items
 * @param access      how filters reach it (see {@link Access})
 * @param sql         for COLUMN and LIST: a SQL expression over the entry type's aliases; for
 *                    QUANTITY: the property name in {@code entry_quantities}
 * @param sortable    whether {@code sort=} accepts it
 * @param response    when it appears in the response
 * @param unit        OPTIMADE unit symbol ("inapplicable", "dimensionless", "angstrom", "eV" …)
 * @param description human-readable description for /info
 * @param dimension   for QUANTITY: the SI base form of the values' dimension (entry_quantities.dimension)
 * @param factor      for QUANTITY: the SI factor of {@code unit} (value in unit = value_si / factor)
 * @param narrow      whether the narrow search copy holds what {@code sql} reads ({@link Field#narrow()})
 */
public record PropertyDef(String name, Type type, Type itemType, Access access, String sql, boolean sortable,
                          Response response, String unit, String description, String dimension, double factor, boolean narrow) {

    public PropertyDef(String name, Type type, Type itemType, Access access, String sql, boolean sortable,
                       Response response, String unit, String description, String dimension, double factor) {
        this(name, type, itemType, access, sql, sortable, response, unit, description, dimension, factor, true);
    }

    /** A property of entries as the query engine's catalogue declares it. */
    public static PropertyDef of(Field f) {
        Type type = Type.valueOf(f.kind().name());
        Type item = f.item() == null ? null : Type.valueOf(f.item().name());
        Access access = f.sql() == null ? Access.NONE : type == Type.LIST ? Access.LIST : Access.COLUMN;
        return new PropertyDef(f.optimade(), type, item, access, f.sql(), f.sortable(),
                f.onRequest() ? Response.ON_REQUEST : Response.DEFAULT, f.unit(), f.description(), null, 0, f.narrow());
    }

    /** The property's SQL expression, in brackets, as filters read it. */
    public Expr expr() {
        return new Expr("(" + sql + ")", narrow);
    }

    /** OPTIMADE property types. */
    public enum Type {
        STRING("string"), INTEGER("integer"), FLOAT("float"), BOOLEAN("boolean"), TIMESTAMP("timestamp"),
        LIST("list"), DICTIONARY("dictionary");

        public final String code;

        Type(String code) {
            this.code = code;
        }

        public String jsonSchemaType() {
            return switch (this) {
                case STRING, TIMESTAMP -> "string";
                case INTEGER -> "integer";
                case FLOAT -> "number";
                case BOOLEAN -> "boolean";
                case LIST -> "array";
                case DICTIONARY -> "object";
            };
        }
    }

    /** How a filter reaches the property. */
    public enum Access {
        /** A scalar SQL expression; NULL when unknown. */
        COLUMN,
        /** A SQL array expression (text[], integer[], float8[]); NULL when unknown. */
        LIST,
        /** A numeric property of the entry, compared in SI through {@code entry_quantities}. */
        QUANTITY,
        /** Served but not queryable (nested lists, lists of dictionaries): filters on it answer 501. */
        NONE
    }

    /** When the property is in a response. */
    public enum Response {
        /** Always ({@code id}, {@code type}). */
        ALWAYS,
        /** Unless {@code response_fields} is given without it. */
        DEFAULT,
        /** Only when asked for in {@code response_fields}. */
        ON_REQUEST
    }

    public static PropertyDef column(String name, Type type, String sql, boolean sortable, Response response, String unit,
                                     String description) {
        return new PropertyDef(name, type, null, Access.COLUMN, sql, sortable, response, unit, description, null, 0);
    }

    public static PropertyDef list(String name, Type itemType, String sql, Response response, String unit, String description) {
        return new PropertyDef(name, Type.LIST, itemType, Access.LIST, sql, false, response, unit, description, null, 0);
    }

    public static PropertyDef served(String name, Type type, Type itemType, Response response, String unit, String description) {
        return new PropertyDef(name, type, itemType, Access.NONE, null, false, response, unit, description, null, 0);
    }

    public boolean queryable() {
        return access != Access.NONE;
    }

    public boolean numeric() {
        return type == Type.INTEGER || type == Type.FLOAT;
    }
}
