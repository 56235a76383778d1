package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.RequestContext;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The upload page's batch-spreadsheet and zip modes: the files go to the ingest API as a
 * background job, the page follows it, and shows one result per row or main file — the stored
 * ones with a link, the refused ones with their specific error — while nothing of a refused row
 * is stored.
 */
class UploadModesBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String datasetId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var eri = world.account("eri", "Eri Noda", "facility batches");
        datasetId = tp.platform().catalog().createDataset(RequestContext.local(eri), new NewDataset("Facility batch runs", "", null, "private",
                null, false, null, null)).id().toString();
    }


    static byte[] xy(SyntheticPatterns.Phase phase, int seed) {
        return SyntheticPatterns.xrdXy(phase, 0.02, 0.12, seed).getBytes(StandardCharsets.UTF_8);
    }

    static long entries(String title) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE title = :t").bind("t", title)
                .mapTo(Long.class).one());
    }

    @Test
    void batchSpreadsheetRegistersGoodRowsAndNamesTheProblemOfEachBadOne() {
        String sheet = """
                file,template,data_name,date,sample_name,sample_composition,tube_voltage
                si-a.xy,xrd.xy,Si standard A,2026-09-14,Si piece,Si,40
                p25.xy,xrd.xy,P25 annealed,2026/09/15,P25-500,TiO2,40
                hot.xy,xrd.xy,Too hot,2026-09-16,P25-900,TiO2,400
                missing.xy,xrd.xy,Never uploaded,2026-09-16,,,40
                """;
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "eri", "facility batches");
            page.navigate(tp.baseUrl() + "/upload");
            page.check("[data-testid=mode-batch]");
            assertThat(page.isVisible("[data-testid=invoice]")).isFalse();
            // without a sheet the page says what is missing and sends nothing
            page.click("[data-testid=submit]");
            assertThat(page.textContent("[data-testid=upload-error]")).contains("spreadsheet");

            // a sheet that is not a batch sheet: the job says why, and nothing is stored
            page.setInputFiles("[data-testid=sheet]", new FilePayload("notes.csv", "text/csv",
                    "name,date\nSi standard,2026-09-14\n".getBytes(StandardCharsets.UTF_8)));
            page.setInputFiles("[data-testid=files]", new FilePayload("si-a.xy", "text/plain", xy(SyntheticPatterns.SILICON, 1)));
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=upload-error]");
            assertThat(page.textContent("[data-testid=upload-error]")).contains("could not be read").contains("notes.csv")
                    .contains("'file' column");
            assertThat(entries("Si standard")).isZero();

            page.setInputFiles("[data-testid=sheet]", new FilePayload("runs.csv", "text/csv", sheet.getBytes(StandardCharsets.UTF_8)));
            page.setInputFiles("[data-testid=files]", new FilePayload[] {
                    new FilePayload("si-a.xy", "text/plain", xy(SyntheticPatterns.SILICON, 1)),
                    new FilePayload("p25.xy", "text/plain", xy(SyntheticPatterns.RUTILE, 2)),
                    new FilePayload("hot.xy", "text/plain", xy(SyntheticPatterns.RUTILE, 3))});
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=summary]");
            Browser.screenshot(page, "upload-batch");
            assertThat(page.textContent("[data-testid=summary]")).isEqualTo("2 of 4 stored");
            var rows = page.locator("[data-testid=results] [data-testid=result]");
            assertThat(rows.count()).isEqualTo(4);
            assertThat(rows.nth(0).textContent()).contains("row 2").contains("si-a.xy").contains("stored");
            assertThat(rows.nth(1).textContent()).contains("row 3").contains("p25.xy").contains("stored");
            assertThat(rows.nth(2).getAttribute("class")).contains("failed");
            assertThat(rows.nth(2).textContent()).contains("row 4").contains("tube_voltage");
            assertThat(rows.nth(3).getAttribute("class")).contains("failed");
            assertThat(rows.nth(3).textContent()).contains("row 5").contains("missing.xy");

            assertThat(entries("Si standard A")).isEqualTo(1);
            assertThat(entries("P25 annealed")).isEqualTo(1);
            assertThat(entries("Too hot")).isZero();
            page.locator("[data-testid=result-link]").first().click();
            page.waitForSelector("[data-testid=formula]");
            assertThat(page.textContent("[data-testid=formula]")).isEqualTo("Si");
        }
    }

    @Test
    void zipOfARunDirectoryGivesOneResultPerMainFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "run-17/lco-a.xy", xy(SyntheticPatterns.LICOO2, 4));
            put(zip, "run-17/run.log", "09:02 mounted\n09:10 scan start\n".getBytes(StandardCharsets.UTF_8));
            put(zip, "run-18/lco-b.xy", xy(SyntheticPatterns.LICOO2, 5));
            String cut = new String(xy(SyntheticPatterns.LICOO2, 6), StandardCharsets.UTF_8);
            put(zip, "run-19/cut.xy", (cut.substring(0, cut.length() / 2).stripTrailing() + "\n42.000\n").getBytes(StandardCharsets.UTF_8));
            // issue 21: what Finder adds to a zip is skipped, and said to be
            put(zip, "__MACOSX/run-17/._lco-a.xy", new byte[] {0, 5, 22, 7, 0, 2});
            put(zip, "run-17/.DS_Store", "Bud1".getBytes(StandardCharsets.UTF_8));
        }
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "eri", "facility batches");
            page.navigate(tp.baseUrl() + "/upload");
            page.check("[data-testid=mode-zip]");
            page.selectOption("[data-testid=template]", "xrd.xy");
            page.waitForSelector("[data-part='invoice.custom']");
            page.fill("input[name='invoice.basic.data_name']", "Beamtime 2026-11");
            page.fill("input[name='invoice.basic.date']", "2026-11-20");
            page.fill("input[name='invoice.sample.name']", "LCO-batch");
            page.fill("input[name='invoice.sample.composition']", "LiCoO2");
            page.selectOption("[data-testid=x-axis]", "two_theta_deg");
            // a zip mode takes exactly one .zip
            page.setInputFiles("[data-testid=files]", new FilePayload("lco-a.xy", "text/plain", xy(SyntheticPatterns.LICOO2, 4)));
            page.click("[data-testid=submit]");
            assertThat(page.textContent("[data-testid=upload-error]")).contains(".zip");

            page.setInputFiles("[data-testid=files]", new FilePayload("beamtime.zip", "application/zip", bytes.toByteArray()));
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=summary]");
            Browser.screenshot(page, "upload-zip");
            assertThat(page.textContent("[data-testid=summary]")).isEqualTo("2 of 3 stored");
            var results = page.locator("[data-testid=results] [data-testid=result]");
            assertThat(results.count()).isEqualTo(3);
            String text = page.textContent("[data-testid=results]");
            assertThat(text).contains("lco-a.xy").contains("lco-b.xy");
            var failed = page.locator("[data-testid=results] .result.failed");
            assertThat(failed.count()).isEqualTo(1);
            assertThat(failed.textContent()).contains("cut.xy").containsPattern("line \\d+");
            // issue 21: the log's fate is on the page too — attached, with a link to its entry
            var attachments = page.locator("[data-testid=results] [data-testid=attachment]");
            assertThat(attachments.count()).isEqualTo(1);
            assertThat(attachments.first().textContent()).contains("run-17/run.log").contains("attached to the entry of run-17/lco-a.xy");
            assertThat(attachments.first().locator("[data-testid=attachment-link]").getAttribute("href")).startsWith("/entries/");
            var skipped = page.locator("[data-testid=results] [data-testid=skipped]");
            assertThat(skipped.count()).isEqualTo(2);
            assertThat(skipped.allTextContents()).anyMatch(t -> t.contains("beamtime.zip/__MACOSX/run-17/._lco-a.xy")
                    && t.contains("skipped (not data)") && t.contains("macOS resource fork"));
            assertThat(skipped.allTextContents()).anyMatch(t -> t.contains("beamtime.zip/run-17/.DS_Store") && t.contains(".DS_Store"));
        }
        // the x axis chosen on the page reached the server: the file's own 2θ, and the statement agrees
        String why = tp.platform().db().read(h -> h.createQuery("SELECT metadata->'x_axis'->>'why' FROM entries"
                + " WHERE metadata->>'source_file' LIKE '%lco-a.xy'").mapTo(String.class).one());
        assertThat(why).contains("x_axis=two_theta_deg stated at upload agrees");
        String entryFiles = tp.platform().db().read(h -> h.createQuery("""
                        SELECT string_agg(f.name, ',' ORDER BY f.name) FROM entry_files f JOIN entries e ON e.id = f.entry_id
                        WHERE e.metadata->>'source_file' LIKE '%lco-a.xy'""").mapTo(String.class).one());
        assertThat(entryFiles).contains("run.log").doesNotContain("DS_Store").doesNotContain("._lco");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
