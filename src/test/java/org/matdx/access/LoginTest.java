package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AuditEvent;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.WebSession;
import org.matdx.web.SessionAuth;

/**
 * Web sign-in end to end over HTTP: cookie attributes, the session as caller on API and pages,
 * CSRF on state-changing requests, sign-out, expiry, audited and throttled failures.
 */
class LoginTest {
    static final String PASSWORD = "correct horse battery";
    static MutableClock clock = MutableClock.at("2026-06-01T09:00:00Z");
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
        for (String u : new String[] {"erin", "frank", "gina", "hank"}) {
            tp.platform().accounts().createUser(Bootstrap.SYSTEM, u, u + " Example", null, null, PASSWORD, false);
        }
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    WebSession browser() {
        return new WebSession(tp.baseUrl());
    }

    @Test
    void signingInSetsAHardenedCookieAndTheSessionActsAsTheUser() {
        WebSession b = browser();
        ApiClient.Response page = b.get("/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"password\"").contains("name=\"_csrf\"");
        ApiClient.Response r = b.postForm("/login", Map.of("username", "erin", "password", PASSWORD,
                "_csrf", WebSession.csrfOf(page.body()), "next", "/datasets"));
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/datasets");
        String cookie = WebSession.setCookie(r, SessionAuth.SESSION_COOKIE);
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/")
                .doesNotContain("Secure");
        assertThat(b.cookies.get(SessionAuth.SESSION_COOKIE)).hasSizeGreaterThan(40);
        // the session id is not stored: only its hash
        String id = b.cookies.get(SessionAuth.SESSION_COOKIE);
        long hashed = tp.platform().db().read(h -> h.createQuery(
                "SELECT count(*) FROM web_sessions WHERE id_hash = sha256(convert_to(:id, 'UTF8'))")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(hashed).isEqualTo(1);
        long plain = tp.platform().db().read(h -> h.createQuery(
                "SELECT count(*) FROM web_sessions WHERE position(:id in encode(id_hash, 'escape') || csrf_token || coalesce(user_agent, '')) > 0")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(plain).isZero();

        ApiClient.Response me = b.get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("erin");
        ApiClient.Response home = b.get("/datasets");
        assertThat(home.body()).contains("erin Example").contains("action=\"/logout\"");
        assertThat(tp.platform().audit().forObject("user", tp.platform().users().byUsername("erin").get().id().toString())
                .stream().map(AuditEvent::action)).contains("login");
    }

    @Test
    void secureFlagBehindHttps() {
        WebSession b = browser().header("X-Forwarded-Proto", "https");
        ApiClient.Response r = b.login("frank", PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        assertThat(WebSession.setCookie(r, SessionAuth.SESSION_COOKIE)).contains("Secure").contains("HttpOnly");
    }

    @Test
    void stateChangingRequestsNeedTheCsrfTokenButBearerRequestsDoNot() {
        WebSession b = browser();
        b.login("gina", PASSWORD);
        String body = "{\"title\": \"gina's films\"}";
        ApiClient.Response without = b.sendJson("POST", "/api/v1/datasets", body, null);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().get("detail").asString()).contains("CSRF");
        ApiClient.Response wrong = b.sendJson("POST", "/api/v1/datasets", body, "not-the-token");
        assertThat(wrong.status()).isEqualTo(403);
        String csrf = WebSession.csrfOf(b.get("/datasets").body());
        ApiClient.Response ok = b.sendJson("POST", "/api/v1/datasets", body, csrf);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        // a page on another site cannot send the request even if it learnt the token
        WebSession foreign = b.header("Origin", "https://evil.example");
        assertThat(foreign.sendJson("POST", "/api/v1/datasets", body, csrf).status()).isEqualTo(403);
        // API clients with a bearer token carry no ambient credential: no CSRF token needed
        var person = tp.person("ivan");
        assertThat(person.api().post("/api/v1/datasets", body).status()).isEqualTo(201);
    }

    @Test
    void browserFileUploadsCarryTheTokenInTheMultipartForm() {
        WebSession b = browser();
        b.login("gina", PASSWORD);
        String csrf = WebSession.csrfOf(b.get("/datasets").body());
        String id = b.sendJson("POST", "/api/v1/datasets", "{\"title\": \"uploads\"}", csrf).json().get("id").asString();
        java.util.function.Function<String, Multipart> form = token -> new Multipart().field("_csrf", token)
                .file("file", "scan.xy", "10 120\n10.02 131\n");
        Multipart good = form.apply(csrf);
        ApiClient.Response ok = b.sendRaw("POST", "/api/v1/datasets/" + id + "/files", good.contentType(),
                new String(good.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().at("/files/0/size").asLong()).isEqualTo(17);
        Multipart bad = form.apply("forged");
        ApiClient.Response forged = b.sendRaw("POST", "/api/v1/datasets/" + id + "/files", bad.contentType(),
                new String(bad.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void signingOutEndsTheSessionForGood() {
        WebSession b = browser();
        b.login("hank", PASSWORD);
        String stolen = b.cookies.get(SessionAuth.SESSION_COOKIE);
        assertThat(b.get("/api/v1/me").status()).isEqualTo(200);
        // logout without the CSRF token is refused (another site cannot sign people out)
        assertThat(b.postForm("/logout", Map.of()).status()).isEqualTo(403);
        String csrf = WebSession.csrfOf(b.get("/datasets").body());
        ApiClient.Response out = b.postForm("/logout", Map.of("_csrf", csrf));
        assertThat(out.status()).isEqualTo(303);
        assertThat(b.cookies).doesNotContainKey(SessionAuth.SESSION_COOKIE);
        WebSession replay = browser();
        replay.cookies.put(SessionAuth.SESSION_COOKIE, stolen);
        assertThat(replay.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void sessionsExpireWhenIdleAndAfterTwelveHours() {
        WebSession idle = browser();
        idle.login("erin", PASSWORD);
        WebSession busy = browser();
        busy.login("frank", PASSWORD);
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(90));
            assertThat(busy.get("/api/v1/me").status()).as("after %d × 90 minutes", i + 1).isEqualTo(200);
        }
        // 10.5 hours: erin's idle session ended after 2 hours; frank's busy one runs until 12 hours
        assertThat(idle.get("/api/v1/me").status()).isEqualTo(401);
        clock.advance(Duration.ofMinutes(60));
        assertThat(busy.get("/api/v1/me").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(60)); // used an hour ago, but signed in 12.5 hours ago
        assertThat(busy.get("/api/v1/me").status()).isEqualTo(401);
        // a day later ended sessions are removed
        long before = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM web_sessions").mapTo(Long.class).one());
        clock.advance(Duration.ofHours(25));
        assertThat(tp.platform().sessions().prune()).isPositive();
        long after = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM web_sessions").mapTo(Long.class).one());
        assertThat(after).isLessThan(before);
    }

    @Test
    void failuresAreAuditedAndThrottled() {
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "jill", "Jill", null, null, PASSWORD, false);
        WebSession b = browser();
        for (int i = 0; i < SignInThrottle.PAIR.allowance(); i++) {
            ApiClient.Response r = b.login("jill", "wrong password " + i);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body()).contains("Wrong username or password");
        }
        // now even the right password is refused for a while; that the throttle engaged is audited once
        ApiClient.Response throttled = b.login("jill", PASSWORD);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("30");
        assertThat(throttled.body()).contains("Try again in 30 seconds");
        var events = tp.platform().audit().forObject("user", "jill");
        assertThat(events.stream().filter(e -> e.action().equals("login.failed")).count())
                .isEqualTo(SignInThrottle.PAIR.allowance());
        assertThat(events.stream().filter(e -> e.action().equals("login.throttled")).count()).isEqualTo(1);
        assertThat(events.get(0).remoteAddress()).isEqualTo("127.0.0.1");
        clock.advance(SignInThrottle.PAIR.base());
        assertThat(b.login("jill", PASSWORD).status()).isEqualTo(303);
        // unknown accounts fail the same way
        assertThat(browser().login("nobody-here", PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void theLoginFormItselfIsProtectedAndRedirectsStayOnSite() {
        WebSession b = browser();
        b.get("/login");
        ApiClient.Response forged = b.postForm("/login", Map.of("username", "erin", "password", PASSWORD, "_csrf", "forged"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(b.cookies).doesNotContainKey(SessionAuth.SESSION_COOKIE);
        String token = WebSession.csrfOf(b.get("/login").body());
        ApiClient.Response r = b.postForm("/login", Map.of("username", "erin", "password", PASSWORD, "_csrf", token,
                "next", "//evil.example/x"));
        assertThat(r.headers().firstValue("Location")).contains("/");
        assertThat(r.headers().firstValue("Location").get()).doesNotContain("evil");
    }
}
