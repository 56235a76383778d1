package org.matdx.store;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Credits;
import org.matdx.core.Dataset;
import org.matdx.core.Json;

/** Datasets and their named co-workers. Reads take the access policy's filter over alias {@code d}. */
public final class DatasetStore {
    private final Database db;

    public DatasetStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, Dataset d) {
        h.createUpdate("""
                        INSERT INTO datasets (id, title, description, license, owner_id, group_id, template,
                                              access_level, embargo_until, model_use_only, created_at, updated_at)
                        VALUES (:id, :title, :description, :license, :owner, :group, :template,
                                :level, :embargo, :muo, :created, :updated)""")
                .bind("id", d.id()).bind("title", d.title()).bind("description", d.description())
                .bind("license", d.license()).bind("owner", d.ownerId()).bind("group", d.groupId())
                .bind("template", d.template()).bind("level", d.access().level().code())
                .bind("embargo", d.access().embargoUntil()).bind("muo", d.access().modelUseOnly())
                .bind("created", d.createdAt()).bind("updated", d.updatedAt())
                .execute();
    }

    /** The dataset regardless of who asks: for the access policy and writers, never for display. */
    public Optional<Dataset> get(UUID id) {
        return db.read(h -> get(h, id));
    }

    public Optional<Dataset> get(Handle h, UUID id) {
        return h.createQuery("SELECT d.* FROM datasets d WHERE d.id = :id").bind("id", id)
                .map((rs, ctx) -> dataset(rs)).findOne();
    }

    /** Several datasets in one query, by id (those that exist); as {@link #get(UUID)}, never for display. */
    public Map<UUID, Dataset> getAll(Handle h, Collection<UUID> ids) {
        Map<UUID, Dataset> out = new LinkedHashMap<>();
        h.createQuery("SELECT d.* FROM datasets d WHERE d.id = ANY(:ids)").bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> dataset(rs)).forEach(d -> out.put(d.id(), d));
        return out;
    }

    /**
     * Whether any of these datasets is lent for model building only, or is gone (a model that
     * learned from a dataset since deleted is treated as if it had been lent). A flag about a
     * model's inputs, not a read of them.
     */
    public boolean anyModelUseOnlyOrGone(Collection<UUID> ids) {
        List<UUID> distinct = ids.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return false;
        }
        return db.read(h -> h.createQuery("""
                        SELECT count(*) FILTER (WHERE model_use_only) > 0 OR count(*) < :n
                        FROM datasets WHERE id = ANY(:ids)""")
                .bindArray("ids", UUID.class, distinct).bind("n", distinct.size()).mapTo(Boolean.class).one());
    }

    /** Datasets passing the filter, newest first, keyset-paginated. */
    public List<Dataset> list(SqlFilter visible, Cursor after, int limit) {
        return db.read(h -> {
            String sql = "SELECT d.* FROM datasets d WHERE (" + visible.sql() + ")"
                    + (after == null ? "" : " AND (d.created_at, d.id) < (:after_t, :after_id)")
                    + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit";
            Query q = h.createQuery(sql).bindMap(visible.params()).bind("limit", limit);
            if (after != null) {
                q.bind("after_t", after.createdAt()).bind("after_id", after.id());
            }
            return q.map((rs, ctx) -> dataset(rs)).list();
        });
    }

    public void updateAccess(Handle h, UUID id, AccessSettings access, Instant at) {
        h.createUpdate("""
                        UPDATE datasets SET access_level = :level, embargo_until = :embargo, model_use_only = :muo,
                                            updated_at = :at WHERE id = :id""")
                .bind("level", access.level().code()).bind("embargo", access.embargoUntil())
                .bind("muo", access.modelUseOnly()).bind("at", at).bind("id", id).execute();
    }

    /** Access settings and group in one statement (a group-level row must always name its group). */
    public void updateSharing(Handle h, UUID id, AccessSettings access, UUID groupId, Instant at) {
        h.createUpdate("""
                        UPDATE datasets SET access_level = :level, embargo_until = :embargo, model_use_only = :muo,
                                            group_id = :g, updated_at = :at WHERE id = :id""")
                .bind("level", access.level().code()).bind("embargo", access.embargoUntil())
                .bind("muo", access.modelUseOnly()).bind("g", groupId).bind("at", at).bind("id", id).execute();
    }

    /** How often the dataset's embargo has been extended (ARIM allows one extension). */
    public int embargoExtensions(Handle h, UUID id) {
        return h.createQuery("SELECT embargo_extensions FROM datasets WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one();
    }

    public void extendEmbargo(Handle h, UUID id, LocalDate until, Instant at) {
        h.createUpdate("""
                        UPDATE datasets SET embargo_until = :until, embargo_extensions = embargo_extensions + 1,
                                            updated_at = :at WHERE id = :id""")
                .bind("until", until).bind("at", at).bind("id", id).execute();
    }

    /** Embargoed datasets whose date has come, locked for the lifting transaction. */
    public List<Dataset> dueEmbargoes(Handle h, LocalDate today) {
        return h.createQuery("""
                        SELECT d.* FROM datasets d WHERE d.access_level = 'embargoed' AND d.embargo_until <= :today
                        ORDER BY d.embargo_until, d.id FOR UPDATE SKIP LOCKED""")
                .bind("today", today).map((rs, ctx) -> dataset(rs)).list();
    }

    /** The dataset's authors, keywords and descriptive revision (for whoever already passed the gate). */
    public Credits credits(Handle h, UUID id) {
        return h.createQuery("SELECT authors::text AS authors, keywords, revision FROM datasets WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> credits(rs)).findOne().orElse(Credits.NONE);
    }

    public Credits credits(UUID id) {
        return db.read(h -> credits(h, id));
    }

    /** The credits of several datasets in one query (a page of a list the caller may already see). */
    public Map<UUID, Credits> credits(Collection<UUID> ids) {
        Map<UUID, Credits> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        db.read(h -> h.createQuery("SELECT id, authors::text AS authors, keywords, revision FROM datasets WHERE id = ANY(:ids)")
                .bindArray("ids", UUID.class, ids).map((rs, ctx) -> Map.entry(Rows.uuid(rs, "id"), credits(rs)))
                .list()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The revision, the row locked for an edit (a concurrent edit waits, then sees the new revision). */
    public int lockRevision(Handle h, UUID id) {
        return h.createQuery("SELECT revision FROM datasets WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Integer.class).one();
    }

    /** Title, description, licence, authors and keywords in one statement; the revision moves on by one. */
    public void describe(Handle h, UUID id, String title, String description, String license, Credits credits,
                         Instant at) {
        h.createUpdate("""
                        UPDATE datasets SET title = :title, description = :description, license = :license,
                                            authors = CAST(:authors AS jsonb), keywords = :keywords,
                                            revision = revision + 1, updated_at = :at WHERE id = :id""")
                .bind("title", title).bind("description", description).bind("license", license)
                .bind("authors", authorsJson(credits.authors()))
                .bindArray("keywords", String.class, credits.keywords()).bind("at", at).bind("id", id).execute();
    }

    /** Authors and keywords of a dataset being created (revision 0). */
    public void setCredits(Handle h, UUID id, Credits credits) {
        h.createUpdate("UPDATE datasets SET authors = CAST(:authors AS jsonb), keywords = :keywords WHERE id = :id")
                .bind("authors", authorsJson(credits.authors()))
                .bindArray("keywords", String.class, credits.keywords()).bind("id", id).execute();
    }

    static String authorsJson(List<Credits.Author> authors) {
        var arr = Json.MAPPER.createArrayNode();
        authors.forEach(a -> arr.addObject().put("name", a.name()).put("orcid", a.orcid()).put("affiliation", a.affiliation()));
        return arr.toString();
    }

    static Credits credits(ResultSet rs) throws SQLException {
        List<Credits.Author> authors = new ArrayList<>();
        for (var a : Json.MAPPER.readTree(rs.getString("authors"))) {
            authors.add(new Credits.Author(a.path("name").asString(""),
                    a.path("orcid").isString() ? a.get("orcid").asString() : null,
                    a.path("affiliation").isString() ? a.get("affiliation").asString() : null));
        }
        Array k = rs.getArray("keywords");
        List<String> keywords = k == null ? List.of() : List.of((String[]) k.getArray());
        return new Credits(authors, keywords, rs.getInt("revision"));
    }

    public void touch(Handle h, UUID id, Instant at) {
        Jdbc.update(h, "UPDATE datasets SET updated_at = ? WHERE id = ?", at, id); // on every ingest: plain JDBC
    }

    static Dataset dataset(ResultSet rs) throws SQLException {
        Date embargo = rs.getDate("embargo_until");
        AccessSettings access = new AccessSettings(AccessLevel.of(rs.getString("access_level")),
                embargo == null ? null : embargo.toLocalDate(), rs.getBoolean("model_use_only"));
        return new Dataset(Rows.uuid(rs, "id"), rs.getString("title"), rs.getString("description"),
                rs.getString("license"), Rows.uuid(rs, "owner_id"), Rows.uuid(rs, "group_id"),
                rs.getString("template"), access, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
