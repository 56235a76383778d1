package org.matdx.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on every response that make a browser refuse what MatDX never does: run script it did
 * not serve from this site, guess a download's type, show the site inside another site's frame,
 * or tell other sites which (possibly private) page a link was followed from. Javalin's answers
 * get them before anything else runs; the few Jetty writes itself (a request too malformed to
 * reach Javalin) get them from {@link JettyErrors}.
 *
 * <p>The pages use only script files from this site (htmx, uPlot and our own; no inline script or
 * event-handler attributes; JSON data sits in non-executed {@code <script type="application/json">}
 * blocks), so {@code script-src 'self'} holds. Templates place periodic-table cells with
 * {@code style} attributes, which {@code style-src-attr 'unsafe-inline'} allows; style elements and
 * sheets must come from this site (htmx is told not to add its own, layout.jte). Images may be
 * {@code data:} or {@code blob:} URLs: plots saved from the browser.
 */
final class SecurityHeaders {
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** Name → value, in the order they are sent. */
    static final Map<String, String> ALL;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        // ids of private datasets and entries are in our paths: other sites get no Referer at all
        h.put("Referrer-Policy", "same-origin");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        ALL = Map.copyOf(h);
    }

    private SecurityHeaders() {
    }

    /**
     * The security headers, and whether the answer may be kept: files of the site (styles, scripts)
     * may (Javalin's static-file handler says how long); an answer to a request with credentials
     * never is ({@code no-store}: not on disk, not in a shared proxy); an answer to nobody in
     * particular shows public data only and may be kept, but must be checked again before it is
     * reused ({@code no-cache}).
     */
    static void apply(Context ctx) {
        ALL.forEach(ctx::header);
        String p = ctx.path();
        if (!p.startsWith("/static/") && !p.startsWith("/webjars/")) {
            boolean personal = ctx.header("Authorization") != null || ctx.cookie(SessionAuth.SESSION_COOKIE) != null;
            ctx.header("Cache-Control", personal ? "no-store" : "no-cache");
        }
    }
}
