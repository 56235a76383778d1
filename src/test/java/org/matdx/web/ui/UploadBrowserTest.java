package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.RequestContext;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The browser scenario for data: sign in, register an XRD file with its invoice, see the
 * invoice errors next to their fields, find the entry through the periodic-table search and open
 * its plot; a second user can neither find nor open it.
 */
class UploadBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var accounts = tp.platform().accounts();
        var u = accounts.createUser(Bootstrap.SYSTEM, "yui", "Yui Mori", null, null, "diffraction rocks", false);
        accounts.createUser(Bootstrap.SYSTEM, "sho", "Sho Abe", null, null, "another password", false);
        var yui = new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
        tp.platform().catalog().createDataset(RequestContext.local(yui), new NewDataset("Yui's rutile films", "", null, "private", null,
                false, null, null));
    }


    @Test
    void registerAnXrdFileFindItByElementsAndOpenItsPlot() {
        byte[] xy = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 3).getBytes(StandardCharsets.UTF_8);
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "yui", "diffraction rocks");
            page.navigate(tp.baseUrl() + "/upload");
            page.selectOption("[data-testid=template]", "xrd.xy");
            page.waitForSelector("[data-part='invoice.custom']");
            assertThat(page.textContent("[data-testid=invoice]")).contains("Data name").contains("Tube voltage").contains("kV");
            page.setInputFiles("[data-testid=files]", new FilePayload("rutile_film_3.xy", "text/plain", xy));

            // an invalid invoice: the messages appear next to their fields, nothing is stored
            page.fill("input[name='invoice.basic.date']", "2026-11-20");
            page.fill("input[name='invoice.custom.tube_voltage']", "400");
            // the browser checks required fields and ranges itself; switch that off to see the server's answer
            page.evaluate("document.getElementById('upload-form').noValidate = true");
            page.click("[data-testid=submit]");
            page.waitForSelector(".field-error[data-for='invoice.basic.data_name']:not(:empty)");
            assertThat(page.textContent(".field-error[data-for='invoice.custom.tube_voltage']")).contains("100");
            Browser.screenshot(page, "upload-invalid");

            page.fill("input[name='invoice.basic.data_name']", "Rutile film 3");
            page.fill("input[name='invoice.custom.tube_voltage']", "45");
            page.fill("input[name='invoice.sample.name']", "film-3");
            page.fill("input[name='invoice.sample.composition']", "TiO2");
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=result-link]");
            assertThat(page.textContent("[data-testid=results]")).contains("rutile_film_3.xy").contains("stored");
            Browser.screenshot(page, "upload-done");

            // find it with the periodic table: Ti and O, nothing else
            page.navigate(tp.baseUrl() + "/");
            page.selectOption("[data-testid=element-mode]", "only");
            page.click(".ptable .el[data-el=Ti]");
            page.click(".ptable .el[data-el=O]");
            page.click("[data-testid=search]");
            page.waitForURL("**only_elements=**");
            page.click("[data-testid=results] >> text=Rutile film 3");
            page.waitForSelector(".plot canvas");
            assertThat(page.textContent("[data-testid=formula]")).isEqualTo("TiO2");
            assertThat(page.locator(".plot .u-legend").textContent()).contains("2θ");
            Browser.screenshot(page, "uploaded-entry");
        }
        // another user finds nothing and cannot open it
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "sho", "another password");
            page.navigate(tp.baseUrl() + "/?q=Rutile");
            assertThat(page.textContent("[data-testid=count]")).contains("0 entries");
            String id = tp.platform().db().read(h -> h.createQuery("SELECT id::text FROM entries WHERE title = 'Rutile film 3'")
                    .mapTo(String.class).one());
            assertThat(page.navigate(tp.baseUrl() + "/entries/" + id).status()).isEqualTo(404);
        }
    }
}

