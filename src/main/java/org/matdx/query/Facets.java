package org.matdx.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.matdx.store.SqlFilter;

/**
 * Facets: how the matches of a search divide by element, template, instrument, outcome, kind,
 * year and dataset, counted in one pass over the matches — their facet columns are read once
 * (into a CTE, from the narrow copy when the search allows), then counted per facet, the top
 * values first. The access policy decides, as for totals, what is counted: only rows the caller
 * may read, and the instrument (from invoice or metadata, which an embargo hides) only where the
 * caller may read the data.
 */
public final class Facets {
    /** Values listed per facet, the most frequent first. */
    public static final int SIZE = 100;
    /** Facets of broader searches are counted over this many matches (and say so). */
    public static final int SAMPLE = 2_000;

    /** The facets, by name: how each counts its values over the sampled rows {@code s}. */
    private static final Map<String, String> ARMS = new LinkedHashMap<>();

    static {
        ARMS.put("ELEMENTS", "SELECT 'ELEMENTS' AS f, el AS v, count(*) AS n FROM s CROSS JOIN LATERAL unnest(s.elements) AS el GROUP BY el");
        ARMS.put("TEMPLATE", "SELECT 'TEMPLATE', template, count(*) FROM s WHERE template IS NOT NULL GROUP BY template");
        ARMS.put("INSTRUMENT", "SELECT 'INSTRUMENT', instrument, count(*) FROM s WHERE instrument IS NOT NULL AND full_visible GROUP BY instrument");
        ARMS.put("OUTCOME", "SELECT 'OUTCOME', outcome, count(*) FROM s GROUP BY outcome");
        ARMS.put("KIND", "SELECT 'KIND', kind, count(*) FROM s GROUP BY kind");
        ARMS.put("YEAR", "SELECT 'YEAR', extract(year FROM created_at AT TIME ZONE 'UTC')::integer::text, count(*) FROM s GROUP BY 2");
        ARMS.put("DATASET", "SELECT 'DATASET', dataset_id::text, count(*) FROM s GROUP BY dataset_id");
    }

    private Facets() {
    }

    /** One value of a facet: the value, how it is shown (a dataset's title) and how many matches have it. */
    public record Count(String value, String label, long count) {
    }

    /** The facet counting of a search: its SQL with its parameters as they were when it was planned. */
    public record Query(String sql, Map<String, Object> params, List<String> wanted) {
    }

    /**
     * The counting of the facets {@code wanted} (names as {@link #ARMS} has them) over the rows of
     * {@code rows} (whose parameters are in {@code sql}); {@code full} is the access policy's filter
     * for reading data (datasets as {@code d}); {@code sampled} counts the first {@link #SAMPLE} only.
     */
    public static Query query(Scan rows, Sql sql, SqlFilter full, List<String> wanted, boolean sampled) {
        Sql extra = new Sql();
        String from = rows.narrow().orElse(rows.from());
        String sample = "SELECT e.elements, e.template, e.instrument, e.outcome, e.kind, e.created_at, e.dataset_id, "
                + extra.embed(full) + " AS full_visible" + from + (sampled ? " LIMIT " + SAMPLE : "");
        List<String> arms = new ArrayList<>();
        for (String f : wanted) {
            String arm = ARMS.get(f);
            if (arm == null) {
                throw new IllegalArgumentException("no facet " + f);
            }
            arms.add("(" + arm + " ORDER BY 3 DESC, 2 LIMIT " + SIZE + ")");
        }
        Map<String, Object> params = new HashMap<>(sql.params());
        params.putAll(extra.params());
        return new Query("WITH s AS MATERIALIZED (" + sample + ") " + String.join(" UNION ALL ", arms), params, List.copyOf(wanted));
    }

    /** Counts the facets of {@code q}; datasets are labelled with their titles. */
    public static Map<String, List<Count>> count(Handle h, Query q) {
        Map<String, List<Count>> out = new LinkedHashMap<>();
        q.wanted().forEach(f -> out.put(f, new ArrayList<>()));
        h.createQuery(q.sql()).bindMap(q.params()).addCustomizer(Sql.CUSTOM_PLAN).map((rs, ctx) -> {
            out.get(rs.getString(1)).add(new Count(rs.getString(2), rs.getString(2), rs.getLong(3)));
            return 0;
        }).list();
        List<Count> ds = out.get("DATASET");
        if (ds != null && !ds.isEmpty()) {
            Map<String, String> titles = new HashMap<>();
            h.createQuery("SELECT id::text AS id, title FROM datasets WHERE id::text = ANY(:ids)")
                    .bindArray("ids", String.class, ds.stream().map(Count::value).toList())
                    .map((rs, ctx) -> titles.put(rs.getString("id"), rs.getString("title"))).list();
            out.put("DATASET", ds.stream().map(c -> new Count(c.value(), titles.getOrDefault(c.value(), c.value()), c.count())).toList());
        }
        return out;
    }
}
