package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/** A researcher signs in, steps a simulated campaign, marks a trial failed and approves the next batch. */
class CampaignBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String campaignId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var ken = world.account("ken", "Ken Ito", "sinter sinter sinter");
        world.account("vera", "Vera Viewer", "viewer viewer viewer");
        var d = tp.platform().catalog().createDataset(RequestContext.local(ken), new NewDataset("Ken's sintering", "", null, "private", null,
                false, null, null));
        var c = tp.platform().campaigns().create(RequestContext.local(ken), d.id(), Json.read("""
                {"name": "Pellet density", "parameters": [
                   {"name": "temperature", "type": "continuous", "low": 900, "high": 1300, "unit": "°C"},
                   {"name": "hold_time", "type": "continuous", "low": 1, "high": 12, "unit": "h"}],
                 "objective": {"name": "relative_density", "goal": "maximize", "unit": "%"},
                 "batch": 2, "initial": 4, "approval": true, "stop": {"budget": 40},
                 "simulator": {"function": "peak", "noise": 0.2, "fail_above": {"temperature": 1200}}}"""));
        campaignId = c.id().toString();
        tp.platform().sharing().putCoworker(RequestContext.local(ken), d.id(), "vera", "reviewer");
        tp.platform().campaigns().simulate(RequestContext.local(ken), c.id(), 6);
    }


    @Test
    void stepTheCampaignAndActOnTrials() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            // not signed in: the private campaign does not exist
            assertThat(page.navigate(tp.baseUrl() + "/campaigns/" + campaignId).status()).isEqualTo(404);
            Browser.signIn(page, tp.baseUrl(), "ken", "sinter sinter sinter");
            page.navigate(tp.baseUrl() + "/campaigns");
            page.click("text=Pellet density");
            page.waitForSelector("[data-testid=progress] canvas");
            assertThat(page.locator("[data-testid=pareto]").count()).isZero(); // one objective: no Pareto plot
            int before = page.locator("[data-testid=trials] tbody tr").count();
            assertThat(before).isEqualTo(6);

            page.fill("input[name=experiments]", "4");
            page.click("[data-testid=simulate]");
            page.waitForURL("**/campaigns/" + campaignId);
            int run = page.locator("[data-testid=trials] tbody tr.trial-completed").count()
                    + page.locator("[data-testid=trials] tbody tr.trial-failed").count();
            assertThat(run).isEqualTo(10);
            assertThat(page.textContent("[data-testid=best]")).contains("trial").containsPattern("temperature = [0-9.,]+ °C");
            // parameters with their units and at most four significant digits
            assertThat(page.textContent("[data-testid=trials] tbody tr td.params").strip())
                    .matches("temperature = [0-9]{3,4}(\\.[0-9])? °C, hold_time = [0-9.]{1,5} h");
            // every run is in the progress plot: completed ones as points, failed ones as marks of their own
            page.waitForSelector("[data-testid=progress] canvas");
            int failed = page.locator("[data-testid=trials] tbody tr.trial-failed").count();
            Object plotted = page.evaluate("() => { const d = document.getElementById('plot-0').uplot.data;"
                    + " return [d[0].length, d[1].filter(v => v !== null).length, d[3].filter(v => v !== null).length]; }");
            assertThat(String.valueOf(plotted)).isEqualTo("[" + run + ", " + (run - failed) + ", " + failed + "]");
            assertThat(page.locator("[data-testid=progress] .u-legend").textContent()).contains("failed run");

            // the next batch waits for approval: approve one, mark the other failed
            tp.platform().campaigns().suggest(RequestContext.local(caller()), java.util.UUID.fromString(campaignId));
            page.reload();
            assertThat(page.locator("tr.trial-suggested").count()).isEqualTo(2);
            page.locator("tr.trial-suggested").first().locator("text=Approve").click();
            page.waitForURL("**/campaigns/" + campaignId);
            assertThat(page.locator("tr.trial-approved").count()).isEqualTo(1);
            int failedBefore = page.locator("tr.trial-failed").count();
            // a failed run needs its reason: the form does not go without one
            page.locator("tr.trial-suggested").first().locator("text=Mark failed").click();
            assertThat(page.locator("tr.trial-suggested").count()).isEqualTo(1);
            page.locator("tr.trial-suggested").first().locator("[data-testid=fail-reason]").fill("pellet cracked on cooling");
            page.locator("tr.trial-suggested").first().locator("text=Mark failed").click();
            page.waitForURL("**/campaigns/" + campaignId);
            assertThat(page.locator("tr.trial-failed").count()).isEqualTo(failedBefore + 1);
            assertThat(page.textContent("[data-testid=trials]")).contains("pellet cracked on cooling");
            Browser.screenshot(page, "campaign");
        }
        // a reviewer reads the campaign and sees no button they could not use
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "vera", "viewer viewer viewer");
            assertThat(page.navigate(tp.baseUrl() + "/campaigns/" + campaignId).status()).isEqualTo(200);
            assertThat(page.locator("[data-testid=trials] tbody tr").count()).isGreaterThan(10);
            assertThat(page.locator("[data-testid=trials] button").count()).isZero();
            assertThat(page.locator("[data-testid=simulate]").count()).isZero();
        }
    }

    @Test
    void severalObjectivesShowTheParetoFrontAndItsHypervolume() {
        var ken = caller();
        var d = tp.platform().catalog().createDataset(RequestContext.local(ken), new NewDataset("Ken's trade-offs", "", null, "private", null,
                false, null, null));
        var c = tp.platform().campaigns().create(RequestContext.local(ken), d.id(), Json.read("""
                {"name": "Density against grain size", "parameters": [
                   {"name": "temperature", "type": "continuous", "low": 900, "high": 1300},
                   {"name": "hold_time", "type": "continuous", "low": 1, "high": 12}],
                 "objectives": [{"name": "relative_density", "goal": "maximize", "unit": "%"},
                                {"name": "grain_size", "goal": "minimize", "unit": "um"}],
                 "batch": 3, "initial": 6, "stop": {"budget": 40},
                 "simulator": {"function": "peak", "noise": 0.5}}"""));
        tp.platform().campaigns().simulate(RequestContext.local(ken), c.id(), 12);
        var view = tp.platform().campaigns().view(RequestContext.local(ken), c.id());
        var completed = view.trials().stream().filter(t -> t.status() == org.matdx.optimize.TrialStatus.COMPLETED).toList();
        var front = view.paretoFront();
        assertThat(completed).hasSizeGreaterThanOrEqualTo(10);
        assertThat(front).isNotEmpty().hasSizeLessThan(completed.size());
        // the front as the page should show it: no completed trial is at least as dense and at most as coarse, and better in one
        for (var f : front) {
            double fd = f.value();
            double fg = f.results().get("grain_size").asDouble();
            assertThat(completed).noneMatch(o -> o.value() >= fd && o.results().get("grain_size").asDouble() <= fg
                    && (o.value() > fd || o.results().get("grain_size").asDouble() < fg));
        }
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "ken", "sinter sinter sinter");
            page.navigate(tp.baseUrl() + "/campaigns/" + c.id());
            page.waitForSelector("[data-testid=pareto-plot] canvas");
            assertThat(page.textContent("[data-testid=hypervolume]")).isEqualTo(UiFormat.num(view.hypervolume()));
            assertThat(view.hypervolume()).isPositive();
            assertThat(page.locator("[data-testid=pareto-front] tbody tr").count()).isEqualTo(front.size());
            // both objectives, in the header and as columns of the trials
            assertThat(page.textContent("[data-testid=objectives]")).contains("relative_density (%)").contains("grain_size (um)");
            assertThat(page.textContent("[data-testid=trials] thead")).contains("relative_density / %").contains("grain_size / um");
            for (var f : front) {
                assertThat(page.textContent("[data-testid=pareto-front]")).contains(UiFormat.num(f.results().get("grain_size").asDouble()));
            }
            // the plot holds every completed trial, the non-dominated ones as a second, joined series
            Object points = page.evaluate("() => { const d = document.getElementById('plot-pareto').uplot.data;"
                    + " return [d[1].filter(v => v !== null).length, d[2].filter(v => v !== null).length,"
                    + " d[0].every((v, i) => i === 0 || d[0][i - 1] <= v)]; }");
            assertThat(String.valueOf(points)).isEqualTo("[" + completed.size() + ", " + front.size() + ", true]");
            assertThat(page.locator("[data-testid=pareto-plot] .u-legend").textContent()).contains("relative_density / %")
                    .contains("non-dominated");
            Browser.screenshot(page, "campaign-pareto");
            page.click("text=日本語");
            assertThat(page.textContent("[data-testid=pareto] h2")).isEqualTo("パレートフロント");
        }
    }

    static org.matdx.core.Caller caller() {
        var u = tp.platform().users().byUsername("ken").orElseThrow();
        return new org.matdx.core.Caller.Account(u, java.util.Map.of(), org.matdx.core.Scope.ADMIN);
    }
}
