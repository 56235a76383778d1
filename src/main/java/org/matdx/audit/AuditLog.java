package org.matdx.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.matdx.core.AuditEvent;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.store.Database;
import org.matdx.store.Jdbc;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;

/**
 * The append-only, hash-chained audit trail. Events are appended inside the transaction of the
 * change they record, so a change and its record commit or vanish together. A transaction-level
 * advisory lock orders appends, which is what makes "the previous hash" well defined.
 */
public final class AuditLog {
    /** The hash the first event chains to. */
    public static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x4d617444584175L; // "MatDXAu"

    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends an event in the caller's transaction: the context's caller acted, from its origin. */
    public AuditEvent append(Handle h, RequestContext context, String action, String objectType, Object objectId,
                             JsonNode detail) {
        Caller actor = context.caller();
        // takes the chain lock, then reads the head (V3); the lock is held until commit
        String head = Jdbc.one(h, "SELECT matdx_audit_chain_head(?)", String.class, CHAIN_LOCK);
        String previous = head == null ? GENESIS : head;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String detailText = CanonicalJson.write(detail);
        String remote = context.origin();
        String id = String.valueOf(objectId);
        String hash = hash(previous, at, actor.userId(), actor.label(), action, objectType, id, detailText, remote);
        long seq = Jdbc.one(h, """
                        INSERT INTO audit_events (at, actor_id, actor, action, object_type, object_id, detail,
                                                  remote_address, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq""", Long.class,
                at, actor.userId(), actor.label(), action, objectType, id, detailText, remote, previous, hash);
        return new AuditEvent(seq, at, actor.userId(), actor.label(), action, objectType, id,
                detail != null ? detail : Json.read(detailText), remote, previous, hash);
    }

    /** Appends an event in a transaction of its own (reads, login failures). */
    public AuditEvent append(RequestContext context, String action, String objectType, Object objectId, JsonNode detail) {
        return db.tx(h -> append(h, context, action, objectType, objectId, detail));
    }

