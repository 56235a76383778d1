package org.matdx.fair;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.audit.CanonicalJson;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.DatasetVersion;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.User;
import org.matdx.store.Cursor;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.MemberStore;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;

/**
 * Publishing datasets as immutable, citable versions, and reading them back. A version keeps a
 * snapshot of every entry as it was, so {@code matdx:ds/<id>/v1} shows the same entries however
 * the dataset changes later. Who may read a version follows the dataset's access policy today:
 * metadata (and so citations) where the caller may see the dataset's metadata, entries and
 * exports only where the caller may read its data.
 */
public final class Versions {
    private static final Pattern DOI = Pattern.compile("^10\\.\\d{4,9}/\\S+$");
    /** Versions published here ({@code ds}) and copies imported from elsewhere ({@code import}), both named by their dataset here. */
    private static final Pattern PID = Pattern.compile("^matdx:(ds|import)/([0-9a-fA-F-]{36})/v(\\d{1,9})$");
    private static final int PUBLISH_ATTEMPTS = 3;
    /**
     * Published snapshots need their files for as long as the entry is not retracted (exports,
     * downloads of the version): the condition, over a {@code blobs} row {@code b}, that keeps a
     * blob for them ({@link org.matdx.store.BlobRegistry#addReference}; index V21).
     */
    public static final String BLOB_REFERENCE = "EXISTS (SELECT 1 FROM dataset_version_entries rv"
            + " WHERE rv.snapshot -> 'files' @> jsonb_build_array(jsonb_build_object('sha256', b.sha256))"
            + " AND NOT EXISTS (SELECT 1 FROM retractions rr WHERE rr.entry_id = rv.entry_id))";

    private final Database db;
    private final VersionStore store;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final MemberStore members;
    private final UserStore users;
    private final Gate gate;
    private final AuditLog audit;
    private final Removals removals;
    private final Clock clock;

    public Versions(Database db, DatasetStore datasets, EntryStore entries, MemberStore members, UserStore users,
                    AccessPolicy policy, AuditLog audit, Removals removals, Clock clock) {
        this.db = db;
        this.store = new VersionStore(db);
        this.datasets = datasets;
        this.entries = entries;
        this.members = members;
        this.users = users;
        this.gate = new Gate(db, datasets, entries, policy, audit);
        this.audit = audit;
        this.removals = removals;
        this.clock = clock;
    }

    /** A version together with how much of its dataset the caller may see. */
    public record View(Version version, Dataset dataset, Visibility visibility) {
    }

    /**
     * Publishes the dataset as it is now. Only its owners (owner, co-authors) publish; publishing
     * again without any change is refused, since the new version would say nothing new.
     */
    public Version publish(RequestContext context, UUID datasetId, String doi) {
        Caller caller = context.caller();
        Dataset d = gate.require(caller, datasetId, AccessPolicy.Right.PUBLISH);
        String cleanDoi = cleanDoi(doi);
        List<Version.Author> authors = authors(d);
        UUID publisher = caller.userId() != null ? caller.userId() : d.ownerId();
        for (int attempt = 1; ; attempt++) {
            try {
                return db.tx(h -> publishLocked(h, context, datasetId, cleanDoi, authors, publisher));
            } catch (UnableToExecuteStatementException e) {
                // a PID taken between our look and our insert: look again (never a 500 for a clash of identifiers)
                if (!uniqueViolation(e)) {
                    throw e;
                }
                if (attempt == PUBLISH_ATTEMPTS) {
                    throw Problem.conflict("could not give the new version an identifier that is not taken; try again");
                }
            }
        }
    }

    /** A DOI as typed (bare, {@code doi:} or as a doi.org link) in its bare form; null for blank; a 400 naming {@code doi} when it is not one. */
    static String cleanDoi(String doi) {
        if (doi == null || doi.isBlank()) {
            return null;
        }
        String clean = doi.strip().replaceFirst("^(?i)(https?://(dx\\.)?doi\\.org/|doi:)", "");
        if (clean.length() > 300 || !DOI.matcher(clean).matches()) {
            throw Problem.invalid("doi", "a DOI looks like 10.1234/abcd (a prefix 10.<4-9 digits>, a slash, a suffix without spaces); found '"
                    + (doi.length() > 80 ? doi.substring(0, 80) + "…" : doi) + "'");
        }
        return clean;
    }

