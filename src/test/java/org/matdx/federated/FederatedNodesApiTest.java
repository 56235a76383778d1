package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Three real MatDX platforms (each its own database and HTTP server on loopback) join a
 * federation over the API and train through {@link HttpLink}s; then everything a careless or
 * hostile caller may send to the new endpoints.
 */
class FederatedNodesApiTest {
    static final FederationSpec SPEC = new FederationSpec("band_gap", "magpie", 0, 12, false, 8, 4, 2, 0.3, 1, 2, 0, 2, 0);
    static final String[][] ROWS = {
            {"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
            {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"},
            {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"BaTiO3", "3.2"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"},
            {"Y2O3", "5.6"}, {"CdO", "2.2"}, {"Bi2O3", "2.8"}, {"V2O5", "2.3"}, {"Ta2O5", "4.0"}, {"MoO3", "3.0"},
            {"GaAs", "1.42"}, {"InP", "1.34"}, {"GaP", "2.26"}, {"AlAs", "2.16"}, {"InAs", "0.35"}, {"GaSb", "0.73"},
            {"ZnS", "3.6"}, {"ZnSe", "2.7"}, {"CdS", "2.42"}, {"CdSe", "1.74"}, {"CdTe", "1.5"}, {"ZnTe", "2.25"}};

    record Node(TestPlatform tp, TestPlatform.Person admin, TestPlatform.Person coordinator, String dataset, String proofKey) {
    }

    static final List<Node> NODES = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int k = 0; k < 3; k++) {
            TestPlatform tp = TestPlatform.start().withServer();
            User adminUser = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
            String adminToken = tp.platform().accounts().issueToken(Bootstrap.SYSTEM, adminUser, "t", Scope.ADMIN, null).secret();
            var admin = new TestPlatform.Person(adminUser, adminToken, new ApiClient(tp.baseUrl(), adminToken));
            var coordinator = tp.person("coordinator", Scope.WRITE);
            var d = admin.api().post("/api/v1/datasets", "{\"title\": \"Gaps of node " + k + "\", \"access\": \"private\"}");
            String dataset = d.json().get("id").asString();
            ArrayNode entries = Json.MAPPER.createArrayNode();
            for (int i = k; i < ROWS.length; i += 3) { // every node a different third
                ObjectNode e = entries.addObject().put("formula", ROWS[i][0]);
                e.putObject("properties").putObject("band_gap").put("value", Double.parseDouble(ROWS[i][1])).put("unit", "eV");
            }
            assertThat(admin.api().post("/api/v1/datasets/" + dataset + "/entries", Json.object().set("entries", entries)).status())
                    .isEqualTo(201);
            NODES.add(new Node(tp, admin, coordinator, dataset, "k".repeat(20) + k + "0123456789abcdef"));
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(n -> n.tp().close());
    }

    static ObjectNode joinBody(Node n, String name) {
        ObjectNode b = Json.object().put("name", name).put("coordinator", "http://127.0.0.1:1/coordinator")
                .put("coordinator_account", "coordinator").put("proof_key", n.proofKey());
        b.set("spec", SPEC.toJson());
        b.putArray("datasets").add(n.dataset());
        return b;
    }

    static List<Coordinator.Link> links(String federation) {
        List<Coordinator.Link> links = new ArrayList<>();
        for (int k = 0; k < NODES.size(); k++) {
            Node n = NODES.get(k);
            links.add(new HttpLink(new HttpLink.Node("node" + k, URI.create(n.tp().baseUrl()), federation, n.coordinator().token(),
                    n.proofKey()), HttpLink.client(), Duration.ofSeconds(30)));
        }
        return links;
    }

    @Test
    void nodesJoinTrainAndRegisterTheModelWithItsRecord() {
        for (Node n : NODES) {
            var r = n.admin().api().post("/api/v1/federated/memberships", joinBody(n, "gaps"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().has("proof_key")).isFalse();
        }
        Coordinator.Result result = new Coordinator(SPEC, links("gaps"), (a, b, c) -> { }, Duration.ofSeconds(60))
                .train("web1", (f, s) -> { });
        assertThat(result.registered()).hasSize(3);
        assertThat(result.dropped()).isEmpty();
        for (int k = 0; k < NODES.size(); k++) {
            Node n = NODES.get(k);
            String model = result.registered().get("node" + k).get("model").asString();
            JsonNode card = n.admin().api().get("/api/v1/models/" + model).json();
            assertThat(card.at("/privacy/differentially_private").asBoolean()).isFalse();
            assertThat(card.at("/recipe/training/participants")).hasSize(3);
            assertThat(card.at("/recipe/training/rounds").asInt()).isEqualTo(2 + SPEC.trees() * SPEC.depth());
            assertThat(card.at("/recipe/training/spec/trees").asInt()).isEqualTo(SPEC.trees());
            assertThat(card.at("/inputs/0/dataset").asString()).isEqualTo(n.dataset());
            assertThat(card.at("/privacy/uncertainty/bands")).hasSize(3);
            // it predicts like any private model of this node, for those who may use it
            var p = n.admin().api().post("/api/v1/models/" + model + "/predict", "{\"formula\": \"ZnO\"}");
            assertThat(p.status()).as(p.body()).isEqualTo(200);
            assertThat(p.json().at("/prediction").asDouble()).isBetween(0.0, 12.0);
            // the dataset is private: nobody else sees the model
            assertThat(n.tp().anonymous().get("/api/v1/models/" + model).status()).isEqualTo(404);
            // consent and registration are in the node's audit trail
            String membership = n.admin().api().get("/api/v1/federated/memberships/gaps").json().get("id").asString();
            assertThat(n.tp().platform().audit().forObject("federation", membership))
                    .anyMatch(e -> e.action().equals("federation.join") && e.detail().path("consent").isString());
            assertThat(n.tp().platform().audit().forObject("model", model))
                    .anyMatch(e -> e.action().equals("model.train.federated"));
            // every answer the node sent is logged: what, to whom, when
            JsonNode messages = n.admin().api().get("/api/v1/federated/memberships/gaps/messages?limit=500").json().get("messages");
            assertThat(messages).hasSize(3 + 2 * result.rounds() + 1);
            assertThat(messages.get(0).get("step").asString()).isEqualTo("open");
            assertThat(messages.get(0).get("to").asString()).isEqualTo("http://127.0.0.1:1/coordinator");
            assertThat(messages.get(0).get("sha256").asString()).matches("[0-9a-f]{64}");
            // payloads are summarised, not copied, the shortest (two masked values of the base round) included
            for (JsonNode message : messages) {
                JsonNode masked = message.at("/summary/masked");
                if (!masked.isMissingNode()) {
                    assertThat(masked.asString()).as(message.toString()).matches("\\(\\d+ characters of base64\\)");
                }
            }
            assertThat(messages).anyMatch(x -> x.at("/summary/round").asString("").equals("base")
                    && x.at("/summary/masked").asString().equals("(24 characters of base64)"));
            // the log is for administrators only
            assertThat(n.coordinator().api().get("/api/v1/federated/memberships/gaps/messages").status()).isEqualTo(403);
            assertThat(n.tp().anonymous().get("/api/v1/federated/memberships/gaps/messages").status()).isEqualTo(401);
        }
    }

    @Test
    void joiningRefusesWhatACarelessOrHostileAdministratorSends() {
        Node n = NODES.get(0);
        ApiClient admin = n.admin().api();
        String path = "/api/v1/federated/memberships";
        assertThat(n.tp().anonymous().post(path, joinBody(n, "x")).status()).isEqualTo(401);
        assertThat(n.coordinator().api().post(path, joinBody(n, "x")).status()).isEqualTo(403);
        ObjectNode b = joinBody(n, "Bad Name!");
        var r = admin.post(path, b);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("name");
        b = joinBody(n, "x");
        ((ObjectNode) b.get("spec")).put("trees", 1_000_000_000);
        assertThat(admin.post(path, b).body()).contains("trees");
        b = joinBody(n, "x");
        ((ObjectNode) b.get("spec")).putArray("target_range").add(5).add(1);
        assertThat(admin.post(path, b).status()).isEqualTo(400);
        b = joinBody(n, "x");
        b.put("extra", 1);
        assertThat(admin.post(path, b).status()).isEqualTo(400);
        b = joinBody(n, "x");
        b.put("proof_key", "short");
        assertThat(admin.post(path, b).body()).contains("proof_key");
        b = joinBody(n, "x");
        b.put("coordinator_account", "root"); // an administrator would give the coordinator every right
        assertThat(admin.post(path, b).body()).contains("coordinator_account");
        b = joinBody(n, "x");
        ((ArrayNode) b.get("datasets")).removeAll().add("00000000-0000-7000-8000-000000000000");
        assertThat(admin.post(path, b).status()).isEqualTo(404);
        b = joinBody(n, "x");
        b.put("datasets", "not a list");
        assertThat(admin.post(path, b).status()).isEqualTo(400);
        assertThat(admin.post(path, "[[[[[[").status()).isEqualTo(400);
        assertThat(admin.post(path, joinBody(n, "dup")).status()).isEqualTo(201);
        assertThat(admin.post(path, joinBody(n, "dup")).status()).isEqualTo(409);
        // leaving: the coordinator's steps then answer 404
        assertThat(admin.delete(path + "/dup").status()).isEqualTo(200);
        assertThat(n.coordinator().api().post(path + "/dup/sessions/s/open", "{}").status()).isEqualTo(404);
    }

    @Test
    void protocolStepsAnswerOnlyTheCoordinatorAndRefuseMalformedMessages() {
        Node n = NODES.get(1);
        assertThat(n.admin().api().post("/api/v1/federated/memberships", joinBody(n, "steps")).status()).isEqualTo(201);
        String base = "/api/v1/federated/memberships/steps/sessions/s1/";
        ObjectNode open = Json.object().put("party", 1).put("parties", 3);
        open.set("spec", SPEC.toJson());
        // someone else with a valid token, even the node's administrator: as if there were no such federation
        assertThat(n.admin().api().post(base + "open", open).status()).isEqualTo(404);
        assertThat(n.tp().person("mallory").api().post(base + "open", open).status()).isEqualTo(404);
        assertThat(n.tp().anonymous().post(base + "open", open).status()).isEqualTo(401);
        ApiClient c = n.coordinator().api();
        assertThat(c.post("/api/v1/federated/memberships/nope/sessions/s1/open", open).status()).isEqualTo(404);
        assertThat(c.post(base + "bogus", open).status()).isEqualTo(404);
        // steps out of order, a spec the node did not agree to, too few parties, forged keys
        var r = c.post(base + "round", "{\"round\": \"0:0\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        ObjectNode other = open.deepCopy();
        ((ObjectNode) other.get("spec")).put("epsilon", 1.0);
        assertThat(c.post(base + "open", other).body()).contains("agreed to");
        ObjectNode two = open.deepCopy().put("parties", 2);
        assertThat(c.post(base + "open", two).status()).isEqualTo(400);
        r = c.post(base + "open", open);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(Federations.PROOF_HEADER).orElse(""))
                .isEqualTo(Federations.proof(n.proofKey(), "s1", "open", r.bytes()));
        assertThat(c.post(base + "open", open).status()).isEqualTo(409);
        ObjectNode keys = Json.object();
        ArrayNode list = keys.putArray("keys");
        list.add(r.json().get("keys"));
        list.addObject().put("party", 2).put("cipher_key", "AAAA").put("mask_key", "AAAA");
        list.addObject().put("party", 3).put("cipher_key", "AAAA").put("mask_key", "AAAA");
        assertThat(c.post(base + "keys", keys).status()).isEqualTo(400);
        ObjectNode zeros = Json.object();
        ArrayNode zl = zeros.putArray("keys");
        zl.add(r.json().get("keys"));
        String zero = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        zl.addObject().put("party", 2).put("cipher_key", zero).put("mask_key", zero);
        zl.addObject().put("party", 3).put("cipher_key", zero).put("mask_key", zero);
        r = c.post(base + "keys", zeros); // a low-order key makes X25519 agreement fail: refused, not a 500
        assertThat(r.status()).as(r.body()).isIn(400, 409);
        assertThat(c.post(base + "round", "{\"round\": 7}").status()).isIn(400, 409);
        assertThat(c.post(base + "model", "{\"start\": \"NaN\"}").status()).isIn(400, 409);
    }

    @Test
    void aCoordinatorRefusesAnAnswerWithoutTheNodesProof() {
        for (Node n : NODES) {
            assertThat(n.admin().api().post("/api/v1/federated/memberships", joinBody(n, "proofs")).status()).isEqualTo(201);
        }
        List<Coordinator.Link> links = links("proofs");
        Node n = NODES.get(2);
        // the coordinator was given a different key for node2: whoever answers there is not the node it enrolled
        links.set(2, new HttpLink(new HttpLink.Node("node2", URI.create(n.tp().baseUrl()), "proofs", n.coordinator().token(),
                "z".repeat(40)), HttpLink.client(), Duration.ofSeconds(30)));
        assertThatThrownBy(() -> new Coordinator(SPEC, links, (a, b, c) -> { }, Duration.ofSeconds(30)).train("p1", (f, s) -> { }))
                .isInstanceOf(Coordinator.Failed.class).hasMessageContaining("no valid proof");
    }

    @Test
    void aModelUseOnlyDatasetTakesPartOnlyWithDifferentialPrivacyWithinItsOwnersEpsilon() {
        Node n = NODES.get(0);
        var d = n.admin().api().post("/api/v1/datasets", "{\"title\": \"lent\", \"access\": \"public\", \"model_use_only\": true}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        ObjectNode b = joinBody(n, "lent");
        ((ArrayNode) b.get("datasets")).removeAll().add(d.json().get("id").asString());
        var r = n.admin().api().post("/api/v1/federated/memberships", b);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("model-use-only").contains("no noise");
        b.set("spec", FederationSpec.withPrivacy("band_gap", 0, 12, 5).toJson()); // above the default ε = 2
        assertThat(n.admin().api().post("/api/v1/federated/memberships", b).body()).contains("ε ≤ 2.0");
        b.set("spec", FederationSpec.withPrivacy("band_gap", 0, 12, 1.5).toJson());
        assertThat(n.admin().api().post("/api/v1/federated/memberships", b).status()).isEqualTo(201);
    }
}
