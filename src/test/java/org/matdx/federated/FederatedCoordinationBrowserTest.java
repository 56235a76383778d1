package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ArrayNode;

/**
 * The coordinator's page in Chromium: an administrator of the browser's platform starts a
 * federated campaign over three other MatDX platforms (own databases, HTTP, tokens and proofs),
 * watches it to the end, is told next to the form what is wrong with a bad one, and cancels a long
 * one; anyone else gets the API's refusal. (In this package for the nodes of
 * {@link FederatedCampaignNodesApiTest}.)
 */
class FederatedCoordinationBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static final String PASSWORD = "correct horse battery";
    static final String PAGE = "/admin/federated-coordinations";
    static final List<FederatedCampaignNodesApiTest.Node> NODES = new ArrayList<>();
    static TestPlatform home;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = world.browser();
        home = world.platform();
        home.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "Root", null, null, PASSWORD, true);
        world.account("alice", "Alice", PASSWORD);
        for (int k = 0; k < 3; k++) {
            NODES.add(FederatedCampaignNodesApiTest.startNode(k));
        }
        for (var n : NODES) {
            var r = n.admin().api().post("/api/v1/federated/memberships", FederatedCampaignNodesApiTest.joinBody(n, "viaui"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(n -> n.tp().close());
    }

    static String nodes(int count) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (int k = 0; k < count; k++) {
            var n = NODES.get(k);
            a.addObject().put("name", "node" + k).put("url", n.tp().baseUrl()).put("federation", "viaui")
                    .put("token", n.coordinator().token()).put("proof_key", n.proofKey());
        }
        return Json.write(a);
    }

    static void fill(Page page, int nodes, int rounds) {
        page.check("[data-testid=kind-campaign]");
        page.fill("[data-testid=coordination-spec]", Json.write(FederatedCampaignNodesApiTest.SPEC.toJson()));
        page.fill("[data-testid=coordination-nodes]", nodes(nodes));
        page.fill("[data-testid=coordination-rounds]", Integer.toString(rounds));
        page.fill("[data-testid=coordination-timeout]", "60");
    }

    @Test
    void anAdministratorStartsACampaignWatchesItsRoundsIsToldWhatIsWrongAndCancels() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            Browser.signIn(page, home.baseUrl(), "root", PASSWORD);
            page.navigate(home.baseUrl() + PAGE);
            assertThat(page.locator("[data-testid=coordinations-empty]").count()).isEqualTo(1);

            // two nodes are too few: said next to the form, which keeps what was typed
            fill(page, 2, 2);
            page.click("[data-testid=coordination-start]");
            page.waitForSelector("[data-testid=coordination-problem]");
            assertThat(page.textContent("[data-testid=coordination-problem]")).contains("nodes").contains("3-32");
            assertThat(page.inputValue("[data-testid=coordination-rounds]")).isEqualTo("2");
            assertThat(page.isChecked("[data-testid=kind-campaign]")).isTrue();
            assertThat(page.locator("[data-testid=coordination-row]").count()).isZero();

            // a spec that is not JSON is named
            page.fill("[data-testid=coordination-spec]", "{\"density\": ");
            page.click("[data-testid=coordination-start]");
            page.waitForSelector("[data-testid=coordination-problem]");
            assertThat(page.textContent("[data-testid=coordination-problem]")).contains("spec").contains("not JSON");

            // two rounds over three nodes, watched until they end (the page refreshes itself while it runs)
            fill(page, 3, 2);
            page.click("[data-testid=coordination-start]");
            page.waitForURL("**" + PAGE + "/k*");
            String id = page.url().substring(page.url().lastIndexOf('/') + 1);
            page.waitForSelector("[data-testid=coordination][data-state=finished]", new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(page.textContent("[data-testid=coordination-progress]")).isEqualTo("2 / 2");
            assertThat(page.locator("[data-testid=coordination-round]").count()).isEqualTo(2);
            for (String participants : page.locator("[data-testid=coordination-round] td:nth-child(2)").allTextContents()) {
                assertThat(participants).contains("node0").contains("node1").contains("node2");
            }
            assertThat(page.locator("[data-testid=round-summary]").allTextContents()).allMatch(s -> s.startsWith("explore"));
            assertThat(page.locator("[data-testid=round-dropped]").allTextContents()).allMatch(String::isBlank);
            assertThat(page.locator("[data-testid=coordination-cancel]").count()).isZero(); // ended: nothing to cancel
            // every node recorded both rounds' suggestions in its own campaign
            for (var n : NODES) {
                assertThat(n.admin().api().get("/api/v1/campaigns/" + n.campaign()).json().get("trials")).hasSize(2);
            }
            // no token or proof key on the page (the form that was sent is not shown again)
            String html = page.content();
            page.navigate(home.baseUrl() + PAGE);
            html += page.content();
            for (var n : NODES) {
                assertThat(html).doesNotContain(n.coordinator().token()).doesNotContain(n.proofKey());
            }
            assertThat(page.locator("[data-testid=coordination-row][data-id=" + id + "] .badge").textContent()).isEqualTo("finished");
            Browser.screenshot(page, "federated-coordinations");

            // a long campaign, cancelled: it stops after the round it is in
            fill(page, 3, 1000);
            page.click("[data-testid=coordination-start]");
            page.waitForURL("**" + PAGE + "/k*");
            assertThat(page.url()).doesNotEndWith(id);
            page.click("[data-testid=coordination-cancel]");
            page.waitForSelector("[data-testid=coordination][data-state=cancelled]", new Page.WaitForSelectorOptions().setTimeout(90_000));
            int done = Integer.parseInt(page.textContent("[data-testid=coordination-progress]").split(" / ")[0]);
            assertThat(done).isLessThan(1000);
            Browser.screenshot(page, "federated-coordination-cancelled");
        }
    }

    @Test
    void anyoneButAnAdministratorGetsTheApisRefusal() {
        try (BrowserContext ctx = browser.context("en-GB")) {
            Page page = ctx.newPage();
            var anonymous = page.navigate(home.baseUrl() + PAGE);
            assertThat(anonymous.status()).isEqualTo(home.anonymous().get("/api/v1/federated/coordinations").status()).isEqualTo(401);
            assertThat(page.locator("[data-testid=coordination-form]").count()).isZero();

            Browser.signIn(page, home.baseUrl(), "alice", PASSWORD);
            var refused = page.navigate(home.baseUrl() + PAGE);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(page.locator("[data-testid=coordination-form]").count()).isZero();
            var api = home.person("bob").api().get("/api/v1/federated/coordinations");
            assertThat(api.status()).isEqualTo(403);
            String reason = Json.read(api.body()).get("detail").asString();
            assertThat(page.textContent(".error-box")).contains(reason);
            assertThat(page.navigate(home.baseUrl() + PAGE + "/k0123").status()).isEqualTo(403);
        }
    }
}