    /**
     * Adds or corrects the DOI of a published version (owner and co-authors): DOIs are often
     * registered after the data are published. Nothing else of the version changes; audited with
     * the DOI before and after.
     */
    public Version setDoi(RequestContext context, UUID datasetId, int number, String doi) {
        gate.require(context.caller(), datasetId, AccessPolicy.Right.PUBLISH);
        String clean = cleanDoi(doi);
        if (clean == null) {
            throw Problem.invalid("doi", "is required (a DOI looks like 10.1234/abcd)");
        }
        return db.tx(h -> {
            h.execute("SELECT id FROM datasets WHERE id = ? FOR UPDATE", datasetId);
            Version v = store.get(h, datasetId, number).orElseThrow(() -> Problem.notFound("version", number));
            if (!clean.equals(v.doi())) {
                store.setDoi(h, v.id(), clean);
                audit.append(h, context, "dataset.version.doi", "dataset", datasetId, Json.object()
                        .put("dataset", datasetId.toString()).put("version", number).put("pid", v.pid())
                        .put("before", v.doi()).put("doi", clean));
            }
            return store.get(h, datasetId, number).orElseThrow();
        });
    }

    private Version publishLocked(Handle h, RequestContext context, UUID datasetId, String doi, List<Version.Author> authors,
                                  UUID publisher) {
        // one publisher at a time, and no deletion of an entry while it is being published (Removals takes the same row)
        h.execute("SELECT id FROM datasets WHERE id = ? FOR UPDATE", datasetId);
        Dataset d = datasets.get(h, datasetId).orElseThrow(() -> Problem.notFound("dataset", datasetId));
        List<JsonNode> snapshots = new ArrayList<>();
        allEntries(h, datasetId).stream().sorted(Comparator.comparing(Entry::id)).forEach(e -> snapshots.add(EntryCodec.write(e)));
        String sha = contentHash(d, snapshots);
        Optional<Version> last = store.latest(h, datasetId);
        if (last.isPresent() && last.get().contentSha256().equals(sha) && last.get().authors().equals(authors)) {
            throw Problem.conflict("nothing changed since " + last.get().pid() + "; change the dataset before publishing again");
        }
        int n = last.map(x -> x.number() + 1).orElse(1);
        // a PID held elsewhere (a version imported before imports had a namespace of their own) is skipped
        while (store.pidTaken(h, DatasetVersion.pidFor(datasetId, n))) {
            n++;
        }
        var meta = Json.object().put("publisher", "MatDX").put("template", d.template())
                .put("access", d.access().level().code())
                .put("embargo_until", d.access().embargoUntil() == null ? null : d.access().embargoUntil().toString())
                .put("model_use_only", d.access().modelUseOnly())
                .put("group", d.groupId() == null ? null : users.groupById(d.groupId()).map(g -> g.name()).orElse(null))
                .put("dataset_created_at", d.createdAt().toString());
        Version version = new Version(Ids.newId(), datasetId, n, DatasetVersion.pidFor(datasetId, n), doi,
                d.title(), d.description(), d.license(), snapshots.size(), publisher,
                clock.instant().truncatedTo(ChronoUnit.MICROS), authors, meta, sha,
                last.map(Version::pid).orElse(null));
        store.insert(h, version, snapshots);
        audit.append(h, context, "dataset.version.publish", "dataset", datasetId, Json.object()
                .put("dataset", datasetId.toString()).put("version", n).put("pid", version.pid())
                .put("entries", snapshots.size()).put("content_sha256", sha));
        return version;
    }

