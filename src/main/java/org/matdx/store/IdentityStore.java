package org.matdx.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Accounts linked to OpenID Connect subjects, and the sign-ins through a provider under way (V191). */
public final class IdentityStore {
    /** A sign-in under way, found again by the hash of its state; {@code linkUser} when it links an account instead. */
    public record Pending(String provider, String nonce, String verifier, String next, UUID linkUser) {
    }

    private final Database db;

    public IdentityStore(Database db) {
        this.db = db;
    }

    /** The account linked to {@code subject} at {@code issuer}, recording the sign-in. */
    public Optional<UUID> signedIn(String issuer, String subject, Instant at) {
        return db.read(h -> h.createQuery("""
                        UPDATE external_identities SET last_sign_in_at = :at
                        WHERE issuer = :iss AND subject = :sub RETURNING user_id""")
                .bind("at", at).bind("iss", issuer).bind("sub", subject).mapTo(UUID.class).findOne());
    }

    /** The account linked to {@code subject} at {@code issuer}, without recording a sign-in. */
    public Optional<UUID> linkedAccount(String issuer, String subject) {
        return db.read(h -> h.createQuery("SELECT user_id FROM external_identities WHERE issuer = :iss AND subject = :sub")
                .bind("iss", issuer).bind("sub", subject).mapTo(UUID.class).findOne());
    }

    /** The providers an account is linked to. */
    public List<String> providersOf(UUID user) {
        return db.read(h -> h.createQuery("SELECT provider FROM external_identities WHERE user_id = :u ORDER BY provider")
                .bind("u", user).mapTo(String.class).list());
    }

    public void link(Handle h, String issuer, String subject, UUID user, String provider, Instant at) {
        h.createUpdate("""
                        INSERT INTO external_identities (issuer, subject, user_id, provider, created_at, last_sign_in_at)
                        VALUES (:iss, :sub, :user, :provider, :at, :at)""")
                .bind("iss", issuer).bind("sub", subject).bind("user", user).bind("provider", provider).bind("at", at)
                .execute();
    }

    public void begin(byte[] stateHash, Pending p, Instant at, Instant expires) {
        db.run(h -> {
            h.createUpdate("DELETE FROM external_sign_ins WHERE expires_at < :at").bind("at", at).execute();
            h.createUpdate("""
                            INSERT INTO external_sign_ins (state_hash, provider, nonce, verifier, next, link_user, created_at, expires_at)
                            VALUES (:hash, :provider, :nonce, :verifier, :next, :link, :at, :expires)""")
                    .bind("hash", stateHash).bind("provider", p.provider()).bind("nonce", p.nonce())
                    .bind("verifier", p.verifier()).bind("next", p.next()).bind("link", p.linkUser()).bind("at", at).bind("expires", expires).execute();
        });
    }

    /** The sign-in with this state, removed as it is read: a state is good for one answer, and only until it expires. */
    public Optional<Pending> finish(byte[] stateHash, Instant at) {
        return db.read(h -> h.createQuery("""
                        DELETE FROM external_sign_ins WHERE state_hash = :hash
                        RETURNING provider, nonce, verifier, next, link_user, expires_at > :at AS live""")
                .bind("hash", stateHash).bind("at", at)
                .map((rs, ctx) -> Map.entry(rs.getBoolean("live"), new Pending(rs.getString("provider"),
                        rs.getString("nonce"), rs.getString("verifier"), rs.getString("next"), Rows.uuid(rs, "link_user"))))
                .findOne().filter(Map.Entry::getKey).map(Map.Entry::getValue));
    }
}
