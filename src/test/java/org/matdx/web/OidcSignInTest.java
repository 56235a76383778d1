package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.OidcProvider;
import org.matdx.testing.OidcProvider.Person;
import org.matdx.testing.OidcProvider.Tamper;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29: sign-in with ORCID and an institution's single sign-on (OpenID Connect), against two
 * local providers: an ORCID-like one that only signs in people whose iD an administrator put on
 * an account, and an SSO that creates plain accounts. Every way a provider's answer can be forged,
 * replayed or pushed from another browser leaves the browser signed out.
 */
class OidcSignInTest {
    static final String ALICE_ORCID = "0000-0002-1825-0097";
    static final String CAROL_ORCID = "0000-0002-9079-593X";
    /** An iD mallory wrote on her own profile: someone else's. */
    static final String MALLORYS_CLAIM = "0000-0001-5109-3700";
    static final String PASSWORD = "a long and careful passphrase 2026";
    static OidcProvider orcid;
    static OidcProvider sso;
    static TestPlatform tp;

    @BeforeAll
    static void start() throws Exception {
        orcid = new OidcProvider("APP-MATDX", "orcid-secret");
        sso = new OidcProvider("matdx-hub", "sso secret with spaces");
        OidcProvider gone = new OidcProvider("x", "y");
        String goneIssuer = gone.issuer();
        gone.close();
        tp = TestPlatform.start();
        var alice = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "alice", "Alice Liddell", null, null, null, false);
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "carol", "Carol", null, null, PASSWORD, false);
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "mallory", "Mallory", null, MALLORYS_CLAIM, PASSWORD, false);
        // alice linked her iD before (the flow itself: aSignedInPersonLinksTheirOrcidAndThenSignsInWithIt)
        tp.platform().db().run(h -> tp.platform().externalSignIn().identities().link(h, orcid.issuer(), ALICE_ORCID, alice.id(), "orcid",
                java.time.Instant.now()));
        Files.writeString(tp.dataDir().resolve("orcid.secret"), "orcid-secret\n");
        Files.writeString(tp.dataDir().resolve("sso.secret"), "sso secret with spaces");
        Files.writeString(tp.dataDir().resolve("sign-in.json"), """
                {"providers": [
                  {"id": "orcid", "label": "ORCID", "issuer": "%s", "client_id": "APP-MATDX",
                   "client_secret_file": "%s", "orcid": true},
                  {"id": "campus", "label": "Campus SSO", "issuer": "%s", "client_id": "matdx-hub",
                   "client_secret_file": "%s", "scopes": ["profile", "email"], "create_accounts": true},
                  {"id": "gone", "label": "Closed IdP", "issuer": "%s", "client_id": "x", "client_secret_file": "%s"}
                ]}""".formatted(orcid.issuer(), tp.dataDir().resolve("orcid.secret"), sso.issuer(), tp.dataDir().resolve("sso.secret"),
                goneIssuer, tp.dataDir().resolve("sso.secret")));
        tp.withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
        orcid.close();
        sso.close();
    }

    /** A browser: its own cookies, redirects followed by hand so that each step can be looked at. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Leaves for the provider and returns with its answer; the response to the callback. */
        HttpResponse<String> signIn(String provider, String next) throws Exception {
            var toProvider = get(tp.baseUrl() + "/login/oidc/" + provider + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(toProvider.statusCode()).as(toProvider.body()).isEqualTo(302);
            var back = get(toProvider.headers().firstValue("Location").orElseThrow());
            assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
            return get(back.headers().firstValue("Location").orElseThrow());
        }

        /** Signs in with the password form, as a person would. */
        void passwordSignIn(String username) throws Exception {
            var form = get(tp.baseUrl() + "/login");
            String csrf = form.body().replaceFirst("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
            var r = post(tp.baseUrl() + "/login", "username=" + username + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                    + "&next=/&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        }

        HttpResponse<String> post(String url, String form) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The CSRF token of a page of this browser's session. */
        String csrf(String path) throws Exception {
            return get(tp.baseUrl() + path).body().replaceFirst("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        }

        JsonNode me() throws Exception {
            var r = get(tp.baseUrl() + "/api/v1/me");
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        }
    }

    @Test
    void theSignInPageOffersEachProvider() throws Exception {
        var page = new Browser().get(tp.baseUrl() + "/login?next=/datasets");
        assertThat(page.body()).contains("Sign in with ORCID", "Sign in with Campus SSO", "/login/oidc/orcid?next=%2Fdatasets");
    }

    @Test
    void aSignedInPersonLinksTheirOrcidAndThenSignsInWithIt() throws Exception {
        Browser b = new Browser();
        b.passwordSignIn("carol");
        assertThat(b.get(tp.baseUrl() + "/profile").body()).contains("Link ORCID");
        orcid.next = new Person(CAROL_ORCID, "Carol", null, null);
        var toProvider = b.post(tp.baseUrl() + "/login/oidc/orcid/link", "_csrf=" + URLEncoder.encode(b.csrf("/profile"), StandardCharsets.UTF_8));
        assertThat(toProvider.statusCode()).as(toProvider.body()).isEqualTo(302);
        var back = b.get(toProvider.headers().firstValue("Location").orElseThrow());
        var done = b.get(back.headers().firstValue("Location").orElseThrow());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/profile?linked=1");
        assertThat(b.me().get("orcid").asString()).as("the proven iD is written on the account").isEqualTo(CAROL_ORCID);
        assertThat(b.get(tp.baseUrl() + "/profile").body()).contains("ORCID: linked");
        // from now on ORCID alone signs carol in, and the audit trail says how
        Browser elsewhere = new Browser();
        assertThat(elsewhere.signIn("orcid", "/datasets").headers().firstValue("Location")).hasValue("/datasets");
        assertThat(elsewhere.me().get("username").asString()).isEqualTo("carol");
        long logins = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE action = 'login' "
                + "AND detail::jsonb ->> 'method' = 'oidc' AND detail::jsonb ->> 'subject' = :s").bind("s", CAROL_ORCID).mapTo(Long.class).one());
        assertThat(logins).isEqualTo(1);
        // linking without the page's CSRF token, or without being signed in, is refused
        assertThat(b.post(tp.baseUrl() + "/login/oidc/orcid/link", "_csrf=forged").statusCode()).isEqualTo(403);
        assertThat(new Browser().post(tp.baseUrl() + "/login/oidc/orcid/link", "").statusCode()).isEqualTo(401);
    }

    @Test
    void anIdOnlyWrittenOnAProfileSignsNobodyIntoThatAccount() throws Exception {
        long users = users();
        // the real holder of the iD mallory claimed signs in with ORCID: not into mallory's account
        orcid.next = new Person(MALLORYS_CLAIM, "Someone Else", null, null);
        Browser b = new Browser();
        var done = b.signIn("orcid", "/");
        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body()).contains("no MatDX account is linked to this ORCID identity (ORCID iD " + MALLORYS_CLAIM + ")");
        assertThat(b.me()).isNull();
        assertThat(users()).isEqualTo(users);
    }

    @Test
    void singleSignOnCreatesAPlainAccountOnceAndFindsItAgain() throws Exception {
        long users = users();
        sso.next = new Person("staff-4711", "Jürgen Müller", "j.mueller@uni.example", "Jürgen Müller");
        Browser b = new Browser();
        assertThat(b.signIn("campus", "/").statusCode()).isEqualTo(303);
        JsonNode me = b.me();
        assertThat(me.get("username").asString()).isEqualTo("jurgen.muller");
        assertThat(me.get("display_name").asString()).isEqualTo("Jürgen Müller");
        assertThat(me.get("admin").asBoolean()).isFalse();
        assertThat(me.get("groups")).isEmpty();
        Browser later = new Browser();
        assertThat(later.signIn("campus", "/").statusCode()).isEqualTo(303);
        assertThat(later.me().get("id").asString()).isEqualTo(me.get("id").asString());
        assertThat(users()).isEqualTo(users + 1);
        // the same name from another person gets a free username, never the first one's account
        sso.next = new Person("staff-9999", "Jürgen Müller", null, "Jürgen Müller");
        Browser other = new Browser();
        assertThat(other.signIn("campus", "/").statusCode()).isEqualTo(303);
        assertThat(other.me().get("username").asString()).isEqualTo("jurgen.muller-2");
    }

    @Test
    void forgedOrSpoiledIdTokensSignNobodyIn() throws Exception {
        orcid.next = new Person(ALICE_ORCID, null, null, null);
        try {
            for (Tamper t : new Tamper[] {Tamper.FOREIGN_KEY, Tamper.WRONG_AUDIENCE, Tamper.WRONG_NONCE, Tamper.EXPIRED,
                    Tamper.WRONG_ISSUER, Tamper.NO_SIGNATURE}) {
                orcid.tamper = t;
                Browser b = new Browser();
                var done = b.signIn("orcid", "/");
                assertThat(done.statusCode()).as(t.name()).isEqualTo(401);
                assertThat(done.body()).as(t.name()).contains("could not be verified");
                assertThat(b.me()).as(t.name()).isNull();
            }
        } finally {
            orcid.tamper = Tamper.NONE;
        }
    }

    @Test
    void aCallbackIsGoodOnceAndOnlyInTheBrowserThatStartedIt() throws Exception {
        orcid.next = new Person(ALICE_ORCID, null, null, null);
        Browser victim = new Browser();
        var toProvider = victim.get(tp.baseUrl() + "/login/oidc/orcid?next=/");
        var back = victim.get(toProvider.headers().firstValue("Location").orElseThrow());
        String callback = back.headers().firstValue("Location").orElseThrow();
        // login CSRF: another browser is pushed the callback of someone else's sign-in
        Browser attacker = new Browser();
        var pushed = attacker.get(callback);
        assertThat(pushed.statusCode()).isEqualTo(403);
        assertThat(attacker.me()).isNull();
        // that attempt did not use the state up, but the victim's own return works once only
        assertThat(victim.get(callback).statusCode()).isEqualTo(303);
        assertThat(victim.me().get("username").asString()).isEqualTo("alice");
        Browser replay = new Browser();
        replay.get(tp.baseUrl() + "/login/oidc/orcid?next=/");
        assertThat(replay.get(callback).statusCode()).as("a used or foreign state").isEqualTo(403);
        assertThat(replay.me()).isNull();
    }

    @Test
    void hostileParametersAreRefusedPolitely() throws Exception {
        Browser b = new Browser();
        assertThat(b.get(tp.baseUrl() + "/login/oidc/nosuch").statusCode()).isEqualTo(404);
        assertThat(b.get(tp.baseUrl() + "/login/oidc/orcid/callback?code=x&state=" + "s".repeat(5000)).statusCode()).isEqualTo(403);
        assertThat(b.get(tp.baseUrl() + "/login/oidc/orcid/callback").statusCode()).isEqualTo(403);
        // an open redirect through next is not possible: the sign-in ends on this site
        orcid.next = new Person(ALICE_ORCID, null, null, null);
        var done = b.signIn("orcid", "https://evil.example/steal");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith("/");
        // cancelled at the provider
        Browser c = new Browser();
        var toProvider = c.get(tp.baseUrl() + "/login/oidc/orcid?next=/");
        String state = java.net.URLDecoder.decode(toProvider.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^.*[?&]state=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
        var cancelled = c.get(tp.baseUrl() + "/login/oidc/orcid/callback?error=access_denied&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8));
        assertThat(cancelled.statusCode()).isEqualTo(401);
        assertThat(cancelled.body()).contains("cancelled");
    }

    @Test
    void anUnreachableProviderIsA503AndABadConfigurationSaysWhere() throws Exception {
        var r = new Browser().get(tp.baseUrl() + "/login/oidc/gone?next=/");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Closed IdP cannot be reached for sign-in just now");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignInConfig.parse("""
                {"providers": [{"id": "x", "issuer": "https://id.example", "client_id": "x", "client_secret_env": "NOPE"}]}""",
                "sign-in.json", n -> null)).hasMessageContaining("providers[0].client_secret_env: the environment variable NOPE is not set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignInConfig.parse("""
                {"providers": [{"id": "x", "issuer": "http://id.example", "client_id": "x", "client_secret_env": "S"}]}""",
                "sign-in.json", n -> "s")).hasMessageContaining("providers[0].issuer: must be an https:// URL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignInConfig.parse("""
                {"providers": [{"id": "Bad Id", "issuer": "https://id.example", "client_id": "x", "client_secret_env": "S"}]}""",
                "sign-in.json", n -> "s")).hasMessageContaining("providers[0].id");
    }

    static long users() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
    }
}
