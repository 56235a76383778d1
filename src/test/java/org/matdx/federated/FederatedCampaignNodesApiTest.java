package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Three real MatDX platforms (each its own database and HTTP server on loopback), each with a
 * campaign over its own third of a shared candidate grid, join a federated campaign over the API;
 * the coordinator runs rounds through {@link HttpLink}s, each node's "instrument" runs the trials
 * the federation suggested (some fail); then what a careless or hostile caller sends.
 */
class FederatedCampaignNodesApiTest {
    static final ArrayNode PARAMETERS = (ArrayNode) Json.read("""
            [{"name": "temperature", "type": "continuous", "low": 0, "high": 1},
             {"name": "time", "type": "continuous", "low": 0, "high": 1}]""");
    static final CampaignSpec SPEC = CampaignSpec.standard("density", true, 0, 100, PARAMETERS, false).withInitial(3)
            .withFeatures(64);

    record Node(TestPlatform tp, TestPlatform.Person admin, TestPlatform.Person coordinator, String campaign, String proofKey) {
    }

    static final List<Node> NODES = new ArrayList<>();

    /** The measured density: a smooth peak at (0.7, 0.4); runs fail above a time of 0.85. */
    static double density(double t, double h) {
        return 95 - 60 * ((t - 0.7) * (t - 0.7) + (h - 0.4) * (h - 0.4));
    }

    @BeforeAll
    static void start() {
        for (int k = 0; k < 3; k++) {
            NODES.add(startNode(k));
        }
    }

