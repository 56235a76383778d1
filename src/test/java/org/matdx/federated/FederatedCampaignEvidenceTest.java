package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.bench.FederatedCampaignBenchmark;
import org.matdx.core.Json;
import org.matdx.optimize.BenchmarkTable;
import org.matdx.testing.ApiClient;
import org.matdx.testing.FederatedCampaignNodeProcess;
import org.matdx.testing.SharedData;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The federated campaign across processes: three MatDX nodes, each a JVM with its own embedded
 * PostgreSQL on loopback, each with a campaign whose candidates are one temperature range of the
 * Olympus Suzuki table; this JVM is the coordinator and plays each node's instrument (running the
 * approved trials through the node's API with the table's yields). The node holding the middle
 * range is killed after sending its masked statistics in the last round. Then every message the
 * coordinator received is decoded.
 */
class FederatedCampaignEvidenceTest {
    static final String FEDERATION = "suzuki";
    static final int ROUNDS = 7;

    record Child(String name, Process process, JsonNode info, String proofKey, FederatedCampaignBenchmark.Shard shard) {
        ApiClient admin() {
            return new ApiClient("http://127.0.0.1:" + info.get("port").asInt(), info.get("admin_token").asString());
        }

        String campaign() {
            return info.get("campaign").asString();
        }
    }

    static final List<Child> CHILDREN = new ArrayList<>();
    static Path dir;
    static BenchmarkTable table;
    static CampaignSpec spec;

