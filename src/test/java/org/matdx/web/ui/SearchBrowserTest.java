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

/** The search page's periodic table, facets and shareable URLs, and the element heat map, in Chromium. */
class SearchBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static TestPlatform.Person bob;
    static String rockSalt;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var alice = tp.person("alice");
        bob = tp.person("bob");
        var pub = tp.platform().catalog().createDataset(RequestContext.local(alice.caller(tp.platform())), new NewDataset("Solid electrolytes",
                "Pellets", null, "public", null, false, null, null));
        tp.platform().catalog().addEntries(RequestContext.local(alice.caller(tp.platform())), pub.id(), List.of(
                row("LLZO pellet", "Li7La3Zr2O12", 3.1e-4, null),
                row("LCO reference", "LiCoO2", 1e-6, null),
                row("ZnO film", "ZnO", 1e-9, null),
                row("LLTO cracked", "Li0.33La0.56TiO3", 1e-5, "cracked during sintering")));
        // a CIF that names its space group by symbol only: its entry is found by number and crystal system
        var ingested = new org.matdx.testing.Multipart().file("file", "rocksalt.cif", org.matdx.search.SpaceGroupSearchTest.NACL
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).send(alice.api(), "/api/v1/datasets/" + pub.id() + "/ingest");
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(201);
        rockSalt = ingested.json().get("entry").asString();
        var secret = tp.platform().catalog().createDataset(RequestContext.local(bob.caller(tp.platform())), new NewDataset("Bob's cathodes",
                "Unpublished", null, "private", null, false, null, null));
        tp.platform().catalog().addEntries(RequestContext.local(bob.caller(tp.platform())), secret.id(), List.of(
                row("Secret olivine", "LiFePO4", 1e-7, null)));
    }

    static NewEntry row(String title, String formula, double sigma, String failure) {
        return new NewEntry("property_row", title, formula,
                Map.of("ionic_conductivity", Json.object().put("value", sigma).put("unit", "S/cm")), Json.object(),
                Json.object(), Json.object(), null, failure == null ? null : "failed", failure, null);
    }


    private static String decoded(Page page) {
        return java.net.URLDecoder.decode(page.url(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> formulas(Page page) {
        return page.locator("[data-testid=results] td.formula").allTextContents().stream().map(String::strip).toList();
    }

    @Test
    void periodicTableIncludesAndExcludesElementsAndTheUrlCarriesTheSearch() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/");
            page.click(".ptable .el[data-el=Li]");
            page.click(".ptable .el[data-el=O]");
            page.click(".ptable .el[data-el=Zr]");
            page.click(".ptable .el[data-el=Zr]"); // second click: exclude
            page.click("[data-testid=search]");
            page.waitForURL("**/?**");
            assertThat(decoded(page)).contains("elements=Li,O").contains("exclude_elements=Zr").doesNotContain("q=");
            assertThat(formulas(page)).containsExactlyInAnyOrder("LiCoO2", "Li0.33La0.56TiO3");
            assertThat(page.textContent("[data-testid=count]")).contains("2 entries");
            Browser.screenshot(page, "search-periodic-table");

            // the URL alone reproduces the search, picker state included
            Page shared = ctx.newPage();
            shared.navigate(page.url());
            assertThat(formulas(shared)).containsExactlyInAnyOrder("LiCoO2", "Li0.33La0.56TiO3");
            assertThat(shared.getAttribute(".ptable .el[data-el=Zr]", "class")).contains("exc");
            assertThat(shared.getAttribute(".ptable .el[data-el=Li]", "class")).contains("inc");

            // a facet narrows the same search
            shared.click("[data-testid=facets] a:has-text('Failed')");
            shared.waitForURL("**outcome=failed**"); // on a loaded machine the old page can still be there
            assertThat(formulas(shared)).containsExactly("Li0.33La0.56TiO3");
            assertThat(decoded(shared)).contains("outcome=failed").contains("elements=Li,O");
        }
    }

    @Test
    void onlyModeAndPropertyRangesWithUnits() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/");
            page.selectOption("[data-testid=element-mode]", "only");
            page.click(".ptable .el[data-el=Zn]");
            page.click(".ptable .el[data-el=O]");
            page.click("[data-testid=search]");
            page.waitForURL("**only_elements=**");
            assertThat(formulas(page)).containsExactly("ZnO");

            page.navigate(tp.baseUrl() + "/?property=" + java.net.URLEncoder.encode("ionic_conductivity>0.01 mS/cm",
                    java.nio.charset.StandardCharsets.UTF_8));
            // 0.01 mS/cm = 1e-5 S/cm: only LLZO is above
            assertThat(formulas(page)).containsExactly("Li7La3Zr2O12");
        }
    }

    @Test
    void crystalSystemAndSpaceGroupAreSearchableAndTheFilesComeAsOneZip() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/");
            page.selectOption("[data-testid=crystal-system]", "cubic");
            page.click("[data-testid=search]");
            page.waitForURL("**crystal_system=cubic**");
            assertThat(formulas(page)).containsExactly("NaCl");
            // the raw files of what was found, one click away, through the same access checks as the API
            String zip = page.getAttribute("[data-testid=download-files]", "href");
            assertThat(zip).startsWith("/api/v1/search/files.zip?").contains("crystal_system=cubic");
            var download = tp.anonymous().get(zip);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.bytes()).startsWith((byte) 'P', (byte) 'K');

            page.navigate(tp.baseUrl() + "/entries/" + rockSalt);
            assertThat(page.textContent("[data-testid=space-group]").strip()).isEqualTo("F m -3 m (225), cubic");
            page.click("[data-testid=space-group] a");
            page.waitForURL("**space_group=225**");
            assertThat(formulas(page)).containsExactly("NaCl");
        }
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + rockSalt);
            assertThat(page.textContent("[data-testid=space-group]").strip()).isEqualTo("F m -3 m (225), 立方晶");
            page.navigate(tp.baseUrl() + "/?space_group=1..194");
            assertThat(formulas(page)).doesNotContain("NaCl");
        }
    }

    @Test
    void aBadQueryIsExplainedNextToTheFormNotAsAnErrorPage() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            var response = page.navigate(tp.baseUrl() + "/?property=band_gap%3Ewide");
            assertThat(response.status()).isEqualTo(400);
            assertThat(page.textContent("[data-testid=problems]")).contains("property").contains("band_gap>wide");
            assertThat(page.textContent("h1")).isEqualTo("エントリ検索");
            assertThat(page.isVisible("[data-testid=search-form]")).isTrue();
        }
    }

    @Test
    void privateEntriesAreFoundOnlyByThoseWhoMaySeeThem() {
        try (BrowserContext anonymous = browser.context("en-GB")) {
            Page page = anonymous.newPage();
            page.navigate(tp.baseUrl() + "/?elements=Fe");
            assertThat(page.textContent("[data-testid=count]")).contains("0 entries");
            assertThat(page.textContent("main")).doesNotContain("Secret olivine");
            page.navigate(tp.baseUrl() + "/?q=olivine");
            assertThat(page.textContent("main")).doesNotContain("Secret olivine");
            // facet counts do not betray it either
            page.navigate(tp.baseUrl() + "/");
            assertThat(page.locator("[data-testid=facets] a:has-text('Fe')").count()).isZero();
        }
        try (BrowserContext asBob = browser.context("en-GB")) {
            asBob.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + bob.token()));
            Page page = asBob.newPage();
            page.navigate(tp.baseUrl() + "/?elements=Fe");
            assertThat(formulas(page)).containsExactly("LiFePO4");
        }
    }

    @Test
    void elementHeatMapShowsAnyQuantityWithItsSource() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/elements");
            assertThat(page.textContent("[data-testid=heat-title]")).contains("HHI of production");
            String co = page.getAttribute("[data-testid=heatmap] .el[data-el=Co]", "style");
            String fe = page.getAttribute("[data-testid=heatmap] .el[data-el=Fe]", "style");
            assertThat(co).contains("background:#");
            assertThat(co).isNotEqualTo(fe); // Co (DR Congo) is far more concentrated than Fe
            Browser.screenshot(page, "elements-hhi");
            page.selectOption("[data-testid=quantity]", "crustal_abundance_mg_per_kg");
            page.waitForURL("**p=crustal_abundance_mg_per_kg");
            assertThat(page.textContent("[data-testid=legend]")).contains("mg/kg").contains("logarithmic");
            page.click("[data-testid=heatmap] .el[data-el=Li]");
            page.waitForURL("**/?elements=Li");
            assertThat(formulas(page)).contains("LiCoO2");
        }
    }
}
