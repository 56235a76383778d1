package org.matdx.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.util.Set;
import org.matdx.access.Sessions;
import org.matdx.core.Caller;
import org.matdx.core.Problem;

/**
 * Browser sessions on requests: the session cookie becomes the caller, and state-changing
 * requests made with it must carry the session's CSRF token (form field {@code _csrf} or header
 * {@code X-CSRF-Token}) and, when the browser sends one, an Origin of this site. Requests with a
 * bearer token carry no ambient credential and are exempt.
 */
public final class SessionAuth {
    public static final String SESSION_COOKIE = "matdx_session";
    /** Double-submit cookie that protects the sign-in form itself (before there is a session). */
    public static final String LOGIN_COOKIE = "matdx_login";
    public static final String CSRF_ATTRIBUTE = "matdx.csrf";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private SessionAuth() {
    }

    /** Sets the caller from the session cookie (anonymous when there is none or it has ended). */
    static void authenticate(Sessions sessions, Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        if (id == null) {
            Requests.actAs(ctx, Caller.ANONYMOUS);
            return;
        }
        var active = sessions.resolve(id);
        if (active.isEmpty()) {
            clear(ctx, SESSION_COOKIE);
            Requests.actAs(ctx, Caller.ANONYMOUS);
            return;
        }
        if (!SAFE.contains(ctx.method().name())) {
            requireSameOrigin(ctx);
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null && isForm(ctx)) {
                sent = ctx.formParam(CSRF_FIELD);
            }
            if (!Sessions.same(sent, active.get().csrfToken())) {
                throw Problem.forbidden("this request needs the page's CSRF token (form field _csrf or header X-CSRF-Token); "
                        + "reload the page and try again");
            }
        }
        Requests.actAs(ctx, active.get().caller());
        ctx.attribute(CSRF_ATTRIBUTE, active.get().csrfToken());
    }

    static boolean isForm(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data"));
    }

    /** A browser names the page a request came from; a foreign one means another site sent it. */
    static void requireSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        try {
            URI o = URI.create(origin);
            String host = ctx.host();
            String originHost = o.getHost() == null ? "" : o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
            if (host == null || !host.equalsIgnoreCase(originHost)) {
                throw Problem.forbidden("cross-site request refused (Origin " + origin + ")");
            }
        } catch (IllegalArgumentException e) {
            throw Problem.forbidden("cross-site request refused (Origin " + origin + ")");
        }
    }

    /** Whether the browser reached us over HTTPS, directly or through a proxy that says so. */
    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    static void set(Context ctx, String name, String value, int maxAgeSeconds) {
        Cookie c = new Cookie(name, value);
        c.setPath("/");
        c.setMaxAge(maxAgeSeconds);
        c.setHttpOnly(true);
        c.setSecure(secure(ctx));
        c.setSameSite(SameSite.LAX);
        ctx.cookie(c);
    }

    static void clear(Context ctx, String name) {
        set(ctx, name, "", 0);
    }
}
