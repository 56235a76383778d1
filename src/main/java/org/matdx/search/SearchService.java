package org.matdx.search;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Entry;
import org.matdx.core.RequestContext;
import org.matdx.query.Condition;
import org.matdx.query.ConditionSql;
import org.matdx.query.Counting;
import org.matdx.query.Facets;
import org.matdx.query.Pages;
import org.matdx.query.QuantityIndex;
import org.matdx.query.Scan;
import org.matdx.query.Scan.Written;
import org.matdx.query.Sql;
import org.matdx.search.SearchQuery.Facet;
import org.matdx.search.SearchQuery.PropertyCondition;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.ReadReplica;

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
    /** Test numeric properties per candidate entry when the other conditions leave fewer than this many. */
    private static final long PROBE_BELOW = 100_000;

    private final ReadReplica reads;
    private final AccessPolicy policy;
    private final QuantityIndex quantities;
    private final SearchConditions conditions;
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
        this.conditions = new SearchConditions(policy);
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
        // full text lives in wide tsvector columns: reading them row by row in a sequential scan (which a
        // LIMIT makes look cheap) cost 0.4 s at a million entries where the text indexes take 15 ms
        int cap = q.exactCount() ? 0 : countCap;
        // what the page is planned by (Pages): every match listed, those seen as metadata only included
        Counting.Count counted = db.read(h -> Pages.count(h, plan.sql, plan.scan(), cap, q.text() != null, plan.uncounted));
        // what the caller is told: the matches they may read, as a function of those alone (whether
        // it says "at least" must not depend on how many embargoed ones there are). When every
        // listed match was counted, that is exact at once; when the count stopped at its cap before
        // meeting an embargoed match, at least cap + 1 are readable; otherwise they are counted apart
        Counting.Count readable = plan.uncounted == null || counted.uncounted() == 0 ? counted : counted.exact()
                ? new Counting.Count(counted.value() - counted.uncounted(), true)
                : db.read(h -> Pages.count(h, plan.sql, plan.scan().and(Written.same("NOT (" + plan.uncounted + ")", true)), cap,
                        q.text() != null, null));
        SearchResult found = db.read(h -> {
            Pages.Page<Row> page = Pages.page(h, plan.sql, plan.rows, plan.order.order(), counted, countCap, 0, q.limit(), ROWS,
                    (rs, ctx) -> {
                        Object key = rs.getObject("matdx_sort_key");
                        return new Row(EntryStore.entry(rs, List.of()), key == null && plan.order.byProperty() ? (Object) (
                                q.sort().descending() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : key);
                    });
            List<Row> shown = page.rows();
            List<Catalog.EntryView> items = views(h, context, entries.withFiles(h, shown.stream().map(Row::entry).toList()));
            Row last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            String next = page.more() ? plan.order.cursorAfter(last.key(), last.entry().id()) : null;
            Counting.Count total = page.total(readable, q.cursor() == null, r -> !plan.listedOnly(r.entry()));
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

    /** A page's entries are read whole, with the value they were sorted by. */
    private static final Pages.Select ROWS = new Pages.Select("e.*, page.matdx_sort_key", " FROM entries e", "e");

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

    /**
     * The rows searched ({@code rows}: the access policy's and the search's conditions, with their
     * parameters in {@code sql}), the order and its cursor, and the datasets whose entries the
     * caller sees as metadata only (embargoed) with the SQL condition that picks their entries
     * ({@code uncounted}, null when there are none): listed, never counted.
     */
    private record Plan(Sql sql, Scan rows, SearchOrder order, Set<UUID> metadataOnly, String uncounted) {
        /** The rows of the page: those searched, past the cursor. */
        Scan scan() {
            return order.after() == null ? rows : rows.and(order.after());
        }

        boolean listedOnly(Entry e) {
            return metadataOnly.contains(e.datasetId());
        }
    }

    /** A result row and the value it was sorted by. */
    private record Row(Entry entry, Object key) {
    }

    private Plan plan(Database db, Caller caller, SearchQuery q) {
        Sql s = new Sql();
        ConditionSql writer = new ConditionSql(s);
        Visibility level = q.requiredVisibility();
        Set<UUID> metadataOnly = Set.of();
        String uncounted = null;
        if (level == Visibility.METADATA) {
            metadataOnly = metadataOnly(db, caller);
            if (!metadataOnly.isEmpty()) {
                uncounted = "e.dataset_id = ANY(CAST(" + s.bind(metadataOnly.toArray(new UUID[0])) + " AS uuid[]))";
            }
        }
        QuantityIndex.PropertyUnits units = q.properties().isEmpty() && q.sort().field().property() == null
                ? null : quantities.indexed(policy.datasetFilter(caller, "d", Visibility.FULL)); // synced in search()
        List<Condition> conditions = this.conditions.of(db, caller, q);
        Scan rows = writer.scan(Scan.Source.ENTRIES, policy.datasetFilter(caller, "d", level), conditions);
        if (!q.properties().isEmpty()) {
            // when the other conditions leave few candidates, property tests run per candidate; otherwise
            // the property's range index drives (see SearchConditions.property)
            boolean probe = !conditions.isEmpty() && Counting.estimate(db, s, rows.from()) <= PROBE_BELOW;
            for (PropertyCondition c : q.properties()) {
                rows = rows.and(writer.write(PhaseConditions.applies(c)
                        ? PhaseConditions.condition(c, policy.datasetFilter(caller, "ph_d", Visibility.FULL))
                        : this.conditions.property(c, units, probe)));
            }
        }
        SearchOrder order = SearchOrder.of(q, s, writer, policy.datasetFilter(caller, "d", Visibility.FULL), units);
        return new Plan(s, rows, order, metadataOnly, uncounted);
    }

    /** The datasets the caller sees the metadata of but may not read (embargoed, not shared with them). */
    private Set<UUID> metadataOnly(Database db, Caller caller) {
        Sql s = new Sql();
        String sql = "SELECT d.id FROM datasets d WHERE " + s.embed(policy.datasetFilter(caller, "d", Visibility.METADATA))
                + " AND NOT COALESCE(" + s.embed(policy.datasetFilter(caller, "d", Visibility.FULL)) + ", FALSE)";
        return Set.copyOf(db.read(h -> s.query(h, sql).mapTo(UUID.class).list()));
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