    private static boolean uniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException x && "23505".equals(x.getSQLState());
    }

    /** Stores a version brought in from another instance (RO-Crate import), in the importing transaction. */
    void insertImported(Handle h, Version v, List<JsonNode> snapshots) {
        store.insert(h, v, snapshots);
    }

    public List<View> list(Caller caller, UUID datasetId) {
        Gate.Seen<Dataset> d = visibleDataset(caller, datasetId, Visibility.METADATA);
        return store.byDataset(datasetId).stream().map(x -> new View(x, d.dataset(), d.visibility())).toList();
    }

    /** One version, if the caller may see at least {@code min} of its dataset; 404 otherwise. */
    public View get(Caller caller, UUID datasetId, int number, Visibility min) {
        Gate.Seen<Dataset> d;
        try {
            d = visibleDataset(caller, datasetId, min);
        } catch (Problem hidden) {
            // removed by an administrator: its identifier says so, to those who could see that it existed
            removals.removedVersion(datasetId, number).filter(Removals.RemovedVersion::listed).ifPresent(r -> {
                throw new Problem(Problem.Type.GONE, r.pid() + " (" + r.title() + ") was removed by an administrator on "
                        + r.removedAt().atZone(ZoneOffset.UTC).toLocalDate() + ": " + r.reason());
            });
            throw hidden;
        }
        Version v = store.get(datasetId, number).orElseThrow(() -> Problem.notFound("version", number));
        return new View(v, d.dataset(), d.visibility());
    }

    /** The version a persistent identifier names. */
    public View resolve(Caller caller, String pid) {
        var m = pid == null ? null : PID.matcher(pid.strip());
        if (m == null || !m.matches()) {
            throw Problem.invalid("pid", "a MatDX persistent identifier looks like matdx:ds/<dataset id>/v<n>");
        }
        UUID id = Ids.parseOrNull(m.group(2));
        if (id == null) {
            throw Problem.notFound("version", pid);
        }
        View v = get(caller, id, Integer.parseInt(m.group(3)), Visibility.METADATA);
        if (!v.version().pid().equals(pid.strip())) {
            throw Problem.notFound("version", pid); // the dataset's version has another identifier (an import's, or one published here)
        }
        return v;
    }

    /**
     * The tombstones of entries retracted from this version since it was published, for callers
     * who read its data (an embargo shows what the data is, not what was withdrawn from it).
     */
    public List<Removals.Retraction> retractions(View view) {
        return view.visibility().atLeast(Visibility.FULL)
                ? removals.retractions(view.version().datasetId(), view.version().pid()) : List.of();
    }

    /** The version's entries as published, retracted ones left out, redacted for the caller (restricted files hidden). */
    public Page<Entry> entries(RequestContext context, UUID datasetId, int number, String cursor, int limit) {
        Caller caller = context.caller();
        View view = get(caller, datasetId, number, Visibility.FULL);
        int n = limit <= 0 ? 50 : Math.min(limit, 500);
        UUID after = cursor == null || cursor.isBlank() ? null : Ids.parseOrNull(cursor);
        if (cursor != null && !cursor.isBlank() && after == null) {
            throw Problem.invalid("cursor", "is not a cursor this endpoint gave out");
        }
        List<JsonNode> rows = store.snapshots(view.version().id(), after, n + 1);
        List<Entry> snapshots = new ArrayList<>();
        for (int i = 0; i < Math.min(n, rows.size()); i++) {
            snapshots.add(EntryCodec.read(rows.get(i), "snapshot"));
        }
        List<Entry> out = gate.shown(caller, snapshots, view.visibility());
        recordRead(context, view, "dataset.version.entries.read");
        String next = rows.size() > n ? rows.get(n - 1).get("id").asString() : null;
        return new Page<>(out, next);
    }

    /** Every entry of the version as published (for exports), redacted for the caller. */
    public List<Entry> allEntries(Caller caller, View view) {
        List<Entry> out = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<JsonNode> rows = store.snapshots(view.version().id(), after, 1000);
            out.addAll(gate.shown(caller, rows.stream().map(r -> EntryCodec.read(r, "snapshot")).toList(), view.visibility()));
            if (rows.size() < 1000) {
                return out;
            }
            after = UUID.fromString(rows.get(rows.size() - 1).get("id").asString());
        }
    }

    void recordRead(RequestContext context, View view, String action) {
        Dataset d = view.dataset();
        gate.recordRead(context, d, view.visibility(), action, "dataset", d.id(), Json.object().put("version", view.version().number()));
    }

    Gate.Seen<Dataset> visibleDataset(Caller caller, UUID datasetId, Visibility min) {
        return gate.dataset(caller, datasetId, min,
                () -> Problem.notFound(min == Visibility.METADATA ? "dataset" : "version data of dataset", datasetId));
    }

    private List<Entry> allEntries(Handle h, UUID datasetId) {
        List<Entry> out = new ArrayList<>();
        Cursor after = null;
        while (true) {
            List<Entry> page = entries.listByDataset(h, datasetId, after, 1000);
            out.addAll(page);
            if (page.size() < 1000) {
                return out;
            }
            Entry last = page.get(page.size() - 1);
            after = new Cursor(last.createdAt(), last.id());
        }
    }

    /**
     * Who a citation credits: the authors the dataset lists, in their order; when it lists none,
     * the owner first, then co-authors by name.
     */
    List<Version.Author> authors(Dataset d) {
        List<Version.Author> out = new ArrayList<>();
        var listed = datasets.credits(d.id()).authors();
        if (!listed.isEmpty()) {
            listed.forEach(a -> out.add(new Version.Author("", a.name(), a.orcid(), "author", a.affiliation())));
            return out;
        }
        users.byId(d.ownerId()).ifPresent(u -> out.add(author(u, "owner")));
        members.members(d.id()).stream().filter(m -> "coauthor".equals(m.role()))
                .map(m -> users.byId(m.userId())).flatMap(Optional::stream)
                .sorted(Comparator.comparing(User::displayName))
                .forEach(u -> out.add(author(u, "coauthor")));
        return out;
    }

    private static Version.Author author(User u, String role) {
        return new Version.Author(u.username(), u.displayName(), u.orcid(), role);
    }

    static String contentHash(Dataset d, List<JsonNode> snapshots) {
        var doc = Json.object().put("title", d.title()).put("description", d.description()).put("license", d.license());
        var arr = doc.putArray("entries");
        snapshots.forEach(arr::add);
        return sha256(CanonicalJson.write(doc));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
