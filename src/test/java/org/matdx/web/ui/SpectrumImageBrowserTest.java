package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Json;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.readers.em.DmFixture;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/** The entry page of a spectrum image: its sum image with a scale bar, and the spectrum of a clicked pixel. */
class SpectrumImageBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String entryId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var ken = world.account("ken", "Ken Mori", "electron energy loss");
        var d = tp.platform().catalog().createDataset(ken, new NewDataset("EELS maps", "", null, "public", null, false, null, null),
                AuditLog.Origin.LOCAL);
        int w = 32;
        int h = 24;
        int ch = 120;
        double[] v = new double[w * h * ch];
        for (int e = 0; e < ch; e++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // a carbon-rich disc: its pixels carry a K-edge-like peak at channel 80
                    boolean disc = Math.hypot(x - 20, y - 12) < 6;
                    v[(e * h + y) * w + x] = 1000 * Math.exp(-e / 40.0) + (disc ? 400 * Math.exp(-Math.pow((e - 80) / 4.0, 2)) : 0);
                }
            }
        }
        Ingest ingest = tp.platform().ingest();
        var up = ingest.stage("map.dm4", new ByteArrayInputStream(DmFixture.spectrumImage(w, h, ch, v, 0.8)), false);
        IngestResult r = ingest.ingestFile(ken, d.id(), up, List.of(), new Ingest.Options("auto",
                Json.read("{\"basic\": {\"data_name\": \"EELS map of a carbon inclusion\", \"date\": \"2026-11-20\"}}"), "en",
                AuditLog.Origin.LOCAL));
        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
        entryId = r.entries().get(0).toString();
    }

    @Test
    void clickingAPixelOfTheSumImageShowsItsSpectrum() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + entryId);
            assertThat(page.textContent("[data-testid=signals]")).contains("spectrum image").contains("[24,32,120]").contains("scale bar 5 nm");
            var img = page.locator("[data-testid=signal-preview]");
            img.waitFor();
            var box = img.boundingBox();
            // pixel (12, 20) is inside the disc: click the centre of that pixel
            img.click(new com.microsoft.playwright.Locator.ClickOptions().setPosition((20.5 / 32) * box.width, (12.5 / 24) * box.height));
            page.waitForFunction("() => document.querySelector('[data-testid=navigator-spectrum]').textContent.length > 0");
            assertThat(page.innerHTML("[data-testid=navigator-spectrum]")).contains("navigator-plot");
            assertThat(page.getAttribute("[data-testid=navigator-spectrum]", "data-pixel")).isEqualTo("12,20");
            assertThat(page.textContent("[data-testid=navigator-spectrum]")).contains("Energy loss / eV").contains("pixel (12, 20)");
            Browser.screenshot(page, "spectrum-image-navigator");
        }
    }
}
