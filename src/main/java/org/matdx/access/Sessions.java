package org.matdx.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.store.SessionStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * Web sign-in: server-side sessions kept in PostgreSQL by the hash of their id, each with its
 * own CSRF token. Sessions end after {@link #IDLE} without use, {@link #ABSOLUTE} after sign-in,
 * or at sign-out. Failed sign-ins are audited and throttled ({@link SignInThrottle}), so a
 * password cannot be guessed at speed.
 */
public final class Sessions {
    public static final Duration IDLE = Duration.ofHours(2);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public Sessions(SessionStore store, Accounts accounts, SignInThrottle throttle, AuditLog audit, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new session: the id goes into the cookie and is not kept anywhere else. */
    public record Started(String sessionId, String csrfToken, Caller.Account caller, Instant expiresAt) {
    }

    /** A live session's caller (memberships read afresh) and its CSRF token. */
    public record Active(Caller.Account caller, String csrfToken) {
    }

    /**
     * Checks the password and starts a session. Refused unchecked with {@link SignInThrottle.HeldBack}
     * while the account is being guessed at from this address (or from many); a name that cannot be
     * a username is refused at once, without a password check to spend time on.
     */
    public Started signIn(String username, String password, RequestContext context, String userAgent) {
        Instant now = clock.instant();
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        String remote = context.origin();
        if (!Accounts.isUsername(name)) {
            audit.tally("login.failed.unknown_account", context);
            throw Problem.unauthorized("wrong username or password");
        }
        SignInThrottle.Attempt attempt;
        try {
            attempt = throttle.admitPassword(name, remote);
        } catch (SignInThrottle.HeldBack b) {
            audit.tally("login.held_back", context);
            throw b;
        }
        Caller.Account caller;
        try {
            caller = (Caller.Account) accounts.authenticatePassword(name, password, context);
        } catch (Problem p) {
            if (attempt.heldBackAfter() != null) {
                // once, when the throttle starts holding back; the refused attempts after it are tallied
                audit.append(context.as(Caller.ANONYMOUS), "login.throttled", "user", name, Json.object()
                        .put("held_back", attempt.heldBackAfter()));
            }
            throw p;
        }
        throttle.succeeded(attempt);
        return start(caller, Json.object().put("method", "password"), context, userAgent);
    }

    /**
     * A session for someone another party vouched for ({@link ExternalSignIn}): no password, so no
     * throttle; the audit event says how they signed in.
     */
    Started start(Caller.Account caller, ObjectNode how, RequestContext context, String userAgent) {
        prune();
        Instant now = clock.instant();
        String id = secret();
        String csrf = secret();
        Instant expires = now.plus(ABSOLUTE);
        String remote = context.origin();
        store.insert(new SessionStore.Session(Tokens.hash(id), caller.id(), csrf, now, now, expires, null), remote, userAgent);
        audit.append(context.as(caller), "login", "user", caller.id(), how);
        return new Started(id, csrf, caller, expires);
    }

    /** The session's caller, or empty when the id is unknown, expired, idle too long or signed out. */
    public Optional<Active> resolve(String sessionId) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = Tokens.hash(sessionId);
        Optional<SessionStore.Session> s = store.get(hash);
        Instant now = clock.instant();
        if (s.isEmpty() || s.get().revokedAt() != null || !s.get().expiresAt().isAfter(now)
                || !s.get().lastSeenAt().plus(IDLE).isAfter(now)) {
            return Optional.empty();
        }
        Caller.Account caller;
        try {
            caller = accounts.refresh(s.get().userId(), Scope.ADMIN);
        } catch (Problem gone) {
            return Optional.empty();
        }
        store.touch(hash, now);
        return Optional.of(new Active(caller, s.get().csrfToken()));
    }

    /** Ends the session; signing out twice, or with an unknown id, does nothing. */
    public void signOut(String sessionId, RequestContext context) {
        if (sessionId == null || sessionId.isBlank()) {
            return;
        }
        byte[] hash = Tokens.hash(sessionId);
        Optional<SessionStore.Session> s = store.get(hash);
        if (s.isPresent() && store.revoke(hash, clock.instant())) {
            accounts.users().byId(s.get().userId()).ifPresent(u -> audit.append(
                    context.as(new Caller.Account(u, Map.of(), Scope.READ)), "logout", "user", u.id(), Json.object()));
        }
    }

    /** Forgets sessions that ended over a day ago and sign-in counters nobody needs any more. */
    public int prune() {
        return store.prune(clock.instant()) + throttle.prune();
    }

    /** Random 256-bit token, URL-safe. */
    public static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Constant-time comparison for CSRF tokens. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
