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
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/** The owner makes a public dataset private in the browser; others then neither find nor open it. */
class DatasetAccessBrowserTest {
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
        var aoi = world.account("aoi", "Aoi Ueda", "halide perovskites");
        var d = tp.platform().catalog().createDataset(RequestContext.local(aoi), new NewDataset("Aoi's perovskite films", "", null, "public", null,
                false, null, null));
        datasetId = d.id().toString();
        entryId = tp.platform().catalog().addEntries(RequestContext.local(aoi), d.id(), List.of(new NewEntry("property_row", "Unpublished CsPbI3 film",
                "CsPbI3", Map.of(), null, null, null, null, null, null, null))).get(0).id().toString();
    }


    @Test
    void setPrivateInTheBrowserAndItDisappearsForOthers() {
        try (BrowserContext other = browser.context("en-GB")) {
            Page page = other.newPage();
            page.navigate(tp.baseUrl() + "/?q=CsPbI3");
            assertThat(page.textContent("[data-testid=count]")).contains("1 entries");
        }
        try (BrowserContext owner = browser.context("en-GB")) {
            Page page = owner.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "halide perovskites");
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            page.selectOption("[data-testid=access-level]", "private");
            page.click("[data-testid=access-save]");
            page.waitForSelector("[data-testid=access]:has-text('Private')");
            Browser.screenshot(page, "dataset-access-editor");
        }
        try (BrowserContext other = browser.context("en-GB")) {
            Page page = other.newPage();
            page.navigate(tp.baseUrl() + "/?q=CsPbI3");
            assertThat(page.textContent("[data-testid=count]")).contains("0 entries");
            assertThat(page.navigate(tp.baseUrl() + "/entries/" + entryId).status()).isEqualTo(404);
            assertThat(page.navigate(tp.baseUrl() + "/datasets/" + datasetId).status()).isEqualTo(404);
        }
    }
}
