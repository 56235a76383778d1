package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.diffraction.PowderDiffraction;
import org.matdx.diffraction.Radiation;
import org.matdx.diffraction.ReferencePhases;
import org.matdx.diffraction.Simulation;
import org.matdx.diffraction.SyntheticPatterns;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.formats.cif.CifReader;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The entry page's diffraction: a structure's simulated pattern for the radiation chosen, and a
 * scan's phase analysis — the owner runs it from the page, readers see the phases, the fit overlaid
 * on the observed pattern and the difference curve.
 */
class DiffractionBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static UUID licoo2;
    static UUID scan;

    @BeforeAll
    static void start() throws Exception {
        browser = world.browser();
        tp = world.platform();
        var p = tp.platform();
        Caller.Account aoi = world.account("aoi", "AOI", "oxide powders 41");
        var refs = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Reference phases", "", null, "public", null, false, null, null));
        for (String f : List.of("licoo2.cif", "co3o4.cif", "coo.cif")) {
            IngestResult r = ingest(aoi, refs.id(), f, new String(ReferencePhases.open(f).readAllBytes(), StandardCharsets.UTF_8), "structure.cif", null);
            if (f.equals("licoo2.cif")) {
                licoo2 = r.entries().get(0);
            }
        }
        var scans = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Cathode scans", "", null, "public", null, false, null, null));
        var sim = new Simulation(Radiation.CU_KA.kAlpha1(), 8, 92, java.util.Map.of(), null);
        var lco = PowderDiffraction.simulate(structure("licoo2.cif"), sim);
        var spinel = PowderDiffraction.simulate(structure("co3o4.cif"), sim);
        String xy = SyntheticPatterns.xy(SyntheticPatterns.pattern(List.of(SyntheticPatterns.Component.of(lco, 0.9),
                SyntheticPatterns.Component.of(spinel, 0.1)), SyntheticPatterns.Scan.laboratory(), new SplittableRandom(9)), "LCO-9");
        scan = ingest(aoi, scans.id(), "LCO-9.xy", xy, "xrd.xy", """
                {"basic": {"data_name": "LCO-9 as calcined", "date": "2026-10-14"},
                 "sample": {"name": "LCO-9", "composition": "LiCoO2"}}""").entries().get(0);
    }

    static org.matdx.core.Structure structure(String f) throws Exception {
        return new CifReader().read(f, ReferencePhases.open(f)).get(0).structure();
    }

    static IngestResult ingest(Caller c, UUID dataset, String name, String content, String template, String invoice) {
        Ingest ingest = tp.platform().ingest();
        var up = ingest.stage(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), false);
        IngestResult r = ingest.ingestFile(RequestContext.local(c), dataset, up, List.of(), new Ingest.Options(template, invoice == null ? null : Json.read(invoice),
                "en"));
        assertThat(r.error()).isNull();
        return r;
    }

    @Test
    void aStructurePageShowsItsSimulatedPatternForTheChosenRadiation() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + licoo2);
            page.waitForSelector("[data-testid=powder-plot] canvas");
            String lines = page.textContent("[data-testid=powder-lines]");
            assertThat(lines).contains("18.9").contains("0 0 3"); // (003) of LiCoO2 with Cu Kα
            Browser.screenshot(page, "entry-simulated-pattern");
            page.click("text=Mo Kα");
            page.waitForURL("**radiation=MoKa**");
            page.waitForSelector("[data-testid=powder-plot] canvas");
            assertThat(page.textContent("[data-testid=powder-lines]")).contains("8.6"); // (003) with Mo Kα
        }
    }

    @Test
    void theOwnerIdentifiesPhasesAndReadersSeeTheFit() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page anonymous = ctx.newPage();
            anonymous.navigate(tp.baseUrl() + "/entries/" + scan);
            assertThat(anonymous.locator("[data-testid=identify-phases]").count()).isZero();
        }
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aoi", "oxide powders 41");
            page.navigate(tp.baseUrl() + "/entries/" + scan);
            assertThat(page.textContent("[data-testid=phases]")).contains("No phase analysis yet");
            page.click("[data-testid=identify-phases]");
            page.waitForSelector("[data-testid=phase-row]");
            assertThat(page.locator("[data-testid=phase-row]").count()).isEqualTo(2);
            assertThat(page.locator("[data-testid=phase-row]").first().textContent()).contains("LiCoO2");
            double percent = Double.parseDouble(page.locator("[data-testid=phase-fraction]").first().textContent().split(" ")[0]);
            assertThat(percent).isBetween(85.0, 95.0);
        }
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page reader = ctx.newPage();
            reader.navigate(tp.baseUrl() + "/entries/" + scan);
            reader.waitForSelector("[data-testid=fit-plot] canvas");
            reader.waitForSelector("[data-testid=difference-plot] canvas");
            assertThat(reader.textContent("[data-testid=phases]")).contains("相同定").contains("Co3O4");
            assertThat(reader.textContent("[data-testid=fit-quality]")).contains("GoF");
            assertThat(reader.locator("[data-testid=identify-phases]").count()).isZero();
            Browser.screenshot(reader, "entry-phase-analysis");
        }
    }
}
