package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.access.Sharing;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Axis;
import org.matdx.core.Caller;
import org.matdx.core.Entry;
import org.matdx.core.FileRole;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Series;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.structuring.Descriptors;
import org.matdx.ingest.structuring.PeakFinder;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry page's peak list and spectral maxima, the sample link with its QR code, the sample
 * page (its measurements as far as the reader may see them), and the provenance and history
 * section, which only the dataset's owners see.
 */
class EntryPagesBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static Entry xrd;
    static Entry spectrum;
    static UUID sampleId;
    static UUID hiddenSampleId;
    static UUID privateEntryId;
    static Caller.Account aoi;
    static UUID openId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var p = tp.platform();
        aoi = world.account("aoi", "AOI", "oxide powders 41");
        world.account("ren", "REN", "coauthor password");
        world.account("kai", "KAI", "just a reader here");
        var open = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Aoi's cathode powders", "", null, "private", null,
                false, null, null));
        openId = open.id();
        var closed = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Aoi's unpublished runs", "", null, "private", null,
                false, null, null));
        IngestResult r = ingest(aoi, open.id(), "LCO-7.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.14, 7),
                """
                {"basic": {"data_name": "LCO-7 as calcined", "date": "2026-10-14"},
                 "sample": {"name": "LCO-7", "composition": "LiCoO2", "description": "calcined 900 °C"}}""");
        assertThat(r.error()).isNull();
        xrd = p.catalog().entry(RequestContext.local(Bootstrap.SYSTEM), r.entries().get(0)).entry();
        sampleId = xrd.sampleId();
        assertThat(sampleId).isNotNull();
        // the same sample measured again, in a dataset only Aoi sees
        IngestResult again = ingest(aoi, closed.id(), "LCO-7-cycled.xy",
                SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.2, 8),
                "{\"basic\": {\"data_name\": \"LCO-7 after 100 cycles\", \"date\": \"2026-11-01\"}, \"sample\": {\"id\": \"" + sampleId + "\"}}");
        assertThat(again.error()).isNull();
        privateEntryId = again.entries().get(0);
        IngestResult secret = ingest(aoi, closed.id(), "secret-9.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.2, 9),
                "{\"basic\": {\"data_name\": \"secret 9\", \"date\": \"2026-11-02\"}, \"sample\": {\"name\": \"secret-9\", \"composition\": \"TiO2\"}}");
        hiddenSampleId = p.catalog().entry(RequestContext.local(Bootstrap.SYSTEM), secret.entries().get(0)).entry().sampleId();

        // a spectrum whose maxima structuring's descriptors computed
        double[] x = new double[400];
        double[] y = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = 400 + i;
            y[i] = 0.05 + 0.9 * Math.exp(-Math.pow((x[i] - 520) / 6, 2)) + 0.4 * Math.exp(-Math.pow((x[i] - 700) / 8, 2));
        }
        Series s = new Series("absorbance", new Axis("wavelength", "nm", x), List.of(new Axis("absorbance", "", y)));
        ObjectNode data = Json.object();
        data.set("summary", new Descriptors(PeakFinder.standard()).spectrumSummary(s));
        spectrum = p.catalog().addEntries(RequestContext.local(aoi), open.id(), List.of(new NewEntry("measurement", "dye film UV-vis", null,
                Map.of(), null, null, data, null, null, null, null))).get(0);

        // history worth showing: a co-author is named, then the dataset opens to everyone
        p.sharing().putCoworker(RequestContext.local(aoi), open.id(), "ren", "coauthor");
        p.sharing().setAccess(RequestContext.local(aoi), open.id(), new Sharing.Change("public", null, null, null));
    }


    static IngestResult ingest(Caller c, UUID dataset, String name, String content, String invoice) {
        Ingest ingest = tp.platform().ingest();
        var up = ingest.stage(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), false);
        return ingest.ingestFile(RequestContext.local(c), dataset, up, List.of(), new Ingest.Options("xrd.xy", Json.read(invoice), "en"));
    }


    @Test
    void aPlotDownloadsAsPngSvgAndCsv() throws Exception {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "oxide powders 41");
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            var bar = page.locator("[data-testid=plot-export]").first();
            assertThat(bar.textContent()).contains("picture (PNG)").contains("vector picture (SVG)").contains("data (CSV)");
            var csv = page.waitForDownload(() -> bar.locator("[data-export=csv]").click());
            List<String> lines = java.nio.file.Files.readAllLines(csv.path());
            int points = ((Number) page.evaluate("JSON.parse(document.getElementById('plot-0-data').textContent).data[0].length")).intValue();
            assertThat(points).isGreaterThan(1000);
            assertThat(lines).hasSize(points + 1);
            assertThat(lines.get(0)).startsWith("2θ");
            assertThat(csv.suggestedFilename()).endsWith(".csv");
            var svg = page.waitForDownload(() -> bar.locator("[data-export=svg]").click());
            String svgText = java.nio.file.Files.readString(svg.path());
            assertThat(svgText).startsWith("<svg").contains("<polyline").endsWith("</svg>");
            var png = page.waitForDownload(() -> bar.locator("[data-export=png]").click());
            byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(png.path()), 8);
            assertThat(head).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        }
    }

    @Test
    void ownerSeesPeaksSampleWithQrAndTheEntrysHistory() {
        var peaks = xrd.data().get("peaks").get("peaks");
        assertThat(peaks.size()).isGreaterThan(3);
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "oxide powders 41");
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            // the peak table shows the stored peak list, row by row
            var rows = page.locator("[data-testid=peaks] tbody tr");
            assertThat(rows.count()).isEqualTo(peaks.size());
            for (int i = 0; i < peaks.size(); i++) {
                var cells = rows.nth(i).locator("td");
                assertThat(cells.nth(1).textContent()).isEqualTo(UiFormat.precise(peaks.get(i).get("position").asDouble()));
                assertThat(cells.nth(2).textContent()).isEqualTo(UiFormat.num(peaks.get(i).get("intensity").asDouble()));
                var w = peaks.get(i).get("fwhm");
                assertThat(cells.nth(3).textContent()).isEqualTo(w.isNumber() ? UiFormat.num(w.asDouble()) : "—");
            }
            assertThat(page.textContent("[data-testid=peaks] thead")).contains("2θ / °").contains("FWHM / °");

            // the sample it was measured on, with a QR code that really is an image of the PID's size
            assertThat(page.textContent("[data-testid=sample-link]")).isEqualTo("LCO-7");
            page.waitForFunction("() => { const i = document.querySelector('[data-testid=sample-qr]'); return i.complete && i.naturalWidth > 0; }");
            assertThat(page.evaluate("document.querySelector('[data-testid=sample-qr]').naturalWidth")).isEqualTo(160);

            // provenance: who registered it, the template, the raw file's checksum, and the dataset's changes
            assertThat(page.textContent("[data-testid=registered-by]")).contains("aoi");
            assertThat(page.textContent("[data-testid=prov-template]")).isEqualTo("xrd.xy");
            String rawSha = xrd.files().stream().filter(f -> f.role() == FileRole.RAW).findFirst().orElseThrow().sha256();
            assertThat(page.textContent("[data-testid=checksums]")).contains("LCO-7.xy").contains(rawSha);
            var history = page.locator("[data-testid=history] tbody tr");
            assertThat(page.locator("[data-testid=history] tr[data-action='entry.create'] td").nth(1).textContent()).isEqualTo("aoi");
            assertThat(page.textContent("[data-testid=history] tr[data-action='dataset.coworker.put']")).contains("ren").contains("coauthor");
            assertThat(page.textContent("[data-testid=history] tr[data-action='dataset.access']")).contains("public");
            // newest first; reads of the entry are not history
            assertThat(history.first().getAttribute("data-action")).isEqualTo("dataset.access");
            assertThat(page.locator("[data-testid=history] tr[data-action='entry.read']").count()).isZero();
            Browser.screenshot(page, "entry-peaks-sample-provenance");

            // the sample page lists both measurements for the owner
            page.click("[data-testid=sample-link]");
            page.waitForURL("**/samples/" + sampleId);
            assertThat(page.textContent("[data-testid=sample-pid]")).isEqualTo("matdx:sample/" + sampleId);
            assertThat(page.textContent("[data-testid=sample-formula]")).isEqualTo("LiCoO2");
            assertThat(page.locator("[data-testid=measurements] tbody tr").count()).isEqualTo(2);
            assertThat(page.textContent("[data-testid=measurements]")).contains("LCO-7 as calcined").contains("LCO-7 after 100 cycles");
            assertThat(page.evaluate("document.querySelector('[data-testid=sample-qr]').complete && document.querySelector('[data-testid=sample-qr]').naturalWidth")).isEqualTo(200);
            Browser.screenshot(page, "sample-owner");
        }
    }

    @Test
    void entriesRegisteredInABatchShowTheirOwnBatchOnly() {
        var p = tp.platform();
        var first = p.catalog().addEntries(RequestContext.local(aoi), openId, List.of(row("NMC-1"), row("NMC-2")));
        p.catalog().addEntries(RequestContext.local(aoi), openId, List.of(row("NMC-3"), row("NMC-4"), row("NMC-5")));
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "oxide powders 41");
            page.navigate(tp.baseUrl() + "/entries/" + first.get(1).id());
            var batch = page.locator("[data-testid=history] tr[data-action='entry.create.batch']");
            assertThat(batch.count()).isEqualTo(1);
            assertThat(batch.textContent()).contains("count: 2");
            assertThat(page.textContent("[data-testid=registered-by]")).contains("aoi");
        }
    }

    static NewEntry row(String title) {
        return new NewEntry("property_row", title, "LiNiO2", Map.of(), null, null, null, null, null, null, null);
    }

    @Test
    void entryAndSamplePagesFitATabletWidth() {
        try (BrowserContext ctx = browser.tablet("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "oxide powders 41");
            for (String path : List.of("/entries/" + xrd.id(), "/samples/" + sampleId, "/upload")) {
                page.navigate(tp.baseUrl() + path);
                assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).as(path).isEqualTo(true);
            }
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            Browser.screenshot(page, "entry-provenance-tablet");
        }
    }

    @Test
    void coauthorSeesTheHistoryToo() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "ren", "coauthor password");
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            assertThat(page.textContent("[data-testid=provenance] h2")).isEqualTo("来歴と履歴");
            assertThat(page.textContent("[data-testid=peaks] h2")).contains("ピーク一覧");
            assertThat(page.textContent("[data-testid=history] tr[data-action='entry.create']")).contains("エントリを登録");
            Browser.screenshot(page, "entry-provenance-ja");
        }
    }

    @Test
    void otherReadersSeeDataButNoHistoryAndOnlyVisibleMeasurements() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "kai", "just a reader here");
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            assertThat(page.locator("[data-testid=peaks] tbody tr").count()).isGreaterThan(3);
            assertThat(page.locator("[data-testid=provenance]").count()).isZero();
            assertThat(page.content()).doesNotContain("dataset.coworker.put").doesNotContain(xrd.files().get(0).sha256());
            page.click("[data-testid=sample-link]");
            page.waitForURL("**/samples/" + sampleId);
            assertThat(page.locator("[data-testid=measurements] tbody tr").count()).isEqualTo(1);
            assertThat(page.textContent("main")).doesNotContain("after 100 cycles");
            Browser.screenshot(page, "sample-reader");
            // a sample of a private dataset, and a measurement in one, do not exist for this reader
            assertThat(page.navigate(tp.baseUrl() + "/samples/" + hiddenSampleId).status()).isEqualTo(404);
            assertThat(page.textContent("main")).contains("could not find this page").doesNotContain("secret-9");
            assertThat(page.navigate(tp.baseUrl() + "/samples/" + UUID.randomUUID()).status()).isEqualTo(404);
            assertThat(page.navigate(tp.baseUrl() + "/samples/not-an-id").status()).isEqualTo(404);
            assertThat(page.navigate(tp.baseUrl() + "/entries/" + privateEntryId).status()).isEqualTo(404);
        }
        // anonymous visitors: no history either
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + xrd.id());
            assertThat(page.locator("[data-testid=provenance]").count()).isZero();
            assertThat(page.locator("[data-testid=sample-link]").count()).isEqualTo(1);
        }
    }

    @Test
    void spectraShowTheirStrongestMaxima() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + spectrum.id());
            String text = page.textContent("[data-testid=maxima]");
            assertThat(text).contains("400 – 799 nm").contains("wavelength / nm");
            var maxima = spectrum.data().get("summary").get("columns").get(0).get("maxima");
            assertThat(maxima.size()).isEqualTo(2);
            assertThat(text).contains(UiFormat.precise(maxima.get(0).get("x").asDouble()) + " ("
                    + UiFormat.num(maxima.get(0).get("height").asDouble()) + ")");
            assertThat(text).contains("520").contains("700");
            assertThat(page.locator("[data-testid=peaks]").count()).isZero();
        }
    }
}