    @BeforeAll
    static void startNodes() throws Exception {
        table = BenchmarkTable.read(SharedData.require("bo/olympus/suzuki"));
        spec = FederatedCampaignBenchmark.spec(table).withFeatures(64);
        List<FederatedCampaignBenchmark.Shard> shards = FederatedCampaignBenchmark.shard(table, "temperature", 3);
        dir = Files.createTempDirectory("matdx-federated-campaign");
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, Json.write(spec.toJson()));
        List<CompletableFuture<Child>> starting = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            FederatedCampaignBenchmark.Shard s = shards.get(k);
            ObjectNode cfg = Json.object().put("name", "suzuki " + k).put("batch", 1).put("initial", 2);
            cfg.set("parameters", spec.parameters());
            cfg.putObject("objective").put("name", spec.objective()).put("goal", "maximize");
            cfg.putObject("stop").put("budget", 1000);
            ArrayNode pool = cfg.putArray("candidates");
            for (int row : s.rows()) {
                ObjectNode c = pool.addObject();
                for (int p = 0; p < table.space().parameters().size(); p++) {
                    c.put(table.space().parameters().get(p).name(), Double.parseDouble(table.rows().get(row)[p]));
                }
            }
            Path cfgFile = dir.resolve("campaign-" + k + ".json");
            Files.writeString(cfgFile, Json.write(cfg));
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            String proofKey = HexFormat.of().formatHex(key);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    FederatedCampaignNodeProcess.class.getName(), dir.resolve("node-" + k).toString(), cfgFile.toString(), FEDERATION,
                    proofKey, specFile.toString()).redirectError(dir.resolve("node-" + k + ".log").toFile()).start();
            int kk = k;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    if (line == null) {
                        throw new IllegalStateException("node " + kk + " did not start: see " + dir.resolve("node-" + kk + ".log"));
                    }
                    return new Child("node" + kk, p, Json.read(line), proofKey, s);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (var f : starting) {
            CHILDREN.add(f.get(5, TimeUnit.MINUTES));
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (Child c : CHILDREN) {
            c.process().getOutputStream().close();
        }
        for (Child c : CHILDREN) {
            if (!c.process().waitFor(30, TimeUnit.SECONDS)) {
                c.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            TestFiles.deleteRecursively(dir);
        }
    }

    /** A link that kills its node's process just before it is asked to unmask the given session's round. */
    static final class Killing implements Coordinator.Link {
        final HttpLink http;
        final Child child;
        volatile String killAt;

        Killing(HttpLink http, Child child) {
            this.http = http;
            this.child = child;
        }

        @Override
        public String name() {
            return http.name();
        }

        @Override
        public JsonNode call(String session, String step, ObjectNode body) throws Exception {
            if (step.equals("reveal") && session.equals(killAt)) {
                child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            return http.call(session, step, body);
        }
    }

    record Received(String node, String step, JsonNode body) {
    }

    /** The node's instrument: every approved trial run with the table's yield for its settings. */
    static Set<Double> runTrials(Child c) {
        Set<Double> yields = new HashSet<>();
        ApiClient api = c.admin();
        for (JsonNode t : api.get("/api/v1/campaigns/" + c.campaign()).json().get("trials")) {
            if (!t.path("status").asString().equals("approved")) {
                continue;
            }
            int row = -1;
            for (int r : c.shard().rows()) {
                boolean same = true;
                for (int p = 0; p < table.space().parameters().size(); p++) {
                    double v = t.at("/parameters/" + table.space().parameters().get(p).name()).asDouble();
                    same &= Math.abs(v - Double.parseDouble(table.rows().get(r)[p])) < 1e-9;
                }
                if (same) {
                    row = r;
                }
            }
            assertThat(row).as("a suggestion among the node's own candidates").isNotNegative();
            yields.add(table.values()[row]);
            var res = api.post("/api/v1/campaigns/" + c.campaign() + "/trials/" + t.get("id").asString() + "/result",
                    Json.object().set("results", Json.object().put(spec.objective(), table.values()[row])));
            assertThat(res.status()).as(res.body()).isEqualTo(200);
        }
        return yields;
    }

    @Test
    void aCampaignAcrossThreeProcessesSurvivesADeadNodeAndRevealsNoTrial() {
        List<Coordinator.Link> links = new ArrayList<>();
        Killing killing = null;
        for (Child c : CHILDREN) {
            HttpLink l = new HttpLink(new HttpLink.Node(c.name(), URI.create("http://127.0.0.1:" + c.info().get("port").asInt()),
                    FEDERATION, c.info().get("coordinator_token").asString(), c.proofKey()), HttpLink.client(), Duration.ofSeconds(60));
            if (c.name().equals("node1")) {
                killing = new Killing(l, c);
                links.add(killing);
            } else {
                links.add(l);
            }
        }
        List<Received> received = new CopyOnWriteArrayList<>();
        CampaignCoordinator coordinator = new CampaignCoordinator(spec, links, (n, s, b) -> received.add(new Received(n, s, b)),
                Duration.ofSeconds(60), new SplittableRandom(7));
        Set<Double> values = new HashSet<>();
        List<CampaignCoordinator.Round> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            if (r == ROUNDS - 1) {
                killing.killAt = "e" + r;
            }
            rounds.add(coordinator.propose("e" + r));
            for (Child c : CHILDREN) {
                if (c.process().isAlive()) {
                    values.addAll(runTrials(c));
                }
            }
        }
        CampaignCoordinator.Round last = rounds.get(ROUNDS - 1);
        System.out.println("3 processes, federated campaign: " + Json.write(last.toJson()));
        // the node killed between sending and unmasking did not abort the round; the others got their suggestions
        assertThat(last.dropped()).containsExactly("node1 (propose)");
        assertThat(last.trials()).isEqualTo(3 * (ROUNDS - 1));
        assertThat(last.suggested()).containsOnlyKeys("node0", "node2");
        assertThat(rounds.get(2).instruction()).isEqualTo("thompson");
        for (Child c : CHILDREN) {
            if (!c.process().isAlive()) {
                continue;
            }
            JsonNode trials = c.admin().get("/api/v1/campaigns/" + c.campaign()).json().get("trials");
            assertThat(trials).hasSize(ROUNDS);
            JsonNode log = c.admin().get("/api/v1/federated/memberships/" + FEDERATION + "/messages?limit=500").json();
            assertThat(log.get("messages")).hasSize(6 * ROUNDS);
        }
        // with the node gone, two cannot go on: a clear refusal, nothing half-done
        assertThatThrownBy(() -> coordinator.propose("e" + ROUNDS)).isInstanceOf(Coordinator.Failed.class)
                .hasMessageContaining("at least 3 are needed");

        // everything the coordinator received: no yield, no scaled yield, no node's own trial count
        Set<String> allowed = Set.of("keys", "party", "cipher_key", "mask_key", "shares", "from", "to", "box", "accepted", "round",
                "values", "masked", "self_mask_shares", "key_shares", "suggested");
        Set<Double> secret = new HashSet<>(values);
        values.forEach(v -> secret.add(spec.scale(v)));
        double[] forbidden = secret.stream().mapToDouble(Double::doubleValue).toArray();
        int vectors = 0;
        for (Received m : received) {
            FederatedTrainingTest.assertFieldsWithin(m.body(), allowed, m.step());
            FederatedTrainingTest.assertNoRowValues(m.body(), forbidden);
            if (m.step().equals("round")) {
                double[] decoded = FixedPoint.decode(Wire.longs(m.body(), "masked", spec.statisticsLength()));
                assertThat(Math.abs(decoded[0])).as("a node's masked trial count").isGreaterThan(1e6);
                vectors++;
            }
        }
        assertThat(vectors).isEqualTo(3 * ROUNDS);
    }
}
