package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ObjectNode;

/** The pages in a real Chromium: lists, an entry with its plot, language switch, error page. */
class PagesBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String entryId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var alice = tp.person("alice");
        var caller = alice.caller(tp.platform());
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("XRD of ZnO films", "Sputtered films", null,
                "public", null, false, null, null));
        ObjectNode data = Json.object();
        var series = data.putArray("series").addObject().put("name", "scan 1");
        double[] x = new double[500];
        double[] y = new double[500];
        for (int i = 0; i < 500; i++) {
            x[i] = 20 + i * 0.1;
            y[i] = 100 + 5000 * Math.exp(-Math.pow((x[i] - 34.4) / 0.15, 2)) + 2000 * Math.exp(-Math.pow((x[i] - 36.3) / 0.15, 2));
        }
        var xa = series.putObject("x").put("name", "2θ").put("unit", "°").putArray("values");
        for (double v : x) {
            xa.add(v);
        }
        var ya = series.putArray("y").addObject().put("name", "intensity").put("unit", "counts").putArray("values");
        for (double v : y) {
            ya.add(v);
        }
        var entries = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("measurement", "ZnO film 7",
                "ZnO", Map.of("thickness", Json.object().put("value", 120).put("unit", "nm")),
                Json.object().put("operator", "alice"), Json.object().put("wavelength", 1.5406), data, null, null, null, null)));
        entryId = entries.get(0).id().toString();
    }


    @Test
    void entryPageShowsCompositionPropertiesAndAnInteractivePlot() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets");
            page.click("text=XRD of ZnO films");
            page.click("text=ZnO film 7");
            assertThat(page.textContent("[data-testid=formula]")).isEqualTo("ZnO");
            assertThat(page.textContent("main")).contains("120 nm").contains("wavelength");
            page.waitForSelector(".plot canvas");
            assertThat(page.locator(".plot .u-legend").textContent()).contains("2θ / °").contains("intensity / counts");
            Browser.screenshot(page, "entry-en");
        }
    }

    @Test
    void structureEntriesShowTheirCellSitesAndADrawing() {
        var alice = tp.person("sam");
        var caller = alice.caller(tp.platform());
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("Rock salts", "", null, "public", null, false,
                null, null));
        var na = org.matdx.core.Elements.of("Na");
        var cl = org.matdx.core.Elements.of("Cl");
        List<org.matdx.core.Site> sites = new java.util.ArrayList<>();
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        for (double[] f : fcc) {
            sites.add(org.matdx.core.Site.of(na, f[0], f[1], f[2]));
            sites.add(org.matdx.core.Site.of(cl, (f[0] + .5) % 1, (f[1] + .5) % 1, (f[2] + .5) % 1));
        }
        var structure = new org.matdx.core.Structure(org.matdx.core.Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90), sites);
        ObjectNode data = Json.object();
        data.set("structure", org.matdx.core.StructureJson.write(structure));
        var e = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("structure", "halite", "NaCl",
                Map.of(), null, null, data, null, null, null, null))).get(0);
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + e.id());
            assertThat(page.textContent("[data-testid=cell-lengths]")).contains("5.64, 5.64, 5.64 Å");
            assertThat(page.textContent("[data-testid=nsites]").strip()).isEqualTo("8");
            assertThat(page.textContent("[data-testid=structure]")).contains("2.16"); // density of halite, g/cm³
            page.waitForSelector("[data-testid=structure-viewer][data-ready]");
            // 8 sites, 27 with the images on the cell's faces, edges and corners (Na at 0 and ½)
            assertThat(page.getAttribute("[data-testid=structure-viewer]", "data-atoms")).isEqualTo("27");
            assertThat(page.locator("[data-testid=viewer-legend] li").allTextContents()).hasSize(2);
            Browser.screenshot(page, "entry-structure");
        }
    }

    @Test
    void languageSwitchesToJapaneseAndStays() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + entryId);
            page.click("text=日本語");
            assertThat(page.textContent("main")).contains("組成式").contains("送り状");
            page.navigate(tp.baseUrl() + "/datasets");
            assertThat(page.textContent("h1")).isEqualTo("データセット");
            Browser.screenshot(page, "datasets-ja");
        }
    }

    @Test
    void browserLanguageIsTheDefault() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets");
            assertThat(page.textContent("h1")).isEqualTo("データセット");
        }
    }

    @Test
    void unknownPagesGetAFriendlyErrorPage() {
        try (BrowserContext ctx = browser.tablet("en-GB")) {
            Page page = ctx.newPage();
            var response = page.navigate(tp.baseUrl() + "/entries/00000000-0000-7000-8000-000000000000");
            assertThat(response.status()).isEqualTo(404);
            assertThat(page.textContent("main")).contains("could not find this page");
            Browser.screenshot(page, "error-404-tablet");
        }
    }
}
