package org.matdx.search;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Dimension;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Units;
import org.matdx.query.ChemicalSystems;
import org.matdx.query.Condition;
import org.matdx.query.Condition.Value;
import org.matdx.query.ConditionSql;
import org.matdx.query.Counting;
import org.matdx.query.ElementKeys;
import org.matdx.query.Expr;
import org.matdx.query.Facets;
import org.matdx.query.Field;
import org.matdx.query.IndexWalk;
import org.matdx.query.NumericField;
import org.matdx.query.QuantityIndex;
import org.matdx.query.QuantityOrder;
import org.matdx.query.Scan;
import org.matdx.query.Scan.Written;
import org.matdx.query.Sql;
import org.matdx.search.SearchQuery.Facet;
import org.matdx.search.SearchQuery.PropertyCondition;
import org.matdx.search.SearchQuery.SortSpec;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.ReadReplica;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Native search over entries, run entirely in PostgreSQL: the conditions, the access policy
 * ({@link AccessPolicy#datasetFilter}, in every query — results, totals and facets alike), the
 * order and the page. Conditions on data an embargo hides (numeric properties, site counts,
 * instruments, samples, outcomes, invoice and metadata text) and orders by it only ever match
 * entries the caller may read in full, so an embargoed entry is never found, ranked or paged
 * (a cursor holds the last row's sort value) by its data. Entries the caller sees as metadata
 * only are listed where their titles and formulas match, but never counted: totals and facets
 * count what the caller may read, since an embargo shows what the data is, not how much.
 */
public final class SearchService {
    /** Fields results can be sorted by, besides relevance and properties.&lt;name&gt;. */
    public static final List<String> SORTABLE = List.of("created_at", "updated_at", "title", "formula", "nelements", "nsites");
    /** Test numeric properties per candidate entry when the other conditions leave fewer than this many. */
    private static final long PROBE_BELOW = 100_000;
    private static final Expr ELEMENTS = Field.expr("elements");
    private static final Expr ELEMENT_KEYS = Field.expr("element_keys");

    private final ReadReplica reads;
    private final AccessPolicy policy;
    private final QuantityIndex quantities;
    private final EntryStore entries;
    private final Gate gate;
    private final int countCap;

    /**
     * @param countCap totals are counted exactly up to this many matches; beyond it the search
     *                 reports "at least countCap" unless the caller asks for an exact count
     */
    public SearchService(Database db, AccessPolicy policy, QuantityIndex quantities, DatasetStore datasets,
                         EntryStore entries, AuditLog audit, int countCap) {
        this(db, ReadReplica.none(db), policy, quantities, datasets, entries, audit, countCap);
    }

    /** @param reads where searches run: a streaming replica when it has replayed what the caller must see, else {@code db} */
    public SearchService(Database db, ReadReplica reads, AccessPolicy policy, QuantityIndex quantities, DatasetStore datasets,
                         EntryStore entries, AuditLog audit, int countCap) {
        this.reads = reads;
        this.policy = policy;
        this.quantities = quantities;
        this.entries = entries;
        this.gate = new Gate(db, datasets, entries, policy, audit);
        this.countCap = countCap;
    }

    /**
     * One page of results, the number of matches the caller may read (exact, or a lower bound when
     * {@code totalExact} is false), the cursor of the next page (null at the end) and the facet
     * counts asked for. {@code uncounted}: entries the caller sees as metadata only (embargoed)
     * match too; they are listed, but neither the total nor the facets count them.
     */
    public record SearchResult(List<Catalog.EntryView> items, long total, boolean totalExact, String nextCursor,
                               Map<Facet, List<Facets.Count>> facets, boolean facetsExact, boolean uncounted) {
    }

    public SearchResult search(RequestContext context, SearchQuery q) {
        // a search by a property first indexes values in units no search has met before, on the primary
        boolean unitsIndexed = !(q.properties().isEmpty() && q.sort().field().property() == null) && quantities.syncUnits() > 0;
        return reads.read(context.caller().userId(), unitsIndexed, db -> search(db, context, q));
    }

    /** The search, every statement on {@code db} (the primary or a replica current enough for this caller). */
    private SearchResult search(Database db, RequestContext context, SearchQuery q) {
        Caller caller = context.caller();
        Plan plan = plan(db, caller, q);
        // Counting every match of a very broad search per facet value costs seconds on a large
        // database, so unless count=exact asks for exact facets they count the first Facets.SAMPLE
        // matches: all of them when there are no more (then they are exact, see below). Needing
        // neither the count nor the page, they are counted meanwhile, on a connection of their own.
        // Through bitmap scans: not knowing yet how many match, PostgreSQL would otherwise read the
        // table in order for the first 2,000 of a search it guesses broad, through every row when few
        // match; the search copy's partitions keep a broad search's bitmaps small (Li and O: 13 ms).
        boolean sampled = !q.exactCount();
        // facets count, as totals do, only what the caller may read
        Facets.Query fq = q.facets().isEmpty() ? null : Facets.query(plan.uncounted == null ? plan.scan()
                        : plan.scan().and(Written.same("NOT (" + plan.uncounted + ")", true)), plan.sql,
                policy.datasetFilter(caller, "d", Visibility.FULL), q.facets().stream().map(Facet::name).toList(), sampled);
        Future<Map<String, List<Facets.Count>>> facets = fq == null ? null
                : FACETS.submit(() -> db.read(h -> Counting.withoutIndexWalk(h, tx -> Facets.count(tx, fq))));
        // count first (capped, bitmap scans): with only a few matches the page fetches them all and
        // sorts, where the planner, guessing thousands, would walk the sort index past every row
        // full text lives in wide tsvector columns: reading them row by row in a sequential scan (which a
        // LIMIT makes look cheap) cost 0.4 s at a million entries where the text indexes take 15 ms
        int cap = q.exactCount() ? 0 : countCap;
        // what the page is planned by: every match listed, those seen as metadata only included
        Counting.Count counted = db.read(h -> Counting.count(h, plan.sql, plan.scan(), cap, q.text() != null, "e", "entries",
                plan.uncounted));
        // what the caller is told: the matches they may read, as a function of those alone (whether
        // it says "at least" must not depend on how many embargoed ones there are). When every
        // listed match was counted, that is exact at once; when the count stopped at its cap before
        // meeting an embargoed match, at least cap + 1 are readable; otherwise they are counted apart
        Counting.Count readable = plan.uncounted == null || counted.uncounted() == 0 ? counted : counted.exact()
                ? new Counting.Count(counted.value() - counted.uncounted(), true)
                : db.read(h -> Counting.count(h, plan.sql, plan.scan().and(Written.same("NOT (" + plan.uncounted + ")", true)), cap,
                        q.text() != null, "e", "entries"));
        SearchResult found = db.read(h -> {
            Counting.Count total = readable;
            boolean few = counted.exact() && counted.value() <= countCap;
            List<Row> rows = counted.value() == 0 ? List.of() : few ? Counting.withoutIndexWalk(h, tx -> page(tx, plan, q, counted))
                    : page(h, plan, q, counted);
            boolean more = rows.size() > q.limit();
            List<Row> shown = more ? rows.subList(0, q.limit()) : rows;
            List<Catalog.EntryView> items = views(h, context, entries.withFiles(h, shown.stream().map(Row::entry).toList()));
            String next = more ? plan.cursorAfter(shown.get(shown.size() - 1)) : null;
            if (!more && q.cursor() == null) {
                // a page that holds every match counts them, cap or not
                total = new Counting.Count(rows.stream().filter(r -> !plan.listedOnly(r.entry())).count(), true);
            }
            return new SearchResult(items, total.value(), total.exact(), next, Map.of(), true,
                    plan.uncounted != null && (!counted.exact() || counted.uncounted() > 0));
        });
        Map<Facet, List<Facets.Count>> counts = new EnumMap<>(Facet.class);
        if (facets != null) {
            join(facets).forEach((f, c) -> counts.put(Facet.valueOf(f), c)); // with the page's connection given back
        }
        // a sample that held every match (the count or the page showed how many there are) counted them all
        boolean facetsExact = !sampled || found.totalExact() && found.total() <= Facets.SAMPLE;
        return new SearchResult(found.items(), found.total(), found.totalExact(), found.nextCursor(), counts, facetsExact,
                found.uncounted());
    }

    private static final ExecutorService FACETS = Executors.newVirtualThreadPerTaskExecutor();

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting facets", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    // ---- planning -------------------------------------------------------------------------

    /** The FROM and WHERE of a search, its ORDER BY and keyset, with their parameters. */
    private final class Plan {
        final Sql sql = new Sql();
        final ConditionSql writer = new ConditionSql(sql);
        /** The rows searched: the access policy's and the search's conditions (the cursor's not). */
        Scan rows;
        String sortKey;
        /** Whether the narrow copy holds what the sort key reads. */
        boolean sortNarrow;
        boolean descending;
        String sortName;
        /** timestamp, text, int or float: how a cursor's key is bound back. */
        String keyType;
        Caller caller;
        /** For a sort on a numeric property: its name and dimension placeholders; the cursor is applied in {@link #page}. */
        String sortProperty;
        String sortDimension;
        /** For a property stored in several dimensions: the key in conventional units over {@code qs}; else null. */
        String sortAcross;
        Double cursorKey;
        UUID cursorId;

        /** Where a cursor's page starts: {@code (sort key, id)} past the last row shown, or null. */
        Written cursor;

        /**
         * The datasets whose entries the caller sees as metadata only (embargoed), and the SQL
         * condition that picks their entries (null when there are none): listed, never counted.
         */
        Set<UUID> metadataOnly = Set.of();
        String uncounted;

        boolean listedOnly(Entry e) {
            return metadataOnly.contains(e.datasetId());
        }

        /** The rows of the page: those searched, past the cursor. */
        Scan scan() {
            return cursor == null ? rows : rows.and(cursor);
        }

        /** The FROM and WHERE. */
        String from() {
            return scan().from();
        }

        /** Whether an index gives this order, so that a page can be found by walking it ({@link IndexWalk}). */
        boolean walkable() {
            return sortProperty == null && List.of("e.created_at", "e.updated_at", "e.nelements").contains(sortKey);
        }

        /** The cursor that continues after this row: the sort it belongs to, the sort key's value and the id. */
        String cursorAfter(Row last) {
            ArrayNode a = Json.MAPPER.createArrayNode().add(sortName);
            Object key = last.key();
            switch (key) {
                case Timestamp t -> a.add(t.toInstant().toString());
                case OffsetDateTime t -> a.add(t.toInstant().toString());
                case Integer n -> a.add(n.longValue());
                case Long n -> a.add(n);
                case Number n -> a.add(n.doubleValue());
                case null -> a.addNull();
                default -> a.add(key.toString());
            }
            a.add(last.entry().id().toString());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(a).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A result row and the value it was sorted by. */
    private record Row(Entry entry, Object key) {
    }

    private Plan plan(Database db, Caller caller, SearchQuery q) {
        Plan p = new Plan();
        p.caller = caller;
        Sql s = p.sql;
        Visibility level = q.requiredVisibility();
        if (level == Visibility.METADATA) {
            p.metadataOnly = metadataOnly(db, caller);
            if (!p.metadataOnly.isEmpty()) {
                p.uncounted = "e.dataset_id = ANY(CAST(" + s.bind(p.metadataOnly.toArray(new UUID[0])) + " AS uuid[]))";
            }
        }
        QuantityIndex.PropertyUnits units = q.properties().isEmpty() && q.sort().field().property() == null
                ? null : quantities.indexed(policy.datasetFilter(caller, "d", Visibility.FULL)); // synced in search()
        List<Condition> conditions = conditions(db, caller, q);
        p.rows = p.writer.scan(Scan.Source.ENTRIES, policy.datasetFilter(caller, "d", level), conditions);
        if (!q.properties().isEmpty()) {
            // when the other conditions leave few candidates, property tests run per candidate; otherwise
            // the property's range index drives (see propertyCondition)
            boolean probe = !conditions.isEmpty() && Counting.estimate(db, s, p.from()) <= PROBE_BELOW;
            for (PropertyCondition c : q.properties()) {
                p.rows = p.rows.and(p.writer.write(PhaseConditions.applies(c)
                        ? PhaseConditions.condition(c, policy.datasetFilter(caller, "ph_d", Visibility.FULL))
                        : propertyCondition(c, units, probe)));
            }
        }
        sort(p, q, units);
        return p;
    }

    /** The search's conditions besides the access policy's and its numeric properties'. */
    private List<Condition> conditions(Database db, Caller caller, SearchQuery q) {
        List<Condition> c = new ArrayList<>();
        if (q.elementsAll().size() > 1) {
            // pairs of elements are keys of the composition index, with far shorter lists than O's (V36)
            c.add(new Condition.ListOp(ELEMENT_KEYS, "@>", Value.texts(ElementKeys.coveringAll(q.elementsAll())), false));
        } else if (!q.elementsAll().isEmpty()) {
            c.add(new Condition.ListOp(ELEMENTS, "@>", Value.texts(q.elementsAll()), false));
        }
        if (!q.elementsAny().isEmpty()) {
            c.add(new Condition.ListOp(ELEMENTS, "&&", Value.texts(q.elementsAny()), false));
        }
        if (!q.elementsOnly().isEmpty()) {
            // the chemical systems those elements make: a B-tree lookup instead of a GIN scan with recheck
            c.add(ChemicalSystems.within(q.elementsOnly())
                    .<Condition>map(systems -> new Condition.ChemicalSystemIn(systems, false))
                    .orElse(new Condition.And(List.of(new Condition.ListOp(ELEMENTS, "<@", Value.texts(q.elementsOnly()), false),
                            Condition.Compare.plain(Field.expr("nelements"), ">", new Value.Whole(0))), false)));
        }
        if (!q.elementsExclude().isEmpty()) {
            c.add(new Condition.Not(new Condition.ListOp(ELEMENTS, "&&", Value.texts(q.elementsExclude()), false), false));
        }
        if (q.chemicalSystem() != null) {
            c.add(Condition.Compare.plain(Field.expr("chemical_system"), "=", Value.of(q.chemicalSystem())));
        }
        if (q.reducedFormula() != null) {
            c.add(Condition.Compare.plain(Field.expr("formula"), "=", Value.of(q.reducedFormula())));
        }
        if (q.anonymousFormula() != null) {
            c.add(Condition.Compare.plain(Field.expr("anonymous_formula"), "=", Value.of(q.anonymousFormula())));
        }
        if (q.nelements() != null) {
            if (q.nelements().min() != null) {
                c.add(Condition.Compare.plain(Field.expr("nelements"), ">=", Value.of(q.nelements().min())));
            }
            if (q.nelements().max() != null) {
                c.add(Condition.Compare.plain(Field.expr("nelements"), "<=", Value.of(q.nelements().max())));
            }
        }
        if (q.text() != null) {
            // datasets whose title or description match: looked up first, so the planner sees the list
            List<UUID> described = db.read(h -> h.createQuery("SELECT id FROM datasets WHERE search_text @@ "
                    + "websearch_to_tsquery('simple', :t)").bind("t", q.text()).mapTo(UUID.class).list());
            c.add(new Condition.FullText(q.text(), described, policy.datasetFilter(caller, "d", Visibility.FULL)));
        }
        if (!q.datasets().isEmpty()) {
            c.add(Condition.Compare.plain(Field.expr("dataset"), "=", new Value.Any(Value.of(q.datasets().toArray(new UUID[0])))));
        }
        oneOf(c, "kind", q.kinds());
        oneOf(c, "template", q.templates());
        oneOf(c, "instrument", q.instruments());
        if (!q.spaceGroups().isEmpty()) {
            Expr sg = Field.expr("space_group");
            List<Condition> any = new ArrayList<>();
            for (SearchQuery.IntRange r : q.spaceGroups()) {
                any.add(r.min().equals(r.max()) ? Condition.Compare.plain(sg, "=", Value.of(r.min()))
                        : new Condition.Between(sg, Value.of(r.min()), Value.of(r.max()), false));
            }
            c.add(any.size() == 1 ? any.get(0) : new Condition.Or(any));
        }
        if (!q.samples().isEmpty()) {
            List<UUID> ids = new ArrayList<>();
            for (String x : q.samples()) {
                UUID id = Ids.parseOrNull(x);
                if (id != null) {
                    ids.add(id);
                }
            }
            // only samples the caller may see: a link to one they may not is not shown, so nor may it be searched
            c.add(new Condition.SampleIn(ids, q.samples(), policy.datasetFilter(caller, "sd", Visibility.METADATA)));
        }
        oneOf(c, "outcome", q.outcomes());
        if (q.createdFrom() != null) {
            c.add(Condition.Compare.plain(Field.expr("created_at"), ">=", Value.of(q.createdFrom())));
        }
        if (q.createdBefore() != null) {
            c.add(Condition.Compare.plain(Field.expr("created_at"), "<", Value.of(q.createdBefore())));
        }
        if (!q.owners().isEmpty()) {
            c.add(new Condition.OwnerIn(q.owners()));
        }
        if (!q.groups().isEmpty()) {
            c.add(new Condition.GroupIn(q.groups()));
        }
        return c;
    }

    /** The datasets the caller sees the metadata of but may not read (embargoed, not shared with them). */
    private Set<UUID> metadataOnly(Database db, Caller caller) {
        Sql s = new Sql();
        String sql = "SELECT d.id FROM datasets d WHERE " + s.embed(policy.datasetFilter(caller, "d", Visibility.METADATA))
                + " AND NOT COALESCE(" + s.embed(policy.datasetFilter(caller, "d", Visibility.FULL)) + ", FALSE)";
        return Set.copyOf(db.read(h -> s.query(h, sql).mapTo(UUID.class).list()));
    }

    /**
     * {@code column = value}, or {@code = ANY(values)} for several. One value is written as plain
     * equality: PostgreSQL then reads an index such as (outcome, created_at, id) in its order for
     * the newest failed runs, which it does not do for {@code = ANY} of a one-element array (it
     * walked every entry by date instead: 40 ms for {@code outcome=failed&elements=Fe}).
     */
    private static void oneOf(List<Condition> c, String column, List<String> values) {
        if (!values.isEmpty()) {
            Expr x = Field.expr(column);
            c.add(Condition.Compare.plain(x, "=", values.size() == 1 ? Value.of(values.get(0)) : new Value.Any(Value.texts(values))));
        }
    }

    /**
     * @param probe test the property per candidate entry (a primary-key lookup; {@code OFFSET 0}
     *              keeps PostgreSQL from joining every value of the property first, which its often
     *              wrong estimates favour) rather than as a semi-join driven by the range index
     */
    private Condition propertyCondition(PropertyCondition c, QuantityIndex.PropertyUnits units, boolean probe) {
        Optional<NumericField> column = NumericField.byName(c.name());
        if (column.isPresent()) {
            NumericField f = column.get();
            Units.Unit fieldUnit = Units.parse(f.unit());
            Units.Unit given = c.unit() == null ? fieldUnit : c.unit();
            if (!given.compatible(fieldUnit)) {
                throw Problem.invalid("property", "'" + c.name() + "' is " + fieldUnit.dimension().describe() + " ("
                        + (f.unit().isEmpty() ? "no unit" : f.unit()) + "); '" + given.text() + "' measures "
                        + given.dimension().describe());
            }
            double v = Units.convert(c.value(), given, fieldUnit);
            Double hi = c.upper() == null ? null : Units.convert(c.upper(), given, fieldUnit);
            return c.compare(new Expr(f.sql(), f.narrow()), v, hi, true);
        }
        if (c.unit() != null) {
            units.requireCompatible(c.name(), c.unit(), "property");
            return quantityCondition(c, c.unit(), probe);
        }
        // a bare number is read in the conventional unit of each dimension the property is stored in
        // (3 is 3 eV for energies, 3 K for temperatures): what it means never depends on other data
        List<Dimension> dims = units.dimensions(c.name());
        List<Condition> each = new ArrayList<>();
        for (Dimension d : dims.isEmpty() ? List.of(Dimension.NONE) : dims) {
            each.add(quantityCondition(c, ConventionalUnits.of(d).unit(), probe));
        }
        return each.size() == 1 ? each.get(0) : new Condition.Or(each);
    }

    private static Condition quantityCondition(PropertyCondition c, Units.Unit unit, boolean probe) {
        double v = unit.toSi(c.value());
        Double hi = c.upper() == null ? null : unit.toSi(c.upper());
        return new Condition.Quantity(c.name(), unit.dimension().baseForm(), c.compare(Expr.QUANTITY_VALUE, v, hi, false), probe);
    }

    private void sort(Plan p, SearchQuery q, QuantityIndex.PropertyUnits units) {
        SortSpec spec = q.sort();
        Sql s = p.sql;
        p.descending = spec.descending();
        p.sortName = spec.text();
        String property = spec.field().property();
        Optional<NumericField> column = property == null ? Optional.empty() : NumericField.byName(property);
        String infinity = spec.descending() ? "'-Infinity'::float8" : "'Infinity'::float8";
        if (property != null && column.isEmpty()) {
            p.sortProperty = s.bind(property);
            List<Dimension> dims = units.dimensions(property);
            if (dims.size() <= 1) {
                p.sortDimension = s.bind((dims.isEmpty() ? Dimension.NONE : dims.get(0)).baseForm());
            } else {
                // values of several dimensions are ordered by their numbers in their conventional units,
                // as a bare number compares them; never a 400 for what others stored
                StringBuilder k = new StringBuilder("(qs.value_si / CASE qs.dimension");
                for (Dimension d : dims) {
                    k.append(" WHEN ").append(s.bind(d.baseForm())).append(" THEN CAST(")
                            .append(s.bind(ConventionalUnits.of(d).unit().factor())).append(" AS float8)");
                }
                p.sortAcross = k.append(" END)").toString();
                p.sortName = spec.text() + " in conventional units";
            }
            p.sortKey = "COALESCE(matdx_sort_key, " + infinity + ")";
            p.keyType = "float";
        } else if (column.isPresent() || spec.field().name().equals("nsites")) {
            NumericField f = column.orElse(NumericField.byName("nsites").orElseThrow());
            p.sortKey = "COALESCE((" + f.sql() + ")::float8, " + infinity + ")";
            p.sortNarrow = f.narrow();
            p.keyType = "float";
        } else {
            p.keyType = switch (spec.field().name()) {
                case "created_at", "updated_at" -> "timestamp";
                case "title", "formula" -> "text";
                case "nelements" -> "int";
                default -> "float";
            };
            p.sortNarrow = true;
            p.sortKey = switch (spec.field().name()) {
                case "created_at", "updated_at", "title", "nelements" -> {
                    Expr key = Field.expr(spec.field().name());
                    p.sortNarrow = key.narrow();
                    yield key.sql();
                }
                // entries without a formula first (ascending), as the empty string
                case "formula" -> "COALESCE(" + Field.expr("formula").sql() + ", '')";
                case "relevance" -> {
                    String tsq = "websearch_to_tsquery('simple', " + s.bind(q.text()) + ")";
                    String full = s.embed(policy.datasetFilter(p.caller, "d", Visibility.FULL));
                    // the relevance of hidden data must not show through the order either
                    yield "(ts_rank(e.search_meta, " + tsq + ") + CASE WHEN " + full + " THEN ts_rank(e.search_data, "
                            + tsq + ") ELSE 0 END)::float8";
                }
                default -> throw new IllegalStateException("unsortable " + spec.field().name());
            };
        }
        if (q.cursor() != null) {
            Cursor c = Cursor.decode(q.cursor(), p.sortName);
            String cmp = spec.descending() ? "<" : ">";
            Value key;
            try {
                String k = String.valueOf(c.key());
                key = switch (p.keyType) {
                    case "timestamp" -> Value.cast(Instant.parse(k), "timestamptz");
                    case "text" -> Value.cast(k, "text");
                    case "int" -> Value.cast(Integer.parseInt(k), "integer");
                    default -> Value.cast(Double.parseDouble(k), "float8");
                };
            } catch (RuntimeException e) {
                throw Problem.invalid("cursor", "is not a cursor this server issued; start again without one");
            }
            if (p.sortProperty != null) {
                p.cursorKey = Double.parseDouble(String.valueOf(c.key()));
                p.cursorId = c.id();
            } else {
                p.cursor = p.writer.write(new Condition.After(new Expr(p.sortKey, p.sortNarrow), cmp, key, Value.of(c.id())));
            }
        }
    }

    /** A decoded cursor: the sort it belongs to, the last sort value and id. */
    private record Cursor(String sort, Object key, UUID id) {
        static Cursor decode(String text, String currentSort) {
            try {
                JsonNode a = Json.read(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
                String sort = a.get(0).asString();
                JsonNode k = a.get(1);
                Object key = k.isNull() ? null : k.isIntegralNumber() ? (Object) k.asLong() : k.isNumber() ? (Object) k.asDouble() : k.asString();
                UUID id = UUID.fromString(a.get(2).asString());
                if (!sort.equals(currentSort)) {
                    throw Problem.invalid("cursor", "belongs to a search sorted by " + sort + ", not " + currentSort
                            + "; start again without a cursor");
                }
                return new Cursor(sort, key, id);
            } catch (Problem p) {
                throw p;
            } catch (RuntimeException e) {
                throw Problem.invalid("cursor", "is not a cursor this server issued; start again without one");
            }
        }
    }

    // ---- running --------------------------------------------------------------------------

    private List<Row> page(Handle h, Plan p, SearchQuery q, Counting.Count total) {
        String dir = p.descending ? " DESC" : " ASC";
        boolean few = total.exact() && total.value() <= countCap;
        if (!few && p.walkable() && IndexWalk.worthTrying(total, q.limit() + 1)) {
            // many matches: the first page is usually met early in the sort order
            String walk = IndexWalk.page("e.id AS page_id, " + p.sortKey + " AS matdx_sort_key",
                    Scan.Source.ENTRIES.from() + (p.cursor == null ? "" : " WHERE " + p.cursor.wide()),
                    p.rows.conditions(), p.sortKey + dir + ", e.id" + dir, "matdx_sort_key" + dir + ", page_id" + dir,
                    ":page_limit", 0);
            List<Row> walked = rows(h, p, q, walk);
            if (walked.size() > q.limit()) {
                return walked;
            }
        }
        String ids;
        if (p.sortProperty != null && p.sortAcross == null && !few && Counting.walkSortIndex(Counting.estimate(h, p.sql, p.from()))) {
            ids = propertySortedPage(p, dir);
        } else if (p.sortProperty != null) {
            ids = propertySortedSmall(p, dir);
        } else {
            ids = "SELECT e.id AS page_id, " + p.sortKey + " AS matdx_sort_key" + p.from() + " ORDER BY " + p.sortKey + dir
                    + ", e.id" + dir + " LIMIT :page_limit";
        }
        return rows(h, p, q, ids);
    }

    /** The entries of a page whose ids (and sort keys) {@code ids} selects, in order. */
    private List<Row> rows(Handle h, Plan p, SearchQuery q, String ids) {
        String dir = p.descending ? " DESC" : " ASC";
        // the page's ids first, then the entries: their data is read for the rows shown only
        String outerKey = p.sortProperty != null ? p.sortKey.replace("matdx_sort_key", "page.matdx_sort_key") : "page.matdx_sort_key";
        String sql = "SELECT e.*, page.matdx_sort_key FROM entries e JOIN (" + ids + ") AS page ON page.page_id = e.id"
                + " ORDER BY " + outerKey + dir + ", e.id" + dir;
        Query query = p.sql.query(h, sql).bind("page_limit", q.limit() + 1);
        double missing = p.descending ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return query.map((rs, ctx) -> {
            Object key = rs.getObject("matdx_sort_key");
            return new Row(EntryStore.entry(rs, List.of()), key == null && p.sortProperty != null ? (Object) missing : key);
        }).list();
    }

    /**
     * A page sorted by a numeric property when few entries match: join each match's value and sort
     * them all. (Walking the property index, as {@link #propertySortedPage} does, would test
     * entries far from the search when the highest values lie elsewhere.)
     */
    private static String propertySortedSmall(Plan p, String dir) {
        String cmp = p.descending ? "<" : ">";
        String value = p.sortAcross != null ? p.sortAcross : "qs.value_si";
        String key = "COALESCE(" + value + ", " + (p.descending ? "'-Infinity'" : "'Infinity'") + "::float8)";
        Scan rows = p.rows;
        if (p.cursorKey != null) {
            rows = rows.and(Written.same("(" + key + ", e.id) " + cmp + " (CAST(" + p.sql.bind(p.cursorKey) + " AS float8), "
                    + p.sql.bind(p.cursorId) + ")", true));
        }
        String order = " ORDER BY " + key + dir + ", e.id" + dir + " LIMIT :page_limit";
        if (p.sortAcross != null) {
            return "SELECT e.id AS page_id, " + value + " AS matdx_sort_key" + rows.from(" LEFT JOIN entry_quantities qs ON "
                    + "qs.entry_id = e.id AND qs.name = " + p.sortProperty + " AND qs.dimension IS NOT NULL") + order;
        }
        // the values from the narrow copy's rows where it holds all the search tests (La and Zr by band gap:
        // 4,250 matches, each a lookup in entry_quantities otherwise)
        String select = "SELECT e.id AS page_id, qs.value_si AS matdx_sort_key";
        return rows.narrowWithQuantity("CAST(" + p.sortProperty + " AS text)", p.sortDimension, "qs").map(from -> select + from + order)
                .orElse(select + rows.from(" LEFT JOIN entry_quantities qs ON qs.entry_id = e.id AND qs.name = " + p.sortProperty
                        + " AND qs.dimension = " + p.sortDimension) + order);
    }

    /**
     * A page sorted by a numeric property, as two parts: entries that have it, read in order from
     * the property index (so the first page of "highest band gap" does not sort every match), then
     * entries without it, by id. Each part stops at the page size; the union is ordered once more.
     */
    private static String propertySortedPage(Plan p, String dir) {
        QuantityOrder.After after = p.cursorKey == null ? null
                : new QuantityOrder.After(p.sql.bind(p.cursorKey), p.sql.bind(p.cursorId), p.cursorKey.isInfinite());
        return QuantityOrder.page(p.rows, p.sortProperty, p.sortDimension, p.descending, dir, after, ":page_limit",
                p.sortKey + dir + ", page_id" + dir + " LIMIT :page_limit");
    }

    /**
     * Each row as the caller may see it ({@link Gate#shown}); reads of data that is not open to
     * everyone go to the audit trail, one event per dataset.
     */
    private List<Catalog.EntryView> views(Handle h, RequestContext context, List<Entry> rows) {
        List<Gate.Seen<Entry>> shown = gate.shown(h, context.caller(), rows);
        gate.recordReads(h, context, Gate.dataReads(shown), "entries.search");
        return shown.stream().map(x -> new Catalog.EntryView(x.value(), x.visibility())).toList();
    }
}
