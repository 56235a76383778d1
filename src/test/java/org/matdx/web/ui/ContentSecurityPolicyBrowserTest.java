package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
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

/**
 * The pages under their Content-Security-Policy in a real Chromium: each is served with it, works
 * (plots drawn, controls answering), and needs nothing it forbids ({@link BrowserWorld} fails a test
 * on any blocked script or style); a script injected into a page does not run.
 */
class ContentSecurityPolicyBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String datasetId;
    static String entryId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var caller = world.account("carla", "Carla Ruiz", "correct horse battery");
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("XRD of TiO2 films", "anatase", null,
                "public", null, false, null, null));
        datasetId = d.id().toString();
        ObjectNode data = Json.object();
        var series = data.putArray("series").addObject().put("name", "scan 1");
        var xs = series.putObject("x").put("name", "2θ").put("unit", "°").putArray("values");
        var ys = series.putArray("y").addObject().put("name", "intensity").put("unit", "counts").putArray("values");
        for (int i = 0; i < 400; i++) {
            double x = 20 + i * 0.1;
            xs.add(x);
            ys.add(100 + 4000 * Math.exp(-Math.pow((x - 25.3) / 0.2, 2)));
        }
        entryId = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("measurement", "TiO2 film 2", "TiO2",
                Map.of("thickness", Json.object().put("value", 80).put("unit", "nm")), null, null, data, null, null, null,
                null))).get(0).id().toString();
    }

    @Test
    void everyPageCarriesThePolicyAndNeedsNothingItForbids() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            for (String path : List.of("/", "/?elements=Ti,O", "/datasets", "/datasets/" + datasetId, "/entries/" + entryId,
                    "/elements", "/models", "/campaigns", "/upload", "/login", "/entries/00000000-0000-7000-8000-000000000000")) {
                Response r = page.navigate(tp.baseUrl() + path);
                assertThat(r.headerValue("content-security-policy")).as(path).contains("script-src 'self'")
                        .contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
                assertThat(r.headerValue("x-content-type-options")).isEqualTo("nosniff");
                page.waitForLoadState();
            }
            // the plot is drawn by uPlot under the policy
            page.navigate(tp.baseUrl() + "/entries/" + entryId);
            page.waitForSelector(".plot canvas, .uplot canvas");
            // a control that sent its form from an inline handler does so from app.js now
            page.navigate(tp.baseUrl() + "/elements");
            page.selectOption("[data-testid=quantity]", "crustal_abundance_mg_per_kg");
            page.waitForURL("**p=crustal_abundance_mg_per_kg");
        }
    }

    @Test
    void aScriptInjectedIntoAPageDoesNotRun() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets");
            // as if a stored title had slipped past escaping: markup with an inline script and a handler
            page.evaluate("() => { document.querySelector('main').insertAdjacentHTML('beforeend', "
                    + "'<img src=x onerror=\"window.__ran = 1\"><div id=injected></div>');"
                    + " const s = document.createElement('script'); s.textContent = 'window.__ran = 2';"
                    + " document.body.appendChild(s); }");
            page.waitForTimeout(300);
            assertThat(page.evaluate("() => window.__ran === undefined")).isEqualTo(true);
            assertThat(browser.takePolicyViolations()).as("what the policy reported blocking").isNotEmpty();
        }
    }
}
