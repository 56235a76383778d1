package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.TestPlatform;

/** Train a model from the browser, see its cross-validation and importance, and predict with uncertainty. */
class ModelsBrowserTest {
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.launch();
        tp = TestPlatform.start().withServer();
        var u = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "rin", "Rin Kato", null, null, "band gaps all day", false);
        var rin = new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
        var d = tp.platform().catalog().createDataset(rin, new NewDataset("Rin's oxide gaps", "", null, "private", null,
                false, null, null), AuditLog.Origin.LOCAL);
        String[][] gaps = {{"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"},
                {"MgO", "7.8"}, {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
                {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"}};
        var entries = new java.util.ArrayList<NewEntry>();
        for (String[] g : gaps) {
            entries.add(new NewEntry("property_row", g[0], g[0], java.util.Map.of("band_gap",
                    Json.object().put("value", Double.parseDouble(g[1])).put("unit", "eV")), null, null, null, null, null, null, null));
        }
        tp.platform().catalog().addEntries(rin, d.id(), entries, AuditLog.Origin.LOCAL);
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
    void trainSeeMetricsAndPredict() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "rin", "band gaps all day");
            page.navigate(tp.baseUrl() + "/models");
            page.fill("[data-testid=train-target]", "band_gap");
            page.fill("input[name=name]", "Rin's gap model");
            page.click("[data-testid=train]");
            page.waitForSelector("[data-testid=trained-model]", new Page.WaitForSelectorOptions().setTimeout(180_000));
            page.click("[data-testid=trained-model]");
            page.waitForSelector("[data-testid=cv] tr.summary");
            assertThat(page.textContent("#model-name")).isEqualTo("Rin's gap model");
            assertThat(page.textContent("[data-testid=cv]")).contains("mean ± std");
            assertThat(page.locator("[data-testid=importance] .bar-row").count()).isBetween(5, 15);
            page.fill("[data-testid=predict-formula]", "ZnO");
            page.click("[data-testid=predict]");
            page.waitForSelector("[data-testid=predicted]");
            assertThat(page.textContent("[data-testid=predicted]")).startsWith("ZnO: ").contains("±").contains("eV");
            assertThat(page.locator(".contributions li").count()).isPositive();
            Browser.screenshot(page, "model");
        }
        // the model learned from a private dataset: what the page lists for an anonymous visitor does not show it
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/api/v1/models");
            assertThat(page.textContent("body")).doesNotContain("Rin's gap model");
        }
    }
}
