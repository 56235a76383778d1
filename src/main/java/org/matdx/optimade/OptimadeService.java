package org.matdx.optimade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.RequestContext;
import org.matdx.optimade.filter.FilterReader;
import org.matdx.query.Condition;
import org.matdx.query.ConditionSql;
import org.matdx.query.Counting;
import org.matdx.query.PageOrder;
import org.matdx.query.Pages;
import org.matdx.query.QuantityIndex;
import org.matdx.query.Scan;
import org.matdx.query.Sql;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.ReadReplica;
import org.matdx.store.SqlFilter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OPTIMADE entry endpoints: structures and references as the caller may see them, filtered,
 * sorted and paged in PostgreSQL. Every query embeds the access policy; structures are data and
 * need full read access, references describe datasets and need their metadata only.
 */
public final class OptimadeService {
    public static final String API_VERSION = "1.2.0";

    private final ReadReplica reads;
    private final AccessPolicy policy;
    private final QuantityIndex quantities;
    private final int countCap;
    private final Gate gate;
    private final OptimadeRows rows;

    /**
     * @param countCap data_returned is exact up to this many matches (see {@link Counting})
     * @param audit    records who read structures that are not open to everyone, as native search does
     */
    public OptimadeService(Database db, AccessPolicy policy, QuantityIndex quantities, int countCap, AuditLog audit) {
        this(db, ReadReplica.none(db), policy, quantities, countCap, audit);
    }

    /** @param reads where listings run: a streaming replica when it has replayed what the caller must see, else {@code db} */
    public OptimadeService(Database db, ReadReplica reads, AccessPolicy policy, QuantityIndex quantities,
                           int countCap, AuditLog audit) {
        this.reads = reads;
        this.policy = policy;
        this.quantities = quantities;
        this.countCap = countCap;
        this.gate = new Gate(db, new DatasetStore(db), new EntryStore(db),
                policy, audit);
        this.rows = new OptimadeRows(policy);
    }

    /** The entry types, with the properties this caller may filter on. */
    public EntryType entryType(Caller caller, String name) {
        return entryType(caller, name, true);
    }

    /** {@code sync}: index units met for the first time first (false: the caller just did). */
    private EntryType entryType(Caller caller, String name, boolean sync) {
        SqlFilter full = policy.datasetFilter(caller, "d", Visibility.FULL);
        return switch (name) {
            case "structures" -> EntryType.structures(sync ? quantities.visible(full) : quantities.indexed(full));
            case "references" -> EntryType.references();
            default -> throw OptimadeException.notFound("there is no entry type '" + name + "'; MatDX serves structures and references");
        };
    }

    /**
     * The relationships filters on {@code typeName} may follow: a structure's references are its
     * dataset's own and those imported with it, each only where the caller may see that dataset's
     * metadata (as {@code /references} would show it), so a filter reveals no more than the
     * {@code relationships} of the entries it finds.
     */
    private Map<String, Relation> relationships(Caller caller, EntryType t, Sql sql) {
        if (!t.name().equals("structures")) {
            return Map.of();
        }
        String rows = " FROM optimade_reference_rows r JOIN datasets d ON d.id = r.dataset_id WHERE "
                + sql.embed(policy.datasetFilter(caller, "d", Visibility.METADATA)) + " AND (r.id = e.dataset_id OR r.id IN "
                + "(SELECT sr.reference_id FROM optimade_structure_references sr WHERE sr.entry_id = e.id))";
        return Map.of("references", new Relation("references", "ARRAY(SELECT r.id::text" + rows + ")", rows,
                EntryType.references()));
    }

    private static Visibility level(EntryType t) {
        return t.name().equals("structures") ? Visibility.FULL : Visibility.METADATA;
    }

    /** A page of entries; {@code returned} counts the matches (a lower bound when {@code exact} is false). */
    public record Listing(List<ObjectNode> data, long returned, boolean exact, boolean more, List<ObjectNode> included,
                          List<String> warnings) {
    }

