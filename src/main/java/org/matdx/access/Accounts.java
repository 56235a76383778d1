package org.matdx.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.matdx.audit.AuditLog;
import org.matdx.core.ApiToken;
import org.matdx.core.Caller;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.store.Database;
import org.matdx.store.UserStore;

/**
 * Accounts, groups and API tokens, and turning a presented credential into a {@link Caller}.
 */
public final class Accounts {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    /** Verified when the account is unknown, so a failed sign-in takes as long either way. */
    private static final String DUMMY_HASH = Passwords.hash("matdx-no-such-account");

    private final Database db;
    private final UserStore users;
    private final AuditLog audit;
    private final SignInThrottle throttle;
    private final Clock clock;

    public Accounts(Database db, UserStore users, AuditLog audit, SignInThrottle throttle, Clock clock) {
        this.db = db;
        this.users = users;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Whether {@code name} could be a username at all (lower case, as {@link #createUser} requires). */
    public static boolean isUsername(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public UserStore users() {
        return users;
    }

    /** Creates a local account. {@code password} may be null for token-only accounts. */
    public User createUser(Caller actor, String username, String displayName, String email, String orcid,
                           String password, boolean admin) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw Problem.invalid("username", "use 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        orcid = Orcid.normalise(orcid, "orcid");
        if (password != null) {
            Passwords.requireStrong(password);
        }
        if (users.byUsername(username).isPresent()) {
            throw Problem.conflict("the username '" + username + "' is taken");
        }
        User u = new User(Ids.newId(), username, displayName == null || displayName.isBlank() ? username : displayName,
                email, orcid, admin, clock.instant());
        String hash = password == null ? null : Passwords.hash(password);
        db.run(h -> {
            users.insert(h, u, hash);
            audit.append(h, RequestContext.local(actor), "user.create", "user", u.id(),
                    Json.object().put("username", username).put("admin", admin));
        });
        return u;
    }

    public Group createGroup(Caller actor, String name, String title, User owner) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw Problem.invalid("name", "use 1-63 lower-case letters, digits, '.', '_' or '-'");
        }
        if (users.groupByName(name).isPresent()) {
            throw Problem.conflict("the group name '" + name + "' is taken");
        }
        Group g = new Group(Ids.newId(), name, title == null || title.isBlank() ? name : title, clock.instant());
        db.run(h -> {
            users.insertGroup(h, g);
            if (owner != null) {
                users.putMembership(h, g.id(), owner.id(), Role.OWNER);
            }
            audit.append(h, RequestContext.local(actor), "group.create", "group", g.id(), Json.object().put("name", name));
        });
        return g;
    }

    public void addMember(Caller actor, Group g, User u, Role role) {
        db.run(h -> {
            users.putMembership(h, g.id(), u.id(), role);
            audit.append(h, RequestContext.local(actor), "group.member.put", "group", g.id(),
                    Json.object().put("user", u.username()).put("role", role.code()));
        });
    }

    /** A newly issued token: the secret is in {@code secret} and nowhere else. */
    public record IssuedToken(ApiToken token, String secret) {
    }

    public IssuedToken issueToken(Caller actor, User user, String name, Scope scope, Instant expiresAt) {
        String secret = Tokens.newSecret();
        ApiToken t = new ApiToken(Ids.newId(), user.id(), name == null || name.isBlank() ? "token" : name, scope,
                clock.instant(), expiresAt, null, null);
        db.run(h -> {
            users.insertToken(h, t, Tokens.hash(secret));
            audit.append(h, RequestContext.local(actor), "token.issue", "user", user.id(),
                    Json.object().put("token", t.id().toString()).put("scope", scope.code())
                            .put("expires_at", expiresAt == null ? null : expiresAt.toString()));
        });
        return new IssuedToken(t, secret);
    }

    public void revokeToken(Caller actor, UUID tokenId) {
        db.run(h -> {
            if (!users.revokeToken(h, tokenId, clock.instant())) {
                throw Problem.notFound("active token", tokenId);
            }
            audit.append(h, RequestContext.local(actor), "token.revoke", "token", tokenId, Json.object());
        });
    }

    /**
     * The caller behind a bearer token. Unknown, expired and revoked tokens are refused with the
     * same message (so a probe learns nothing) and counted against the address they came from
     * ({@link SignInThrottle}); a known token's failure is audited, an unknown one only tallied.
     */
    public Caller authenticateToken(String secret, RequestContext context) {
        String address = context.origin();
        try {
            throttle.admitToken(address);
        } catch (SignInThrottle.HeldBack b) {
            audit.tally("login.token.held_back", context);
            throw b;
        }
        Optional<ApiToken> token = secret == null || !secret.startsWith(Tokens.PREFIX)
                ? Optional.empty() : users.tokenByHash(Tokens.hash(secret));
        Instant now = clock.instant();
        if (token.isEmpty() || !token.get().activeAt(now)) {
            boolean heldBack = throttle.tokenFailed(address);
            if (token.isEmpty()) {
                audit.tally("login.failed.token", context);
            } else {
                audit.append(context.as(Caller.ANONYMOUS), "login.failed", "token", token.get().id().toString(),
                        Json.object().put("reason", "expired or revoked token"));
            }
            if (heldBack) {
                audit.append(context.as(Caller.ANONYMOUS), "login.throttled", "address", address, Json.object()
                        .put("credential", "token").put("after_failures", SignInThrottle.TOKENS.allowance()));
            }
            throw Problem.unauthorized("the API token is unknown, expired or revoked");
        }
        ApiToken t = token.get();
        User user = users.byId(t.userId()).orElseThrow(() -> Problem.unauthorized("the API token's account no longer exists"));
        users.touchToken(t.id(), now);
        return new Caller.Account(user, users.memberships(user.id()), t.scope());
    }

    /**
     * The caller behind a username and password (web login). Failures on an existing account are
     * audited; on a name nobody has they are only tallied, so made-up names cannot flood the trail.
     */
    public Caller authenticatePassword(String username, String password, RequestContext context) {
        Optional<User> user = username == null ? Optional.empty() : users.byUsername(username);
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(null);
        boolean ok = Passwords.verify(password, hash == null ? DUMMY_HASH : hash) && hash != null;
        if (!ok) {
            if (user.isPresent()) {
                audit.append(context.as(Caller.ANONYMOUS), "login.failed", "user", username,
                        Json.object().put("reason", "wrong username or password"));
            } else {
                audit.tally("login.failed.unknown_account", context);
            }
            throw Problem.unauthorized("wrong username or password");
        }
        return new Caller.Account(user.get(), users.memberships(user.get().id()), Scope.ADMIN);
    }

    /** Changes the caller's own profile: display name, e-mail, ORCID iD (checksum verified). Null leaves a field as it is. */
    public User updateProfile(Caller.Account caller, String displayName, String email, String orcid, RequestContext context) {
        User u = users.byId(caller.id()).orElseThrow(() -> Problem.notFound("user", caller.id()));
        String name = displayName == null ? u.displayName() : displayName.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw Problem.invalid("display_name", "must be 1-200 characters");
        }
        String mail = email == null ? u.email() : (email.isBlank() ? null : email.strip());
        if (mail != null && (mail.length() > 320 || !mail.matches("^[^@\\s]+@[^@\\s]+$"))) {
            throw Problem.invalid("email", "'" + email + "' is not an e-mail address");
        }
        String id = orcid == null ? u.orcid() : Orcid.normalise(orcid, "orcid");
        User changed = new User(u.id(), u.username(), name, mail, id, u.admin(), u.createdAt());
        db.run(h -> {
            users.updateProfile(h, changed);
            audit.append(h, context.as(caller), "user.profile", "user", u.id(),
                    Json.object().put("display_name", name).put("orcid", id));
        });
        return changed;
    }

    /** Re-reads a user's groups, e.g. for a session whose memberships changed. */
    public Caller.Account refresh(UUID userId, Scope scope) {
        User user = users.byId(userId).orElseThrow(() -> Problem.unauthorized("the account no longer exists"));
        return new Caller.Account(user, users.memberships(userId), scope);
    }
}
