package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.TestPlatform;

/** A researcher signs in, steps a simulated campaign, marks a trial failed and approves the next batch. */
class CampaignBrowserTest {
    static TestPlatform tp;
    static Browser browser;
    static String campaignId;

    @BeforeAll
    static void start() {
        browser = Browser.launch();
        tp = TestPlatform.start().withServer();
        var u = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "ken", "Ken Ito", null, null, "sinter sinter sinter", false);
        var ken = new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
        var d = tp.platform().catalog().createDataset(ken, new NewDataset("Ken's sintering", "", null, "private", null,
                false, null, null), AuditLog.Origin.LOCAL);
        var c = tp.platform().campaigns().create(ken, d.id(), Json.read("""
                {"name": "Pellet density", "parameters": [
                   {"name": "temperature", "type": "continuous", "low": 900, "high": 1300},
                   {"name": "hold_time", "type": "continuous", "low": 1, "high": 12}],
                 "objective": {"name": "relative_density", "goal": "maximize", "unit": "%"},
                 "batch": 2, "initial": 4, "approval": true, "stop": {"budget": 40},
                 "simulator": {"function": "peak", "noise": 0.2}}"""), AuditLog.Origin.LOCAL);
        campaignId = c.id().toString();
        tp.platform().campaigns().simulate(ken, c.id(), 6, AuditLog.Origin.LOCAL);
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
    void stepTheCampaignAndActOnTrials() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            // not signed in: the private campaign does not exist
            assertThat(page.navigate(tp.baseUrl() + "/campaigns/" + campaignId).status()).isEqualTo(404);
            Browser.signIn(page, tp.baseUrl(), "ken", "sinter sinter sinter");
            page.navigate(tp.baseUrl() + "/campaigns");
            page.click("text=Pellet density");
            page.waitForSelector("[data-testid=progress] canvas");
            int before = page.locator("[data-testid=trials] tbody tr").count();
            assertThat(before).isEqualTo(6);

            page.fill("input[name=experiments]", "4");
            page.click("[data-testid=simulate]");
            page.waitForURL("**/campaigns/" + campaignId);
            assertThat(page.locator("[data-testid=trials] tbody tr.trial-completed").count()).isEqualTo(10);
            assertThat(page.textContent("[data-testid=best]")).contains("trial");

            // the next batch waits for approval: approve one, mark the other failed
            tp.platform().campaigns().suggest(caller(), java.util.UUID.fromString(campaignId), AuditLog.Origin.LOCAL);
            page.reload();
            assertThat(page.locator("tr.trial-suggested").count()).isEqualTo(2);
            page.locator("tr.trial-suggested").first().locator("text=Approve").click();
            page.waitForURL("**/campaigns/" + campaignId);
            assertThat(page.locator("tr.trial-approved").count()).isEqualTo(1);
            page.locator("tr.trial-suggested").first().locator("text=Mark failed").click();
            page.waitForURL("**/campaigns/" + campaignId);
            assertThat(page.locator("tr.trial-failed").count()).isEqualTo(1);
            assertThat(page.textContent("tr.trial-failed")).contains("marked failed by ken");
            Browser.screenshot(page, "campaign");
        }
    }

    static org.matdx.core.Caller caller() {
        var u = tp.platform().users().byUsername("ken").orElseThrow();
        return new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
    }
}
