package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.TestPlatform;

/** Signing in and out in a real Chromium: private data appears after sign-in and goes with sign-out. */
class LoginBrowserTest {
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.launch();
        tp = TestPlatform.start().withServer();
        var accounts = tp.platform().accounts();
        var u = accounts.createUser(Bootstrap.SYSTEM, "mei", "Mei Watanabe", null, null, "correct horse battery", false);
        var caller = new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
        tp.platform().catalog().createDataset(caller, new NewDataset("Mei's private Raman maps", "", null, "private", null,
                false, null, null), AuditLog.Origin.LOCAL);
    }

    @AfterAll
    static void stop() {
        if (tp != null) {
            tp.close();
        }
        if (browser != null) {
            browser.close();
        }
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
