package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.core.RequestContext;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * Managing data in the browser (issue 29, item 3): an owner creates a dataset with authors and
 * keywords, uploads a file into it, publishes a version, reads its page and adds a DOI; forms
 * keep what was typed and show refusals next to their fields; a stale edit is refused; a reviewer
 * sees no control and a forged post changes nothing; visitors see public datasets only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetManagementBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String datasetId;
    static String otherPublicTitle = "Kai's open oxide data";
    static String privateTitle = "Kai's private notebook";

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        world.account("mio", "Mio Sato", "thin films 2026");
        world.account("ren", "Ren Ito", "reviewing 2026");
        var kai = world.account("kai", "Kai Ono", "oxides 2026");
        tp.platform().catalog().createDataset(RequestContext.local(kai), new NewDataset(otherPublicTitle, "", null, "public", null, false, null, null));
        tp.platform().catalog().createDataset(RequestContext.local(kai), new NewDataset(privateTitle, "", null, "private", null, false, null, null));
    }

    /** One value of the database, as text (what the pages must agree with). */
    static String sql(String query) {
        return tp.platform().db().read(h -> h.createQuery(query).mapTo(String.class).one());
    }

    @Test
    @Order(1)
    void anOwnerCreatesUploadsPublishesAndAddsADoi() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.setViewportSize(1440, 900);
            Browser.signIn(page, tp.baseUrl(), "mio", "thin films 2026");
            page.navigate(tp.baseUrl() + "/datasets");
            page.click("[data-testid=new-dataset]");
            page.waitForSelector("[data-testid=dataset-form]");

            // refused: no title, a mistyped ORCID iD on line 2 — each said next to its field, nothing typed lost
            String description = "Spin-coated <b>CsPbI3</b> films & their XRD; annealed at 350 °C.";
            page.fill("[data-testid=description]", description);
            page.fill("[data-testid=authors]", "Mio Sato | 0000-0002-1825-0097 | NIMS\nRen Ito | 0000-0002-1825-0098");
            page.fill("[data-testid=keywords]", "perovskite, thin film");
            page.click("[data-testid=save]");
            page.waitForSelector("[data-testid=error-title]:not(:empty)");
            assertThat(page.textContent("[data-testid=error-title]")).contains("1 to 500 characters");
            assertThat(page.textContent("[data-testid=error-authors]")).contains("Line 2").contains("ORCID");
            assertThat(page.inputValue("[data-testid=description]")).isEqualTo(description);
            assertThat(page.inputValue("[data-testid=keywords]")).isEqualTo("perovskite, thin film");
            assertThat(page.getAttribute("[data-testid=authors]", "aria-invalid")).isEqualTo("true");
            Browser.screenshot(page, "dataset-form-refused");
            assertThat(sql("SELECT count(*)::text FROM datasets WHERE owner_id = (SELECT id FROM users WHERE username = 'mio')")).isEqualTo("0");

            page.fill("[data-testid=title]", "CsPbI3 films <script>window.pwned = 1</script>");
            page.fill("[data-testid=authors]", "Mio Sato | 0000-0002-1825-0097 | NIMS\n\n<img src=x onerror=\"window.pwned=2\"> Ren Ito | | <i>Tohoku</i>");
            page.selectOption("[data-testid=access]", "public");
            page.click("[data-testid=save]");
            page.waitForSelector("[data-testid=owner-actions]");
            datasetId = page.url().replaceAll(".*/datasets/", "");
            assertThat(UUID.fromString(datasetId)).isNotNull();
            assertThat(page.textContent("h1")).isEqualTo("CsPbI3 films <script>window.pwned = 1</script>");
            assertThat(page.locator("[data-testid=authors] li").allTextContents()).hasSize(2);
            assertThat(page.textContent("[data-testid=authors]")).contains("Mio Sato").contains("ORCID 0000-0002-1825-0097")
                    .contains("(NIMS)").contains("<img src=x onerror=\"window.pwned=2\"> Ren Ito").contains("(<i>Tohoku</i>)");
            assertThat(page.locator("[data-testid=authors] a[href='https://orcid.org/0000-0002-1825-0097']").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=keywords] .badge").allTextContents()).containsExactly("perovskite", "thin film");
            assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
            assertThat(page.textContent("[data-testid=versions-empty]")).contains("No published version");

            // a file into it through the upload page, the dataset already chosen
            page.click("[data-testid=upload-link]");
            page.waitForSelector("[data-testid=template]");
            assertThat(page.inputValue("[data-testid=dataset]")).isEqualTo(datasetId);
            page.selectOption("[data-testid=template]", "xrd.xy");
            page.waitForSelector("[data-part='invoice.custom']");
            byte[] xy = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 3).getBytes(StandardCharsets.UTF_8);
            page.setInputFiles("[data-testid=files]", new FilePayload("film_1.xy", "text/plain", xy));
            page.fill("input[name='invoice.basic.data_name']", "CsPbI3 film 1");
            page.fill("input[name='invoice.basic.date']", "2026-11-20");
            page.fill("input[name='invoice.custom.tube_voltage']", "45");
            page.fill("input[name='invoice.sample.name']", "film-1");
            page.fill("input[name='invoice.sample.composition']", "CsPbI3");
            page.click("[data-testid=submit]");
            page.waitForSelector("[data-testid=result-link]");

            // publish: a DOI that is not one is refused next to the field, then publishing without one works
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            page.click("[data-testid=publish-link]");
            assertThat(page.textContent("[data-testid=publish-entries]")).isEqualTo("1");
            page.fill("[data-testid=doi]", "doi 10.12/abc");
            page.click("[data-testid=publish]");
            page.waitForSelector("[data-testid=error-doi]:not(:empty)");
            assertThat(page.textContent("[data-testid=error-doi]")).contains("10.1234/abcd");
            assertThat(page.inputValue("[data-testid=doi]")).isEqualTo("doi 10.12/abc");
            Browser.screenshot(page, "publish-refused");
            page.fill("[data-testid=doi]", "");
            page.click("[data-testid=publish]");
            page.waitForURL("**/versions/1");

            // the version's page: counts, checksum, authors, licence, citations — not JSON
            assertThat(page.textContent("[data-testid=pid]")).isEqualTo("matdx:ds/" + datasetId + "/v1");
            assertThat(page.textContent("[data-testid=entry-count]")).isEqualTo("1");
            String sha = sql("SELECT content_sha256 FROM dataset_versions WHERE dataset_id = '" + datasetId + "'");
            assertThat(page.textContent("[data-testid=checksum]")).contains(sha);
            assertThat(page.textContent("[data-testid=authors]")).contains("Mio Sato").contains("(NIMS)");
            assertThat(page.textContent("[data-testid=bibtex]")).contains("author = {Sato, Mio and")
                    .contains("title = {{CsPbI3 films <script>window.pwned = 1</script>}}");
            assertThat(page.textContent("[data-testid=ris]")).contains("TY  - DATA").contains("AU  - Sato, Mio");
            assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);

            // a DOI after publication: refused when malformed (kept, said next to the field), then stored
            page.fill("[data-testid=doi-input]", "10.5072 /matdx.films");
            page.click("[data-testid=doi-save]");
            page.waitForSelector("[data-testid=error-doi]:not(:empty)");
            assertThat(page.inputValue("[data-testid=doi-input]")).isEqualTo("10.5072 /matdx.films");
            page.fill("[data-testid=doi-input]", "https://doi.org/10.5072/matdx.films.1");
            page.click("[data-testid=doi-save]");
            page.waitForSelector("[data-testid=doi]");
            assertThat(page.textContent("[data-testid=doi]")).isEqualTo("10.5072/matdx.films.1");
            assertThat(page.textContent("[data-testid=bibtex]")).contains("doi = {10.5072/matdx.films.1}");
            Browser.screenshot(page, "version-page-owner");

            // the dataset page lists the version with its citations, no raw JSON link
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            assertThat(page.locator("[data-testid=version-list] tr[data-version='1']").textContent()).contains("10.5072/matdx.films.1")
                    .contains("BibTeX").contains("RIS").contains("DataCite").contains("RO-Crate");
            assertThat(page.locator("a[href$='/versions']").count()).isZero();
        }
    }

    @Test
    @Order(2)
    void aStaleEditIsRefusedAndKeepsWhatWasTyped() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page first = ctx.newPage();
            Browser.signIn(first, tp.baseUrl(), "mio", "thin films 2026");
            Page second = ctx.newPage();
            first.navigate(tp.baseUrl() + "/datasets/" + datasetId + "/edit");
            second.navigate(tp.baseUrl() + "/datasets/" + datasetId + "/edit");
            first.fill("[data-testid=title]", "CsPbI3 films, annealed");
            first.click("[data-testid=save]");
            first.waitForSelector("[data-testid=owner-actions]");
            assertThat(first.textContent("h1")).isEqualTo("CsPbI3 films, annealed");

            second.fill("[data-testid=title]", "CsPbI3 films, quenched");
            second.fill("[data-testid=keywords]", "perovskite, quench");
            second.click("[data-testid=save]");
            second.waitForSelector("[data-testid=error-form]");
            assertThat(second.textContent("[data-testid=error-form]")).contains("Someone changed this dataset");
            assertThat(second.inputValue("[data-testid=title]")).isEqualTo("CsPbI3 films, quenched");
            assertThat(second.inputValue("[data-testid=keywords]")).isEqualTo("perovskite, quench");
            Browser.screenshot(second, "dataset-edit-stale");
            assertThat(sql("SELECT title FROM datasets WHERE id = '" + datasetId + "'")).isEqualTo("CsPbI3 films, annealed");
        }
    }

    @Test
    @Order(3)
    void hostileFormsAreRefusedNextToTheirFields() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "mio", "thin films 2026");
            page.navigate(tp.baseUrl() + "/datasets/new");
            String csrf = page.getAttribute("[data-testid=dataset-form] input[name=_csrf]", "value");
            StringBuilder authors = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                authors.append("Author ").append(i).append(" | | Institute of Hostile Inputs ").append(i).append('\n');
            }
            var many = page.request().post(tp.baseUrl() + "/datasets/new", RequestOptions.create().setForm(
                    com.microsoft.playwright.options.FormData.create().set("_csrf", csrf).set("title", "x".repeat(100_000))
                            .set("description", "<script>alert(1)</script>".repeat(1000)).set("authors", authors.toString())
                            .set("access", "public")));
            assertThat(many.status()).isEqualTo(422);
            String html = many.text();
            assertThat(html).contains("At most 1,000 authors.").contains("Give a title of 1 to 500 characters.")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)</script>");
            var forgedLevel = page.request().post(tp.baseUrl() + "/datasets/new", RequestOptions.create().setForm(
                    com.microsoft.playwright.options.FormData.create().set("_csrf", csrf).set("title", "Forged level")
                            .set("access", "everyone-and-their-dog").set("embargo_until", "not a date")));
            assertThat(forgedLevel.status()).isEqualTo(422);
            assertThat(forgedLevel.text()).contains("Choose one of the access levels.");
        }
        assertThat(sql("SELECT count(*)::text FROM datasets WHERE owner_id = (SELECT id FROM users WHERE username = 'mio')")).isEqualTo("1");
    }

    @Test
    @Order(4)
    void aReviewerSeesNoControlsAndAForgedPostChangesNothing() {
        tp.platform().sharing().putCoworker(RequestContext.local(Bootstrap.SYSTEM), UUID.fromString(datasetId), "ren", "reviewer");
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "ren", "reviewing 2026");
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            assertThat(page.locator("[data-testid=authors]").count()).isEqualTo(1);
            assertThat(page.locator("[data-testid=owner-actions], [data-testid=access-form], [data-testid=dataset-delete]").count()).isZero();
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId + "/versions/1");
            assertThat(page.locator("[data-testid=doi-form]").count()).isZero();
            assertThat(page.textContent("[data-testid=doi]")).isEqualTo("10.5072/matdx.films.1");
            String csrf = page.getAttribute("header form.logout input[name=_csrf]", "value");

            // posting the forms directly: the policy refuses (403 page), nothing changes
            for (String path : new String[] {"/datasets/" + datasetId + "/edit", "/datasets/" + datasetId + "/publish",
                    "/datasets/" + datasetId + "/versions/1/doi"}) {
                var r = page.request().post(tp.baseUrl() + path, RequestOptions.create().setForm(com.microsoft.playwright.options.FormData.create()
                        .set("_csrf", csrf).set("title", "taken over").set("revision", "1").set("doi", "10.5072/taken")));
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(r.text()).contains("owner and co-authors");
            }
            assertThat(page.request().get(tp.baseUrl() + "/datasets/" + datasetId + "/edit").status()).isEqualTo(403);
            // a forged id is a 404, not an error
            assertThat(page.request().post(tp.baseUrl() + "/datasets/" + UUID.randomUUID() + "/edit", RequestOptions.create()
                    .setForm(com.microsoft.playwright.options.FormData.create().set("_csrf", csrf).set("title", "x"))).status()).isEqualTo(404);
            assertThat(page.request().post(tp.baseUrl() + "/datasets/not-an-id/publish", RequestOptions.create()
                    .setForm(com.microsoft.playwright.options.FormData.create().set("_csrf", csrf))).status()).isEqualTo(404);
            // without the page's CSRF token even the owner's session would be refused
            assertThat(page.request().post(tp.baseUrl() + "/datasets/new", RequestOptions.create()
                    .setForm(com.microsoft.playwright.options.FormData.create().set("title", "no token"))).status()).isEqualTo(403);
        }
        assertThat(sql("SELECT title || ' ' || (SELECT count(*) FROM dataset_versions v WHERE v.dataset_id = d.id)"
                + " || ' ' || (SELECT doi FROM dataset_versions v WHERE v.dataset_id = d.id) FROM datasets d WHERE id = '" + datasetId + "'"))
                .isEqualTo("CsPbI3 films, annealed 1 10.5072/matdx.films.1");
        assertThat(sql("SELECT count(*)::text FROM datasets WHERE title = 'no token'")).isEqualTo("0");
    }

    @Test
    @Order(5)
    void visitorsSeePublicDatasetsOnlyAndNoControls() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets");
            assertThat(page.textContent("[data-testid=datasets]")).contains(otherPublicTitle).contains("CsPbI3 films, annealed")
                    .doesNotContain(privateTitle);
            assertThat(page.locator("[data-testid=new-dataset]").count()).isZero();
            page.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            assertThat(page.textContent("[data-testid=authors]")).contains("Mio Sato");
            assertThat(page.locator("[data-testid=owner-actions], [data-testid=access-form], [data-testid=coworkers]").count()).isZero();
            page.navigate(tp.baseUrl() + "/datasets/new");
            assertThat(page.url()).contains("/login?next=%2Fdatasets%2Fnew");
        }
    }

    @Test
    @Order(6)
    void anOwnerExtendsAndLiftsAnEmbargoAndSetsTheirOrcid() {
        var mio = tp.platform().users().byUsername("mio").orElseThrow();
        var caller = new org.matdx.core.Caller.Account(mio, java.util.Map.of(), org.matdx.core.Scope.WRITE);
        String until = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusMonths(6).toString();
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("Embargoed films", "", null, "embargoed",
                java.time.LocalDate.parse(until), false, null, null));
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "mio", "thin films 2026");
            page.navigate(tp.baseUrl() + "/datasets/" + d.id());
            page.click("[data-testid=embargo-extend]");
            page.waitForLoadState();
            String extended = java.time.LocalDate.parse(until).plusYears(1).toString();
            assertThat(page.textContent("[data-testid=access]").strip()).isEqualTo("Embargoed");
            assertThat(page.textContent("dl.facts")).contains(extended);
            assertThat(page.locator("[data-testid=embargo-extend]").count()).as("one extension only").isZero();
            page.click("[data-testid=embargo-lift]");
            page.waitForSelector("[data-testid=access]:has-text('Public')");
            assertThat(page.locator("[data-testid=embargo-actions]").count()).isZero();

            page.click("[data-testid=profile-link]");
            page.fill("[data-testid=orcid]", "0000-0002-1825-0098");
            page.fill("[data-testid=display-name]", "Mio Sato (NIMS)");
            page.click("[data-testid=profile-save]");
            page.waitForSelector("[data-testid=error-orcid]:not(:empty)");
            assertThat(page.inputValue("[data-testid=display-name]")).isEqualTo("Mio Sato (NIMS)");
            assertThat(page.inputValue("[data-testid=orcid]")).isEqualTo("0000-0002-1825-0098");
            page.fill("[data-testid=orcid]", "https://orcid.org/0000-0002-1825-0097");
            page.click("[data-testid=profile-save]");
            page.waitForSelector("[data-testid=profile-saved]");
            assertThat(page.inputValue("[data-testid=orcid]")).isEqualTo("0000-0002-1825-0097");
            Browser.screenshot(page, "profile");
        }
        assertThat(sql("SELECT display_name || ' ' || orcid FROM users WHERE username = 'mio'")).isEqualTo("Mio Sato (NIMS) 0000-0002-1825-0097");
        assertThat(sql("SELECT string_agg(action, ',' ORDER BY seq) FROM audit_events WHERE object_id = '" + d.id() + "'"))
                .contains("dataset.embargo.extend").contains("dataset.embargo.lift");
    }

    @Test
    @Order(7)
    void screenshotsAtDesktopAndPhoneWidthInEnglishAndJapanese() {
        for (String lang : new String[] {"en", "ja"}) {
            for (int width : new int[] {1440, 390}) {
                try (BrowserContext ctx = width == 390 ? browser.phone(lang.equals("ja") ? "ja-JP" : "en-GB")
                        : browser.context(lang.equals("ja") ? "ja-JP" : "en-GB")) {
                    Page page = ctx.newPage();
                    if (width != 390) {
                        page.setViewportSize(1440, 900);
                    }
                    Browser.signIn(page, tp.baseUrl(), "mio", "thin films 2026");
                    for (String[] shot : new String[][] {{"/datasets/new", "dataset-new"}, {"/datasets/" + datasetId, "dataset-owner"},
                            {"/datasets/" + datasetId + "/edit", "dataset-edit"}, {"/datasets/" + datasetId + "/publish", "dataset-publish"},
                            {"/datasets/" + datasetId + "/versions/1", "dataset-version"}}) {
                        page.navigate(tp.baseUrl() + shot[0]);
                        if (width == 390) {
                            assertThat(PhoneBrowserTest.overflow(page)).as(shot[0] + " on a phone sticks out").isEmpty();
                        }
                        Browser.screenshot(page, shot[1] + "-" + lang + "-" + width);
                    }
                }
            }
        }
    }
}