    /** A platform with an administrator, the coordinator's account and a campaign over the node's third of the grid. */
    static Node startNode(int k) {
        TestPlatform tp = TestPlatform.start().withServer();
        User adminUser = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
        String adminToken = tp.platform().accounts().issueToken(Bootstrap.SYSTEM, adminUser, "t", Scope.ADMIN, null).secret();
        var admin = new TestPlatform.Person(adminUser, adminToken, new ApiClient(tp.baseUrl(), adminToken));
        var coordinator = tp.person("coordinator", Scope.WRITE);
        String dataset = admin.api().post("/api/v1/datasets", "{\"title\": \"Sintering at node " + k + "\", \"access\": \"private\"}")
                .json().get("id").asString();
        ObjectNode cfg = Json.object().put("name", "sintering " + k).put("batch", 1).put("initial", 2);
        cfg.set("parameters", PARAMETERS);
        cfg.putObject("objective").put("name", "density").put("goal", "maximize");
        cfg.putObject("stop").put("budget", 500);
        ArrayNode pool = cfg.putArray("candidates");
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                if (i * 3 / 12 == k) { // each node its own temperature range
                    pool.addObject().put("temperature", i / 11.0).put("time", j / 11.0);
                }
            }
        }
        var r = admin.api().post("/api/v1/datasets/" + dataset + "/campaigns", cfg);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Node(tp, admin, coordinator, r.json().get("id").asString(), "c".repeat(20) + k + "0123456789abcdef");
    }

    @AfterAll
    static void stop() {
        NODES.forEach(n -> n.tp().close());
    }

    static ObjectNode joinBody(Node n, String name) {
        return joinBody(n, name, SPEC);
    }

    static ObjectNode joinBody(Node n, String name, CampaignSpec spec) {
        ObjectNode b = Json.object().put("name", name).put("coordinator", "http://127.0.0.1:1/coordinator")
                .put("coordinator_account", "coordinator").put("proof_key", n.proofKey()).put("campaign", n.campaign());
        b.set("spec", spec.toJson());
        return b;
    }

    static List<Coordinator.Link> links(String federation) {
        return links(NODES, federation);
    }

    static List<Coordinator.Link> links(List<Node> nodes, String federation) {
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            links.add(new HttpLink(new HttpLink.Node("node" + k, URI.create(n.tp().baseUrl()), federation, n.coordinator().token(),
                    n.proofKey()), HttpLink.client(), Duration.ofSeconds(30)));
        }
        return links;
    }

    /**
     * The node's instrument: runs every approved trial (the federation's suggestions) and reports its
     * result, or fails it. (Not through trials/next, which would propose a local batch when nothing waits.)
     */
    static void runTrials(Node n) {
        ApiClient api = n.admin().api();
        for (JsonNode t : api.get("/api/v1/campaigns/" + n.campaign()).json().get("trials")) {
            if (!t.path("status").asString().equals("approved")) {
                continue;
            }
            double temp = t.at("/parameters/temperature").asDouble();
            double time = t.at("/parameters/time").asDouble();
            String id = t.get("id").asString();
            var r = time > 0.85 ? api.post("/api/v1/campaigns/" + n.campaign() + "/trials/" + id + "/fail", "{\"reason\": \"cracked\"}")
                    : api.post("/api/v1/campaigns/" + n.campaign() + "/trials/" + id + "/result",
                    "{\"results\": {\"density\": " + density(temp, time) + "}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void nodesJoinWithTheirCampaignsAndRunWhatThePooledSurrogateSuggests() {
        for (Node n : NODES) {
            var r = n.admin().api().post("/api/v1/federated/memberships", joinBody(n, "sinter"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().get("kind").asString()).isEqualTo("campaign");
            assertThat(r.json().has("proof_key")).isFalse();
        }
        CampaignCoordinator c = new CampaignCoordinator(SPEC, links("sinter"), (a, b, x) -> { }, Duration.ofSeconds(60),
                new SplittableRandom(1));
        List<CampaignCoordinator.Round> rounds = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            rounds.add(c.propose("w" + r));
            NODES.forEach(FederatedCampaignNodesApiTest::runTrials);
        }
        assertThat(rounds.get(0).instruction()).isEqualTo("explore");
        assertThat(rounds.get(7).instruction()).isEqualTo("thompson");
        assertThat(rounds.get(7).trials()).isEqualTo(21); // every earlier trial, failed ones included
        assertThat(rounds).allSatisfy(r -> assertThat(r.dropped()).isEmpty());
        double best = Double.NEGATIVE_INFINITY;
        for (Node n : NODES) {
            JsonNode view = n.admin().api().get("/api/v1/campaigns/" + n.campaign()).json();
            JsonNode trials = view.get("trials");
            assertThat(trials).hasSize(8);
            for (JsonNode t : trials) {
                if (t.path("status").asString().equals("completed")) {
                    best = Math.max(best, t.path("value").asDouble());
                }
            }
            // the suggestions are in the node's audit trail as the federation's, with the consent before them
            String campaign = n.campaign();
            assertThat(n.tp().platform().audit().forObject("campaign", campaign))
                    .anyMatch(e -> e.action().equals("campaign.suggest.federated") && e.detail().path("session").isString());
            String membership = n.admin().api().get("/api/v1/federated/memberships/sinter").json().get("id").asString();
            assertThat(n.tp().platform().audit().forObject("federation", membership))
                    .anyMatch(e -> e.action().equals("federation.join") && e.detail().path("consent").isString());
            // what left: per round open, keys, shares, round, reveal, propose — summarised, never the payload
            JsonNode messages = n.admin().api().get("/api/v1/federated/memberships/sinter/messages?limit=500").json().get("messages");
            assertThat(messages).hasSize(8 * 6);
            assertThat(messages.get(5).get("step").asString()).isEqualTo("propose");
            assertThat(messages.get(5).get("summary").get("suggested").asInt()).isEqualTo(1);
            for (JsonNode message : messages) {
                JsonNode masked = message.at("/summary/masked");
                if (!masked.isMissingNode()) {
                    assertThat(masked.asString()).as(message.toString()).matches("\\(\\d+ characters of base64\\)");
                }
            }
        }
        // 24 experiments over 108 candidates: the federation found a density near the peak (95)
        assertThat(best).isGreaterThan(93);
    }

    @Test
    void hostileCoordinatorsAndCarelessAdministratorsAreRefused() {
        Node n = NODES.get(1);
        ApiClient admin = n.admin().api();
        String path = "/api/v1/federated/memberships";
        assertThat(n.coordinator().api().post(path, joinBody(n, "x")).status()).isEqualTo(403);
        // a spec whose space is not the campaign's
        ObjectNode b = joinBody(n, "x");
        ((ArrayNode) b.get("spec").get("parameters")).removeAll().add(Json.read(
                "{\"name\": \"pressure\", \"type\": \"continuous\", \"low\": 0, \"high\": 1}"));
        var r = admin.post(path, b);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("spec.parameters");
        b = joinBody(n, "x");
        ((ObjectNode) b.get("spec")).put("goal", "minimize");
        assertThat(admin.post(path, b).body()).contains("spec.objective");
        b = joinBody(n, "x");
        ((ObjectNode) b.get("spec")).put("features", 1_000_000);
        assertThat(admin.post(path, b).body()).contains("features");
        b = joinBody(n, "x");
        b.put("campaign", "00000000-0000-7000-8000-000000000000");
        assertThat(admin.post(path, b).status()).isEqualTo(404);
        assertThat(admin.post(path, joinBody(n, "hostile")).status()).isEqualTo(201);

        String base = path + "/hostile/sessions/h1/";
        ObjectNode open = Json.object().put("party", 2).put("parties", 3);
        open.set("spec", SPEC.toJson());
        // only the coordinator's account: the node's own administrator gets 404
        assertThat(admin.post(base + "open", open).status()).isEqualTo(404);
        ApiClient c = n.coordinator().api();
        // the coordinator cannot name a dataset or campaign, nor change the spec
        ObjectNode named = open.deepCopy().put("dataset", "00000000-0000-7000-8000-000000000001");
        r = c.post(base + "open", named);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ObjectNode other = open.deepCopy();
        ((ObjectNode) other.get("spec")).put("features", 128);
        assertThat(c.post(base + "open", other).body()).contains("agreed to");
        assertThat(c.post(base + "propose", "{\"kind\": \"explore\"}").status()).isEqualTo(409);
        r = c.post(base + "open", open);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(Federations.PROOF_HEADER).orElse("")).matches("[0-9a-f]{64}");
        // proposing before sending statistics, a forged instruction: refused, never a 500
        assertThat(c.post(base + "propose", "{\"kind\": \"explore\"}").status()).isEqualTo(409);
        assertThat(c.post(base + "round", "{\"round\": \"statistics\", \"kind\": \"histogram\", \"parties\": [1, 2, 3]}").status())
                .isIn(400, 409);
        assertThat(c.post(base + "propose", "[[[[[[[[").status()).isEqualTo(400);
        // leaving ends it
        assertThat(admin.delete(path + "/hostile").status()).isEqualTo(200);
        assertThat(c.post(path + "/hostile/sessions/h2/open", open).status()).isEqualTo(404);
    }
}
