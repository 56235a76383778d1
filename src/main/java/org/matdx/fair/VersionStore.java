package org.matdx.fair;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Rows of {@code dataset_versions} and their entry snapshots (both immutable once written). */
final class VersionStore {
    private final Database db;

    VersionStore(Database db) {
        this.db = db;
    }

    void insert(Handle h, Version v, List<JsonNode> snapshots) {
        ObjectNode meta = v.metadata() == null ? Json.object() : ((ObjectNode) v.metadata()).deepCopy();
        ArrayNode authors = meta.putArray("authors");
        v.authors().forEach(a -> authors.addObject().put("username", a.username()).put("name", a.name())
                .put("orcid", a.orcid()).put("role", a.role()).put("affiliation", a.affiliation()));
        h.createUpdate("""
                        INSERT INTO dataset_versions (id, dataset_id, number, pid, doi, title, description, license,
                            entry_count, published_by, published_at, metadata, content_sha256, previous_pid)
                        VALUES (:id, :dataset, :number, :pid, :doi, :title, :description, :license, :count, :by, :at,
                            CAST(:meta AS jsonb), :sha, :previous)""")
                .bind("id", v.id()).bind("dataset", v.datasetId()).bind("number", v.number()).bind("pid", v.pid())
                .bind("doi", v.doi()).bind("title", v.title()).bind("description", v.description())
                .bind("license", v.license()).bind("count", v.entryCount()).bind("by", v.publishedBy())
                .bind("at", v.publishedAt()).bind("meta", Json.write(meta)).bind("sha", v.contentSha256())
                .bind("previous", v.previousPid()).execute();
        var batch = h.prepareBatch("""
                INSERT INTO dataset_version_entries (version_id, entry_id, snapshot)
                VALUES (:version, :entry, CAST(:snapshot AS jsonb))""");
        for (JsonNode s : snapshots) {
            batch.bind("version", v.id()).bind("entry", UUID.fromString(s.get("id").asString()))
                    .bind("snapshot", Json.write(s)).add();
        }
        if (!snapshots.isEmpty()) {
            batch.execute();
        }
    }

    List<Version> byDataset(UUID datasetId) {
        return db.read(h -> h.createQuery("SELECT * FROM dataset_versions WHERE dataset_id = :d ORDER BY number")
                .bind("d", datasetId).map((rs, ctx) -> version(rs)).list());
    }

    Optional<Version> get(UUID datasetId, int number) {
        return db.read(h -> get(h, datasetId, number));
    }

    Optional<Version> get(Handle h, UUID datasetId, int number) {
        return h.createQuery("SELECT * FROM dataset_versions WHERE dataset_id = :d AND number = :n")
                .bind("d", datasetId).bind("n", number).map((rs, ctx) -> version(rs)).findOne();
    }

    Optional<Version> latest(Handle h, UUID datasetId) {
        return h.createQuery("SELECT * FROM dataset_versions WHERE dataset_id = :d ORDER BY number DESC LIMIT 1")
                .bind("d", datasetId).map((rs, ctx) -> version(rs)).findOne();
    }

    /** Whether a version here or a removed one's tombstone holds this PID (a PID is never given out twice). */
    boolean pidTaken(Handle h, String pid) {
        return h.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM dataset_versions WHERE pid = :p)
                            OR EXISTS (SELECT 1 FROM removed_versions WHERE pid = :p)""")
                .bind("p", pid).mapTo(Boolean.class).one();
    }

    /** Snapshots in entry-id order after {@code after} (null: from the start), retracted entries left out. */
    List<JsonNode> snapshots(UUID versionId, UUID after, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT snapshot FROM dataset_version_entries ve WHERE version_id = :v
                            AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.entry_id = ve.entry_id)
                        """ + (after == null ? "" : " AND entry_id > :after ") + " ORDER BY entry_id LIMIT :n")
                .bind("v", versionId).bind("after", after).bind("n", limit)
                .map((rs, ctx) -> Rows.json(rs, "snapshot")).list());
    }

    Optional<JsonNode> snapshot(UUID versionId, UUID entryId) {
        return db.read(h -> h.createQuery("SELECT snapshot FROM dataset_version_entries WHERE version_id = :v AND entry_id = :e"
                        + " AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.entry_id = :e)")
                .bind("v", versionId).bind("e", entryId).map((rs, ctx) -> Rows.json(rs, "snapshot")).findOne());
    }

    /** Adds or corrects the DOI of a published version (the one change the immutability trigger lets through, V170). */
    void setDoi(Handle h, UUID versionId, String doi) {
        h.createUpdate("UPDATE dataset_versions SET doi = :doi WHERE id = :id").bind("doi", doi).bind("id", versionId).execute();
    }

    static Version version(ResultSet rs) throws SQLException {
        JsonNode meta = Rows.json(rs, "metadata");
        List<Version.Author> authors = new ArrayList<>();
        for (JsonNode a : meta.path("authors")) {
            authors.add(new Version.Author(a.path("username").asString(""), a.path("name").asString(""),
                    a.path("orcid").isString() ? a.get("orcid").asString() : null, a.path("role").asString("owner"),
                    a.path("affiliation").isString() ? a.get("affiliation").asString() : null));
        }
        ObjectNode rest = ((ObjectNode) meta).deepCopy();
        rest.remove("authors");
        return new Version(Rows.uuid(rs, "id"), Rows.uuid(rs, "dataset_id"), rs.getInt("number"), rs.getString("pid"),
                rs.getString("doi"), rs.getString("title"), rs.getString("description"), rs.getString("license"),
                rs.getInt("entry_count"), Rows.uuid(rs, "published_by"), Rows.instant(rs, "published_at"), authors, rest,
                rs.getString("content_sha256"), rs.getString("previous_pid"));
    }
}
