package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.formats.em.DmFixture;
import org.matdx.formats.em.EmdReaderTest;
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
        var d = tp.platform().catalog().createDataset(RequestContext.local(ken), new NewDataset("EELS maps", "", null, "public", null, false, null, null));
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
        IngestResult r = ingest.ingestFile(RequestContext.local(ken), d.id(), up, List.of(), new Ingest.Options("auto",
                Json.read("{\"basic\": {\"data_name\": \"EELS map of a carbon inclusion\", \"date\": \"2026-11-20\"}}"), "en"));
        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
        entryId = r.entries().get(0).toString();
        var again = ingest.stage("map.dm4", new ByteArrayInputStream(DmFixture.spectrumImage(w, h, ch, v, 0.8)), false);
        IngestResult decomposed = ingest.ingestFile(RequestContext.local(ken), d.id(), again, List.of(), new Ingest.Options("em.spectrum-image",
                Json.read("{\"basic\": {\"data_name\": \"EELS map, decomposed\", \"date\": \"2026-11-20\"}}"), "en"));
        assertThat(decomposed.ok()).as(String.valueOf(decomposed.error())).isTrue();
        decomposedId = decomposed.entries().get(0).toString();
        try {
            var emd = ingest.stage("si.emd", new ByteArrayInputStream(EmdReaderTest.fixture("ncem_spectrum_image.emd")), false);
            IngestResult berkeley = ingest.ingestFile(RequestContext.local(ken), d.id(), emd, List.of(), new Ingest.Options("auto",
                    Json.read("{\"basic\": {\"data_name\": \"Berkeley EMD spectrum image\", \"date\": \"2026-11-20\"}}"), "en"));
            assertThat(berkeley.ok()).as(String.valueOf(berkeley.error())).isTrue();
            berkeleyId = berkeley.entries().get(0).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String decomposedId;
    static String berkeleyId;

    /**
     * The decomposition template keeps the first components' spectra and maps: PCA's first component
     * is the carbon disc (all the variance, its map the disc), an NMF part stands out on the disc,
     * and the entry page shows both with the explained variance.
     */
    @Test
    void theEntryPageShowsComponentSpectraAndMapsWithExplainedVariance() {
        var dec = tp.platform().entries().get(java.util.UUID.fromString(decomposedId)).orElseThrow().data().path("decomposition");
        assertThat(dec.path("rows").asInt()).isEqualTo(24);
        assertThat(dec.path("columns").asInt()).isEqualTo(32);
        assertThat(dec.path("components").size()).isEqualTo(3);
        boolean discPart = false;
        StringBuilder why = new StringBuilder();
        for (var c : dec.path("nmf").path("components")) {
            var map = c.path("map");
            var spectrum = c.path("spectrum");
            int peak = 0;
            for (int i = 1; i < spectrum.size(); i++) {
                peak = spectrum.get(i).asDouble() > spectrum.get(peak).asDouble() ? i : peak;
            }
            double inside = map.get(12 * 32 + 20).asDouble();
            double outside = map.get(2 * 32 + 2).asDouble();
            discPart |= inside > 2 * Math.max(outside, 1e-9);
            why.append("peak ").append(peak).append(" inside ").append(inside).append(" outside ").append(outside).append("; ");
        }
        // NMF of this rank-2 scan into three parts is not unique: one part, at least, must stand out on the disc
        assertThat(discPart).as(why.toString()).isTrue();
        assertThat(dec.path("nmf").path("residual").asDouble()).isLessThan(0.01);
        // PCA is: the scan varies only by the disc, so PC 1 explains it all and its map is the disc
        var pc1 = dec.path("components").get(0);
        assertThat(pc1.path("explained_variance_ratio").asDouble()).isGreaterThan(0.99);
        double disc = pc1.path("map").get(12 * 32 + 20).asDouble();
        double corner = pc1.path("map").get(2 * 32 + 2).asDouble();
        assertThat(pc1.path("map").get(20 * 32 + 2).asDouble()).isCloseTo(corner, org.assertj.core.api.Assertions.within(1e-3 * Math.abs(disc - corner)));
        assertThat(Math.abs(disc - corner)).isGreaterThan(100);
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + decomposedId);
            var section = page.locator("[data-testid=decomposition]");
            section.waitFor();
            assertThat(section.textContent()).contains("PCA").contains("NMF").contains("PC 1 · ").contains("Energy loss");
            assertThat(page.locator("[data-testid=pca-components] [data-testid=component]").count()).isEqualTo(3);
            assertThat(page.locator("[data-testid=nmf-components] [data-testid=component]").count()).isEqualTo(3);
            assertThat(page.getAttribute("[data-testid=pca-components] img.component-map >> nth=0", "src")).startsWith("data:image/png;base64,");
            // the maps are drawn (decoded by the browser), not broken images
            assertThat((Boolean) page.evaluate("() => [...document.querySelectorAll('img.component-map')].every(i => i.complete && i.naturalWidth === 32)"))
                    .isTrue();
            assertThat(page.locator("svg.component-spectrum polyline").count()).isEqualTo(6);
            section.scrollIntoViewIfNeeded();
            Browser.screenshot(page, "spectrum-image-components");
        }
    }

    /**
     * A Berkeley EMD spectrum image (read, as HyperSpy reads it, as a plain energy-first 3-D array) has
     * the navigator too: its sum image, and a click on pixel (row 1, column 2) draws that pixel's
     * spectrum — the fixture's 48·x + 16·y + e, so 112 … 127 over 100 … 107.5 eV.
     */
    @Test
    void aBerkeleyEmdSpectrumImageHasTheNavigatorToo() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + berkeleyId);
            assertThat(page.textContent("[data-testid=signals]")).contains("spectrum image").contains("[3,4,16]");
            var img = page.locator("[data-testid=signal-preview][data-navigator]");
            img.waitFor();
            var box = img.boundingBox();
            img.click(new com.microsoft.playwright.Locator.ClickOptions().setPosition((2.5 / 4) * box.width, (1.5 / 3) * box.height));
            page.waitForFunction("() => document.querySelector('[data-testid=navigator-spectrum]').textContent.length > 0");
            assertThat(page.getAttribute("[data-testid=navigator-spectrum]", "data-pixel")).isEqualTo("1,2");
            assertThat(page.textContent("[data-testid=navigator-spectrum]")).contains("Energy loss / eV").contains("pixel (1, 2)")
                    .contains("100").contains("107.5");
            // the line drawn is that pixel's spectrum: rising evenly (112 … 127), one point per channel
            String points = page.getAttribute("[data-testid=navigator-spectrum] polyline", "points");
            String[] xy = points.strip().split(" ");
            assertThat(xy).hasSize(16);
            double first = Double.parseDouble(xy[0].split(",")[1]);
            double last = Double.parseDouble(xy[15].split(",")[1]);
            assertThat(last).as("higher counts are drawn higher up").isLessThan(first);
            @SuppressWarnings("unchecked")
            var ys = (List<Object>) page.evaluate("u => fetch(u).then(r => r.json()).then(s => s.y)",
                    "/api/v1/entries/" + berkeleyId + "/signals/0/spectrum?row=1&column=2");
            for (int e = 0; e < 16; e++) {
                assertThat(((Number) ys.get(e)).doubleValue()).isEqualTo(112 + e);
            }
            Browser.screenshot(page, "spectrum-image-navigator-emd");
        }
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
