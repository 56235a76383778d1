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
import org.matdx.core.AuditEvent;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The owner names and removes co-workers on the dataset page: the list is stored (it survives a
 * reload), each change is in the audit trail, and the co-worker's access follows it.
 */
class DatasetCoworkersBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static String datasetId;
    static String entryId;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        var accounts = tp.platform().accounts();
        var u = accounts.createUser(Bootstrap.SYSTEM, "nao", "Nao Sato", null, null, "thin film owner", false);
        accounts.createUser(Bootstrap.SYSTEM, "mio", "Mio Kato", null, null, "reviewer of films", false);
        accounts.createUser(Bootstrap.SYSTEM, "gen", "Gen Ota", null, null, "coauthor of films", false);
        var nao = new Caller.Account(u, Map.of(), Scope.ADMIN);
        var d = tp.platform().catalog().createDataset(RequestContext.local(nao), new NewDataset("Nao's unpublished films", "", null, "private",
                null, false, null, null));
        datasetId = d.id().toString();
        entryId = tp.platform().catalog().addEntries(RequestContext.local(nao), d.id(), List.of(new NewEntry("property_row", "GaN film 12",
                "GaN", Map.of(), null, null, null, null, null, null, null))).get(0).id().toString();
    }


    private static List<AuditEvent> coworkerEvents() {
        return tp.platform().audit().forObject("dataset", datasetId).stream()
                .filter(e -> e.action().startsWith("dataset.coworker.")).toList();
    }

    @Test
    void ownerAddsAndRemovesCoworkersAndAccessFollows() {
        try (BrowserContext reviewerCtx = browser.context("en-GB"); BrowserContext ownerCtx = browser.context("en-GB");
             BrowserContext coauthorCtx = browser.context("en-GB")) {
            Page mio = reviewerCtx.newPage();
            Browser.signIn(mio, tp.baseUrl(), "mio", "reviewer of films");
            assertThat(mio.navigate(tp.baseUrl() + "/datasets/" + datasetId).status()).isEqualTo(404);

            Page owner = ownerCtx.newPage();
            Browser.signIn(owner, tp.baseUrl(), "nao", "thin film owner");
            owner.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            assertThat(owner.isVisible("[data-testid=coworkers-empty]")).isTrue();

            // an unknown user name: the API's refusal is shown, nothing is stored
            owner.fill("[data-testid=coworker-user]", "nobody");
            owner.click("[data-testid=coworker-add]");
            owner.waitForSelector("[data-testid=coworker-error]:not(:empty)");
            assertThat(owner.textContent("[data-testid=coworker-error]")).contains("nobody");
            assertThat(coworkerEvents()).isEmpty();

            owner.fill("[data-testid=coworker-user]", "mio");
            owner.selectOption("[data-testid=coworker-role]", "reviewer");
            owner.click("[data-testid=coworker-add]");
            owner.waitForSelector("[data-testid=coworker-list] tr[data-user=mio]");
            owner.fill("[data-testid=coworker-user]", "gen");
            owner.selectOption("[data-testid=coworker-role]", "coauthor");
            owner.click("[data-testid=coworker-add]");
            owner.waitForSelector("[data-testid=coworker-list] tr[data-user=gen]");
            owner.reload();
            assertThat(owner.textContent("[data-testid=coworker-list] tr[data-user=mio]")).contains("Mio Kato").contains("Reviewer");
            assertThat(owner.textContent("[data-testid=coworker-list] tr[data-user=gen]")).contains("Co-author");
            Browser.screenshot(owner, "dataset-coworkers");
            var events = coworkerEvents();
            assertThat(events).extracting(AuditEvent::action).containsExactly("dataset.coworker.put", "dataset.coworker.put");
            assertThat(events.get(0).actor()).isEqualTo("nao");
            assertThat(events.get(0).detail().get("user").asString()).isEqualTo("mio");
            assertThat(events.get(0).detail().get("role").asString()).isEqualTo("reviewer");

            // the reviewer now reads the private dataset and its entry
            assertThat(mio.navigate(tp.baseUrl() + "/datasets/" + datasetId).status()).isEqualTo(200);
            assertThat(mio.textContent("[data-testid=entries]")).contains("GaN film 12");
            assertThat(mio.locator("[data-testid=coworkers]").count()).isZero();
            assertThat(mio.navigate(tp.baseUrl() + "/entries/" + entryId).status()).isEqualTo(200);

            // the co-author sees who works on it but cannot change that (only the owner can)
            Page gen = coauthorCtx.newPage();
            Browser.signIn(gen, tp.baseUrl(), "gen", "coauthor of films");
            gen.navigate(tp.baseUrl() + "/datasets/" + datasetId);
            assertThat(gen.textContent("[data-testid=coworker-list]")).contains("mio");
            assertThat(gen.locator("[data-testid=coworker-form]").count()).isZero();
            assertThat(gen.locator("[data-testid=coworker-remove]").count()).isZero();

            // removed: gone after reload, audited, and the reviewer loses access
            owner.click("[data-testid=coworker-list] tr[data-user=mio] [data-testid=coworker-remove]");
            owner.waitForSelector("[data-testid=coworker-list] tr[data-user=mio]",
                    new Page.WaitForSelectorOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
            owner.reload();
            assertThat(owner.locator("[data-testid=coworker-list] tr[data-user=mio]").count()).isZero();
            assertThat(owner.locator("[data-testid=coworker-list] tr[data-user=gen]").count()).isEqualTo(1);
            assertThat(coworkerEvents()).extracting(AuditEvent::action).last().isEqualTo("dataset.coworker.remove");
            assertThat(mio.navigate(tp.baseUrl() + "/datasets/" + datasetId).status()).isEqualTo(404);
            assertThat(mio.navigate(tp.baseUrl() + "/entries/" + entryId).status()).isEqualTo(404);
        }
    }
}
