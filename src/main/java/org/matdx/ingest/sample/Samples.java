package org.matdx.ingest.sample;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Sample;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.SampleStore;
import org.matdx.store.SqlFilter;

/**
 * Physical samples with persistent identifiers, and the measurements that link to them. A sample
 * belongs to the dataset it was registered in; whether a caller sees it is the
 * {@link AccessPolicy}'s answer for that dataset, and its measurement list is filtered by the
 * policy's SQL form, so a sample page never shows an entry its reader could not open.
 */
public final class Samples {
    private final Database db;
    private final EntryStore entries;
    private final SampleStore store;
    private final AccessPolicy policy;
    private final Gate gate;
    private final AuditLog audit;
    private final Clock clock;

    public Samples(Database db, DatasetStore datasets, EntryStore entries, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.db = db;
        this.entries = entries;
        this.store = new SampleStore(db);
        this.policy = policy;
        this.gate = new Gate(db, datasets, entries, policy, audit);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A sample as far as the caller may see it: with its home dataset's metadata, its identifier
     * and composition (name and description null); with the data, everything.
     */
    public record SampleView(Sample sample, UUID datasetId, Visibility visibility) {
    }

    /** Registers a new sample in {@code home}, inside the caller's transaction. */
    public Sample create(Handle h, RequestContext context, Dataset home, UUID id, String name, Composition composition,
                         String description) {
        Caller caller = context.caller();
        Sample s = new Sample(id, Sample.pidFor(id), name, composition, description == null ? "" : description,
                caller.userId() != null ? caller.userId() : home.ownerId(), home.groupId(), clock.instant());
        store.insert(h, s, home.id());
        audit.append(h, context, "sample.create", "sample", id,
                Json.object().put("dataset", home.id().toString()).put("name", name));
        return s;
    }

    /** The sample if the caller may see it (its dataset at least as metadata); 404 otherwise. */
    public SampleView get(Caller caller, UUID id) {
        return view(gate.sample(caller, id, Visibility.METADATA));
    }

    /**
     * Resolves an id or persistent identifier given in an invoice to a sample the caller may
     * measure on (whose data they may read); hidden and unknown samples look the same.
     */
    public Optional<SampleView> resolve(Caller caller, String idOrPid) {
        return find(caller, idOrPid, Visibility.FULL);
    }

    /** As {@link #resolve}, for samples the caller may at least see (to link to them). */
    public Optional<SampleView> visible(Caller caller, String idOrPid) {
        return find(caller, idOrPid, Visibility.METADATA);
    }

    private Optional<SampleView> find(Caller caller, String idOrPid, Visibility min) {
        String text = idOrPid.strip();
        if (text.startsWith("matdx:sample/")) {
            text = text.substring("matdx:sample/".length());
        }
        return gate.findSample(caller, Ids.parseOrNull(text), min).map(Samples::view);
    }

    private static SampleView view(Gate.Seen<Sample> s) {
        return new SampleView(s.value(), s.dataset().id(), s.visibility());
    }

    /**
     * The measurements of a sample whose data the caller may read, newest first. Which sample an
     * entry was measured on is part of the entry's data, so entries the caller sees as metadata
     * only (embargoed) are not listed here.
     */
    public List<Catalog.EntryView> measurements(Caller caller, UUID sampleId, int limit) {
        get(caller, sampleId); // 404 for a hidden sample before anything about it is read
        SqlFilter readable = policy.datasetFilter(caller, "d", Visibility.FULL);
        return db.read(h -> {
            var q = h.createQuery("SELECT e.* FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE e.sample_id = :s AND "
                    + readable.sql() + " ORDER BY e.created_at DESC, e.id DESC LIMIT :limit")
                    .bind("s", sampleId).bind("limit", Math.max(1, Math.min(limit, 500))).bindMap(readable.params());
            List<Entry> rows = entries.withFiles(h, q.map((rs, ctx) -> EntryStore.entry(rs, List.of())).list());
            return gate.shown(h, caller, rows).stream().filter(x -> x.visibility().atLeast(Visibility.FULL))
                    .map(x -> new Catalog.EntryView(x.value(), x.visibility())).toList();
        });
    }
}
