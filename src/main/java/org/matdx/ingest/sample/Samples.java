package org.matdx.ingest.sample;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Sample;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.Rows;
import org.matdx.store.SqlFilter;

/**
 * Physical samples with persistent identifiers, and the measurements that link to them. A sample
 * belongs to the dataset it was registered in; whether a caller sees it is the
 * {@link AccessPolicy}'s answer for that dataset, and its measurement list is filtered by the
 * policy's SQL form, so a sample page never shows an entry its reader could not open.
 */
public final class Samples {
    private final Database db;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public Samples(Database db, DatasetStore datasets, EntryStore entries, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.entries = entries;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** A sample with how much the caller may see of it. */
    public record SampleView(Sample sample, UUID datasetId, Visibility visibility) {
    }

    /** Registers a new sample in {@code home}, inside the caller's transaction. */
    public Sample create(Handle h, Caller caller, Dataset home, UUID id, String name, Composition composition,
                         String description, AuditLog.Origin origin) {
        Sample s = new Sample(id, Sample.pidFor(id), name, composition, description == null ? "" : description,
                caller.userId() != null ? caller.userId() : home.ownerId(), home.groupId(), clock.instant());
        h.createUpdate("""
                        INSERT INTO samples (id, pid, name, reduced_formula, composition, description, owner_id, group_id,
                            created_at, dataset_id)
                        VALUES (:id, :pid, :name, :formula, CAST(:comp AS jsonb), :description, :owner, :grp, :created, :dataset)""")
                .bind("id", s.id()).bind("pid", s.pid()).bind("name", s.name())
                .bind("formula", composition == null ? null : composition.reducedFormula())
                .bind("comp", composition == null ? null : Json.write(Json.composition(composition)))
                .bind("description", s.description()).bind("owner", s.ownerId()).bind("grp", s.groupId())
                .bind("created", s.createdAt()).bind("dataset", home.id()).execute();
        audit.append(h, caller, "sample.create", "sample", id,
                Json.object().put("dataset", home.id().toString()).put("name", name), origin);
        return s;
    }

    /** The sample if the caller may see it (its dataset at least as metadata); 404 otherwise. */
    public SampleView get(Caller caller, UUID id) {
        return find(caller, id).orElseThrow(() -> Problem.notFound("sample", id));
    }

    /** Resolves an id or persistent identifier given in an invoice; hidden and unknown samples look the same. */
    public Optional<SampleView> resolve(Caller caller, String idOrPid) {
        String text = idOrPid.strip();
        if (text.startsWith("matdx:sample/")) {
            text = text.substring("matdx:sample/".length());
        }
        UUID id = Ids.parseOrNull(text);
        return id == null ? Optional.empty() : find(caller, id);
    }

    private Optional<SampleView> find(Caller caller, UUID id) {
        record Row(Sample s, UUID dataset) {
        }
        Optional<Row> row = db.read(h -> h.createQuery("SELECT * FROM samples WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Row(new Sample(Rows.uuid(rs, "id"), rs.getString("pid"), rs.getString("name"),
                        org.matdx.store.EntryStore.storedComposition("samples", Rows.uuid(rs, "id"), Rows.json(rs, "composition")),
                        rs.getString("description"),
                        Rows.uuid(rs, "owner_id"), Rows.uuid(rs, "group_id"), Rows.instant(rs, "created_at")),
                        Rows.uuid(rs, "dataset_id"))).findOne());
        if (row.isEmpty() || row.get().dataset() == null) {
            return Optional.empty(); // samples without a home dataset have no reader but the system
        }
        Dataset d = datasets.get(row.get().dataset()).orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        Visibility v = policy.visibility(caller, d);
        if (v == Visibility.NONE) {
            return Optional.empty();
        }
        return Optional.of(new SampleView(row.get().s(), d.id(), v));
    }

    /**
     * The measurements of a sample the caller may see, newest first, each redacted to what the
     * caller may see of its dataset (embargoed ones keep only title, kind and composition).
     */
    public List<Catalog.EntryView> measurements(Caller caller, UUID sampleId, int limit) {
        get(caller, sampleId); // 404 for a hidden sample before anything about it is read
        SqlFilter visible = policy.datasetFilter(caller, "d", Visibility.METADATA);
        List<Entry> rows = db.read(h -> {
            var q = h.createQuery("SELECT e.* FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE e.sample_id = :s AND "
                    + visible.sql() + " ORDER BY e.created_at DESC, e.id DESC LIMIT :limit")
                    .bind("s", sampleId).bind("limit", Math.max(1, Math.min(limit, 500))).bindMap(visible.params());
            return entries.withFiles(h, q.map((rs, ctx) -> EntryStore.entry(rs, List.of())).list());
        });
        java.util.Map<UUID, Dataset> cache = new java.util.HashMap<>();
        return rows.stream().map(e -> {
            Dataset d = cache.computeIfAbsent(e.datasetId(), id -> datasets.get(id).orElseThrow());
            Visibility v = policy.visibility(caller, d);
            return policy.redact(e, v).map(r -> new Catalog.EntryView(r, v)).orElse(null);
        }).filter(java.util.Objects::nonNull).toList();
    }
}
