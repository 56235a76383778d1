package org.matdx.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Sample;
import org.matdx.core.Scope;
import org.matdx.store.Cursor;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.SampleStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way a capability reads a dataset, an entry, a file or a sample for a caller, and the
 * one way such a read gets into the audit trail. Each read fetches the thing, asks the
 * {@link AccessPolicy}, and either hands it back as the caller may see it ({@link Seen}, already
 * redacted) or throws the {@link Problem} the web layer maps once: 404 when it is hidden or does
 * not exist (the same answer, so existence is not revealed), 401 when an anonymous caller asks for
 * more than reading, 403 when a caller who sees it asks for a right they lack.
 *
 * <p>Queries that list many things embed {@link AccessPolicy#datasetFilter} in their SQL instead;
 * what they read is shown through {@link #shown} and audited through {@link #recordReads}.
 * {@code ArchitectureTest} keeps store reads of single datasets, entries and samples here.
 */
public final class Gate {
    private final Database db;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final SampleStore samples;
    private final AccessPolicy policy;
    private final AuditLog audit;

    public Gate(Database db, DatasetStore datasets, EntryStore entries, AccessPolicy policy, AuditLog audit) {
        this.db = db;
        this.samples = new SampleStore(db);
        this.datasets = datasets;
        this.entries = entries;
        this.policy = policy;
        this.audit = audit;
    }

    /**
     * Something read through the gate, as the caller may see it, with the dataset it belongs to
     * (its home, for a sample) and how much of that dataset the caller sees.
     */
    public record Seen<T>(T value, Dataset dataset, Visibility visibility) {
    }

    // ---- datasets -------------------------------------------------------------------------

    /** The dataset if the caller sees at least {@code min} of it; 404 otherwise. */
    public Seen<Dataset> dataset(Caller caller, UUID id, Visibility min) {
        return dataset(caller, id, min, () -> Problem.notFound("dataset", id));
    }

    /** As {@link #dataset(Caller, UUID, Visibility)}, with the problem to throw when it is hidden or absent. */
    public Seen<Dataset> dataset(Caller caller, UUID id, Visibility min, Supplier<Problem> hidden) {
        return findDataset(caller, id, min).orElseThrow(hidden);
    }

    public Optional<Seen<Dataset>> findDataset(Caller caller, UUID id, Visibility min) {
        if (id == null) {
            return Optional.empty();
        }
        return datasets.get(id).flatMap(d -> {
            Visibility v = policy.visibility(caller, d);
            return v != Visibility.NONE && v.atLeast(min) ? Optional.of(new Seen<>(d, d, v)) : Optional.empty();
        });
    }

    /**
     * The dataset if the caller has {@code right} over it. Otherwise 404 when they may not even see
     * it, 401 when they are anonymous, 403 when they see it but lack the right.
     */
    /** Whether the caller has {@code right} over the dataset (what a page asks before it offers an action). */
    public boolean allows(Caller caller, UUID id, AccessPolicy.Right right) {
        return datasets.get(id).map(d -> policy.allows(caller, d, right)).orElse(false);
    }

    public Dataset require(Caller caller, UUID id, AccessPolicy.Right right) {
        Dataset d = datasets.get(id).orElseThrow(() -> Problem.notFound("dataset", id));
        if (policy.allows(caller, d, right)) {
            return d;
        }
        String what = switch (right) {
            case WRITE -> "change this dataset";
            case MANAGE -> "change who may see this dataset";
            case PUBLISH -> "publish a version of this dataset";
            case DESCRIBE -> "change how this dataset is described";
            case REMOVE -> "delete or retract";
            case LENDING -> "see what this dataset lends to models";
        };
        throw refusal(caller, d, "dataset", id, what, switch (right) {
            case WRITE -> "you may read this dataset but not change it";
            case MANAGE -> "only the dataset's owner (with a write-scoped credential) changes who may see it";
            case PUBLISH -> "only the dataset's owner and co-authors publish versions (with a write-scoped credential)";
            case DESCRIBE -> "only the dataset's owner and co-authors change its title, description, licence, authors and keywords";
            case REMOVE -> "only the dataset's owner and co-authors delete it";
            case LENDING -> "only the dataset's owner sees and changes what it lends to models";
        });
    }

    /** 404 to whoever may not see the dataset, 401 to an anonymous caller, 403 (saying why) to the rest. */
    private Problem refusal(Caller caller, Dataset d, String kind, UUID id, String what, String forbidden) {
        if (policy.visibility(caller, d) == Visibility.NONE) {
            return Problem.notFound(kind, id);
        }
        if (caller instanceof Caller.Anonymous) {
            return Problem.unauthorized("sign in (with a write-scoped credential) to " + what);
        }
        if (caller instanceof Caller.Account a && !a.scope().includes(Scope.WRITE)) {
            return Problem.forbidden("this API token is read-only; use a token with the write scope to " + what);
        }
        return Problem.forbidden(forbidden);
    }

    // ---- entries and files ----------------------------------------------------------------

    /** The entry as the caller may see it; 404 when hidden or absent. */
    public Seen<Entry> entry(Caller caller, UUID id) {
        return findEntry(caller, id, Visibility.METADATA).orElseThrow(() -> Problem.notFound("entry", id));
    }

    /** The entry as the caller may see it, if they see at least {@code min} of its dataset. */
    public Optional<Seen<Entry>> findEntry(Caller caller, UUID id, Visibility min) {
        if (id == null) {
            return Optional.empty();
        }
        return entries.get(id).flatMap(e -> findDataset(caller, e.datasetId(), min)
                .flatMap(d -> policy.redact(e, d.visibility())
                        .map(shown -> new Seen<>(withVisibleSample(caller, shown), d.dataset(), d.visibility()))));
    }

    /** An entry a caller may change or remove, whole (not redacted: it is about to be acted on), and its dataset. */
    public record Held(Entry entry, Dataset dataset) {
    }

    /** The entry if the caller has {@code right} over it; 404 when they may not see it, else 401/403 as for datasets. */
    public Held require(Caller caller, UUID entryId, AccessPolicy.EntryRight right) {
        Entry e = entries.get(entryId).orElseThrow(() -> Problem.notFound("entry", entryId));
        Dataset d = datasets.get(e.datasetId()).orElseThrow(() -> Problem.notFound("entry", entryId));
        if (policy.allows(caller, d, e, right)) {
            return new Held(e, d);
        }
        throw refusal(caller, d, "entry", entryId, "delete or retract", switch (right) {
            case DELETE -> "you may read this entry but not delete it: the dataset's owner and co-authors delete entries, "
                    + "editors only those they registered";
            case RETRACT -> "only the dataset's owner and co-authors (who publish it) retract entries of its versions";
        });
    }

    /** As {@link #require(Caller, UUID, AccessPolicy.EntryRight)}, empty instead of a refusal (which buttons a page shows). */
    public Optional<Held> allowed(Caller caller, UUID entryId, AccessPolicy.EntryRight right) {
        return entries.get(entryId).flatMap(e -> datasets.get(e.datasetId())
                .filter(d -> policy.allows(caller, d, e, right)).map(d -> new Held(e, d)));
    }

    /** One page of a dataset's entries, as the caller may see them, and where the next page starts. */
    public record EntryPage(Seen<Dataset> dataset, List<Entry> entries, Cursor next) {
    }

    /** A page of the dataset's entries (oldest first); 404 when the dataset is hidden or absent. */
    public EntryPage entries(Caller caller, UUID datasetId, Cursor after, int limit) {
        Seen<Dataset> d = dataset(caller, datasetId, Visibility.METADATA);
        List<Entry> rows = entries.listByDataset(datasetId, after, limit + 1);
        List<Entry> page = rows.subList(0, Math.min(limit, rows.size()));
        List<Entry> out = new ArrayList<>();
        for (Entry e : page) {
            policy.redact(e, d.visibility()).ifPresent(out::add);
        }
        Cursor next = rows.size() > limit ? new Cursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()) : null;
        return new EntryPage(d, withVisibleSamples(caller, out), next);
    }

    /**
     * One of an entry's files the caller may download: a hidden entry, a restricted file (below the
     * owners) and any file of embargoed data all answer 404, so their existence is not revealed.
     */
    public Seen<EntryFile> file(Caller caller, UUID entryId, String name) {
        Seen<Entry> e = entry(caller, entryId);
        // the entry as shown holds exactly the files this caller may have
        EntryFile f = e.value().files().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> Problem.notFound("file", name));
        return new Seen<>(f, e.dataset(), e.visibility());
    }

    /**
     * Entries a query read with the policy's SQL filter, as the caller may see them: redacted per
     * dataset (the Java rules have the last word should the SQL ever disagree; what they hide is
     * dropped), with links to samples the caller may not see removed.
     */
    public List<Seen<Entry>> shown(Handle h, Caller caller, List<Entry> rows) {
        Map<UUID, Dataset> found = datasets.getAll(h, rows.stream().map(Entry::datasetId).distinct().toList());
        Map<UUID, Visibility> vis = policy.visibility(h, caller, found.values());
        List<Entry> redacted = new ArrayList<>();
        for (Entry e : rows) {
            policy.redact(e, vis.getOrDefault(e.datasetId(), Visibility.NONE)).ifPresent(redacted::add);
        }
        List<Seen<Entry>> out = new ArrayList<>();
        for (Entry e : withVisibleSamples(h, caller, redacted)) {
            out.add(new Seen<>(e, found.get(e.datasetId()), vis.get(e.datasetId())));
        }
        return out;
    }

    /**
     * Redacts entries of one dataset the caller sees at {@code v} (a published version's
     * snapshots), sample links included.
     */
    public List<Entry> shown(Caller caller, List<Entry> rows, Visibility v) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : rows) {
            policy.redact(e, v).ifPresent(out::add);
        }
        return withVisibleSamples(caller, out);
    }

    // ---- samples --------------------------------------------------------------------------

    /**
     * The sample if the caller sees at least {@code min} of its home dataset, redacted to what
     * they may see; empty for hidden and unknown samples alike.
     */
    public Optional<Seen<Sample>> findSample(Caller caller, UUID id, Visibility min) {
        if (id == null) {
            return Optional.empty();
        }
        // samples registered before they had a home dataset have no reader but the system
        return samples.get(id).filter(s -> s.datasetId() != null).flatMap(s -> findDataset(caller, s.datasetId(), min)
                .flatMap(d -> policy.redact(s.sample(), d.visibility()).map(r -> new Seen<>(r, d.dataset(), d.visibility()))));
    }

    public Seen<Sample> sample(Caller caller, UUID id, Visibility min) {
        return findSample(caller, id, min).orElseThrow(() -> Problem.notFound("sample", id));
    }

    /** Whether a caller may link an entry to the sample: only to one whose data they may read. */
    public boolean mayMeasure(Caller caller, UUID sampleId) {
        return findSample(caller, sampleId, Visibility.FULL).isPresent();
    }

    private Entry withVisibleSample(Caller caller, Entry e) {
        return withVisibleSamples(caller, List.of(e)).get(0);
    }

    private List<Entry> withVisibleSamples(Caller caller, List<Entry> rows) {
        if (rows.stream().allMatch(e -> e.sampleId() == null)) {
            return rows;
        }
        return db.read(h -> withVisibleSamples(h, caller, rows));
    }

    /**
     * A link to a sample is shown where it leads somewhere: to callers who may open the sample
     * (see its home dataset's metadata at least). Otherwise it would name a sample, and so reveal
     * that it exists, to someone it is hidden from.
     */
    private List<Entry> withVisibleSamples(Handle h, Caller caller, List<Entry> rows) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(e -> {
            if (e.sampleId() != null) {
                ids.add(e.sampleId());
            }
        });
        if (ids.isEmpty()) {
            return rows;
        }
        Map<UUID, UUID> homes = samples.homes(h, ids);
        Map<UUID, Dataset> homeDatasets = datasets.getAll(h, new LinkedHashSet<>(homes.values()));
        Map<UUID, Visibility> vis = policy.visibility(h, caller, homeDatasets.values());
        List<Entry> out = new ArrayList<>(rows.size());
        for (Entry e : rows) {
            UUID home = e.sampleId() == null ? null : homes.get(e.sampleId());
            boolean visible = home != null && vis.getOrDefault(home, Visibility.NONE) != Visibility.NONE;
            out.add(e.sampleId() == null || visible ? e : new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(),
                    e.properties(), e.invoice(), e.metadata(), e.data(), e.files(), null, e.template(), e.outcome(),
                    e.createdBy(), e.createdAt(), e.updatedAt()));
        }
        return out;
    }

    // ---- the audit trail ------------------------------------------------------------------

    /**
     * Records a read of a dataset, or of something in it, when it belongs in the trail
     * ({@link AccessPolicy#isClosedRead}: a person shown data the public cannot see; anonymous
     * reads never add events, so a flood of them cannot grow the trail). {@code detail} gets the
     * dataset's id.
     */
    public void recordRead(RequestContext context, Dataset d, Visibility seen, String action, String objectType, Object objectId,
                           ObjectNode detail) {
        if (policy.isClosedRead(context.caller(), d, seen)) {
            audit.append(context, action, objectType, objectId, detail.put("dataset", d.id().toString()));
        }
    }

    /** {@link #recordRead(RequestContext, Dataset, Visibility, String, String, Object, ObjectNode)} of something seen through the gate. */
    public void recordRead(RequestContext context, Seen<?> seen, String action, String objectType, Object objectId) {
        recordRead(context, seen.dataset(), seen.visibility(), action, objectType, objectId, Json.object());
    }

    /**
     * Records reads of the data of many entries at once (a page of search results, of OPTIMADE
     * structures): one event per dataset not open to everyone, with how many of its entries were
     * read. Only for reads of data (FULL or more: see {@link #dataReads}).
     */
    public void recordReads(Handle h, RequestContext context, Map<UUID, Integer> entriesPerDataset, String action) {
        // what an anonymous caller may read is open to everyone by definition: no query needed
        if (!(context.caller() instanceof Caller.Account) || entriesPerDataset.isEmpty()) {
            return;
        }
        Map<UUID, Dataset> found = datasets.getAll(h, entriesPerDataset.keySet());
        for (Map.Entry<UUID, Integer> r : entriesPerDataset.entrySet()) {
            Dataset d = found.get(r.getKey());
            if (d != null) {
                recordRead(context, d, Visibility.FULL, action, "dataset", d.id(), Json.object().put("entries", r.getValue()));
            }
        }
    }

    /** How many entries of each dataset a list of shown entries holds data of (FULL or more). */
    public static Map<UUID, Integer> dataReads(Collection<Seen<Entry>> shown) {
        Map<UUID, Integer> n = new LinkedHashMap<>();
        for (Seen<Entry> s : shown) {
            if (s.visibility().atLeast(Visibility.FULL)) {
                n.merge(s.dataset().id(), 1, Integer::sum);
            }
        }
        return n;
    }
}
