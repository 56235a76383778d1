package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Browser;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.WebSession;

/**
 * Open redirects: whatever a link or form carries in {@code back} or {@code next}, the browser is
 * sent somewhere on this site. The oracle is Chromium's own URL parser ({@code new URL(location,
 * page).origin}), which knows every trick browsers play (backslashes as slashes, tabs and newlines
 * dropped, leading controls trimmed); without Chromium the structural check below still runs.
 */
class RedirectPropertyTest {
    static final String PASSWORD = "correct horse battery";
    static TestPlatform tp;
    static Browser browser;
    static BrowserContext context;
    static Page page;
    static WebSession signedIn;

    @BeforeContainer
    static void start() {
        tp = TestPlatform.start().withServer();
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "rita", "Rita", null, null, PASSWORD, false);
        signedIn = new WebSession(tp.baseUrl());
        assertThat(signedIn.login("rita", PASSWORD).status()).isEqualTo(303);
        if (Browser.installed()) {
            browser = Browser.launch();
            context = browser.context("en-GB");
            page = context.newPage();
        }
    }

    @AfterContainer
    static void stop() {
        if (browser != null) {
            context.close();
            browser.close();
        }
        tp.close();
    }

    @Example
    void reportedBackslashAfterTheLanguageSwitchStaysOnSite() {
        String location = languageSwitch("/\\evil.example");
        assertSameSite("/\\evil.example", location);
        assertThat(location).isEqualTo("/");
    }

    @Example
    void reportedTabAfterSignInStaysOnSite() {
        String location = signIn("/\t/evil.example");
        assertSameSite("/\t/evil.example", location);
        assertThat(location).isEqualTo("/");
    }

    @Example
    void ordinaryPathsAndQueriesSurviveTheRoundTrip() {
        assertThat(languageSwitch("/?elements=Li%2CO&q=%E7%A1%AB%E5%8C%96%E7%89%A9")).isEqualTo("/?elements=Li%2CO&q=%E7%A1%AB%E5%8C%96%E7%89%A9");
        assertThat(languageSwitch("/datasets/0190c5f4-1111-7000-8000-000000000001")).isEqualTo("/datasets/0190c5f4-1111-7000-8000-000000000001");
        // characters a browser would send encoded are encoded on the way out, not refused
        assertThat(signIn("/entries?title=β-Ga₂O₃")).isEqualTo("/entries?title=%CE%B2-Ga%E2%82%82O%E2%82%83");
        assertThat(alreadySignedIn("/datasets")).isEqualTo("/datasets");
    }

    @Example
    void encodedAndOverlongTricksFallBackToTheHomePage() {
        for (String hostile : List.of("/%5Cevil.example", "/%2F/evil.example", "/%252F%252Fevil.example", "/%09/evil.example",
                "/%C0%AF/evil.example", "/%E3%80%80/evil.example", "https://evil.example/", "//evil.example",
                "javascript:alert(1)", " /x", "/\u200b/evil.example", "/" + "a".repeat(4000))) {
            assertThat(languageSwitch(hostile)).as(hostile).isEqualTo("/");
        }
    }

    @Property(tries = 300)
    void everyRedirectStaysOnThisSite(@ForAll("targets") String target) {
        assertSameSite(target, languageSwitch(target));
        assertSameSite(target, alreadySignedIn(target));
    }

    @Property(tries = 40)
    void signingInReturnsOnlyToThisSite(@ForAll("targets") String target) {
        assertSameSite(target, signIn(target));
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> pieces = Arbitraries.of("/", "//", "\\", "%5C", "%5c", "%2F", "%2f", "%252F", "%09", "\t", "\n",
                "\r", " ", "%20", "%0A", "%0d", "%00", "\u0000", "\u000b", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028",
                "\uff0f", "\uff3c", "%EF%BC%8F", "%C0%AF", "%C1%9C", "%E0%80%AF", "evil.example", "evil.example:8080", "@", ":",
                "http:", "https:", "javascript:", "data:", "%25", "%", "?", "#", ".", "..", ";", "x", "datasets", "?q=", "日本",
                "β", "\ud800");
        Arbitrary<String> glued = pieces.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(12);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, glued),
                net.jqwik.api.Tuple.of(2, glued.map(s -> "/" + s)),
                net.jqwik.api.Tuple.of(2, anything),
                net.jqwik.api.Tuple.of(1, anything.map(s -> "/" + s)));
    }

    /** The redirect must resolve to this site's origin, and be a plain path a header can carry. */
    static void assertSameSite(String target, String location) {
        assertThat(location).as("Location for %s", Map.of("target", target)).isNotNull();
        // printable ASCII only, an absolute path, no second slash or backslash that would make it a host
        assertThat(location).as("Location for %s", Map.of("target", target))
                .matches("/([^/\\\\\\x00-\\x20\\x7f-\\uffff][\\x21-\\x5b\\x5d-\\x7e]*)?");
        if (page != null) {
            Object origin = page.evaluate("([l, b]) => new URL(l, b).origin", List.of(location, tp.baseUrl() + "/datasets/x"));
            assertThat(origin).as("origin of Location %s for %s", location, Map.of("target", target)).isEqualTo(tp.baseUrl());
        }
    }

    static String languageSwitch(String back) {
        ApiClient.Response r = new WebSession(tp.baseUrl()).get("/lang/en?back=" + enc(back));
        if (refusedForNul(back, r)) {
            return Redirects.HOME;
        }
        assertThat(r.status()).isEqualTo(302);
        return r.headers().firstValue("Location").orElse(null);
    }

    static String alreadySignedIn(String next) {
        ApiClient.Response r = signedIn.get("/login?next=" + enc(next));
        if (refusedForNul(next, r)) {
            return Redirects.HOME;
        }
        assertThat(r.status()).isEqualTo(302);
        return r.headers().firstValue("Location").orElse(null);
    }

    static String signIn(String next) {
        WebSession b = new WebSession(tp.baseUrl());
        ApiClient.Response form = b.get("/login?next=" + enc(next));
        if (refusedForNul(next, form)) {
            return Redirects.HOME;
        }
        String token = WebSession.csrfOf(form.body());
        ApiClient.Response r = b.postForm("/login", Map.of("username", "rita", "password", PASSWORD, "_csrf", token,
                "next", next));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        return r.headers().firstValue("Location").orElse(null);
    }

    /** A NUL anywhere in a parameter is refused with 400 before any redirect (no Location at all): safe. */
    private static boolean refusedForNul(String target, ApiClient.Response r) {
        if (target.indexOf('\u0000') < 0) {
            return false;
        }
        assertThat(r.status()).as("a parameter holding NUL").isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        return true;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
