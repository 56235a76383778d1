package org.matdx.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.jobs.JobQueue;
import org.matdx.store.BlobRegistry;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.Rows;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deleting entries and datasets, and retracting entries of published versions.
 *
 * <ul>
 *   <li>What no published version holds is <b>deleted</b>: by the dataset's owner and co-authors,
 *       an editor's own entries by that editor. Everything derived goes in the same transaction:
 *       the search copy and numeric index (triggers and cascades), files (released after the
 *       commit through {@link BlobRegistry}), and what other capabilities derived
 *       ({@link Listener}: campaign trials, model cards).</li>
 *   <li>An entry of a published version is <b>retracted</b> instead: it leaves every live path
 *       like a deleted one, and the versions that hold it keep their record (immutable, citable)
 *       with a tombstone saying what, when, why and by whom ({@link Retraction}).</li>
 *   <li>An <b>administrator</b> removes anything, with a reason when something published goes:
 *       the snapshot's content is purged too, and a removed dataset's version identifiers answer
 *       "removed" rather than "never existed".</li>
 * </ul>
 * Every removal is one transaction with its audit event. Refusals follow the access policy:
 * 404 for what the caller may not see, 401/403 for what they see but may not remove, 409 for
 * what publication protects.
 */
public final class Removals {
    public static final int MAX_REASON = 2000;

    private final Database db;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final AccessPolicy policy;
    private final Gate gate;
    private final AuditLog audit;
    private final BlobRegistry blobs;
    private final JobQueue jobs;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Something another capability derived from entries, removed with them in the removing
     * transaction (their rows are still there when it is called).
     */
    public interface Listener {
        /** Some entries of a dataset go (deleted, retracted or removed). */
        default void entriesRemoved(Handle h, UUID datasetId, List<UUID> entryIds, Note note) {
        }

        /** A whole dataset goes, every entry of it included (entriesRemoved is not called for them). */
        default void datasetRemoved(Handle h, UUID datasetId, Note note) {
        }
    }

    /** Who removed something (and from where), how ("deleted", "retracted", "removed by an administrator"), why and when. */
    public record Note(RequestContext context, String how, String reason, Instant at) {
        /** "deleted by alice on 2026-07-15: thermocouple drift" — what derived records say about it. */
        public String sentence() {
            return how + " by " + context.caller().label() + " on " + at.atZone(ZoneOffset.UTC).toLocalDate()
                    + (reason == null ? "" : ": " + reason);
        }
    }

    /** What a deletion removed: entries, files no longer needed by anything, versions (administrators only). */
    public record Removed(UUID id, String title, int entries, int filesReleased, List<String> versions) {
    }

    /**
     * The tombstone of an entry withdrawn from published versions.
     *
     * @param by       "owner", "coauthor" or "administrator"
     * @param versions the PIDs of the versions that held it
     * @param removed  an administrator purged the published content too
     */
    public record Retraction(UUID entryId, UUID datasetId, String title, String reason, String by, Instant at,
                             List<String> versions, boolean removed) {
    }

