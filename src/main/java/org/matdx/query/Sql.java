package org.matdx.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.matdx.store.SqlFilter;
import org.postgresql.PGStatement;

/**
 * Named parameters for a query being assembled from parts: every value goes in as a parameter
 * (never into the SQL text), under a fresh name, so parts written independently cannot clash.
 * The access policy's parameters ({@code ap_…}) are merged as they are; the policy produces the
 * same values for the same caller, so two of its filters in one query agree.
 */
public final class Sql {
    private final Map<String, Object> params = new LinkedHashMap<>();
    private int counter;
    private boolean lookups;

    /** Binds a value and returns its placeholder, e.g. {@code :s3}. */
    public String bind(Object value) {
        String name = "s" + (++counter);
        params.put(name, value);
        return ":" + name;
    }

    /** Binds a text array for {@code @>}, {@code &&}, {@code <@} and {@code = ANY}. */
    public String bindTextArray(Collection<String> values) {
        return "CAST(" + bind(values.toArray(new String[0])) + " AS text[])";
    }

    /** Embeds a filter (the access policy's) and returns its SQL. */
    public String embed(SqlFilter f) {
        params.putAll(f.params());
        return "(" + f.sql() + ")";
    }

    public Map<String, Object> params() {
        return params;
    }

    /**
     * Marks the query as testing a condition per candidate row by a key lookup in another table
     * (a numeric property: {@code EXISTS (SELECT … WHERE q.entry_id = e.id …)}), which must stay
     * an index(-only) scan however the query's own rows are read ({@link Counting#count}).
     */
    public void lookupsPerRow() {
        lookups = true;
    }

    public boolean hasLookupsPerRow() {
        return lookups;
    }

    /**
     * Planned afresh for its parameter values on every execution. The JDBC driver otherwise
     * switches a statement run five times to a server-side prepared statement, and PostgreSQL
     * then may use one generic plan for all values — wrong for searches, where "contains Li" and
     * "contains Pu" need different plans.
     */
    public static final StatementCustomizer CUSTOM_PLAN = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement stmt, StatementContext ctx) throws SQLException {
            if (stmt.isWrapperFor(PGStatement.class)) {
                stmt.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        }
    };

    /** A query over these parameters, planned for their values ({@link #CUSTOM_PLAN}). */
    public Query query(Handle h, String text) {
        return h.createQuery(text).bindMap(params).addCustomizer(CUSTOM_PLAN);
    }
}
