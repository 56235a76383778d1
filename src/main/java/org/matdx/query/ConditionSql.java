package org.matdx.query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.query.Condition.Value;
import org.matdx.query.Scan.Written;
import org.matdx.store.SqlFilter;

/**
 * Writes {@link Condition}s as SQL, binding their values into one {@link Sql}. Each condition is
 * written twice at once, with the same parameters: over entries, and over the narrow copy
 * {@code entry_search} ({@link SearchTable}) when every part of it can be answered there — the
 * fields it reads are declared narrow ({@link Expr#narrow()}), and a numeric property tested per
 * candidate is read from the copy's own row instead of looked up. Which table a query reads is
 * decided from that ({@link Scan}), never by reading SQL text.
 */
public final class ConditionSql {
    private final Sql sql;

    public ConditionSql(Sql sql) {
        this.sql = sql;
    }

    public Sql sql() {
        return sql;
    }

    /**
     * The rows of {@code source} that {@code access} (the access policy's filter over datasets
     * {@code d}) lets the caller see and that fulfil {@code conditions}: the policy is embedded
     * here, once per query, before any condition.
     */
    public Scan scan(Scan.Source source, SqlFilter access, List<Condition> conditions) {
        List<Written> where = new ArrayList<>();
        where.add(Written.same(sql.embed(access), true));
        for (Condition c : conditions) {
            where.add(write(c));
        }
        return new Scan(source, where);
    }

    public Written write(Condition c) {
        return switch (c) {
            case Condition.And a -> join(a.parts(), " AND ", a.grouped());
            case Condition.Or o -> join(o.parts(), " OR ", true);
            case Condition.Not n -> write(n.inner()).map(x -> n.grouped() ? "(NOT " + x + ")" : "NOT (" + x + ")");
            case Condition.Const k -> Written.same(k.value() ? "TRUE" : "FALSE", true);
            case Condition.OrFalse f -> write(f.inner()).map(x -> "COALESCE(" + x + ", FALSE)");
            case Condition.Known k -> write(k.present()).map(x -> k.known() ? "(" + x + ")" : "(NOT (" + x + "))");
            case Condition.Is i -> Written.same(i.x().sql() + " " + i.truth().sql, i.x().narrow());
            case Condition.Compare m -> {
                String x = m.x().sql();
                String test = (m.collate() ? x + " COLLATE \"C\"" : x) + " " + m.op() + " " + value(m.v());
                yield Written.same(m.guarded() ? "(" + x + " IS NOT NULL AND " + test + ")" : test, m.x().narrow());
            }
            case Condition.CompareFields m -> {
                String x = m.x().sql();
                String y = m.y().sql();
                String collate = m.collate() ? " COLLATE \"C\"" : "";
                yield Written.same("(" + x + " IS NOT NULL AND " + y + " IS NOT NULL AND " + x + collate + " " + m.op() + " " + y
                        + collate + ")", m.x().narrow() && m.y().narrow());
            }
            case Condition.Between b -> {
                String x = b.x().sql();
                String test = x + " BETWEEN " + value(b.lo()) + " AND " + value(b.hi());
                yield Written.same(b.guarded() ? "(" + x + " IS NOT NULL AND " + test + ")" : test, b.x().narrow());
            }
            case Condition.Text t -> Written.same("(" + t.x().sql() + " IS NOT NULL AND " + substring(t) + ")", t.x().narrow());
            case Condition.ListOp l -> {
                String x = l.x().sql();
                String test = x + " " + l.op() + " " + value(l.array());
                yield Written.same(l.guarded() ? "(" + x + " IS NOT NULL AND " + test + ")" : test, l.x().narrow());
            }
            case Condition.Length l -> {
                String x = l.x().sql();
                yield Written.same("(" + x + " IS NOT NULL AND cardinality(" + x + ") " + l.op() + " CAST(" + sql.bind(l.n())
                        + " AS float8))", l.x().narrow());
            }
            case Condition.Tuples t -> tuples(t);
            case Condition.ChemicalSystemIn s -> {
                String in = "e.chemical_system = ANY(" + sql.bindTextArray(s.systems()) + ")";
                yield Written.same(s.orNoElements() ? "(" + in + " OR e.nelements = 0)" : in, true);
            }
            case Condition.Quantity q -> quantity(q);
            case Condition.Related r -> write(r.condition()).map(x -> "EXISTS (SELECT 1" + r.rows() + " AND " + x + ")");
            case Condition.RelatedCount r -> {
                Written inner = write(r.condition());
                String n = sql.bind(r.n());
                yield inner.map(x -> "((SELECT count(*)" + r.rows() + " AND " + x + ") " + r.op() + " CAST(" + n + " AS float8))");
            }
            case Condition.FullText f -> fullText(f);
            case Condition.SampleIn s -> Written.same("e.sample_id IN (SELECT sm.id FROM samples sm JOIN datasets sd ON sd.id = "
                    + "sm.dataset_id WHERE (sm.id = ANY(" + sql.bind(s.ids().toArray(new UUID[0])) + ") OR sm.pid = ANY("
                    + sql.bindTextArray(s.pids()) + ")) AND " + sql.embed(s.visible()) + ")", true);
            case Condition.OwnerIn o -> Written.same("d.owner_id IN (SELECT u.id FROM users u WHERE u.username = ANY("
                    + sql.bindTextArray(o.usernames()) + "))", true);
            case Condition.GroupIn g -> Written.same("d.group_id IN (SELECT g.id FROM groups g WHERE g.name = ANY("
                    + sql.bindTextArray(g.names()) + "))", true);
            case Condition.Phase p -> phase(p);
            case Condition.After a -> {
                String key = value(a.last());
                yield Written.same("(" + a.key().sql() + ", e.id) " + a.cmp() + " (" + key + ", " + value(a.id()) + ")", a.key().narrow());
            }
        };
    }

