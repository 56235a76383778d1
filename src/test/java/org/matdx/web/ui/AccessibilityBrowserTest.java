package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.RequestContext;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29: an accessibility check of every page. axe-core (Deque, MPL-2.0, a test-scope WebJar
 * never shipped) runs inside each page of the demo platform — the pages {@code matdx up} shows — in
 * English and Japanese, for a visitor and for signed-in users, and any "serious" or "critical"
 * violation fails the test with its rule, the elements concerned and the page.
 *
 * <p>The pages are found as a user finds them: the header's pages, then one page of each shape
 * linked from them (a dataset, a version, a campaign, a product, a passport, a model, a sample,
 * the lending page …), and one entry of each sort the demo holds (an XRD scan, an image or
 * spectrum, a structure, a property row, a calculation, a failed run), plus a search with results
 * and the error page.
 */
class AccessibilityBrowserTest {
    static TestPlatform tp;
    static Browser browser;
    static String axe;
    static List<String> pages;
    static Map<String, String> entrySorts;
    static final String ADMIN_PASSWORD = "accessibility-admin-2026";
    /** The demo accounts' password (platform.demo.DemoPeople, README). */
    static final String DEMO_PASSWORD = "matdx-demo-2026";

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.launch();
        tp = TestPlatform.start(c -> c.withDemo(true)).withServer();
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "a11y-admin", "Accessibility administrator", null, null,
                ADMIN_PASSWORD, true);
        // the demo holds no microscope data: one spectrum image, so that an image entry's page is checked too
        var microscopist = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "a11y-microscopist", "Microscopist", null, null,
                ADMIN_PASSWORD, false);
        var caller = new org.matdx.core.Caller.Account(microscopist, Map.of(), org.matdx.core.Scope.ADMIN);
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new org.matdx.catalog.NewDataset("EELS maps", "", null, "public",
                null, false, null, null));
        double[] v = new double[8 * 6 * 20];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + (i * 37 % 11);
        }
        var ingest = tp.platform().ingest();
        var staged = ingest.stage("map.dm4", new java.io.ByteArrayInputStream(
                org.matdx.formats.em.DmFixture.spectrumImage(8, 6, 20, v, 0.8)), false);
        var stored = ingest.ingestFile(RequestContext.local(caller), d.id(), staged, List.of(), new org.matdx.ingest.Ingest.Options("auto",
                org.matdx.core.Json.read("{\"basic\": {\"data_name\": \"EELS map\", \"date\": \"2026-11-20\"}}"), "en"));
        assertThat(stored.ok()).as(String.valueOf(stored.error())).isTrue();
        try (InputStream in = AccessibilityBrowserTest.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe-core on the test class path").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        pages = discover();
    }

    @AfterAll
    static void stop() {
        if (tp != null) {
            tp.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** A path's shape: ids and version numbers replaced, so that one page of each shape is checked. */
    static String shape(String path) {
        String p = path.replaceAll("[?#].*", "");
        p = UUID.matcher(p).replaceAll("{id}");
        return p.replaceAll("/(versions|passports)/[^/]+", "/$1/{n}");
    }

    static List<String> discover() {
        List<String> fixed = List.of("/", "/?elements=O", "/?elements=Li&q=&sort=-properties.band_gap", "/datasets",
                "/elements", "/upload", "/models", "/campaigns", "/products", "/federated", "/login",
                "/admin/optimade-providers", "/phase-diagram", "/no-such-page");
        Set<String> shapes = new java.util.HashSet<>();
        fixed.forEach(f -> shapes.add(shape(f)));
        List<String> found = new ArrayList<>();
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "alice", DEMO_PASSWORD);
            List<String> toVisit = new ArrayList<>(fixed);
            for (int i = 0; i < toVisit.size() && i < 60; i++) {
                page.navigate(tp.baseUrl() + toVisit.get(i));
                @SuppressWarnings("unchecked")
                List<String> links = (List<String>) page.evaluate("() => [...document.querySelectorAll('main a[href^=\"/\"]')]"
                        + ".map(a => a.getAttribute('href'))");
                for (String href : links) {
                    if (href.startsWith("/api/") || href.startsWith("/optimade/") || href.startsWith("/lang/")
                            || href.startsWith("/static/") || href.startsWith("/webjars/") || href.contains("/qr.png")
                            || href.startsWith("/login?") || href.startsWith("/entries/")) {
                        continue;
                    }
                    if (shapes.add(shape(href))) {
                        found.add(href);
                        toVisit.add(href);
                    }
                }
            }
        }
        // pages reached from one particular dataset or product: a published version, lending, a passport
        var api = new org.matdx.testing.ApiClient(tp.baseUrl(), Bootstrap.adminToken(tp.platform()));
        for (JsonNode d : api.get("/api/v1/datasets?limit=200").json().path("items")) {
            String id = d.path("id").asString();
            JsonNode versions = api.get("/api/v1/datasets/" + id + "/versions").json();
            JsonNode list = versions.isArray() ? versions : versions.path("items");
            if (list.size() > 0 && shapes.add("/datasets/{id}/versions/{n}")) {
                found.add("/datasets/" + id + "/versions/" + list.get(0).path("number").asInt(1));
                found.add("/datasets/" + id + "/lending");
                shapes.add("/datasets/{id}/lending");
            }
        }
        for (JsonNode product : api.get("/api/v1/products").json().path("items")) {
            String id = product.path("id").asString();
            JsonNode passports = api.get("/api/v1/products/" + id + "/passports").json();
            JsonNode list = passports.isArray() ? passports : passports.path("items");
            if (list.size() > 0 && shapes.add("/products/{id}/passports/{n}")) {
                found.add("/products/" + id + "/passports/" + list.get(0).path("version").asInt(1));
            }
        }
        // the demo trains its models in the background: wait (up to two minutes) for one to show
        long until = System.nanoTime() + 120_000_000_000L;
        JsonNode models = api.get("/api/v1/models").json().path("items");
        while (models.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            models = api.get("/api/v1/models").json().path("items");
        }
        if (!models.isEmpty() && shapes.add("/models/{id}")) {
            found.add("/models/" + models.get(0).path("id").asString());
        }
        List<String> out = new ArrayList<>(fixed);
        out.addAll(found);
        Map<String, String> entries = entriesOfEachSort();
        entrySorts = entries;
        System.out.println("entries checked, one of each sort: " + entries);
        out.addAll(entries.values());
        for (String entry : entries.values()) {
            String sample = api.get("/api/v1" + entry).json().path("sample").asString("");
            if (!sample.isEmpty() && shapes.add("/samples/{id}")) {
                out.add("/samples/" + sample);
            }
        }
        return List.copyOf(out);
    }

    /** One entry page of each sort in the demo: kinds, failed runs, and entries with series, signals or structures. */
    static Map<String, String> entriesOfEachSort() {
        Map<String, String> chosen = new LinkedHashMap<>();
        var api = new org.matdx.testing.ApiClient(tp.baseUrl(), Bootstrap.adminToken(tp.platform()));
        JsonNode items = api.get("/api/v1/search?limit=200").json().path("items");
        String next = null;
        List<JsonNode> all = new ArrayList<>();
        items.forEach(all::add);
        for (String kind : List.of("measurement", "structure", "property_row", "calculation", "file")) {
            api.get("/api/v1/search?kind=" + kind + "&limit=100").json().path("items").forEach(all::add);
        }
        api.get("/api/v1/search?outcome=failed&limit=5").json().path("items").forEach(all::add);
        for (JsonNode item : all) {
            String id = item.path("id").asString();
            JsonNode e = api.get("/api/v1/entries/" + id).json();
            JsonNode data = e.path("data");
            String sort = e.path("kind").asString() + (data.has("series") ? "+series" : "") + (data.has("signals") ? "+signals" : "")
                    + (data.has("structure") ? "+structure" : "") + (data.has("peaks") ? "+peaks" : "")
                    + ("failed".equals(e.path("outcome").asString()) ? "+failed" : "") + (e.hasNonNull("sample") ? "+sample" : "");
            chosen.putIfAbsent(sort, "/entries/" + id);
            if (next == null) {
                next = id;
            }
        }
        return chosen;
    }

    record Violation(String page, String who, String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return who + " " + page + ": " + impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    static List<Violation> audit(String locale, String who) {
        return audit(locale, who, pages);
    }

    @SuppressWarnings("unchecked")
    static List<Violation> audit(String locale, String who, List<String> pages) {
        List<Violation> found = new ArrayList<>();
        try (BrowserContext ctx = browser.context(locale)) {
            // an init script is injected through the DevTools protocol, which the Content-Security-Policy does not govern
            ctx.addInitScript(axe);
            Page page = ctx.newPage();
            if (who.equals("alice")) {
                Browser.signIn(page, tp.baseUrl(), "alice", DEMO_PASSWORD);
            } else if (who.equals("admin")) {
                Browser.signIn(page, tp.baseUrl(), "a11y-admin", ADMIN_PASSWORD);
            }
            for (String path : pages) {
                page.navigate(tp.baseUrl() + path);
                page.waitForLoadState();
                page.waitForTimeout(200); // plots and the structure viewer draw after load
                List<Map<String, Object>> v = (List<Map<String, Object>>) page.evaluate("""
                        async () => {
                          const r = await axe.run(document, { resultTypes: ['violations'] });
                          return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                            .map(v => ({ rule: v.id, impact: v.impact, help: v.help,
                                         targets: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)) }));
                        }""");
                for (Map<String, Object> m : v) {
                    found.add(new Violation(path, who + "/" + locale, (String) m.get("rule"), (String) m.get("impact"),
                            (String) m.get("help"), (List<String>) m.get("targets")));
                }
            }
            Browser.screenshot(page, "accessibility-last-page-" + who + "-" + locale);
        }
        return found;
    }

    @Test
    void thePagesFoundAreEveryKindOfPage() {
        List<String> shapes = pages.stream().map(AccessibilityBrowserTest::shape).toList();
        assertThat(shapes).contains("/", "/datasets", "/datasets/{id}", "/datasets/{id}/versions/{n}", "/elements",
                "/phase-diagram", "/models", "/campaigns", "/campaigns/{id}", "/products", "/products/{id}",
                "/products/{id}/passports/{n}", "/upload", "/login", "/datasets/{id}/lending", "/admin/optimade-providers",
                "/federated", "/no-such-page", "/models/{id}", "/samples/{id}");
        assertThat(entrySorts).as("entries of each sort").containsKeys("structure+structure", "measurement+series+peaks",
                "property_row", "calculation");
        assertThat(entrySorts.keySet()).as("an image entry").anyMatch(k -> k.contains("+signals"));
    }

    @Test
    void noPageHasASeriousOrCriticalViolationInEnglishOrJapaneseSignedInOrNot() {
        List<Violation> found = new ArrayList<>();
        found.addAll(audit("en-GB", "visitor"));
        found.addAll(audit("ja-JP", "visitor"));
        found.addAll(audit("en-GB", "alice"));
        found.addAll(audit("ja-JP", "alice"));
        // what only an administrator sees: the provider list's editor
        found.addAll(audit("en-GB", "admin", List.of("/admin/optimade-providers", "/upload", "/datasets")));
        StringBuilder report = new StringBuilder("pages checked: " + pages.size() + " " + pages + "\n");
        found.forEach(v -> report.append(v).append('\n'));
        System.out.println(report);
        assertThat(found).as(report.toString()).isEmpty();
    }
}
