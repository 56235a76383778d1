package org.matdx.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Browser sessions, by the hash of their id. */
public final class SessionStore {
    /** A session row; the id itself is never stored. */
    public record Session(byte[] idHash, UUID userId, String csrfToken, Instant createdAt, Instant lastSeenAt,
                          Instant expiresAt, Instant revokedAt) {
    }

    private final Database db;

    public SessionStore(Database db) {
        this.db = db;
    }

    public void insert(Session s, String remote, String userAgent) {
        db.run(h -> h.createUpdate("""
                        INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at,
                                                  remote_address, user_agent)
                        VALUES (:hash, :user, :csrf, :created, :created, :expires, :remote, :agent)""")
                .bind("hash", s.idHash()).bind("user", s.userId()).bind("csrf", s.csrfToken())
                .bind("created", s.createdAt()).bind("expires", s.expiresAt()).bind("remote", remote)
                .bind("agent", userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())))
                .execute());
    }

    public Optional<Session> get(byte[] idHash) {
        return db.read(h -> h.createQuery("SELECT * FROM web_sessions WHERE id_hash = :h").bind("h", idHash)
                .map((rs, ctx) -> new Session(rs.getBytes("id_hash"), Rows.uuid(rs, "user_id"), rs.getString("csrf_token"),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "last_seen_at"), Rows.instant(rs, "expires_at"),
                        Rows.instant(rs, "revoked_at")))
                .findOne());
    }

    /** Records activity at most once a minute, so browsing does not turn every page into a write. */
    public void touch(byte[] idHash, Instant at) {
        db.read(h -> h.createUpdate("""
                        UPDATE web_sessions SET last_seen_at = :at
                        WHERE id_hash = :h AND last_seen_at < :at - interval '1 minute'""")
                .bind("at", at).bind("h", idHash).execute());
    }

    public boolean revoke(byte[] idHash, Instant at) {
        return db.read(h -> h.createUpdate("UPDATE web_sessions SET revoked_at = :at WHERE id_hash = :h AND revoked_at IS NULL")
                .bind("at", at).bind("h", idHash).execute()) == 1;
    }

    /** Ends every session of a user (password change, account locked). */
    public int revokeAll(UUID userId, Instant at) {
        return db.read(h -> h.createUpdate("UPDATE web_sessions SET revoked_at = :at WHERE user_id = :u AND revoked_at IS NULL")
                .bind("at", at).bind("u", userId).execute());
    }

    /** Removes sessions that ended more than a day ago. */
    public int prune(Instant now) {
        return db.read(h -> h.createUpdate("""
                        DELETE FROM web_sessions
                        WHERE expires_at < :cutoff OR revoked_at < :cutoff""")
                .bind("cutoff", now.minusSeconds(86_400)).execute());
    }
}
