package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.RequestContext;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The OPTIMADE page in Chromium: one filter on this MatDX and on another MatDX instance and a
 * broken provider, side by side; a provider paged on its own; a hit imported into a dataset.
 */
class FederatedBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static final String PASSWORD = "correct horse battery";
    static TestPlatform home;
    static TestPlatform other;
    static com.sun.net.httpserver.HttpServer broken;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = world.browser();
        home = world.platform();
        other = TestPlatform.start(c -> c.withWorkers(0)).withServer();
        broken = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        broken.createContext("/", x -> {
            byte[] b = "<!doctype html><p>Down for maintenance".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        broken.start();

        var alice = world.account("alice", "Alice", PASSWORD);
        var mine = home.platform().catalog().createDataset(RequestContext.local(alice), new NewDataset("Alice's electrolytes", "", null, "private",
                null, false, null, null));
        var bob = other.person("bob");
        String open = bob.api().post("/api/v1/datasets", "{\"title\": \"Oxides\", \"access\": \"public\"}").json().get("id").asString();
        for (String[] s : List.of(new String[] {"Li2O", "4.61"}, new String[] {"Li2O2", "3.14"}, new String[] {"LiO2", "3.9"})) {
            var r = bob.api().post("/api/v1/datasets/" + open + "/entries", "{\"kind\": \"structure\", \"title\": \"" + s[0]
                    + " cell\", \"formula\": \"" + s[0] + "\", \"data\": {\"structure\": {\"lattice_vectors\": [[" + s[1] + ", 0, 0], [0, "
                    + s[1] + ", 0], [0, 0, " + s[1] + "]], \"sites\": [{\"label\": \"Li\", \"species\": {\"Li\": 1.0}, \"frac\": [0, 0, 0]}, "
                    + "{\"label\": \"O\", \"species\": {\"O\": 1.0}, \"frac\": [0.5, 0.5, 0.5]}]}}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        home.platform().optimadeProviders().replace(RequestContext.local(Bootstrap.SYSTEM), """
                {"data": [
                  {"type": "links", "id": "other", "attributes": {"name": "Other MatDX", "base_url": "%s/optimade"}},
                  {"type": "links", "id": "broken", "attributes": {"name": "Broken provider", "base_url": "http://127.0.0.1:%d/x"}}
                ]}""".formatted(other.baseUrl(), broken.getAddress().getPort()));
        assertThat(mine.title()).isEqualTo("Alice's electrolytes");
    }

    @AfterAll
    static void stop() {
        broken.stop(0);
        other.close();
    }

    @Test
    void searchesProvidersNextToLocalResultsPagesOneAndImportsAHit() {
        String importedId;
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, home.baseUrl(), "alice", PASSWORD);
            page.navigate(home.baseUrl() + "/");
            page.click("[data-testid=search-federated]"); // reached from the search page
            page.waitForURL("**/federated");
            page.fill("[data-testid=federated-filter]", "elements HAS \"Li\"");
            page.check("[data-testid=provider-other]");
            page.check("[data-testid=provider-broken]");
            page.click("[data-testid=federated-search]");
            page.waitForSelector("[data-testid=provider-result]");

            assertThat(page.locator("[data-testid=local-results]").getAttribute("data-status")).isEqualTo("ok");
            Locator ok = page.locator("[data-testid=provider-result][data-database=other]");
            assertThat(ok.getAttribute("data-status")).isEqualTo("ok");
            assertThat(ok.locator("[data-testid=provider-count]").textContent()).isEqualTo("3 found");
            assertThat(ok.locator("td.formula").allTextContents()).containsExactlyInAnyOrder("Li2O", "LiO", "LiO2");
            Locator failed = page.locator("[data-testid=provider-result][data-database=broken]");
            assertThat(failed.getAttribute("data-status")).isEqualTo("failed");
            assertThat(failed.locator("[data-testid=provider-failure]").textContent()).contains("not_json").contains("text/html")
                    .doesNotContain("maintenance");
            Browser.screenshot(page, "federated-search");

            // a filter MatDX's grammar refuses is explained next to the form, and nobody is asked
            page.fill("[data-testid=federated-filter]", "elements HAS");
            page.click("[data-testid=federated-search]");
            page.waitForSelector("[data-testid=federated-problem]");
            assertThat(page.textContent("[data-testid=federated-problem]")).contains("filter");
            assertThat(page.locator("[data-testid=provider-result]").count()).isZero();

            // the URL is the search: one provider paged on its own
            page.navigate(home.baseUrl() + "/federated?filter=" + java.net.URLEncoder.encode("elements HAS \"Li\"",
                    java.nio.charset.StandardCharsets.UTF_8) + "&providers=other&page_limit=2");
            assertThat(page.locator("[data-testid=hit]").count()).isEqualTo(2);
            List<String> first = page.locator("[data-testid=hit]").all().stream().map(l -> l.getAttribute("data-id")).toList();
            page.click("[data-testid=provider-next]");
            page.waitForURL("**after=**");
            assertThat(page.locator("[data-testid=hit]").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=provider-next]").count()).isZero();
            assertThat(page.locator("[data-testid=local-results]").count()).isZero();
            String lastId = page.locator("[data-testid=hit]").getAttribute("data-id");
            assertThat(first).hasSize(2).doesNotContain(lastId);

            // imported into her dataset, with where it came from
            page.selectOption("[data-testid=import-dataset]", new com.microsoft.playwright.options.SelectOption().setLabel("Alice's electrolytes"));
            page.click("[data-testid=import]");
            page.waitForURL("**/datasets/**");
            // the title it had there (MatDX serves it as _matdx_title), its id there kept as provenance
            assertThat(page.locator("[data-testid=entries] tbody tr")).satisfies(rows -> assertThat(rows.count()).isEqualTo(1));
            assertThat(page.locator("[data-testid=entries]").textContent()).containsPattern("Li2?O2? cell");
            importedId = lastId;
        }
        var entries = home.platform().db().read(h -> h.createQuery(
                "SELECT data #>> '{optimade,id}' AS id, data #>> '{optimade_provider,base_url}' AS base FROM entries WHERE data -> 'optimade' IS NOT NULL")
                .mapToMap().list());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("base")).isEqualTo(other.baseUrl() + "/optimade/v1");
        assertThat(entries.get(0).get("id")).isEqualTo(importedId);
    }

    @Test
    void visitorsSeeLocalResultsAndAreAskedToSignInForOthers() {
        try (BrowserContext ctx = browser.context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(home.baseUrl() + "/federated?filter=" + java.net.URLEncoder.encode("elements HAS \"Li\"",
                    java.nio.charset.StandardCharsets.UTF_8) + "&providers=other");
            assertThat(page.locator("[data-testid=federated-sign-in]").textContent()).contains("サインイン");
            assertThat(page.locator("[data-testid=provider-result]").count()).isZero();
            assertThat(page.locator("[data-testid=local-results]").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=import-form]").count()).isZero();
        }
    }
}
