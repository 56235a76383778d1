package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.RequestContext;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.formats.cif.CifReader;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 29, item 5: the interactive crystal-structure viewer of an entry page — drawn, legend
 * with distinct colours, rotation by dragging, periodic images and the 2×2×2 supercell, hover,
 * reset — and the CIF and POSCAR downloads written from the stored structure behind the access gate.
 */
class StructureViewerBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String batio3;
    static String privateEntry;
    static String disordered;
    static final Structure BATIO3 = new Structure(Lattice.fromParameters(4.01, 4.01, 4.01, 90, 90, 90), List.of(
            Site.of(Elements.of("Ba"), 0, 0, 0), Site.of(Elements.of("Ti"), .5, .5, .5),
            Site.of(Elements.of("O"), .5, .5, 0), Site.of(Elements.of("O"), .5, 0, .5), Site.of(Elements.of("O"), 0, .5, .5)));

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        Caller.Account owner = tp.person("rie").caller(tp.platform());
        batio3 = store(owner, "public", "BaTiO3 cubic", "BaTiO3", BATIO3);
        privateEntry = store(owner, "private", "BaTiO3 unpublished", "BaTiO3", BATIO3);
        var fe = Elements.of("Fe");
        var co = Elements.of("Co");
        disordered = store(owner, "public", "FeCo disordered bcc", "FeCo", new Structure(
                Lattice.fromParameters(2.86, 2.86, 2.86, 90, 90, 90),
                List.of(new Site("M1", Map.of(fe, 0.5, co, 0.5), new double[] {0, 0, 0}),
                        new Site("M2", Map.of(fe, 0.5, co, 0.5), new double[] {.5, .5, .5}))));
    }

    static String store(Caller.Account owner, String access, String title, String formula, Structure s) {
        var d = tp.platform().catalog().createDataset(RequestContext.local(owner), new NewDataset(title + " set", "", null, access, null, false,
                null, null));
        ObjectNode data = Json.object();
        data.set("structure", StructureJson.write(s));
        return tp.platform().catalog().addEntries(RequestContext.local(owner), d.id(), List.of(new NewEntry("structure", title, formula,
                Map.of(), null, null, data, null, null, null, null))).get(0).id().toString();
    }

    static Page open(BrowserContext ctx, String entry) {
        Page page = ctx.newPage();
        page.navigate(tp.baseUrl() + "/entries/" + entry);
        page.waitForSelector("[data-testid=structure-viewer][data-ready]");
        page.locator("[data-testid=viewer-canvas]").scrollIntoViewIfNeeded(); // the mouse reaches only what is on screen
        return page;
    }

    /** Pixels of the canvas that are not the white background. */
    static int inkedPixels(Page page) {
        return ((Number) page.evaluate("() => { const c = document.querySelector('[data-testid=viewer-canvas]');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 0; i < d.length; i += 4) if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) n++; return n; }")).intValue();
    }

    /** A fingerprint of the canvas's pixels (FNV-1a), so that a failed comparison prints two numbers, not two images. */
    static String picture(Page page) {
        return String.valueOf(page.evaluate("() => { const c = document.querySelector('[data-testid=viewer-canvas]');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let h = 2166136261;"
                + " for (let i = 0; i < d.length; i++) { h ^= d[i]; h = Math.imul(h, 16777619) >>> 0; } return h; }"));
    }

    static int attr(Page page, String name) {
        return Integer.parseInt(page.getAttribute("[data-testid=structure-viewer]", name));
    }

    @Test
    void drawsTheCellWithALegendOfDistinctColoursAndRotatesWhenDragged() {
        try (BrowserContext ctx = browser.desktop("en-GB")) {
            Page page = open(ctx, batio3);
            assertThat(inkedPixels(page)).as("atoms, bonds and cell drawn").isGreaterThan(5000);
            // Ba at the corners (8 with its images), Ti at the centre, O at the face centres (6)
            assertThat(attr(page, "data-atoms")).isEqualTo(15);
            // each Ti–O bond (2.0 Å < 1.15 × (1.36 + 0.63) Å) and each Ba–O (2.84 Å < 1.15 × 2.59 Å) inside the cell
            assertThat(attr(page, "data-bonds")).isEqualTo(6 + 8 * 3);
            var items = page.locator("[data-testid=viewer-legend] li");
            assertThat(items.count()).isEqualTo(3);
            List<String> symbols = new ArrayList<>();
            Set<String> colours = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                symbols.add(items.nth(i).getAttribute("data-element"));
                colours.add(items.nth(i).getAttribute("data-colour"));
                String painted = (String) items.nth(i).locator(".swatch").evaluate("e => getComputedStyle(e).backgroundColor");
                assertThat(painted).isNotEqualTo("rgba(0, 0, 0, 0)");
            }
            assertThat(symbols).containsExactly("O", "Ti", "Ba");
            assertThat(colours).as("one colour per element").hasSize(3);
            assertThat(page.textContent("[data-testid=viewer-legend]")).contains("Ba").contains("Ti").contains("O");
            Browser.screenshot(page, "structure-viewer-1440-en");

            String before = picture(page);
            var box = page.locator("[data-testid=viewer-canvas]").boundingBox();
            page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
            page.mouse().down();
            page.mouse().move(box.x + box.width / 2 + 90, box.y + box.height / 2 + 30, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(6));
            page.mouse().up();
            String rotated = picture(page);
            assertThat(rotated).as("dragging turns the model").isNotEqualTo(before);
            page.click("[data-testid=viewer-reset]");
            assertThat(picture(page)).as("reset returns to the first view").isEqualTo(before);
        }
    }

    @Test
    void togglesImagesSupercellBondsAndLabels() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = open(ctx, batio3);
            page.uncheck("[data-testid=toggle-images]");
            assertThat(attr(page, "data-atoms")).as("one atom per site without images").isEqualTo(5);
            page.check("[data-testid=toggle-images]");
            page.check("[data-testid=toggle-supercell]");
            // 2×2×2 with images: Ba 3³ = 27, Ti 8, O 3 × (2 · 2 · 3) = 36
            assertThat(attr(page, "data-atoms")).isEqualTo(71);
            page.uncheck("[data-testid=toggle-supercell]");
            assertThat(attr(page, "data-atoms")).isEqualTo(15);
            page.uncheck("[data-testid=toggle-bonds]");
            assertThat(attr(page, "data-bonds")).isZero();
            String plain = picture(page);
            page.check("[data-testid=toggle-labels]");
            assertThat(picture(page)).as("labels drawn on the atoms").isNotEqualTo(plain);
        }
    }

    @Test
    void hoveringAnAtomNamesItsElementAndFractionalCoordinates() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = open(ctx, batio3);
            page.uncheck("[data-testid=toggle-images]");
            // the view is centred on the cell's centre, where Ti sits (in front of nothing else: O are on the faces)
            page.uncheck("[data-testid=toggle-bonds]");
            var box = page.locator("[data-testid=viewer-canvas]").boundingBox();
            page.mouse().move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
            page.waitForSelector("[data-testid=viewer-tip]:not([hidden])");
            String tip = page.textContent("[data-testid=viewer-tip]");
            assertThat(tip).matches("(Ba|Ti|O)( · \\S+)? · \\(\\d\\.\\d{4}, \\d\\.\\d{4}, \\d\\.\\d{4}\\)");
        }
    }

    @Test
    void cifAndPoscarDownloadsComeBackAndReadAsTheStoredStructure() throws Exception {
        try (BrowserContext ctx = browser.desktop("en-GB")) {
            Page page = open(ctx, batio3);
            Download cif = page.waitForDownload(() -> page.click("[data-testid=download-cif]"));
            byte[] cifBytes = Files.readAllBytes(cif.path());
            var parsed = new CifReader().read("BaTiO3.cif", new ByteArrayInputStream(cifBytes));
            var s = parsed.get(0).structure();
            assertThat(s.composition().reducedFormula()).isEqualTo("BaTiO3");
            assertThat(s.composition()).isEqualTo(BATIO3.composition());
            assertThat(s.lattice().a()).isCloseTo(4.01, within(1e-6));
            assertThat(s.lattice().alpha()).isCloseTo(90, within(1e-6));
            assertThat(s.numSites()).isEqualTo(5);

            Download poscar = page.waitForDownload(() -> page.click("[data-testid=download-poscar]"));
            List<String> lines = Files.readAllLines(poscar.path(), StandardCharsets.UTF_8);
            assertThat(lines.get(1).strip()).isEqualTo("1.0");
            assertThat(lines.get(2).strip().split("\\s+")).containsExactly("4.0100000000", "0.0000000000", "0.0000000000");
            assertThat(lines.get(5).strip().split("\\s+")).containsExactly("Ba", "Ti", "O");
            assertThat(lines.get(6).strip().split("\\s+")).containsExactly("1", "1", "3");
            assertThat(lines.get(7)).isEqualTo("Direct");
            assertThat(lines).hasSize(13);
        }
    }

    @Test
    void aDisorderedStructureOffersCifWithOccupanciesAndExplainsWhyNoPoscar() throws Exception {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = open(ctx, disordered);
            assertThat(page.locator("[data-testid=download-poscar]").count()).isZero();
            assertThat(page.textContent("[data-testid=no-poscar]")).contains("partially occupied");
        }
        var poscar = tp.anonymous().get("/api/v1/entries/" + disordered + "/structure.poscar");
        assertThat(poscar.status()).isEqualTo(422);
        assertThat(poscar.json().path("detail").asString()).contains("M1").contains("partially occupied").contains("CIF");
        var cif = tp.anonymous().get("/api/v1/entries/" + disordered + "/structure.cif");
        assertThat(cif.status()).isEqualTo(200);
        var s = new CifReader().read("FeCo.cif", new ByteArrayInputStream(cif.bytes())).get(0).structure();
        assertThat(s.numSites()).isEqualTo(2);
        assertThat(s.sites().get(0).occupancy()).containsEntry(Elements.of("Fe"), 0.5).containsEntry(Elements.of("Co"), 0.5);
    }

    @Test
    void aPrivateEntrysStructureIsRefusedToAnAnonymousCaller() {
        for (String format : List.of("cif", "poscar")) {
            var r = tp.anonymous().get("/api/v1/entries/" + privateEntry + "/structure." + format);
            assertThat(r.status()).as(format).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Ba").doesNotContain("4.01");
        }
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            var response = page.navigate(tp.baseUrl() + "/api/v1/entries/" + privateEntry + "/structure.cif");
            assertThat(response.status()).isEqualTo(404);
        }
    }

    @Test
    void screenshotsAtDesktopAndPhoneWidthInBothLanguages() {
        for (String lang : List.of("en-GB", "ja-JP")) {
            String tag = lang.substring(0, 2);
            try (BrowserContext ctx = browser.desktop(lang)) {
                Page page = open(ctx, batio3);
                assertThat(inkedPixels(page)).isGreaterThan(5000);
                page.locator("[data-testid=structure]").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                        .setPath(Browser.SCREENSHOTS.resolve("structure-viewer-section-1440-" + tag + ".png")));
                Browser.screenshot(page, "structure-viewer-1440-" + tag);
            }
            try (BrowserContext ctx = browser.phone(lang)) {
                Page page = open(ctx, batio3);
                assertThat(inkedPixels(page)).isGreaterThan(5000);
                var box = page.locator("[data-testid=viewer-canvas]").boundingBox();
                assertThat(box.width).as("the viewer fits the phone").isLessThanOrEqualTo(390);
                assertThat(box.height).isGreaterThanOrEqualTo(280);
                assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("no sideways scrolling").isTrue();
                String before = picture(page);
                page.touchscreen().tap(box.x + 5, box.y + 5);
                Browser.screenshot(page, "structure-viewer-390-" + tag);
                assertThat(picture(page)).as("a tap on empty space does not turn the model").isEqualTo(before);
            }
        }
    }
}
