package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.stability.ConvexHullTest;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/** /phase-diagram in Chromium: a Gibbs triangle for Li-Fe-O, energy against composition for Fe-O, in en and ja. */
class PhaseDiagramBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var p = tp.platform();
        Caller.Account aoi = world.account("aoi", "AOI", "hull walker 27");
        var ds = p.catalog().createDataset(RequestContext.local(aoi), new NewDataset("Li-Fe-O", "", null, "public", null, false, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (ConvexHullTest.Golden g : ConvexHullTest.PYMATGEN) {
            entries.add(new NewEntry("property_row", g.formula() + " " + g.energy(), g.formula(),
                    java.util.Map.of("formation_energy_per_atom", Json.object().put("value", g.energy()).put("unit", "eV/atom")),
                    null, null, null, null, null, null, null));
        }
        p.catalog().addEntries(RequestContext.local(aoi), ds.id(), entries);
    }

    @Test
    void aTernaryIsAGibbsTriangleWithTheHullFilledAndTieLines() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/elements");
            page.click("[data-testid=phase-link]");
            page.fill("[data-testid=system]", "Li-Fe-O");
            page.click("button[type=submit]");
            assertThat(page.getAttribute("[data-testid=diagram]", "data-kind")).isEqualTo("ternary");
            assertThat(page.locator("[data-testid=diagram] circle[data-stable=true]").count()).isEqualTo(5);
            assertThat(page.locator("[data-testid=diagram] circle").count()).isEqualTo(ConvexHullTest.PYMATGEN.size());
            // three sides and the tie lines between coexisting phases
            assertThat(page.locator("[data-testid=diagram] line").count()).isGreaterThan(3 + 4);
            assertThat(page.locator("[data-testid=phases] tbody tr").count()).isEqualTo(ConvexHullTest.PYMATGEN.size());
            assertThat(page.textContent("[data-testid=phases] tr:has(a:text-is('FeO2'))")).contains("0.417").contains("Fe2O3").contains("O");
            Browser.screenshot(page, "phase-diagram-li-fe-o");
        }
    }

    @Test
    void aBinaryDrawsEnergyAgainstCompositionInJapanese() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/phase-diagram?system=Fe-O");
            assertThat(page.getAttribute("[data-testid=diagram]", "data-kind")).isEqualTo("binary");
            // Fe2O3 and Fe3O4 on the hull; FeO and FeO2 above it
            assertThat(page.locator("[data-testid=diagram] circle[data-stable=true]").count()).isEqualTo(2);
            assertThat(page.locator("[data-testid=diagram] circle").count()).isEqualTo(4);
            assertThat(page.textContent("h1")).isEqualTo("状態図");
            Browser.screenshot(page, "phase-diagram-fe-o-ja");
            page.navigate(tp.baseUrl() + "/phase-diagram?system=Fe-Xx");
            assertThat(page.textContent("body")).contains("Xx");
        }
    }
}
