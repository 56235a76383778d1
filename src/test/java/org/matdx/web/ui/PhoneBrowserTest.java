package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main pages on a phone held upright (390 CSS px), in English and Japanese: the page never
 * scrolls sideways (wide content scrolls inside its own box), the periodic-table buttons are
 * touch targets of at least 32 × 32 px, and a diffraction pattern is tall enough to read.
 */
class PhoneBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static String entryId;

    static final int PHONE_WIDTH = 390;
    /** Below this a finger hits the neighbour; WCAG 2.5.8 asks 24 px, the platforms' guides 44–48. */
    static final double TOUCH_TARGET_PX = 32;

    @BeforeAll
    static void start() {
        tp = world.platform();
        var caller = tp.person("alice").caller(tp.platform());
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("XRD of ZnO films", "Sputtered films", null,
                "public", null, false, null, null));
        ObjectNode data = Json.object();
        var series = data.putArray("series").addObject().put("name", "scan 1");
        var xa = series.putObject("x").put("name", "2θ").put("unit", "°").putArray("values");
        var ya = series.putArray("y").addObject().put("name", "intensity").put("unit", "counts").putArray("values");
        for (int i = 0; i < 400; i++) {
            double x = 20 + i * 0.1;
            xa.add(x);
            ya.add(100 + 5000 * Math.exp(-Math.pow((x - 34.4) / 0.15, 2)));
        }
        entryId = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("measurement", "ZnO film 7", "ZnO",
                Map.of("thickness", Json.object().put("value", 120).put("unit", "nm")), Json.object().put("operator", "alice"),
                Json.object().put("wavelength", 1.5406), data, null, null, null, null)))
                .get(0).id().toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-GB", "ja-JP"})
    void mainPagesFitAPhoneWithoutSidewaysScrolling(String locale) {
        String lang = locale.substring(0, 2);
        try (BrowserContext ctx = world.browser().phone(locale)) {
            Page page = ctx.newPage();
            for (String path : List.of("/", "/?elements=Zn", "/datasets", "/elements", "/models", "/campaigns",
                    "/entries/" + entryId, "/upload")) {
                page.navigate(tp.baseUrl() + path);
                page.waitForLoadState();
                assertThat(overflow(page)).as("%s in %s scrolls sideways: widest things", path, lang).isEmpty();
                Browser.screenshot(page, "phone-" + lang + "-" + (path.equals("/") ? "search"
                        : path.replace(entryId, "entry").replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-GB", "ja-JP"})
    void periodicTableButtonsAreTouchTargets(String locale) {
        try (BrowserContext ctx = world.browser().phone(locale)) {
            Page page = ctx.newPage();
            for (String path : List.of("/", "/elements")) {
                page.navigate(tp.baseUrl() + path);
                var buttons = page.locator(".ptable .el");
                assertThat(buttons.count()).as(path).isGreaterThanOrEqualTo(118);
                for (String el : List.of("H", "Zn", "Og", "Lu", "Lr")) {
                    var box = page.locator(".ptable .el[data-el=" + el + "]").boundingBox();
                    assertThat(box.width).as("%s: width of %s", path, el).isGreaterThanOrEqualTo(TOUCH_TARGET_PX);
                    assertThat(box.height).as("%s: height of %s", path, el).isGreaterThanOrEqualTo(TOUCH_TARGET_PX);
                }
                // the table scrolls inside its own box: the far column is reachable and the page stays put
                page.locator(".ptable .el[data-el=Og]").scrollIntoViewIfNeeded();
                page.locator(".ptable .el[data-el=Og]").click(new com.microsoft.playwright.Locator.ClickOptions().setTrial(true));
                assertThat(overflow(page)).as(path).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en-GB", "ja-JP"})
    void aDiffractionPatternIsTallEnoughToRead(String locale) {
        try (BrowserContext ctx = world.browser().phone(locale)) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/entries/" + entryId);
            page.waitForSelector(".plot canvas");
            var canvas = page.locator(".plot canvas").first().boundingBox();
            assertThat(canvas.height).as("plot canvas height").isGreaterThanOrEqualTo(200);
            assertThat(canvas.x + canvas.width).as("plot's right edge").isLessThanOrEqualTo(PHONE_WIDTH);
            Browser.screenshot(page, "phone-plot-" + locale.substring(0, 2));
        }
    }

    /** Empty when the page is no wider than the window; otherwise the elements sticking out, to name the culprit. */
    @SuppressWarnings("unchecked")
    static List<String> overflow(Page page) {
        // not innerWidth: a mobile Chromium widens its layout viewport to what the page needs
        return (List<String>) page.evaluate("""
                (width) => {
                  if (document.documentElement.scrollWidth <= width && window.innerWidth <= width) return [];
                  // what sticks out of a box that scrolls (a periodic table, a wide table) is fine
                  const insideScrollBox = el => {
                    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                      if (getComputedStyle(a).overflowX !== 'visible') return true;
                    }
                    return false;
                  };
                  const out = [];
                  for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > width + 0.5 && !insideScrollBox(el)) {
                      const p = el.parentElement.getBoundingClientRect();
                      if (p.right <= width + 0.5 || out.length === 0)
                        out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
                    }
                  }
                  return out.length ? out.slice(0, 12) : ['scrollWidth ' + document.documentElement.scrollWidth];
                }""", PHONE_WIDTH);
    }
}
