package org.matdx.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Json;
import org.matdx.core.Sample;

/**
 * Samples and the dataset each was registered in (its home, which decides who sees it). Reads
 * are regardless of who asks: for the access gate and writers, never for display.
 */
public final class SampleStore {
    private final Database db;

    public SampleStore(Database db) {
        this.db = db;
    }

    /** A sample and its home dataset (null for samples registered before samples had one). */
    public record Stored(Sample sample, UUID datasetId) {
    }

    public void insert(Handle h, Sample s, UUID datasetId) {
        h.createUpdate("""
                        INSERT INTO samples (id, pid, name, reduced_formula, composition, description, owner_id, group_id,
                            created_at, dataset_id)
                        VALUES (:id, :pid, :name, :formula, CAST(:comp AS jsonb), :description, :owner, :grp, :created, :dataset)""")
                .bind("id", s.id()).bind("pid", s.pid()).bind("name", s.name())
                .bind("formula", s.composition() == null ? null : s.composition().reducedFormula())
                .bind("comp", s.composition() == null ? null : Json.write(Json.composition(s.composition())))
                .bind("description", s.description()).bind("owner", s.ownerId()).bind("grp", s.groupId())
                .bind("created", s.createdAt()).bind("dataset", datasetId).execute();
    }

    public Optional<Stored> get(UUID id) {
        return db.read(h -> h.createQuery("SELECT * FROM samples WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Stored(new Sample(Rows.uuid(rs, "id"), rs.getString("pid"), rs.getString("name"),
                        EntryStore.storedComposition("samples", Rows.uuid(rs, "id"), Rows.json(rs, "composition")), rs.getString("description"),
                        Rows.uuid(rs, "owner_id"), Rows.uuid(rs, "group_id"), Rows.instant(rs, "created_at")),
                        Rows.uuid(rs, "dataset_id"))).findOne());
    }

    /** The home dataset of each of these samples that has one. */
    public Map<UUID, UUID> homes(Handle h, Collection<UUID> ids) {
        Map<UUID, UUID> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT id, dataset_id FROM samples WHERE id = ANY(:ids) AND dataset_id IS NOT NULL")
                .bindArray("ids", UUID.class, ids)
                .map((rs, ctx) -> out.put(Rows.uuid(rs, "id"), Rows.uuid(rs, "dataset_id"))).list();
        return out;
    }
}
