package org.matdx.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.ApiToken;
import org.matdx.core.Group;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;

/** Users, groups, memberships and API tokens. */
public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public void insert(Handle h, User u, String passwordHash) {
        h.createUpdate("""
                        INSERT INTO users (id, username, display_name, email, orcid, password_hash, is_admin, created_at)
                        VALUES (:id, :username, :display, :email, :orcid, :hash, :admin, :created)""")
                .bind("id", u.id()).bind("username", u.username()).bind("display", u.displayName())
                .bind("email", u.email()).bind("orcid", u.orcid()).bind("hash", passwordHash)
                .bind("admin", u.admin()).bind("created", u.createdAt())
                .execute();
    }

    public void updateProfile(Handle h, User u) {
        h.createUpdate("UPDATE users SET display_name = :display, email = :email, orcid = :orcid WHERE id = :id")
                .bind("display", u.displayName()).bind("email", u.email()).bind("orcid", u.orcid()).bind("id", u.id())
                .execute();
    }

    public Optional<User> byId(UUID id) {
        return db.read(h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> user(rs)).findOne());
    }

    public Optional<User> byUsername(String username) {
        return db.read(h -> h.createQuery("SELECT * FROM users WHERE username = :u").bind("u", username)
                .map((rs, ctx) -> user(rs)).findOne());
    }

    public Optional<String> passwordHash(UUID userId) {
        return db.read(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id").bind("id", userId)
                .mapTo(String.class).findOne());
    }

    public List<User> all() {
        return db.read(h -> h.createQuery("SELECT * FROM users ORDER BY username").map((rs, ctx) -> user(rs)).list());
    }

    public void insertGroup(Handle h, Group g) {
        h.createUpdate("INSERT INTO groups (id, name, title, created_at) VALUES (:id, :name, :title, :created)")
                .bind("id", g.id()).bind("name", g.name()).bind("title", g.title()).bind("created", g.createdAt())
                .execute();
    }

    public Optional<Group> groupByName(String name) {
        return db.read(h -> h.createQuery("SELECT * FROM groups WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> group(rs)).findOne());
    }

    public Optional<Group> groupById(UUID id) {
        return db.read(h -> h.createQuery("SELECT * FROM groups WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> group(rs)).findOne());
    }

    public void putMembership(Handle h, UUID groupId, UUID userId, Role role) {
        h.createUpdate("""
                        INSERT INTO memberships (group_id, user_id, role) VALUES (:g, :u, :r)
                        ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .bind("g", groupId).bind("u", userId).bind("r", role.code()).execute();
    }

    /** The groups a user belongs to, with their role in each. */
    public Map<UUID, Role> memberships(UUID userId) {
        return db.read(h -> {
            Map<UUID, Role> m = new HashMap<>();
            h.createQuery("SELECT group_id, role FROM memberships WHERE user_id = :u").bind("u", userId)
                    .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "group_id"), Role.of(rs.getString("role"))))
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }

    public void insertToken(Handle h, ApiToken t, byte[] tokenHash) {
        h.createUpdate("""
                        INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_at, expires_at)
                        VALUES (:id, :user, :name, :hash, :scope, :created, :expires)""")
                .bind("id", t.id()).bind("user", t.userId()).bind("name", t.name()).bind("hash", tokenHash)
                .bind("scope", t.scope().code()).bind("created", t.createdAt()).bind("expires", t.expiresAt())
                .execute();
    }

    public Optional<ApiToken> tokenByHash(byte[] tokenHash) {
        return db.read(h -> h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :h").bind("h", tokenHash)
                .map((rs, ctx) -> token(rs)).findOne());
    }

    public List<ApiToken> tokens(UUID userId) {
        return db.read(h -> h.createQuery("SELECT * FROM api_tokens WHERE user_id = :u ORDER BY created_at")
                .bind("u", userId).map((rs, ctx) -> token(rs)).list());
    }

    public boolean revokeToken(Handle h, UUID tokenId, Instant at) {
        return h.createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", at).bind("id", tokenId).execute() == 1;
    }

    public void touchToken(UUID tokenId, Instant at) {
        // at most one write a minute per token: a busy client should not turn every read into a write
        db.read(h -> h.createUpdate("""
                        UPDATE api_tokens SET last_used_at = :at
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at - interval '1 minute')""")
                .bind("at", at).bind("id", tokenId).execute());
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(Rows.uuid(rs, "id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("email"), rs.getString("orcid"), rs.getBoolean("is_admin"), Rows.instant(rs, "created_at"));
    }

    static Group group(ResultSet rs) throws SQLException {
        return new Group(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("title"), Rows.instant(rs, "created_at"));
    }

    static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(Rows.uuid(rs, "id"), Rows.uuid(rs, "user_id"), rs.getString("name"),
                Scope.of(rs.getString("scope")), Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"), Rows.instant(rs, "last_used_at"));
    }
}
