package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
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
import tools.jackson.databind.JsonNode;

/** Train a model from the browser, see its cross-validation and importance, and predict with uncertainty. */
class ModelsBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var rin = world.account("rin", "Rin Kato", "band gaps all day");
        var d = tp.platform().catalog().createDataset(RequestContext.local(rin), new NewDataset("Rin's oxide gaps", "", null, "private", null,
                false, null, null));
        String[][] gaps = {{"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"},
                {"MgO", "7.8"}, {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
                {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"}};
        var entries = new java.util.ArrayList<NewEntry>();
        for (String[] g : gaps) {
            entries.add(new NewEntry("property_row", g[0], g[0], java.util.Map.of("band_gap",
                    Json.object().put("value", Double.parseDouble(g[1])).put("unit", "eV")), null, null, null, null, null, null, null));
        }
        tp.platform().catalog().addEntries(RequestContext.local(rin), d.id(), entries);
    }


    @Test
    void trainSeeMetricsAndPredict() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "rin", "band gaps all day");
            page.navigate(tp.baseUrl() + "/models");
            page.fill("[data-testid=train-target]", "band_gap");
            page.fill("input[name=name]", "Rin's gap model");
            page.click("[data-testid=train]");
            page.waitForSelector("[data-testid=trained-model]", new Page.WaitForSelectorOptions().setTimeout(180_000));
            page.click("[data-testid=trained-model]");
            page.waitForSelector("[data-testid=cv] tr.summary");
            assertThat(page.textContent("#model-name")).isEqualTo("Rin's gap model");
            assertThat(page.textContent("[data-testid=cv]")).contains("mean ± std");
            assertThat(page.locator("[data-testid=importance] .bar-row").count()).isBetween(5, 15);

            // parity plot: every training row's out-of-fold prediction against its measured value, and y = x
            page.waitForSelector("[data-testid=parity] canvas");
            String modelId = page.url().substring(page.url().lastIndexOf('/') + 1);
            var plotted = Json.read((String) page.evaluate("JSON.stringify(document.getElementById('parity-plot').uplot.data)"));
            var card = Json.read((String) page.evaluate("fetch('/api/v1/models/" + modelId + "').then(r => r.text())"));
            var oof = card.get("cross_validation").get("out_of_fold");
            assertThat(oof.get("actual").size()).isEqualTo(16);
            java.util.Map<String, Double> measured = new java.util.HashMap<>();
            for (int i = 0; i < 16; i++) {
                measured.put(oof.get("formula").get(i).asString(), oof.get("actual").get(i).asDouble());
            }
            assertThat(measured).containsEntry("ZnO", 3.37).containsEntry("SiO2", 8.9).containsEntry("CuO", 1.2).hasSize(16);
            var xs = plotted.get(0);
            var ps = plotted.get(1);
            var line = plotted.get(2);
            assertThat(xs.size()).isEqualTo(18); // the rows, and both ends of the y = x line
            java.util.List<Double> plottedPairs = new java.util.ArrayList<>();
            java.util.List<Double> storedPairs = new java.util.ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                assertThat(line.get(i).asDouble()).isEqualTo(xs.get(i).asDouble());
                if (i > 0) {
                    assertThat(xs.get(i).asDouble()).isGreaterThanOrEqualTo(xs.get(i - 1).asDouble());
                }
                if (!ps.get(i).isNull()) {
                    plottedPairs.add(xs.get(i).asDouble() * 1000 + ps.get(i).asDouble());
                }
            }
            for (int i = 0; i < 16; i++) {
                storedPairs.add(oof.get("actual").get(i).asDouble() * 1000 + oof.get("predicted").get(i).asDouble());
            }
            assertThat(plottedPairs).containsExactlyInAnyOrderElementsOf(storedPairs);
            // the predictions are out of fold: they are not the training values themselves
            assertThat(oof.get("predicted").get(0).asDouble()).isNotEqualTo(oof.get("actual").get(0).asDouble());
            page.hover("#parity-plot .u-over");
            assertThat(page.textContent("[data-testid=parity-point]")).containsPattern("^[A-Za-z0-9]+: [-0-9.]+ → [-0-9.]+ eV$");
            // lists carry no per-row predictions
            String list = (String) page.evaluate("fetch('/api/v1/models').then(r => r.text())");
            assertThat(list).contains("Rin's gap model").doesNotContain("out_of_fold");
            Browser.screenshot(page, "model-parity");
            page.fill("[data-testid=predict-formula]", "ZnO");
            page.click("[data-testid=predict]");
            page.waitForSelector("[data-testid=predicted]");
            assertThat(page.textContent("[data-testid=predicted]")).startsWith("ZnO: ").contains("±").contains("eV");
            assertThat(page.locator(".contributions li").count()).isPositive();
            assertThat(page.locator("[data-testid=in-domain]").count()).isOne();
            Browser.screenshot(page, "model");
            // issue 29: a metal asked of a model of oxides is said to be outside its domain, in red, with the reason
            page.fill("[data-testid=predict-formula]", "Fe");
            page.click("[data-testid=predict]");
            page.waitForSelector("[data-testid=outside-domain]");
            assertThat(page.textContent("[data-testid=outside-domain]")).contains("Outside the model's domain")
                    .contains("every training composition contains O");
            // the warning of a model no better than the mean, on its page and in the list, exactly when the card says so
            JsonNode shown = Json.read((String) page.evaluate("fetch('/api/v1/models/" + modelId + "').then(r => r.text())"));
            boolean useless = !shown.at("/skill/better_than_baseline").asBoolean();
            assertThat(page.locator("[data-testid=model-warning]").count()).isEqualTo(useless ? 1 : 0);
            Browser.screenshot(page, "model-outside-domain");

            // a model trained before out-of-fold predictions were kept still shows its card, without a parity plot
            tp.platform().db().run(h -> h.createUpdate("UPDATE models SET cv = (cv::jsonb - 'out_of_fold')::json WHERE id = :id")
                    .bind("id", java.util.UUID.fromString(modelId)).execute());
            page.reload();
            page.waitForSelector("[data-testid=parity-none]");
            assertThat(page.locator("[data-testid=cv] tr.summary").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=parity] canvas").count()).isZero();
            page.click("text=日本語");
            page.waitForSelector("[data-testid=parity-none]");
            assertThat(page.textContent("#cv h2")).isEqualTo("交差検証 (5 分割)");
            assertThat(page.textContent("[data-testid=parity-none]")).startsWith("パリティデータなし");
            assertThat(page.textContent("[data-testid=model-facts]")).contains("目的変数").contains("学習データ数");
            Browser.screenshot(page, "model-ja-no-parity");
        }
        // the model learned from a private dataset: what the page lists for an anonymous visitor does not show it
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/api/v1/models");
            assertThat(page.textContent("body")).doesNotContain("Rin's gap model");
        }
    }
}
