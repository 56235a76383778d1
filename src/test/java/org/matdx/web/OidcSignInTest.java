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
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "alice", "Alice Liddell", null, ALICE_ORCID, null, false);
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
    void anOrcidIdAnAdministratorPutOnAnAccountSignsItIn() throws Exception {
        orcid.next = new Person(ALICE_ORCID, "A. Liddell", null, null);
        Browser b = new Browser();
        var done = b.signIn("orcid", "/datasets");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/datasets");
        assertThat(b.me().get("username").asString()).isEqualTo("alice");
        // linked now: the next sign-in finds the account by its link, and the audit trail says how
        Browser again = new Browser();
        assertThat(again.signIn("orcid", "/").statusCode()).isEqualTo(303);
        assertThat(again.me().get("username").asString()).isEqualTo("alice");
        long logins = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE action = 'login' "
                + "AND detail::jsonb ->> 'method' = 'oidc' AND detail::jsonb ->> 'subject' = :s").bind("s", ALICE_ORCID).mapTo(Long.class).one());
        assertThat(logins).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anOrcidIdNoAccountGivesIsRefusedAndCreatesNothing() throws Exception {
        long users = users();
        orcid.next = new Person("0000-0001-5109-3700", "Someone Else", null, null);
        Browser b = new Browser();
        var done = b.signIn("orcid", "/");
        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body()).contains("no MatDX account gives the ORCID iD 0000-0001-5109-3700");
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
