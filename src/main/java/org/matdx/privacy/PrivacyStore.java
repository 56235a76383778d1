package org.matdx.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;

/**
 * The tables of V41: owners' ε and withdrawals ({@code dataset_privacy}), each private model's
 * protection ({@code model_privacy}), withdrawn models ({@code model_withdrawals}) and prediction
 * volume ({@code prediction_usage}).
 */
public final class PrivacyStore {
    private final Database db;

    public PrivacyStore(Database db) {
        this.db = db;
    }

    /** The owner's setting for a dataset, if they made one. */
    public record DatasetSetting(UUID datasetId, double epsilon, Instant withdrawnAt, UUID withdrawnBy) {
        public boolean withdrawn() {
            return withdrawnAt != null;
        }
    }

    /** How a model protects its model-use-only rows. */
    public record ModelProtection(UUID modelId, double epsilon, double resolution, JsonNode uncertainty,
                                  JsonNode ledger, JsonNode utility) {
    }

    /** One caller's predictions with one model on one day. */
    public record Usage(UUID modelId, String caller, LocalDate day, int requests, long items) {
    }

    public Optional<DatasetSetting> setting(UUID datasetId) {
        return db.read(h -> setting(h, datasetId));
    }

    public Optional<DatasetSetting> setting(Handle h, UUID datasetId) {
        return h.createQuery("SELECT * FROM dataset_privacy WHERE dataset_id = :d").bind("d", datasetId)
                .map((rs, ctx) -> new DatasetSetting(Rows.uuid(rs, "dataset_id"), rs.getDouble("epsilon"),
                        Rows.instant(rs, "withdrawn_at"), Rows.uuid(rs, "withdrawn_by")))
                .findOne();
    }

    public void setEpsilon(Handle h, UUID datasetId, double epsilon, Instant at) {
        h.createUpdate("""
                        INSERT INTO dataset_privacy (dataset_id, epsilon, updated_at) VALUES (:d, :e, :at)
                        ON CONFLICT (dataset_id) DO UPDATE SET epsilon = excluded.epsilon, updated_at = excluded.updated_at""")
                .bind("d", datasetId).bind("e", epsilon).bind("at", at).execute();
    }

    public void withdrawDataset(Handle h, UUID datasetId, double epsilonIfNew, UUID by, Instant at) {
        h.createUpdate("""
                        INSERT INTO dataset_privacy (dataset_id, epsilon, withdrawn_at, withdrawn_by, updated_at)
                        VALUES (:d, :e, :at, :by, :at)
                        ON CONFLICT (dataset_id) DO UPDATE SET withdrawn_at = excluded.withdrawn_at,
                            withdrawn_by = excluded.withdrawn_by, updated_at = excluded.updated_at""")
                .bind("d", datasetId).bind("e", epsilonIfNew).bind("by", by).bind("at", at).execute();
    }

    public void insert(Handle h, ModelProtection p) {
        h.createUpdate("""
                        INSERT INTO model_privacy (model_id, epsilon, resolution, uncertainty, ledger, utility)
                        VALUES (:m, :e, :r, CAST(:u AS json), CAST(:l AS json), CAST(:ut AS json))""")
                .bind("m", p.modelId()).bind("e", p.epsilon()).bind("r", p.resolution())
                .bind("u", Json.write(p.uncertainty())).bind("l", Json.write(p.ledger()))
                .bind("ut", Json.write(p.utility())).execute();
    }

    public Optional<ModelProtection> protection(UUID modelId) {
        return db.read(h -> h.createQuery("SELECT * FROM model_privacy WHERE model_id = :m").bind("m", modelId)
                .map((rs, ctx) -> new ModelProtection(Rows.uuid(rs, "model_id"), rs.getDouble("epsilon"),
                        rs.getDouble("resolution"), Rows.json(rs, "uncertainty"), Rows.json(rs, "ledger"),
                        Rows.json(rs, "utility")))
                .findOne());
    }

    /** Replaces the owner-only utility record (the attack figures are added after training). */
    public void setUtility(UUID modelId, JsonNode utility) {
        db.tx(h -> h.createUpdate("UPDATE model_privacy SET utility = CAST(:u AS json) WHERE model_id = :m")
                .bind("u", Json.write(utility)).bind("m", modelId).execute());
    }

    public void withdrawModel(Handle h, UUID modelId, UUID datasetId, UUID by, UUID retrainJob, Instant at) {
        h.createUpdate("""
                        INSERT INTO model_withdrawals (model_id, dataset_id, withdrawn_at, withdrawn_by, retrain_job)
                        VALUES (:m, :d, :at, :by, :job) ON CONFLICT (model_id) DO NOTHING""")
                .bind("m", modelId).bind("d", datasetId).bind("at", at).bind("by", by).bind("job", retrainJob).execute();
    }

    public Optional<Instant> withdrawnAt(UUID modelId) {
        return db.read(h -> h.createQuery("SELECT withdrawn_at FROM model_withdrawals WHERE model_id = :m")
                .bind("m", modelId).mapTo(Instant.class).findOne());
    }

    /**
     * Charges {@code items} predictions to the caller's budget for today, unless that would take
     * them past {@code perDay}: one statement, so concurrent requests on any server cannot both
     * squeeze through. Returns the items used today after the charge, or -1 when refused.
     */
    public long charge(UUID modelId, String caller, LocalDate day, int items, long perDay) {
        return db.tx(h -> h.createQuery("""
                        INSERT INTO prediction_usage AS u (model_id, caller, day, requests, items)
                        VALUES (:m, :c, :d, 1, :n)
                        ON CONFLICT (model_id, caller, day) DO UPDATE
                            SET requests = u.requests + 1, items = u.items + excluded.items
                            WHERE u.items + excluded.items <= :limit
                        RETURNING items""")
                .bind("m", modelId).bind("c", caller).bind("d", day).bind("n", items).bind("limit", perDay)
                .mapTo(Long.class).findOne().orElse(-1L));
    }

    /** Prediction volume of the models fed by a dataset, newest day first. */
    public List<Usage> usageOfModelsFedBy(UUID datasetId, LocalDate since) {
        return db.read(h -> h.createQuery("""
                        SELECT u.* FROM prediction_usage u JOIN model_inputs i ON i.model_id = u.model_id
                        WHERE i.dataset_id = :d AND u.day >= :since ORDER BY u.day DESC, u.items DESC""")
                .bind("d", datasetId).bind("since", since)
                .map((rs, ctx) -> new Usage(Rows.uuid(rs, "model_id"), rs.getString("caller"),
                        rs.getObject("day", LocalDate.class), rs.getInt("requests"), rs.getLong("items")))
                .list());
    }
}
