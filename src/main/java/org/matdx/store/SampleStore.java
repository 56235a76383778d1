package org.matdx.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import org.matdx.core.Sample;

/** Samples and the entries that measured them. */
public final class SampleStore {
    private final Database db;

    public SampleStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, Sample s) {
        h.createUpdate("INSERT INTO samples (id, pid, name, reduced_formula, composition, description, owner_id, group_id, created_at)"
                        + " VALUES (:id, :pid, :name, :rf, CAST(:comp AS jsonb), :d, :owner, :group, :at)")
                .bind("id", s.id()).bind("pid", s.pid()).bind("name", s.name())
                .bind("rf", s.composition() == null ? null : s.composition().reducedFormula())
                .bind("comp", s.composition() == null ? null : Json.write(Json.composition(s.composition())))
                .bind("d", s.description() == null ? "" : s.description())
                .bind("owner", s.ownerId()).bind("group", s.groupId()).bind("at", s.createdAt())
                .execute();
    }

    /** By its id or its persistent identifier ({@code matdx:sample/…}). */
    public Optional<Sample> find(String idOrPid) {
        UUID id = org.matdx.core.Ids.parseOrNull(idOrPid);
        return db.read(h -> h.createQuery("SELECT * FROM samples WHERE " + (id != null ? "id = :id" : "pid = :pid"))
                .bind("id", id).bind("pid", idOrPid).map((rs, ctx) -> sample(rs)).findOne());
    }

    /** Ids of the entries that measured the sample, in datasets the filter admits, oldest first. */
    public List<UUID> measurements(UUID sampleId, SqlFilter datasets, int limit) {
        return db.read(h -> {
            var q = h.createQuery("SELECT e.id FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE e.sample_id = :s AND "
                    + datasets.sql() + " ORDER BY e.created_at, e.id LIMIT :limit").bind("s", sampleId).bind("limit", limit);
            datasets.params().forEach(q::bind);
            return q.mapTo(UUID.class).list();
        });
    }

    private static Sample sample(ResultSet rs) throws SQLException {
        var comp = Rows.json(rs, "composition");
        Composition c = comp == null || comp.isNull() ? null : Json.composition(comp);
        return new Sample(Rows.uuid(rs, "id"), rs.getString("pid"), rs.getString("name"), c, rs.getString("description"),
                Rows.uuid(rs, "owner_id"), Rows.uuid(rs, "group_id"), Rows.instant(rs, "created_at"));
    }
}
