package org.matdx.optimize;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import org.matdx.store.SqlFilter;

/** Campaigns and their trials in PostgreSQL, so a campaign carries on after a restart. */
public final class CampaignStore {
    private final Database db;

    public CampaignStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    void insert(Handle h, Campaign c) {
        h.createUpdate("INSERT INTO campaigns (id, dataset_id, name, config, status, created_by, created_at, updated_at)"
                        + " VALUES (:id, :ds, :name, CAST(:config AS jsonb), :status, :by, :at, :at)")
                .bind("id", c.id()).bind("ds", c.datasetId()).bind("name", c.name()).bind("config", Json.write(c.config().raw()))
                .bind("status", c.status().code()).bind("by", c.createdBy()).bind("at", c.createdAt()).execute();
    }

    Optional<Campaign> get(UUID id) {
        return db.read(h -> get(h, id, false));
    }

    Optional<Campaign> get(Handle h, UUID id, boolean lock) {
        return h.createQuery("SELECT * FROM campaigns WHERE id = :id" + (lock ? " FOR UPDATE" : "")).bind("id", id)
                .map((rs, ctx) -> campaign(rs)).findOne();
    }

    List<Campaign> list(SqlFilter datasets, UUID datasetId) {
        return db.read(h -> {
            var q = h.createQuery("SELECT c.* FROM campaigns c JOIN datasets d ON d.id = c.dataset_id WHERE " + datasets.sql()
                    + (datasetId == null ? "" : " AND c.dataset_id = :only") + " ORDER BY c.created_at DESC LIMIT 500");
            datasets.params().forEach(q::bind);
            if (datasetId != null) {
                q.bind("only", datasetId);
            }
            return q.map((rs, ctx) -> campaign(rs)).list();
        });
    }

    void status(Handle h, UUID id, CampaignStatus status, String rule, String reason, Instant at) {
        h.createUpdate("UPDATE campaigns SET status = :s, stop_rule = :rule, stop_reason = :reason, updated_at = :at WHERE id = :id")
                .bind("s", status.code()).bind("rule", rule).bind("reason", reason).bind("at", at).bind("id", id).execute();
    }

    List<Trial> trials(Handle h, UUID campaign) {
        return h.createQuery("SELECT * FROM campaign_trials WHERE campaign_id = :c ORDER BY seq").bind("c", campaign)
                .map((rs, ctx) -> trial(rs)).list();
    }

    List<Trial> trials(UUID campaign) {
        return db.read(h -> trials(h, campaign));
    }

    Optional<Trial> trial(Handle h, UUID campaign, UUID trial, boolean lock) {
        return h.createQuery("SELECT * FROM campaign_trials WHERE campaign_id = :c AND id = :t" + (lock ? " FOR UPDATE" : ""))
                .bind("c", campaign).bind("t", trial).map((rs, ctx) -> trial(rs)).findOne();
    }

    /** The oldest approved trial, claimed so two controllers never take the same one. */
    Optional<Trial> claimApproved(Handle h, UUID campaign) {
        return h.createQuery("SELECT * FROM campaign_trials WHERE campaign_id = :c AND status = 'approved'"
                        + " ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED")
                .bind("c", campaign).map((rs, ctx) -> trial(rs)).findOne();
    }

    void insert(Handle h, Trial t) {
        h.createUpdate("INSERT INTO campaign_trials (id, campaign_id, seq, round, params, status, acquisition, created_at, updated_at)"
                        + " VALUES (:id, :c, :seq, :round, CAST(:params AS jsonb), :status, :acq, :at, :at)")
                .bind("id", t.id()).bind("c", t.campaignId()).bind("seq", t.seq()).bind("round", t.round())
                .bind("params", Json.write(t.params())).bind("status", t.status().code()).bind("acq", t.acquisition())
                .bind("at", t.createdAt()).execute();
    }

    void update(Handle h, UUID trial, TrialStatus status, Double value, String results, String reason, UUID entry, Instant at) {
        h.createUpdate("UPDATE campaign_trials SET status = :s, value = :v, results = CAST(:r AS jsonb), reason = :reason,"
                        + " entry_id = :e, updated_at = :at WHERE id = :id")
                .bind("s", status.code()).bind("v", value).bind("r", results).bind("reason", reason).bind("e", entry)
                .bind("at", at).bind("id", trial).execute();
    }

    private static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(Rows.uuid(rs, "id"), Rows.uuid(rs, "dataset_id"), rs.getString("name"),
                CampaignConfig.parse(Rows.json(rs, "config")), CampaignStatus.of(rs.getString("status")), rs.getString("stop_rule"),
                rs.getString("stop_reason"), Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static Trial trial(ResultSet rs) throws SQLException {
        double v = rs.getDouble("value");
        Double value = rs.wasNull() ? null : v;
        double a = rs.getDouble("acquisition");
        Double acq = rs.wasNull() ? null : a;
        return new Trial(Rows.uuid(rs, "id"), Rows.uuid(rs, "campaign_id"), rs.getInt("seq"), rs.getInt("round"),
                Rows.json(rs, "params"), TrialStatus.of(rs.getString("status")), value, Rows.json(rs, "results"), rs.getString("reason"),
                acq, Rows.uuid(rs, "entry_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
