package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
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
 * The small traps a newcomer fell into (issue 29, item 10): signing in from the upload page, a
 * sort select that misstated the URL's sort, a sample refused only after upload with the message
 * at the bottom, and a y-axis title drawn over six-digit counts.
 */
class NewcomerTrapsBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var kaito = world.account("kaito", "Kaito Ono", "powder patterns");
        tp.platform().catalog().createDataset(RequestContext.local(kaito), new NewDataset("Kaito's titania powders", "", null, "private", null,
                false, null, null));
    }

    @Test
    void signingInFromTheUploadPageComesBackToIt() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/upload");
            page.click("[data-testid=upload-sign-in]");
            page.fill("input[name=username]", "kaito");
            page.fill("input[name=password]", "powder patterns");
            page.click("button[type=submit]");
            page.waitForSelector("header form.logout");
            assertThat(page.url()).isEqualTo(tp.baseUrl() + "/upload");
            assertThat(page.locator("#upload-form").count()).isOne();
            page.click("text=Sign out");
            // the header's link keeps a search's query too
            page.navigate(tp.baseUrl() + "/?elements=Ti,O&sort=title");
            page.click("header .login-link");
            page.fill("input[name=username]", "kaito");
            page.fill("input[name=password]", "powder patterns");
            page.click("button[type=submit]");
            page.waitForSelector("header form.logout");
            assertThat(page.url()).isEqualTo(tp.baseUrl() + "/?elements=Ti,O&sort=title");
        }
    }

    @Test
    void theSortSelectShowsTheSortOfTheUrl() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/?sort=-properties.band_gap");
            assertThat(page.inputValue("[data-testid=sort]")).isEqualTo("-properties.band_gap");
            assertThat(page.locator("[data-testid=sort] option:checked").textContent()).isEqualTo("band_gap, highest first");
            page.navigate(tp.baseUrl() + "/?sort=title");
            assertThat(page.locator("[data-testid=sort] option:checked").textContent()).isEqualTo("Title");
            page.navigate(tp.baseUrl() + "/?sort=nsites");
            assertThat(page.locator("[data-testid=sort] option:checked").textContent()).isEqualTo("nsites, lowest first");
            page.navigate(tp.baseUrl() + "/");
            assertThat(page.locator("[data-testid=sort] option:checked").textContent()).isEqualTo("Newest first");
            // choosing another sort and searching again keeps the one chosen
            page.navigate(tp.baseUrl() + "/?sort=-properties.band_gap");
            page.selectOption("[data-testid=sort]", "formula");
            page.click("[data-testid=search]");
            page.waitForURL("**sort=formula**");
            assertThat(page.inputValue("[data-testid=sort]")).isEqualTo("formula");
        }
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/?sort=-properties.band_gap");
            assertThat(page.locator("[data-testid=sort] option:checked").textContent()).isEqualTo("band_gapの大きい順");
        }
    }

    @Test
    void aSampleGivenByIdAndByNameIsRefusedNextToTheFieldBeforeUploadAndSixDigitCountsFitTheirAxis() {
        // counts up to about half a million, as a long synchrotron or 2D-detector scan gives
        String xy = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 5).lines()
                .map(l -> l.startsWith("#") ? l : scaled(l, 50))
                .collect(Collectors.joining("\n", "", "\n"));
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "kaito", "powder patterns");
            page.navigate(tp.baseUrl() + "/upload");
            page.selectOption("[data-testid=template]", "xrd.xy");
            page.waitForSelector("[data-part='invoice.custom']");
            page.setInputFiles("[data-testid=files]", new FilePayload("anatase_bright.xy", "text/plain",
                    xy.getBytes(StandardCharsets.UTF_8)));
            page.fill("input[name='invoice.basic.data_name']", "Bright anatase scan");
            page.fill("input[name='invoice.basic.date']", "2026-12-01");
            page.fill("input[name='invoice.sample.id']", "5f0c2d1e-0000-4000-8000-000000000001");
            page.fill("input[name='invoice.sample.name']", "TiO2-A");
            // said while typing, next to the sample ID, before anything is sent
            assertThat(page.textContent(".field-error[data-for='invoice.sample.id']")).contains("not both");
            page.click("[data-testid=submit]");
            assertThat(page.textContent(".field-error[data-for='invoice.sample.id']")).contains("not both");
            assertThat(page.locator("[data-testid=result]").count()).isZero();
            assertThat(entries()).isZero();
            Browser.screenshot(page, "upload-sample-conflict");

            page.fill("input[name='invoice.sample.id']", "");
            assertThat(page.textContent(".field-error[data-for='invoice.sample.id']")).isEmpty();
            page.fill("input[name='invoice.sample.composition']", "TiO2");
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=result-link]");
            assertThat(entries()).isOne();

            page.click("[data-testid=result-link]");
            page.waitForSelector(".plot canvas");
            // the axis is wide enough for its widest tick label, the tick marks and the gap, so the
            // title (drawn outside that width) cannot overlap the numbers
            var fit = (java.util.Map<?, ?>) page.evaluate("""
                    () => {
                      const u = document.querySelector('.plot').uplot, a = u.axes[1];
                      const c = document.createElement('canvas').getContext('2d');
                      c.font = a.font[0];
                      const ratio = a.font[2] / a.font[1];
                      const widest = Math.max(...a._values.map(v => c.measureText(String(v)).width)) * ratio;
                      return {size: a._size, needed: widest + a.ticks.size + a.gap, longest: a._values.reduce((x, y) => String(y).length > String(x).length ? y : x)};
                    }""");
            assertThat(String.valueOf(fit.get("longest")).replace(",", "")).hasSizeGreaterThanOrEqualTo(6);
            assertThat(((Number) fit.get("size")).doubleValue()).as(fit.toString())
                    .isGreaterThanOrEqualTo(((Number) fit.get("needed")).doubleValue());
            Browser.screenshot(page, "plot-six-digit-counts");
        }
    }

    @Test
    void theFootersApiLinkOpensTheInteractiveApiDescription() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/");
            page.click("[data-testid=api-docs-link]");
            page.waitForURL("**/api/docs");
            page.waitForSelector(".swagger-ui .opblock");
            assertThat(page.textContent(".swagger-ui")).contains("MatDX API").contains("/api/v1/models/{id}/predict")
                    .contains("/optimade/v1/structures");
            Browser.screenshot(page, "api-docs");
        }
    }

    private static String scaled(String line, double factor) {
        String[] xyPair = line.trim().split("\\s+");
        return xyPair[0] + " " + String.format(Locale.ROOT, "%.1f", Double.parseDouble(xyPair[1]) * factor);
    }

    private static long entries() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries").mapTo(Long.class).one());
    }
}
