package org.matdx.informatics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.matdx.core.Json;
import org.matdx.store.Cursor;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import org.matdx.store.SqlFilter;
import tools.jackson.databind.node.ObjectNode;

/** The {@code models} and {@code model_inputs} tables. Lists take the access policy's model filter over alias {@code m}. */
public final class ModelStore {
    /** A model's artifact is a blob for as long as the model exists ({@link org.matdx.store.BlobRegistry#addReference}). */
    public static final String BLOB_REFERENCE = "EXISTS (SELECT 1 FROM models rm WHERE rm.artifact_sha256 = b.sha256)";

    private final Database db;

    public ModelStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, ModelRecord m, List<ModelInput> inputs) {
        h.createUpdate("""
                        INSERT INTO models (id, name, task, target, unit, feature_set, feature_version, recipe, search, cv,
                                            importance, training_rows, artifact_sha256, private, input_count, created_by,
                                            job_id, created_at)
                        VALUES (:id, :name, :task, :target, :unit, :fs, :fv, CAST(:recipe AS json), CAST(:search AS json),
                                CAST(:cv AS json), CAST(:importance AS json), :rows, :sha, :private, :inputs, :by, :job, :at)""")
                .bind("id", m.id()).bind("name", m.name()).bind("task", m.task().code()).bind("target", m.target())
                .bind("unit", m.unit()).bind("fs", m.featureSet()).bind("fv", m.featureVersion())
                .bind("recipe", Json.write(m.recipe())).bind("search", Json.write(m.search()))
                .bind("cv", Json.write(m.cv())).bind("importance", Json.write(m.importance()))
                .bind("rows", m.trainingRows()).bind("sha", m.artifactSha256()).bind("private", m.privateModel())
                .bind("inputs", m.inputCount()).bind("by", m.createdBy()).bind("job", m.jobId()).bind("at", m.createdAt())
                .execute();
        for (ModelInput i : inputs) {
            h.createUpdate("""
                            INSERT INTO model_inputs (model_id, dataset_id, dataset_updated_at, dataset_version, rows_sha256, rows)
                            VALUES (:m, :d, :u, :v, :sha, :rows)""")
                    .bind("m", m.id()).bind("d", i.datasetId()).bind("u", i.datasetUpdatedAt())
                    .bind("v", i.datasetVersion()).bind("sha", i.rowsSha256()).bind("rows", i.rows()).execute();
        }
    }

    /** The model regardless of who asks: for the access policy, never for display. */
    public Optional<ModelRecord> get(UUID id) {
        return db.read(h -> h.createQuery("SELECT m.* FROM models m WHERE m.id = :id").bind("id", id)
                .map((rs, ctx) -> model(rs)).findOne());
    }

    public List<ModelInput> inputs(UUID modelId) {
        return db.read(h -> h.createQuery("SELECT * FROM model_inputs WHERE model_id = :id ORDER BY dataset_id")
                .bind("id", modelId).map((rs, ctx) -> input(rs)).list());
    }

    private static ModelInput input(ResultSet rs) throws SQLException {
        return new ModelInput(Rows.uuid(rs, "dataset_id"), Rows.instant(rs, "dataset_updated_at"),
                (Integer) rs.getObject("dataset_version"), rs.getString("rows_sha256"), rs.getInt("rows"));
    }

    /** Models passing the filter, newest first, keyset-paginated. */
    public List<ModelRecord> list(SqlFilter visible, Cursor after, int limit) {
        return db.read(h -> {
            String sql = "SELECT m.* FROM models m WHERE (" + visible.sql() + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM model_withdrawals w WHERE w.model_id = m.id)"
                    + (after == null ? "" : " AND (m.created_at, m.id) < (:after_t, :after_id)")
                    + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit";
            Query q = h.createQuery(sql).bindMap(visible.params()).bind("limit", limit);
            if (after != null) {
                q.bind("after_t", after.createdAt()).bind("after_id", after.id());
            }
            return q.map((rs, ctx) -> model(rs)).list();
        });
    }

    /** The models that learned from a dataset, newest first. */
    public List<ModelRecord> fedBy(UUID datasetId) {
        return db.read(h -> h.createQuery("SELECT m.* FROM models m JOIN model_inputs i ON i.model_id = m.id"
                        + " WHERE i.dataset_id = :d ORDER BY m.created_at DESC, m.id DESC")
                .bind("d", datasetId).map((rs, ctx) -> model(rs)).list());
    }

    /**
     * Takes the per-row out-of-fold table off the cards of models that learned from the dataset
     * (it names the rows' formulas and values), saying why; metrics and provenance stay.
     */
    public void withdrawRows(Handle h, UUID datasetId, String why) {
        var cards = h.createQuery("""
                        SELECT m.id, m.cv FROM models m
                        WHERE m.id IN (SELECT model_id FROM model_inputs WHERE dataset_id = :d)""")
                .bind("d", datasetId).map((rs, ctx) -> Map.entry(Rows.uuid(rs, "id"), Rows.json(rs, "cv"))).list();
        for (var card : cards) {
            if (card.getValue() instanceof ObjectNode cv && cv.has("out_of_fold")) {
                cv.remove("out_of_fold");
                cv.put("out_of_fold_withdrawn", why);
                h.createUpdate("UPDATE models SET cv = CAST(:cv AS json) WHERE id = :id")
                        .bind("cv", Json.write(cv)).bind("id", card.getKey()).execute();
            }
        }
    }

    /** The models that learned from a dataset, each with its record of that input. */
    public List<Map.Entry<UUID, ModelInput>> inputsFrom(Handle h, UUID datasetId) {
        return h.createQuery("SELECT * FROM model_inputs WHERE dataset_id = :d ORDER BY model_id").bind("d", datasetId)
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "model_id"), input(rs))).list();
    }

    /** Every model id, for registering the open ones at start-up. */
    public List<UUID> ids() {
        return db.read(h -> h.createQuery("SELECT id FROM models ORDER BY created_at").mapTo(UUID.class).list());
    }

    /** The latest published version number of a dataset, if it has one. */
    public Optional<Integer> latestVersion(UUID datasetId) {
        return db.read(h -> h.createQuery("SELECT max(number) FROM dataset_versions WHERE dataset_id = :d")
                .bind("d", datasetId).mapTo(Integer.class).findOne());
    }

    static ModelRecord model(ResultSet rs) throws SQLException {
        return new ModelRecord(Rows.uuid(rs, "id"), rs.getString("name"), Task.of(rs.getString("task")),
                rs.getString("target"), rs.getString("unit"), rs.getString("feature_set"), rs.getInt("feature_version"),
                Rows.json(rs, "recipe"), Rows.json(rs, "search"), Rows.json(rs, "cv"), Rows.json(rs, "importance"),
                rs.getInt("training_rows"), rs.getString("artifact_sha256"), rs.getBoolean("private"),
                rs.getInt("input_count"), Rows.uuid(rs, "created_by"), Rows.uuid(rs, "job_id"),
                Rows.instant(rs, "created_at"));
    }
}
