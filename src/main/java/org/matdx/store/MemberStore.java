package org.matdx.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Named co-workers of a dataset: {@code reviewer} reads, {@code coauthor} edits. */
public final class MemberStore {
    public record Member(UUID datasetId, UUID userId, String role) {
    }

    private final Database db;

    public MemberStore(Database db) {
        this.db = db;
    }

    public Optional<String> role(UUID datasetId, UUID userId) {
        if (userId == null) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("SELECT role FROM dataset_members WHERE dataset_id = :d AND user_id = :u")
                .bind("d", datasetId).bind("u", userId).mapTo(String.class).findOne());
    }

    /** A user's roles in several datasets, in one query (datasets where the user has none are absent). */
    public Map<UUID, String> roles(Handle h, Collection<UUID> datasetIds, UUID userId) {
        Map<UUID, String> out = new HashMap<>();
        if (userId != null && !datasetIds.isEmpty()) {
            h.createQuery("SELECT dataset_id, role FROM dataset_members WHERE user_id = :u AND dataset_id = ANY(:d)")
                    .bind("u", userId).bindArray("d", UUID.class, datasetIds)
                    .map((rs, ctx) -> out.put(Rows.uuid(rs, "dataset_id"), rs.getString("role"))).list();
        }
        return out;
    }

    public List<Member> members(UUID datasetId) {
        return db.read(h -> h.createQuery("SELECT * FROM dataset_members WHERE dataset_id = :d ORDER BY role, user_id")
                .bind("d", datasetId)
                .map((rs, ctx) -> new Member(Rows.uuid(rs, "dataset_id"), Rows.uuid(rs, "user_id"), rs.getString("role")))
                .list());
    }

    public void put(Handle h, UUID datasetId, UUID userId, String role) {
        h.createUpdate("""
                        INSERT INTO dataset_members (dataset_id, user_id, role) VALUES (:d, :u, :r)
                        ON CONFLICT (dataset_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .bind("d", datasetId).bind("u", userId).bind("r", role).execute();
    }

    public boolean remove(Handle h, UUID datasetId, UUID userId) {
        return h.createUpdate("DELETE FROM dataset_members WHERE dataset_id = :d AND user_id = :u")
                .bind("d", datasetId).bind("u", userId).execute() == 1;
    }
}
