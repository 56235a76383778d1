package org.matdx.store;

import java.util.Optional;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings of this installation that survive restarts ({@code instance_settings}, V1): which demo
 * seeds were loaded, how many structures a benchmark directory holds. A key is written once.
 */
public final class InstanceSettings {
    private final Database db;

    public InstanceSettings(Database db) {
        this.db = db;
    }

    /** Whether the key was recorded. */
    public boolean has(String key) {
        return db.read(h -> h.createQuery("SELECT count(*) > 0 FROM instance_settings WHERE key = :k")
                .bind("k", key).mapTo(Boolean.class).one());
    }

    /** The value recorded under the key, if any. */
    public Optional<JsonNode> get(String key) {
        return db.read(h -> h.createQuery("SELECT CAST(value AS text) FROM instance_settings WHERE key = :k")
                .bind("k", key).mapTo(String.class).findOne()).map(Json::read);
    }

    /** Records the key with its value; a key recorded before is refused by the primary key. */
    public void record(String key, ObjectNode value) {
        db.run(h -> h.createUpdate("INSERT INTO instance_settings (key, value) VALUES (:k, CAST(:v AS jsonb))")
                .bind("k", key).bind("v", Json.write(value)).execute());
    }
}
