package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.ApiClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator over HTTP: three real MatDX platforms join a federated campaign and the first of
 * them also coordinates it, started and watched through {@code /api/v1/federated/coordinations} by
 * its administrator; then what anonymous, non-administrator and careless or hostile callers send.
 */
class FederatedCoordinationsApiTest {
    static final List<FederatedCampaignNodesApiTest.Node> NODES = new ArrayList<>();
    static final String PATH = "/api/v1/federated/coordinations";

    @BeforeAll
    static void start() {
        for (int k = 0; k < 3; k++) {
            NODES.add(FederatedCampaignNodesApiTest.startNode(k));
        }
        for (var n : NODES) {
            var r = n.admin().api().post("/api/v1/federated/memberships", FederatedCampaignNodesApiTest.joinBody(n, "viaapi"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(n -> n.tp().close());
    }

    static ArrayNode nodes() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (int k = 0; k < NODES.size(); k++) {
            var n = NODES.get(k);
            a.addObject().put("name", "node" + k).put("url", n.tp().baseUrl()).put("federation", "viaapi")
                    .put("token", n.coordinator().token()).put("proof_key", n.proofKey());
        }
        return a;
    }

    static ObjectNode body() {
        ObjectNode b = Json.object().put("kind", "campaign").put("rounds", 2).put("timeout", 60);
        b.set("spec", FederatedCampaignNodesApiTest.SPEC.toJson());
        b.set("nodes", nodes());
        return b;
    }

    static JsonNode await(ApiClient api, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode j = api.get(PATH + "/" + id).json();
            if (!j.get("state").asString().equals("running")) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("coordination " + id + " still running after a minute");
    }

    @Test
    void anAdministratorStartsACampaignAndWatchesItsRoundsAndNoSecretIsShown() throws Exception {
        ApiClient admin = NODES.get(0).admin().api();
        var r = admin.post(PATH, body());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asString();
        assertThat(r.headers().firstValue("Location")).hasValue(PATH + "/" + id);
        JsonNode done = await(admin, id);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("finished");
        assertThat(done.get("rounds")).hasSize(2);
        for (JsonNode round : done.get("rounds")) {
            assertThat(round.get("participants")).hasSize(3);
            assertThat(round.get("dropped")).isEmpty();
            assertThat(round.get("instruction").asString()).isEqualTo("explore");
        }
        // each node recorded the suggestions of both rounds in its own campaign
        for (var n : NODES) {
            assertThat(n.admin().api().get("/api/v1/campaigns/" + n.campaign()).json().get("trials")).hasSize(2);
        }
        assertThat(admin.get(PATH).json().get("coordinations")).anyMatch(c -> c.get("id").asString().equals(id));
        // the tokens and proof keys went to the nodes, nowhere else: not in any answer, not in the audit trail
        String everything = r.body() + admin.get(PATH + "/" + id).body() + admin.get(PATH).body()
                + Json.write(Json.MAPPER.valueToTree(NODES.get(0).tp().platform().audit().forObject("federation", id).stream()
                .map(e -> e.detail()).toList()));
        assertThat(NODES.get(0).tp().platform().audit().forObject("federation", id))
                .anyMatch(e -> e.action().equals("federation.coordinate"));
        for (var n : NODES) {
            assertThat(everything).doesNotContain(n.coordinator().token()).doesNotContain(n.proofKey());
        }
        // an ended coordination cannot be cancelled
        assertThat(admin.delete(PATH + "/" + id).status()).isEqualTo(409);
    }

    @Test
    void anonymousNonAdministratorsAndHostileBodiesAreRefusedNeverA500() throws Exception {
        var n0 = NODES.get(0);
        ApiClient admin = n0.admin().api();
        assertThat(n0.tp().anonymous().post(PATH, body()).status()).isEqualTo(401);
        assertThat(n0.tp().anonymous().get(PATH).status()).isEqualTo(401);
        // the coordinator's own account on a node (write scope, not an administrator) cannot start one
        assertThat(n0.coordinator().api().post(PATH, body()).status()).isEqualTo(403);
        assertThat(n0.coordinator().api().get(PATH).status()).isEqualTo(403);
        assertThat(admin.get(PATH + "/k0000").status()).isEqualTo(404);
        assertThat(admin.delete(PATH + "/k0000").status()).isEqualTo(404);
        List<ObjectNode> hostile = new ArrayList<>();
        hostile.add(body().put("kind", "everything"));
        hostile.add(body().put("rounds", 1001));
        hostile.add(body().put("rounds", "2"));
        hostile.add(body().put("timeout", 100_000));
        hostile.add(body().put("shell", "rm -rf /"));
        ObjectNode two = body();
        ((ArrayNode) two.get("nodes")).remove(2);
        hostile.add(two);
        ObjectNode file = body();
        ((ObjectNode) file.get("nodes").get(1)).put("url", "file:///etc/passwd");
        hostile.add(file);
        ObjectNode twice = body();
        ((ObjectNode) twice.get("nodes").get(1)).put("name", "node0");
        hostile.add(twice);
        ObjectNode nested = body();
        ((ObjectNode) nested.get("nodes").get(2)).set("token", Json.read("{\"a\": [[[[1]]]]}"));
        hostile.add(nested);
        ObjectNode spec = body();
        ((ObjectNode) spec.get("spec")).put("features", 1_000_000);
        hostile.add(spec);
        ObjectNode badUri = body();
        ((ObjectNode) badUri.get("nodes").get(0)).put("url", "http://[" + n0.coordinator().token());
        hostile.add(badUri);
        for (ObjectNode b : hostile) {
            var r = admin.post(PATH, b);
            assertThat(r.status()).as(Json.write(b) + " → " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain(n0.coordinator().token());
        }
        assertThat(admin.post(PATH, "[[[[[[[[").status()).isEqualTo(400);
        assertThat(admin.post(PATH, "null").status()).isEqualTo(400);
        // nodes that do not answer (nothing listens there): the coordination fails with a reason, the API does not
        ObjectNode dead = body();
        for (JsonNode node : dead.get("nodes")) {
            ((ObjectNode) node).put("url", "http://127.0.0.1:9");
        }
        var r = admin.post(PATH, dead);
        assertThat(r.status()).isEqualTo(202);
        JsonNode ended = await(admin, r.json().get("id").asString());
        assertThat(ended.get("state").asString()).isEqualTo("failed");
        assertThat(ended.get("error").asString()).contains("did not complete 'open'").doesNotContain("at org.").doesNotContain("\n");
    }
}