    /** A value as SQL: its parameter's placeholder (bound now), or TRUE/FALSE. */
    public String value(Value v) {
        return switch (v) {
            case Value.Param p -> p.cast() == null ? sql.bind(p.value()) : "CAST(" + sql.bind(p.value()) + " AS " + p.cast() + ")";
            case Value.Bool b -> b.value() ? "TRUE" : "FALSE";
            case Value.Whole w -> Long.toString(w.value());
            case Value.Any a -> "ANY(" + value(a.of()) + ")";
        };
    }

    private Written join(List<Condition> parts, String op, boolean grouped) {
        List<String> wide = new ArrayList<>();
        List<String> narrow = new ArrayList<>();
        for (Condition part : parts) {
            Written w = write(part);
            wide.add(w.wide());
            narrow.add(w.narrow());
        }
        String open = grouped ? "(" : "";
        String close = grouped ? ")" : "";
        return new Written(open + String.join(op, wide) + close,
                narrow.contains(null) ? null : open + String.join(op, narrow) + close);
    }

    private String substring(Condition.Text t) {
        String x = t.x().sql();
        return switch (t.op()) {
            case CONTAINS -> "strpos(" + x + ", CAST(" + sql.bind(t.value()) + " AS text)) > 0";
            case STARTS_WITH -> x + " LIKE " + sql.bind(likeEscape(t.value()) + "%");
            case ENDS_WITH -> "right(" + x + ", " + sql.bind(t.value().length()) + ") = CAST(" + sql.bind(t.value()) + " AS text)";
        };
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private Written tuples(Condition.Tuples t) {
        Written keys = t.keys().isEmpty() ? null : join(t.keys(), " AND ", false);
        List<String> exprs = new ArrayList<>();
        List<String> cols = new ArrayList<>();
        boolean narrow = true;
        for (int i = 0; i < t.lists().size(); i++) {
            exprs.add(t.lists().get(i).sql());
            cols.add(Expr.item(i).sql().substring(2));
            narrow &= t.lists().get(i).narrow();
        }
        String unnest = "unnest(" + String.join(", ", exprs) + ") AS t(" + String.join(", ", cols) + ")";
        List<Written> each = new ArrayList<>();
        for (Condition tuple : t.tuples()) {
            each.add(write(tuple));
        }
        narrow &= each.stream().allMatch(w -> w.narrow() != null) && (keys == null || keys.narrow() != null);
        List<String> conds = each.stream().map(Written::wide).toList();
        String exact = switch (t.quantifier()) {
            case ONE, ANY -> "EXISTS (SELECT 1 FROM " + unnest + " WHERE " + String.join(" OR ", conds) + ")";
            case ALL -> "(" + String.join(" AND ", conds.stream().map(c -> "EXISTS (SELECT 1 FROM " + unnest + " WHERE " + c + ")")
                    .toList()) + ")";
            case ONLY -> "(" + exprs.get(0) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + unnest + " WHERE NOT COALESCE("
                    + String.join(" OR ", conds) + ", FALSE)))";
        };
        return Written.same(keys == null ? exact : "(" + keys.wide() + " AND " + exact + ")", narrow);
    }

    /**
     * A numeric property's condition: a lookup in {@code entry_quantities}. With {@code probe}
     * one lookup per candidate row — {@code OFFSET 0} keeps PostgreSQL from joining the whole
     * property instead — and on entry_search a test of the row's own copy of the values instead,
     * about a tenth of the cost of the lookup. Without, the property is what selects: PostgreSQL
     * finds its matches through the range index (formation energy &lt; -400 kJ/mol among binaries:
     * 13 ms; testing copies row by row: 28 ms), and a query with it stays on entries: the copy is
     * partitioned (V62), and PostgreSQL costs a probe of it by id as one per partition although it
     * probes one, so it no longer drives such a count from the property's range index (40-46 ms on
     * the copy against 13 on entries).
     */
    private Written quantity(Condition.Quantity q) {
        if (q.probe()) {
            sql.lookupsPerRow();
        }
        String test = q.test() == null ? null : write(q.test()).wide();
        String n = "CAST(" + sql.bind(q.name()) + " AS text)";
        String d = sql.bind(q.dimension());
        String exists = "EXISTS (SELECT 1 FROM entry_quantities q WHERE q.entry_id = e.id AND q.name = " + n
                + " AND q.dimension = " + d + (test == null ? "" : " AND " + test) + (q.probe() ? " OFFSET 0" : "") + ")";
        if (!q.probe()) {
            return new Written(exists, null);
        }
        // NULL when the entry lacks the property: false, also under NOT, as EXISTS is
        String value = SearchTable.quantityInRow(n, d);
        return new Written(exists, "COALESCE(" + (test == null ? value + " IS NOT NULL"
                : test.replace(Expr.QUANTITY_VALUE.sql(), value)) + ", false)");
    }

    /**
     * Title ∨ description ∨ (full ∧ data), written as (title ∨ description ∨ data) ∧ (title ∨
     * description ∨ full) so that the first part is an OR of indexed conditions (one bitmap scan each).
     */
    private Written fullText(Condition.FullText f) {
        String tsq = "websearch_to_tsquery('simple', " + sql.bind(f.text()) + ")";
        String full = sql.embed(f.full());
        String titles = "e.search_meta @@ " + tsq + (f.described().isEmpty() ? ""
                : " OR e.dataset_id = ANY(CAST(" + sql.bind(f.described().toArray(new UUID[0])) + " AS uuid[]))");
        return Written.same("(" + titles + " OR e.search_data @@ " + tsq + ") AND (" + titles + " OR " + full + ")", true);
    }

    /**
     * A phase's summed weight fraction (polymorphs add up) compared as asked; an entry without the
     * phase has no fraction (NULL): "phase_fraction.X &lt; 0.1" asks about entries where X was found.
     */
    private Written phase(Condition.Phase p) {
        String hidden = "EXISTS (SELECT 1 FROM entry_phases ph_o LEFT JOIN entries ph_e ON ph_e.id = ph_o.structure_id"
                + " LEFT JOIN datasets ph_d ON ph_d.id = ph_e.dataset_id WHERE ph_o.entry_id = e.id AND NOT COALESCE("
                + sql.embed(p.readable()) + ", FALSE))";
        String fraction = "(SELECT sum(ph.weight_fraction) FROM entry_phases ph WHERE ph.entry_id = e.id AND ph.formula_alpha = "
                + sql.bind(p.formula()) + ")";
        String compare = write(p.test()).wide().replace(Expr.PHASE_FRACTION.sql(), fraction);
        return Written.same("(COALESCE(" + compare + ", FALSE) AND NOT " + hidden + ")", true);
    }
}
