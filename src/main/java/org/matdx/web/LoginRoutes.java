package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.matdx.access.Sessions;
import org.matdx.access.SignInThrottle;
import org.matdx.core.Caller;
import org.matdx.core.Problem;
import org.matdx.web.ui.Pages;
import org.matdx.web.ui.SignInButton;

/**
 * Signing in and out of the web interface. The sign-in form is protected against login CSRF by
 * a double-submit token (cookie and hidden field); a successful sign-in sets the session cookie
 * (HttpOnly, SameSite=Lax, Secure over HTTPS) and returns to where the person was going.
 */
final class LoginRoutes {
    private final Sessions sessions;
    private final SignInConfig signIn;

    LoginRoutes(Sessions sessions, SignInConfig signIn) {
        this.sessions = sessions;
        this.signIn = signIn;
    }

    void register(RoutesConfig r) {
        r.get("/login", this::form);
        r.post("/login", this::login);
        r.post("/logout", this::logout);
    }

    private void form(Context ctx) {
        if (Requests.caller(ctx) instanceof Caller.Account) {
            Redirects.to(ctx, ctx.queryParam("next"));
            return;
        }
        show(ctx, 200, null, null);
    }

    private void show(Context ctx, int status, String error, String username) {
        show(ctx, status, error, username, signIn);
    }

    /** The sign-in page: the password form and a button for each OpenID Connect provider configured. */
    static void show(Context ctx, int status, String error, String username, SignInConfig signIn) {
        String token = Sessions.secret();
        SessionAuth.set(ctx, SessionAuth.LOGIN_COOKIE, token, 3600);
        ctx.status(status);
        String next = Redirects.sameSite(ctx.queryParam("next") != null ? ctx.queryParam("next") : formParam(ctx, "next"));
        Pages.render(ctx, "login.jte", Map.of("loginCsrf", token, "next", next, "error", error == null ? "" : error,
                "username", username == null ? "" : username, "providers", signIn.providers().stream()
                        .map(p -> new SignInButton(p.label(), "/login/oidc/" + p.id() + "?next="
                                + URLEncoder.encode(next, StandardCharsets.UTF_8), p.orcid(), p.id()))
                        .toList()));
    }


    private void login(Context ctx) {
        if (!SessionAuth.isForm(ctx)) {
            throw Problem.badRequest("sign in with the form at /login (username and password as form fields)");
        }
        SessionAuth.requireSameOrigin(ctx);
        String cookie = ctx.cookie(SessionAuth.LOGIN_COOKIE);
        if (!Sessions.same(cookie, ctx.formParam(SessionAuth.CSRF_FIELD))) {
            show(ctx, 403, Pages.page(ctx).t("login.expired"), ctx.formParam("username"));
            return;
        }
        String username = ctx.formParam("username");
        try {
            Sessions.Started s = sessions.signIn(username, ctx.formParam("password"), Requests.context(ctx),
                    ctx.userAgent());
            SessionAuth.set(ctx, SessionAuth.SESSION_COOKIE, s.sessionId(), (int) Sessions.ABSOLUTE.toSeconds());
            SessionAuth.clear(ctx, SessionAuth.LOGIN_COOKIE);
            Redirects.to(ctx, ctx.formParam("next"), HttpStatus.SEE_OTHER);
        } catch (SignInThrottle.HeldBack b) {
            ctx.header("Retry-After", String.valueOf(b.retryAfterSeconds()));
            show(ctx, 429, Pages.page(ctx).t("login.throttled", b.retryAfterSeconds(),
                    b.retryAfterSeconds(), (b.retryAfterSeconds() + 59) / 60), username);
        } catch (Problem p) {
            if (p.type() == Problem.Type.UNAUTHORIZED) {
                show(ctx, 401, Pages.page(ctx).t("login.failed"), username);
            } else {
                throw p;
            }
        }
    }

    /** Signs out (the CSRF check in {@link SessionAuth} keeps other sites from signing people out). */
    private void logout(Context ctx) {
        sessions.signOut(ctx.cookie(SessionAuth.SESSION_COOKIE), Requests.context(ctx));
        SessionAuth.clear(ctx, SessionAuth.SESSION_COOKIE);
        Redirects.to(ctx, "/", HttpStatus.SEE_OTHER);
    }

    private static String formParam(Context ctx, String name) {
        return SessionAuth.isForm(ctx) ? ctx.formParam(name) : null;
    }
}