    public Listing list(RequestContext context, String typeName, OptimadeQuery q) {
        Caller caller = context.caller();
        // structures' properties are indexed in units no search has met before on the way in, on the primary
        boolean unitsIndexed = typeName.equals("structures") && quantities.syncUnits() > 0;
        EntryType t = entryType(caller, typeName, false);
        List<String> warnings = new ArrayList<>(q.warnings());
        Set<String> fields = OptimadeRows.responseFields(t, q.fields(), warnings);
        Sql sql = new Sql();
        ConditionSql writer = new ConditionSql(sql);
        boolean structures = t.name().equals("structures");
        List<Condition> conditions = q.filter() == null ? List.of()
                : List.of(FilterSql.translate(q.filter(), FilterReader.parse(q.filter()), t, relationships(caller, t, sql), warnings));
        Scan scan = writer.scan(structures ? Scan.Source.entries(t.rows()) : Scan.Source.of(t.tables(), t.rows()),
                policy.datasetFilter(caller, "d", level(t)), conditions);
        PageOrder order = OptimadeOrder.of(t, q.sort(), sql, warnings);
        return reads.read(caller.userId(), unitsIndexed, db -> db.read(h -> {
            Counting.Count count = Pages.count(h, sql, scan, q.exactCount() ? 0 : countCap, false, null);
            Pages.Page<OptimadeRows.Row> page = Pages.page(h, sql, scan, order, count, countCap, q.offset(), q.limit(),
                    new Pages.Select(OptimadeRows.columns(t, fields), t.tables(), structures ? "e" : "r"),
                    (rs, ctx) -> OptimadeRows.row(rs, t, fields));
            return listing(h, context, t, page.rows(), fields, q, page.total(count, q.offset() == 0, r -> true), page.more(),
                    warnings);
        }));
    }

    /** One entry, or a 404 when it does not exist or the caller may not see it (the same answer). */
    public Listing get(RequestContext context, String typeName, String id, OptimadeQuery q) {
        Caller caller = context.caller();
        boolean unitsIndexed = typeName.equals("structures") && quantities.syncUnits() > 0;
        EntryType t = entryType(caller, typeName, false);
        List<String> warnings = new ArrayList<>(q.warnings());
        Set<String> fields = OptimadeRows.responseFields(t, q.fields(), warnings);
        UUID uuid = Ids.parseOrNull(id);
        if (uuid == null) {
            throw OptimadeException.notFound("no " + typeName + " entry with id '" + id + "'");
        }
        Sql sql = new Sql();
        String alias = t.name().equals("structures") ? "e" : "r";
        String where = t.from() + " AND " + sql.embed(policy.datasetFilter(caller, "d", level(t)))
                + " AND " + alias + ".id = " + sql.bind(uuid);
        return reads.read(caller.userId(), unitsIndexed, db -> db.read(h -> {
            List<OptimadeRows.Row> rows = sql.query(h, "SELECT " + OptimadeRows.columns(t, fields) + where)
                    .map((rs, ctx) -> OptimadeRows.row(rs, t, fields)).list();
            if (rows.isEmpty()) {
                throw OptimadeException.notFound("no " + typeName + " entry with id '" + id + "'");
            }
            return listing(h, context, t, rows, fields, q, new Counting.Count(1, true), false, warnings);
        }));
    }

    /** The rows rendered, their reads of closed data audited, and the references they point to when asked for. */
    private Listing listing(Handle h, RequestContext context, EntryType t, List<OptimadeRows.Row> rows, Set<String> fields,
                            OptimadeQuery q, Counting.Count returned, boolean more, List<String> warnings) {
        List<ObjectNode> data = this.rows.render(h, context.caller(), t, rows, fields);
        auditClosedReads(h, context, t, rows);
        List<ObjectNode> included = q.includeReferences() && t.name().equals("structures")
                ? this.rows.included(h, context.caller(), data) : List.of();
        return new Listing(data, returned.value(), returned.exact(), more, included, warnings);
    }

    /**
     * One audit event per dataset whose structures a caller read here although they are not open to
     * everyone (private, group, embargoed for others, or shared with them): the same record the
     * native search keeps ({@link org.matdx.access.Gate#recordReads}). Structures are served only
     * to readers of their data, so every row here is a read of data.
     */
    private void auditClosedReads(Handle h, RequestContext context, EntryType t, List<OptimadeRows.Row> rows) {
        if (!t.name().equals("structures") || rows.isEmpty()) {
            return;
        }
        Map<UUID, Integer> perDataset = new LinkedHashMap<>();
        rows.forEach(r -> perDataset.merge(r.dataset(), 1, Integer::sum));
        gate.recordReads(h, context, perDataset, "entries.optimade");
    }

    /**
     * The data of {@code /info/<type>}: every property as a v1.2 Property Definition
     * ({@link PropertyDefinitions}).
     */
    public ObjectNode info(Caller caller, String typeName) {
        return PropertyDefinitions.info(entryType(caller, typeName));
    }
}
