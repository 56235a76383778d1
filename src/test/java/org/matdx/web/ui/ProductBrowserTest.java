package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * A product's page in Chromium: the footprint as a waterfall, the parts with their sources, the
 * unassessed part named, a what-if swap side by side, and the passport's human-readable page.
 */
class ProductBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static UUID cell;
    static UUID withElectrolyte;

    static final String CELL = org.matdx.lca.ExampleProducts.batteryCell();

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var p = tp.platform();
        Caller.Account aoi = world.account("aoi", "AOI", "pouch cells 27");
        var ds = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Cells", "", null, "public", null, false, null, null));
        cell = p.products().create(RequestContext.local(aoi), ds.id(), Json.readUntrusted(CELL, "")).id();
        p.products().exportPassport(RequestContext.local(aoi), cell);
        withElectrolyte = p.products().create(RequestContext.local(aoi), ds.id(), Json.readUntrusted(CELL.replace("{\"name\": \"case\"",
                "{\"name\": \"electrolyte\", \"mass_kg\": 0.030, \"formula\": \"LiPF6\"}, {\"name\": \"case\""), "")).id();
    }

    @Test
    void aProductPageShowsItsFootprintAsAWaterfallWithEachPart() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/products/" + cell);
            assertThat(page.textContent("[data-testid=gwp]")).contains("1.423").contains("kg CO2-eq");
            // five parts and two process steps, then the total
            assertThat(page.locator("[data-testid=waterfall] rect").count()).isEqualTo(8);
            assertThat(page.textContent("[data-testid=waterfall]")).contains("cell / cathode / active material").contains("Total");
            assertThat(page.textContent("[data-testid=parts]")).contains("Ni0.8").contains("elements (nuss2014, zhang2024)")
                    .contains("ember2024").doesNotContain("unassessed");
            assertThat(page.textContent("[data-testid=recycled]")).contains("6.667 %");
            assertThat(page.textContent("[data-testid=critical]")).contains("Co");
            Browser.screenshot(page, "product-battery-cell");

            page.selectOption("[data-testid=whatif-form] select[name=swap]", "cell / cathode / active material");
            page.fill("[data-testid=whatif-form] input[name=formula]", "LiMn2O4");
            page.click("[data-testid=whatif-form] button[type=submit]");
            page.waitForSelector("[data-testid=whatif]");
            String w = page.textContent("[data-testid=whatif]");
            // 1.423062 − 0.387821 + 0.089477
            assertThat(w).contains("1.423").contains("1.125");
            // a listed precursor's code swaps in its published figure: LTO anode (0.382940) → synthetic graphite 0.080 · 43.9
            page.selectOption("[data-testid=whatif-form] select[name=swap]", "cell / anode / active material");
            page.fill("[data-testid=whatif-form] input[name=formula]", "graphite-synthetic-cn");
            page.click("[data-testid=whatif-form] button[type=submit]");
            page.waitForURL("**formula=graphite-synthetic-cn**");
            page.waitForSelector("[data-testid=whatif]");
            assertThat(page.textContent("[data-testid=whatif]")).contains("4.552");

            page.click("[data-testid=passports] a");
            page.waitForSelector("[data-testid=passport-title]");
            assertThat(page.textContent("[data-testid=passport-carbon]")).contains("assessed").contains("1.423");
            assertThat(page.textContent("[data-testid=to-fill]")).contains("general_information.manufacturer_identification");
            Browser.screenshot(page, "product-passport");
        }
    }

    @Test
    void aPartWithoutPublishedFiguresIsShownAsUnassessedNotZero() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/products/" + withElectrolyte);
            assertThat(page.textContent("[data-testid=gwp]")).contains("未評価").contains("≥");
            assertThat(page.textContent("[data-testid=unassessed]")).contains("cell / electrolyte").contains("P, F");
            assertThat(page.locator("[data-testid=waterfall] rect.unassessed").count()).isEqualTo(1);
            Browser.screenshot(page, "product-unassessed-ja");
            page.navigate(tp.baseUrl() + "/elements?p=ghg_kg_co2eq_per_kg");
            assertThat(page.getAttribute("[data-el=P]", "title")).contains("未評価");
            assertThat(page.getAttribute("[data-el=Nd]", "title")).contains("17.6");
        }
    }
}