    /**
     * Counts an occurrence of something anonymous that is not worth an event of its own (a sign-in
     * to an account that does not exist, an unknown token, an attempt refused while throttled): one
     * row per hour, action and address however often it happens, outside the hash chain and its lock.
     */
    public void tally(String action, RequestContext context) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String remote = context.origin();
        db.read(h -> h.createUpdate("""
                        INSERT INTO audit_tallies (hour, action, remote_address, count, first_at, last_at)
                        VALUES (:hour, :action, :remote, 1, :at, :at)
                        ON CONFLICT (hour, action, remote_address)
                        DO UPDATE SET count = audit_tallies.count + 1, last_at = GREATEST(audit_tallies.last_at, :at)""")
                .bind("hour", at.truncatedTo(ChronoUnit.HOURS)).bind("action", action).bind("remote", remote)
                .bind("at", at).execute());
    }

    /** Hourly tallies, newest first: when, what, from where, how often. */
    public record Tally(Instant hour, String action, String remoteAddress, long count, Instant firstAt, Instant lastAt) {
    }

    public List<Tally> tallies(Instant since, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM audit_tallies WHERE hour >= :since ORDER BY hour DESC, count DESC LIMIT :n""")
                .bind("since", since).bind("n", limit)
                .map((rs, ctx) -> new Tally(Rows.instant(rs, "hour"), rs.getString("action"), rs.getString("remote_address"),
                        rs.getLong("count"), Rows.instant(rs, "first_at"), Rows.instant(rs, "last_at")))
                .list());
    }

    /** Events about one object, oldest first. */
    public List<AuditEvent> forObject(String objectType, String objectId) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM audit_events WHERE object_type = :t AND object_id = :id ORDER BY seq""")
                .bind("t", objectType).bind("id", objectId).map((rs, ctx) -> event(rs)).list());
    }

    /**
     * Events about one object whose action is (or, with {@code exclude}, is not) one of
     * {@code actions}, newest first, at most {@code limit}. Uses the (type, id, seq) index.
     */
    public List<AuditEvent> forObject(String objectType, String objectId, Collection<String> actions,
                                      boolean exclude, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM audit_events WHERE object_type = :t AND object_id = :id AND "
                        + (exclude ? "NOT " : "") + "(action = ANY(:actions)) ORDER BY seq DESC LIMIT :n")
                .bind("t", objectType).bind("id", objectId).bind("actions", actions.toArray(new String[0]))
                .bind("n", limit).map((rs, ctx) -> event(rs)).list());
    }

    /**
     * Events of one action about one object whose detail lists {@code value} in its array
     * {@code key} — e.g. the batch event on a dataset that created a given entry.
     */
    public List<AuditEvent> forObjectListing(String objectType, String objectId, String action, String key, String value) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM audit_events WHERE object_type = :t AND object_id = :id AND action = :a
                          AND jsonb_exists((detail::jsonb) -> :k, :v) ORDER BY seq""")
                .bind("t", objectType).bind("id", objectId).bind("a", action).bind("k", key).bind("v", value)
                .map((rs, ctx) -> event(rs)).list());
    }

    /** Events about an object identified by id alone, whatever its type. */
    public List<AuditEvent> forObject(String objectId) {
        return db.read(h -> h.createQuery("SELECT * FROM audit_events WHERE object_id = :id ORDER BY seq")
                .bind("id", objectId).map((rs, ctx) -> event(rs)).list());
    }

    /**
     * Events about an object and, when it is a dataset, events that name it (its entries' reads
     * and writes, its access changes), oldest first, at most {@code limit}.
     */
    public List<AuditEvent> forObjectOrDataset(String objectId, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT * FROM (
                            SELECT * FROM audit_events WHERE object_id = :id
                            UNION
                            SELECT * FROM audit_events WHERE (detail::jsonb) ->> 'dataset' = :id) e
                        ORDER BY seq LIMIT :n""")
                .bind("id", objectId).bind("n", limit).map((rs, ctx) -> event(rs)).list());
    }

    public List<AuditEvent> recent(int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM audit_events ORDER BY seq DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> event(rs)).list());
    }

    /** The outcome of checking the chain: how many events were checked and the first bad one. */
    public record Verification(long checked, Optional<AuditEvent> firstBroken, String reason) {
        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    /**
     * Recomputes every hash in order. An edited event fails its own hash; a deleted or
     * re-ordered one breaks the link to its successor.
     */
    public Verification verify(Consumer<Long> progress) {
        return db.read(h -> {
            String expectedPrevious = GENESIS;
            long checked = 0;
            long lastSeq = 0;
            while (true) {
                List<AuditEvent> batch = h.createQuery(
                                "SELECT * FROM audit_events WHERE seq > :after ORDER BY seq LIMIT 5000")
                        .bind("after", lastSeq).map((rs, ctx) -> event(rs)).list();
                if (batch.isEmpty()) {
                    return new Verification(checked, Optional.empty(), "");
                }
                for (AuditEvent e : batch) {
                    if (!e.previousHash().equals(expectedPrevious)) {
                        return new Verification(checked, Optional.of(e),
                                "event " + e.seq() + " does not link to the event before it (an event was removed or reordered)");
                    }
                    String recomputed = hash(e.previousHash(), e.at(), e.actorId(), e.actor(), e.action(),
                            e.objectType(), e.objectId(), CanonicalJson.write(e.detail()), e.remoteAddress());
                    if (!recomputed.equals(e.hash())) {
                        return new Verification(checked, Optional.of(e),
                                "event " + e.seq() + " was changed after it was recorded (its hash does not match its content)");
                    }
                    expectedPrevious = e.hash();
                    checked++;
                    lastSeq = e.seq();
                }
                if (progress != null) {
                    progress.accept(checked);
                }
            }
        });
    }

    static String hash(String previous, Instant at, UUID actorId, String actor, String action, String objectType,
                       String objectId, String detail, String remote) {
        String material = String.join("\u001f", previous, at.toString(), String.valueOf(actorId), actor, action,
                objectType, objectId, detail, String.valueOf(remote));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuditEvent event(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), Rows.instant(rs, "at"), Rows.uuid(rs, "actor_id"),
                rs.getString("actor"), rs.getString("action"), rs.getString("object_type"), rs.getString("object_id"),
                Json.read(rs.getString("detail")), rs.getString("remote_address"), rs.getString("previous_hash"),
                rs.getString("hash"));
    }
}