    public Removals(Database db, DatasetStore datasets, EntryStore entries, AccessPolicy policy, AuditLog audit,
                    BlobRegistry blobs, JobQueue jobs, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.entries = entries;
        this.policy = policy;
        this.gate = new Gate(db, datasets, entries, policy, audit);
        this.audit = audit;
        this.blobs = blobs;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Registers what another capability removes with entries and datasets (wired once, in Platform). */
    public void onRemoval(Listener listener) {
        listeners.add(listener);
    }

    // ---- entries ---------------------------------------------------------------------------

    /**
     * Deletes an entry no published version holds. An administrator may delete one that a version
     * holds, with a reason: that is a removal (tombstone on the versions, snapshot purged).
     */
    public Removed deleteEntry(RequestContext context, UUID entryId, String reason) {
        Caller caller = context.caller();
        Dataset d = gate.require(caller, entryId, AccessPolicy.EntryRight.DELETE).dataset();
        String why = reason(reason, false);
        Removed removed = db.tx(h -> {
            lockDataset(h, d.id(), false);
            Entry current = entries.get(h, entryId).orElseThrow(() -> Problem.notFound("entry", entryId));
            List<String> pids = publishedIn(h, entryId);
            if (!pids.isEmpty()) {
                if (!policy.isAdministrator(caller)) {
                    throw Problem.conflict("entry " + entryId + " is part of the published version" + (pids.size() == 1 ? " " : "s ")
                            + String.join(", ", pids) + ", which stay as published (immutable and citable): retract instead "
                            + "(POST /api/v1/entries/" + entryId + "/retract with a reason, shown on the version), "
                            + "or ask an administrator to remove it");
                }
                if (why == null) {
                    throw Problem.invalid("reason", "an administrator removing an entry of a published version gives a reason;"
                            + " it is shown on the version");
                }
                Retraction r = retract(h, context, d, current, why, pids, true);
                return new Removed(entryId, current.title(), 1, 0, r.versions());
            }
            Instant now = now();
            remove(h, d.id(), List.of(current.id()), new Note(context, "deleted", why, now));
            datasets.touch(h, d.id(), now);
            ObjectNode detail = Json.object().put("dataset", d.id().toString()).put("title", current.title())
                    .put("files", current.files().size());
            if (why != null) {
                detail.put("reason", why);
            }
            audit.append(h, context, "entry.delete", "entry", entryId, detail);
            return new Removed(entryId, current.title(), 1, 0, List.of());
        });
        return withReleased(removed);
    }

    /** Withdraws an entry from the published versions that hold it: gone from every live path, a tombstone on them. */
    public Retraction retractEntry(RequestContext context, UUID entryId, String reason) {
        Dataset d = gate.require(context.caller(), entryId, AccessPolicy.EntryRight.RETRACT).dataset();
        String why = reason(reason, true);
        Retraction r = db.tx(h -> {
            lockDataset(h, d.id(), false);
            Entry current = entries.get(h, entryId).orElseThrow(() -> Problem.notFound("entry", entryId));
            List<String> pids = publishedIn(h, entryId);
            if (pids.isEmpty()) {
                throw Problem.conflict("entry " + entryId + " is in no published version, so there is nothing to retract it "
                        + "from: delete it instead (DELETE /api/v1/entries/" + entryId + ")");
            }
            return retract(h, context, d, current, why, pids, false);
        });
        blobs.collectReleased();
        return r;
    }

    private Retraction retract(Handle h, RequestContext context, Dataset d, Entry e, String why, List<String> pids, boolean purge) {
        Caller caller = context.caller();
        Instant now = now();
        String by = purge || policy.visibility(caller, d) != Visibility.OWNER || caller.userId() == null ? "administrator"
                : caller.userId().equals(d.ownerId()) ? "owner" : "coauthor";
        h.createUpdate("""
                        INSERT INTO retractions (entry_id, dataset_id, title, reason, by_role, retracted_by, retracted_at, versions, removed)
                        VALUES (:e, :d, :title, :reason, :by, :who, :at, :versions, :removed)""")
                .bind("e", e.id()).bind("d", d.id()).bind("title", e.title()).bind("reason", why).bind("by", by)
                .bind("who", caller.userId()).bind("at", now).bindArray("versions", String.class, pids).bind("removed", purge)
                .execute();
        // the published files of this entry may be free once it no longer counts (BlobRegistry skips retracted snapshots)
        blobs.queueRelease(h, h.createQuery("""
                        SELECT DISTINCT f ->> 'sha256' FROM dataset_version_entries ve, jsonb_array_elements(ve.snapshot -> 'files') f
                        WHERE ve.entry_id = :e""").bind("e", e.id()).mapTo(String.class).list());
        if (purge) {
            allowVersionRemoval(h);
            h.execute("DELETE FROM dataset_version_entries WHERE entry_id = ?", e.id());
        }
        remove(h, d.id(), List.of(e.id()), new Note(context, purge ? "removed by an administrator" : "retracted", why, now));
        datasets.touch(h, d.id(), now);
        ArrayNode versions = Json.MAPPER.createArrayNode();
        pids.forEach(versions::add);
        audit.append(h, context, purge ? "entry.remove" : "entry.retract", "entry", e.id(), Json.object()
                .put("dataset", d.id().toString()).put("title", e.title()).put("reason", why).set("versions", versions));
        return new Retraction(e.id(), d.id(), e.title(), why, by, now, pids, purge);
    }

    // ---- datasets --------------------------------------------------------------------------

    /**
     * Deletes a dataset with everything in it. One with published versions only an administrator
     * removes, with a reason; its versions' identifiers then say that they were removed.
     */
    public Removed deleteDataset(RequestContext context, UUID datasetId, String reason) {
        Caller caller = context.caller();
        Dataset d = gate.require(caller, datasetId, AccessPolicy.Right.REMOVE);
        String why = reason(reason, false);
        // whether everyone could see that it existed: then its versions' tombstones are shown to everyone
        boolean listed = policy.visibility(Caller.ANONYMOUS, d).atLeast(Visibility.METADATA);
        Removed removed = db.tx(h -> {
            lockDataset(h, datasetId, true);
            List<String> pids = h.createQuery("SELECT pid FROM dataset_versions WHERE dataset_id = :d ORDER BY number")
                    .bind("d", datasetId).mapTo(String.class).list();
            if (!pids.isEmpty()) {
                if (!policy.isAdministrator(caller)) {
                    throw Problem.conflict("dataset '" + d.title() + "' has published versions (" + String.join(", ", pids)
                            + "), which stay as published (immutable and citable), so it cannot be deleted: retract the "
                            + "entries that must go instead (POST /api/v1/entries/{id}/retract with a reason), or ask an "
                            + "administrator to remove it");
                }
                if (why == null) {
                    throw Problem.invalid("reason", "an administrator removing a dataset with published versions gives a reason;"
                            + " its versions' identifiers show it");
                }
            }
            Instant now = now();
            Note note = new Note(context, pids.isEmpty() ? "deleted" : "removed by an administrator", why, now);
            int count = h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = :d").bind("d", datasetId)
                    .mapTo(Integer.class).one();
            listeners.forEach(l -> l.datasetRemoved(h, datasetId, note));
            // the dataset's samples go with it: entries elsewhere that were measured on one lose the link
            int unlinked = h.createUpdate("""
                            UPDATE entries SET sample_id = NULL
                            WHERE dataset_id <> :d AND sample_id IN (SELECT id FROM samples WHERE dataset_id = :d)""")
                    .bind("d", datasetId).execute();
            blobs.queueRelease(h, h.createQuery("""
                            SELECT DISTINCT f.sha256 FROM entry_files f JOIN entries e ON e.id = f.entry_id WHERE e.dataset_id = :d""")
                    .bind("d", datasetId).mapTo(String.class).list());
            if (!pids.isEmpty()) {
                removeVersions(h, d, why, listed, now);
            }
            h.execute("DELETE FROM entries WHERE dataset_id = ?", datasetId);
            // work queued for it would fail; work done for it is history of a dataset that is gone
            jobs.forgetJobsAbout(h, datasetId);
            h.execute("DELETE FROM datasets WHERE id = ?", datasetId);
            ArrayNode versions = Json.MAPPER.createArrayNode();
            pids.forEach(versions::add);
            ObjectNode detail = Json.object().put("dataset", datasetId.toString()).put("title", d.title())
                    .put("entries", count).put("unlinked_entries", unlinked);
            detail.set("versions", versions);
            if (why != null) {
                detail.put("reason", why);
            }
            audit.append(h, context, pids.isEmpty() ? "dataset.delete" : "dataset.remove", "dataset", datasetId, detail);
            return new Removed(datasetId, d.title(), count, 0, pids);
        });
        return withReleased(removed);
    }

    /** An administrator's removal of published versions: their identifiers keep a tombstone, their content goes. */
    private void removeVersions(Handle h, Dataset d, String why, boolean listed, Instant now) {
        blobs.queueRelease(h, h.createQuery("""
                        SELECT DISTINCT f ->> 'sha256' FROM dataset_versions v JOIN dataset_version_entries ve ON ve.version_id = v.id,
                            jsonb_array_elements(ve.snapshot -> 'files') f
                        WHERE v.dataset_id = :d""").bind("d", d.id()).mapTo(String.class).list());
        h.createUpdate("""
                        INSERT INTO removed_versions (pid, dataset_id, number, title, doi, reason, listed, removed_at)
                        SELECT pid, dataset_id, number, title, doi, :reason, :listed, :at FROM dataset_versions WHERE dataset_id = :d""")
                .bind("reason", why).bind("listed", listed).bind("at", now).bind("d", d.id()).execute();
        allowVersionRemoval(h);
        h.execute("DELETE FROM dataset_version_entries WHERE version_id IN (SELECT id FROM dataset_versions WHERE dataset_id = ?)", d.id());
        h.execute("DELETE FROM dataset_versions WHERE dataset_id = ?", d.id());
    }

    // ---- what a page offers ------------------------------------------------------------------

    /** What the caller may do (the buttons a page shows): delete, retract, and the versions that hold it. */
    public record Choices(boolean delete, boolean retract, List<String> versions) {
        public static final Choices NONE = new Choices(false, false, List.of());
    }

    /** An entry: delete it when no version holds it, else retract it (an administrator may also remove it). */
    public Choices entryChoices(Caller caller, UUID entryId) {
        Dataset d = gate.allowed(caller, entryId, AccessPolicy.EntryRight.DELETE).map(Gate.Held::dataset).orElse(null);
        if (d == null) {
            return Choices.NONE;
        }
        List<String> pids = db.read(h -> publishedIn(h, entryId));
        boolean admin = policy.isAdministrator(caller);
        return new Choices(pids.isEmpty() || admin, !pids.isEmpty() && policy.canRemove(caller, d), pids);
    }

    /** A dataset: deleted by its owners while unpublished, by an administrator always. */
    public Choices datasetChoices(Caller caller, Dataset d) {
        if (!policy.canRemove(caller, d)) {
            return Choices.NONE;
        }
        List<String> pids = db.read(h -> h.createQuery("SELECT pid FROM dataset_versions WHERE dataset_id = :d ORDER BY number")
                .bind("d", d.id()).mapTo(String.class).list());
        return new Choices(pids.isEmpty() || policy.isAdministrator(caller), false, pids);
    }

    // ---- reading tombstones ------------------------------------------------------------------

    /** The tombstones of entries retracted from the version {@code pid} of a dataset, oldest first. */
    public List<Retraction> retractions(UUID datasetId, String pid) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM retractions WHERE dataset_id = :d AND :pid = ANY(versions) ORDER BY retracted_at, entry_id""")
                .bind("d", datasetId).bind("pid", pid)
                .map((rs, ctx) -> new Retraction(Rows.uuid(rs, "entry_id"), Rows.uuid(rs, "dataset_id"), rs.getString("title"),
                        rs.getString("reason"), rs.getString("by_role"), Rows.instant(rs, "retracted_at"),
                        List.of((String[]) rs.getArray("versions").getArray()), rs.getBoolean("removed")))
                .list());
    }

    /** An administrator's removal of a published version, if {@code pid} names one: title, reason, when. */
    public record RemovedVersion(String pid, UUID datasetId, int number, String title, String doi, String reason,
                                 boolean listed, Instant removedAt) {
    }

    public Optional<RemovedVersion> removedVersion(UUID datasetId, int number) {
        return db.read(h -> h.createQuery("SELECT * FROM removed_versions WHERE dataset_id = :d AND number = :n")
                .bind("d", datasetId).bind("n", number)
                .map((rs, ctx) -> new RemovedVersion(rs.getString("pid"), Rows.uuid(rs, "dataset_id"), rs.getInt("number"),
                        rs.getString("title"), rs.getString("doi"), rs.getString("reason"), rs.getBoolean("listed"),
                        Rows.instant(rs, "removed_at")))
                .findOne());
    }

    // ---- the common part -------------------------------------------------------------------

    /** Removes entries and all that is derived from them, in the caller's transaction. */
    private void remove(Handle h, UUID datasetId, List<UUID> ids, Note note) {
        listeners.forEach(l -> l.entriesRemoved(h, datasetId, ids, note));
        blobs.queueRelease(h, h.createQuery("SELECT DISTINCT sha256 FROM entry_files WHERE entry_id = ANY(:ids)")
                .bindArray("ids", UUID.class, ids).mapTo(String.class).list());
        // entry_files, entry_quantities and OPTIMADE reference links cascade; a trigger clears the search copy
        h.createUpdate("DELETE FROM entries WHERE id = ANY(:ids)").bindArray("ids", UUID.class, ids).execute();
    }

    /** The PIDs of the published versions whose snapshot holds the entry. */
    private static List<String> publishedIn(Handle h, UUID entryId) {
        return h.createQuery("""
                        SELECT v.pid FROM dataset_version_entries ve JOIN dataset_versions v ON v.id = ve.version_id
                        WHERE ve.entry_id = :e ORDER BY v.number""").bind("e", entryId).mapTo(String.class).list();
    }

    /**
     * Serialises with publishing (which takes the row FOR UPDATE before it reads the entries), so
     * an entry is never published and deleted at once. A whole dataset's deletion also keeps new
     * entries out until it is done.
     */
    private static void lockDataset(Handle h, UUID datasetId, boolean exclusive) {
        boolean present = h.createQuery("SELECT id FROM datasets WHERE id = :d FOR " + (exclusive ? "UPDATE" : "NO KEY UPDATE"))
                .bind("d", datasetId).mapTo(UUID.class).findOne().isPresent();
        if (!present) {
            throw Problem.notFound("dataset", datasetId);
        }
    }

    /** Lets this transaction delete published versions (the immutability trigger checks this setting). */
    private static void allowVersionRemoval(Handle h) {
        h.createQuery("SELECT set_config('matdx.removal', 'administrator', true)").mapTo(String.class).one();
    }

    private Removed withReleased(Removed r) {
        int released = blobs.collectReleased();
        return new Removed(r.id(), r.title(), r.entries(), released, r.versions());
    }


    /** The reason as it will be shown: trimmed, 1-2000 characters, no control characters but line breaks and tabs. */
    static String reason(String reason, boolean required) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            if (required) {
                throw Problem.invalid("reason", "say why; the reason is shown on the version (1-" + MAX_REASON + " characters)");
            }
            return null;
        }
        if (r.length() > MAX_REASON) {
            throw Problem.invalid("reason", "is " + r.length() + " characters long; at most " + MAX_REASON);
        }
        if (r.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw Problem.invalid("reason", "may not contain control characters");
        }
        return r;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
