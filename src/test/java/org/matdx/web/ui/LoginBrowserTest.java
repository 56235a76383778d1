package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/** Signing in and out in a real Chromium: private data appears after sign-in and goes with sign-out. */
class LoginBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var accounts = tp.platform().accounts();
        var caller = world.account("mei", "Mei Watanabe", "correct horse battery");
        tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("Mei's private Raman maps", "", null, "private", null,
                false, null, null));
    }


    @Test
    void signInShowsPrivateDataAndSignOutHidesItAgain() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets");
            assertThat(page.textContent("main")).doesNotContain("Raman");
            page.click("text=Sign in");
            page.fill("input[name=username]", "mei");
            page.fill("input[name=password]", "wrong password!");
            page.click("button[type=submit]");
            assertThat(page.textContent("[data-testid=login-error]")).contains("Wrong username or password");
            page.fill("input[name=password]", "correct horse battery");
            page.click("button[type=submit]");
            page.waitForURL("**/datasets");
            assertThat(page.textContent("header")).contains("Mei Watanabe");
            assertThat(page.textContent("main")).contains("Mei's private Raman maps");
            var cookie = ctx.cookies().stream().filter(c -> c.name.equals("matdx_session")).findFirst().orElseThrow();
            assertThat(cookie.httpOnly).isTrue();
            Browser.screenshot(page, "signed-in");
            page.click("text=Sign out");
            page.waitForURL(tp.baseUrl() + "/");
            assertThat(page.textContent("main")).doesNotContain("Raman");
            assertThat(page.textContent("header")).contains("Sign in");
        }
    }

    @Test
    void theSignInPageSpeaksJapanese() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/login");
            assertThat(page.textContent("h1")).isEqualTo("ログイン");
            Browser.screenshot(page, "login-ja");
        }
    }
}
