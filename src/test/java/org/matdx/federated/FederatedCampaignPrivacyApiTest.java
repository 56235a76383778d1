package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A federated campaign under distributed DP between three real MatDX platforms over HTTP: the
 * privacy terms are in each node's answer to its administrator's join and in the consent of its audit
 * trail; the sums the coordinator decodes are noisy; each node answers no more statistics rounds than
 * the budget covers (counted from its own message log) and says so.
 */
class FederatedCampaignPrivacyApiTest {
    static final CampaignSpec SPEC = FederatedCampaignNodesApiTest.SPEC.withPrivacy(new CampaignSpec.Privacy(4, 1e-6, 2));
    static final List<FederatedCampaignNodesApiTest.Node> NODES = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int k = 0; k < 3; k++) {
            NODES.add(FederatedCampaignNodesApiTest.startNode(k));
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(n -> n.tp().close());
    }

    @Test
    void theTermsAreShownAtJoiningTheSumsAreNoisyAndTheBudgetIsEnforced() {
        for (var n : NODES) {
            var r = n.admin().api().post("/api/v1/federated/memberships", FederatedCampaignNodesApiTest.joinBody(n, "private", SPEC));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().get("spec").get("privacy").get("epsilon").asDouble()).isEqualTo(4);
            assertThat(r.json().get("privacy").asString()).contains("ε = 4.0").contains("no more than 2 rounds").contains("σ = ");
            String membership = r.json().get("id").asString();
            assertThat(n.tp().platform().audit().forObject("federation", membership))
                    .anyMatch(e -> e.action().equals("federation.join") && e.detail().path("privacy").asString().contains("ε = 4.0"));
        }
        CampaignCoordinator c = new CampaignCoordinator(SPEC, FederatedCampaignNodesApiTest.links(NODES, "private"), (a, b, x) -> { },
                Duration.ofSeconds(60), new SplittableRandom(1));
        for (int r = 0; r < 2; r++) {
            CampaignCoordinator.Round round = c.propose("dp" + r);
            // no trial yet in round 0, one per node in round 1: the decoded count is that plus noise of σ ≈ 8
            assertThat(Math.abs(round.sums()[0] - 3 * r)).isGreaterThan(1e-3);
            NODES.forEach(FederatedCampaignNodesApiTest::runTrials);
        }
        assertThatThrownBy(() -> c.propose("dp2")).isInstanceOf(Coordinator.Failed.class);
        // the node's answer to a third round, asked by hand: a 409 naming the budget
        var n = NODES.get(0);
        String base = "/api/v1/federated/memberships/private/sessions/dp9/";
        ObjectNode open = Json.object().put("party", 1).put("parties", 3);
        open.set("spec", SPEC.toJson());
        assertThat(n.coordinator().api().post(base + "open", open).status()).isEqualTo(200);
        var refused = n.coordinator().api().post(base + "round",
                "{\"round\": \"dp9/statistics\", \"kind\": \"statistics\", \"parties\": [1, 2, 3]}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("privacy budget is spent");
        JsonNode messages = n.admin().api().get("/api/v1/federated/memberships/private/messages?limit=500").json().get("messages");
        long rounds = 0;
        for (JsonNode m : messages) {
            rounds += m.get("step").asString().equals("round") ? 1 : 0;
        }
        assertThat(rounds).isEqualTo(2);
    }
}
