package org.matdx.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.bench.FederatedBenchmark;
import org.matdx.core.Json;
import org.matdx.informatics.Matbench;
import org.matdx.informatics.Metrics;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivateTrees;
import org.matdx.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federated trees over four in-process nodes whose messages go through JSON exactly as over HTTP:
 * matbench_expt_gap split by chemistry (oxides, chalcogenides, halides and pnictides, the rest),
 * every seventh row of each shard held back.
 */
class FederatedTrainingTest {
    static final FederationSpec SPEC = FederationSpec.standard("band_gap", 0, 12);
    static FederatedBenchmark.Shards shards;

    @BeforeAll
    static void load() throws Exception {
        Path dir = SharedData.require("matbench");
        Matbench.Data d = Matbench.load(dir.resolve("matbench_expt_gap.csv"), dir.resolve("matbench_expt_gap_folds.json"));
        shards = FederatedBenchmark.shard(SPEC, d.compositions(), d.y());
    }

    record Setup(List<FederatedBenchmark.InProcessLink> links, Map<String, PrivateTrees> registered, Map<String, FederatedTrees.Local> locals,
                 List<ObjectNode> outbox) {
    }

    static Setup nodes(FederationSpec spec) {
        List<FederatedBenchmark.InProcessLink> links = new ArrayList<>();
        Map<String, PrivateTrees> registered = new ConcurrentHashMap<>();
        Map<String, FederatedTrees.Local> locals = new ConcurrentHashMap<>();
        List<ObjectNode> outbox = new CopyOnWriteArrayList<>();
        for (FederatedBenchmark.Shard s : shards.nodes()) {
            FederatedNode node = new FederatedNode(spec, sp -> {
                FederatedTrees.Local l = new FederatedTrees.Local(sp, sp.features().matrix(s.train()), s.y());
                locals.put(s.name(), l);
                return l;
            }, (session, model, training) -> {
                registered.put(s.name(), model);
                return Json.object().put("registered", true);
            }, (session, step, body) -> {
                outbox.add(Json.object().put("node", s.name()).put("step", step));
                return Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }, Mechanisms.seeded(s.name().hashCode()), new SecureRandom());
            links.add(new FederatedBenchmark.InProcessLink(s.name(), node));
        }
        return new Setup(links, registered, locals, outbox);
    }

    static double mae(PrivateTrees m, float[] x, double[] y) {
        return Metrics.mae(y, m.predict(x, y.length, SPEC.features().featureSet().size()));
    }

    @Test
    void federatedModelMatchesPooledAndBeatsEverySingleNode() {
        Setup s = nodes(SPEC);
        Coordinator.Result r = new Coordinator(SPEC, List.copyOf(s.links()), (n, st, b) -> { }, Duration.ofSeconds(60))
                .train("s1", (f, st) -> { });
        double federated = mae(r.model(), shards.testX(), shards.testY());
        double pooled = mae(FederatedTrees.trainCentrally(SPEC, shards.pooledX(), shards.pooledY()), shards.testX(), shards.testY());
        double bestSingle = Double.POSITIVE_INFINITY;
        for (FederatedBenchmark.Shard sh : shards.nodes()) {
            double m = mae(FederatedTrees.trainCentrally(SPEC, SPEC.features().matrix(sh.train()), sh.y()), shards.testX(),
                    shards.testY());
            bestSingle = Math.min(bestSingle, m);
        }
        System.out.printf("federated MAE %.4f, pooled %.4f, best single node %.4f%n", federated, pooled, bestSingle);
        assertTrue(federated <= 1.1 * pooled, "federated " + federated + " vs pooled " + pooled);
        assertTrue(federated < bestSingle, "federated " + federated + " vs best single " + bestSingle);
        // the standard learner (64 bins, 100 trees of depth 6, ln(1 + y), a hurdle) against MatDX's ordinary model at 0.2651:
        // the earlier 30 trees of depth 4 on 16 bins without a hurdle scored 0.43 here (docs/BENCHMARKS.md)
        assertTrue(federated < 0.31, "federated " + federated);
        assertTrue(r.model().gated() && s.registered().values().stream().allMatch(PrivateTrees::gated));
        assertEquals(4, s.registered().size(), "the model is registered on every node");
        assertEquals(2 + 2 * SPEC.trees() * SPEC.depth(), r.rounds()); // the value trees, then as many gate trees
        // every answer a node gave went through its outbox
        long answers = s.outbox().size();
        assertEquals(4L * (3 + 2 * r.rounds() + 1), answers);
    }

    @Test
    void aNodeThatDiesMidTrainingDoesNotStopIt() {
        // smaller trees than the standard spec's, for time: what matters here is the dropout
        FederationSpec light = new FederationSpec("band_gap", "magpie", 0, 12, true, 16, 30, 4, 0.3, 1, 5, 0, 2, 0, true);
        Setup s = nodes(light);
        s.links().get(2).dieAt("5:2");
        Coordinator.Result r = new Coordinator(light, List.copyOf(s.links()), (n, st, b) -> { }, Duration.ofSeconds(60))
                .train("s2", (f, st) -> { });
        assertEquals(List.of("halides-pnictides (round 5:2)"), r.dropped());
        assertEquals(3, s.registered().size());
        double federated = mae(r.model(), shards.testX(), shards.testY());
        double pooled = mae(FederatedTrees.trainCentrally(light, shards.pooledX(), shards.pooledY()), shards.testX(), shards.testY());
        System.out.printf("with a dropout: federated MAE %.4f (pooled %.4f)%n", federated, pooled);
        assertTrue(federated < 1.3 * pooled);
        // a second death leaves fewer than the threshold: the training fails with a clear message
        Setup t = nodes(SPEC);
        t.links().get(0).dieAt("1:0");
        t.links().get(1).dieAt("2:0");
        Coordinator.Failed f = assertThrows(Coordinator.Failed.class, () -> new Coordinator(SPEC, List.copyOf(t.links()),
                (n, st, b) -> { }, Duration.ofSeconds(60)).train("s3", (x, st) -> { }));
        assertTrue(f.getMessage().contains("2 of 3 nodes answered"), f.getMessage());
    }

    @Test
    void theCoordinatorReceivesNoRowsAndNoSingleNodesHistogram() {
        FederationSpec small = new FederationSpec("band_gap", "magpie", 0, 12, false, 16, 3, 3, 0.3, 1, 5, 0, 2, 0);
        Setup s = nodes(small);
        List<Object[]> received = new CopyOnWriteArrayList<>();
        new Coordinator(small, List.copyOf(s.links()), (n, st, b) -> received.add(new Object[] {n, st, b}),
                Duration.ofSeconds(60)).train("s4", (f, st) -> { });
        java.util.Set<String> allowed = java.util.Set.of("keys", "party", "cipher_key", "mask_key", "shares", "from", "to", "box",
                "accepted", "round", "values", "masked", "self_mask_shares", "key_shares", "registered");
        int vectors = 0;
        for (Object[] m : received) {
            JsonNode b = (JsonNode) m[2];
            assertFieldsWithin(b, allowed, (String) m[1]);
            if ("round".equals(m[1])) {
                long[] masked = Wire.longs(b, "masked", b.get("values").asInt());
                double[] decoded = FixedPoint.decode(masked);
                // what the node's histogram holds: counts of its rows per bin, which the masked vector must not show
                int plausible = 0;
                for (double v : decoded) {
                    if (Math.abs(v) <= 5000 && Math.abs(v - Math.rint(v)) < 1e-3) {
                        plausible++;
                    }
                }
                assertTrue(plausible <= decoded.length / 100 + 1, m[0] + " sent " + plausible + " plausible histogram values of "
                        + decoded.length);
                vectors++;
            }
            // no target value of the node's rows appears as a number anywhere in its answers
            for (FederatedBenchmark.Shard sh : shards.nodes()) {
                if (sh.name().equals(m[0])) {
                    assertNoRowValues(b, sh.y());
                }
            }
        }
        assertEquals(4 * (2 + 3 * 3), vectors);
    }

    static void assertFieldsWithin(JsonNode n, java.util.Set<String> allowed, String step) {
        if (n.isObject()) {
            for (var name : n.propertyNames()) {
                assertTrue(allowed.contains(name) || name.matches("\\d+"), "step " + step + " sent field '" + name + "'");
                assertFieldsWithin(n.get(name), allowed, step);
            }
        } else if (n.isArray()) {
            n.forEach(c -> assertFieldsWithin(c, allowed, step));
        }
    }

    static void assertNoRowValues(JsonNode n, double[] y) {
        if (n.isNumber() && n.asDouble() != Math.rint(n.asDouble())) {
            for (double v : y) {
                assertTrue(v != n.asDouble(), "a row's target value " + v + " was sent");
            }
        }
        if (n.isContainer()) {
            n.forEach(c -> assertNoRowValues(c, y));
        }
    }

    @Test
    void nodesRefuseASpecTheyDidNotAgreeTo() {
        Setup s = nodes(SPEC);
        FederationSpec other = new FederationSpec("band_gap", "magpie", 0, 12, false, 16, 30, 4, 0.3, 1, 5, 1.0, 2, 0);
        Coordinator.Failed f = assertThrows(Coordinator.Failed.class, () -> new Coordinator(other, List.copyOf(s.links()),
                (n, st, b) -> { }, Duration.ofSeconds(60)).train("s5", (x, st) -> { }));
        assertTrue(f.getMessage().contains("this node agreed to"), f.getMessage());
    }

    @Test
    void differentialPrivacyNoiseIsAccountedAndStillTrains() {
        FederationSpec dp = FederationSpec.withPrivacy("band_gap", 0, 12, 8.0);
        Setup s = nodes(dp);
        Coordinator.Result r = new Coordinator(dp, List.copyOf(s.links()), (n, st, b) -> { }, Duration.ofSeconds(60))
                .train("s6", (f, st) -> { });
        JsonNode p = r.training().get("privacy");
        assertTrue(p.get("differentially_private").asBoolean());
        assertEquals(8.0, p.get("epsilon").asDouble());
        double noisy = Metrics.mae(shards.testY(), r.model().predict(shards.testX(), shards.testY().length,
                dp.features().featureSet().size()));
        double dummy = Metrics.mae(shards.testY(), java.util.stream.DoubleStream.generate(() -> 0.0)
                .limit(shards.testY().length).toArray());
        System.out.printf("DP ε = 8: federated MAE %.4f (predicting 0: %.4f), σ_H = %.1f%n", noisy, dummy,
                p.get("sigma_hessian").asDouble());
        // noisy, but it learned: well below predicting 0 (and the noise really is there: not the noise-free 0.43)
        assertTrue(noisy < 0.85 && noisy > 0.5, "DP MAE " + noisy);
        assertEquals(2 + dp.trees() * (dp.depth() + 1), r.rounds()); // a leaf round per tree under DP
        assertTrue(p.get("sigma_leaf_count").asDouble() > 0 && p.get("rho").asDouble() > 0);
    }

    @Test
    void nodesRefuseSplitsOffThePublicBins() {
        FederatedBenchmark.Shard sh = shards.nodes().get(0);
        FederatedTrees.Local local = new FederatedTrees.Local(SPEC, SPEC.features().matrix(sh.train()), sh.y());
        local.catchUp(0, List.of());
        FederatedTrees.Tree t = FederatedTrees.Tree.empty(SPEC.depth());
        FederatedTrees.Layout layout = FederatedTrees.Layout.of(SPEC.edges());
        int f = layout.usable()[0];
        t.feature()[0] = f;
        t.at()[0] = layout.edges().get(f)[1];
        FederatedTrees.Noise none = FederatedTrees.Noise.of(SPEC, layout, 0);
        assertEquals(layout.length(1) / 2, local.histograms(t, 1, layout, none, null, 4).length); // left children only
        // a threshold just above one row's value would isolate it: refused
        t.at()[0] = Math.nextUp(layout.edges().get(f)[1]);
        assertThrows(IllegalArgumentException.class, () -> local.histograms(t, 1, layout, none, null, 4));
        t.at()[0] = layout.edges().get(f)[1];
        t.feature()[0] = 10_000;
        assertThrows(IllegalArgumentException.class, () -> local.histograms(t, 1, layout, none, null, 4));
    }

    @Test
    void aHurdleIsAgreedLikeAnyOtherFieldAndItsGateTravelsWithTheModel() {
        // only on a range that starts at 0, and not with DP noise (the gate's rounds are not in the accounting)
        assertThrows(org.matdx.core.Problem.class, () -> new FederationSpec("t", "magpie", -1, 12, false, 16, 3, 3, 0.3, 1, 5, 0,
                2, 0, true));
        assertThrows(org.matdx.core.Problem.class, () -> new FederationSpec("t", "magpie", 0, 12, false, 16, 3, 3, 0.3, 1, 5, 8,
                2, 0, true));
        // finer public bins: 256 at depth 6 still fit a message (many features take fewer distinct values in the reference list)
        FederationSpec fine = FederationSpec.parse(new FederationSpec("band_gap", "magpie", 0, 12, true, 256, 10, 6, 0.3, 1, 1, 0,
                2, 0, true).toJson());
        assertTrue(fine.largestRound() > 100_000 && fine.largestRound() <= Wire.MAX_VECTOR, "" + fine.largestRound());
        assertTrue(fine.edges().stream().anyMatch(e -> e.length > 128));
        FederationSpec gated = new FederationSpec("band_gap", "magpie", 0, 12, true, 16, 10, 3, 0.3, 1, 5, 0, 2, 0, true);
        assertEquals(gated, FederationSpec.parse(gated.toJson()));
        assertTrue(!FederationSpec.parse(gated.toJson().put("hurdle", false)).equals(gated)); // a node refuses the other one

        // a node without a hurdle in its spec refuses gate rounds and gate trees
        FederationSpec plain = new FederationSpec("band_gap", "magpie", 0, 12, false, 8, 2, 2, 0.3, 1, 5, 0, 2, 0);
        FederatedBenchmark.Shard sh = shards.nodes().get(0);
        FederatedNode node = new FederatedNode(plain, sp -> new FederatedTrees.Local(sp, sp.features().matrix(sh.train()), sh.y()),
                (session, model, training) -> Json.object(), (session, step, body) -> new byte[0], Mechanisms.seeded(1),
                new SecureRandom());
        node.handle("s9", "open", Json.object().put("party", 1).put("parties", 3).set("spec", plain.toJson()));
        ObjectNode gateRound = Json.object().put("round", "g0:0").put("kind", "histogram").put("part", "gate").put("start", 0)
                .put("level", 0);
        gateRound.putArray("trees");
        gateRound.set("tree", Wire.tree(FederatedTrees.Tree.empty(2)));
        gateRound.putArray("parties").add(1).add(2).add(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node.handle("s9", "round", gateRound));
        assertTrue(e.getMessage().contains("no hurdle"), e.getMessage());

        // the gate decides which rows are 0 and is stored with the model
        Setup s = nodes(gated);
        Coordinator.Result r = new Coordinator(gated, List.copyOf(s.links()), (n, st, b) -> { }, Duration.ofSeconds(60))
                .train("s8", (f, st) -> { });
        assertEquals(2 + 2 * gated.trees() * gated.depth(), r.rounds());
        PrivateTrees m = r.model();
        assertTrue(m.gated());
        PrivateTrees back = PrivateTrees.fromBytes(m.toBytes());
        assertTrue(back.gated());
        int cols = gated.features().featureSet().size();
        double[] p = m.predict(shards.testX(), shards.testY().length, cols);
        assertArrayEquals(p, back.predict(shards.testX(), shards.testY().length, cols));
        long zeros = java.util.Arrays.stream(p).filter(v -> v == 0).count();
        long metals = java.util.Arrays.stream(shards.testY()).filter(v -> v == 0).count();
        // about as many rows predicted exactly 0 as there are metals (a regressor alone predicts almost none)
        assertTrue(zeros > metals / 2 && zeros < 2 * metals, zeros + " rows predicted 0; " + metals + " metals");
        double ungated = mae(FederatedTrees.trainCentrally(new FederationSpec("band_gap", "magpie", 0, 12, true, 16, 10, 3, 0.3, 1,
                5, 0, 2, 0, false), shards.pooledX(), shards.pooledY()), shards.testX(), shards.testY());
        double withGate = mae(m, shards.testX(), shards.testY());
        assertTrue(withGate < ungated, "with the gate " + withGate + ", without " + ungated);
    }

    @Test
    void nodesRefuseAnOversizedTrainingRecordForTheirModelCards() {
        FederationSpec small = new FederationSpec("band_gap", "magpie", 0, 12, false, 8, 2, 2, 0.3, 1, 5, 0, 2, 0);
        Setup s = nodes(small);
        List<Coordinator.Link> links = new ArrayList<>();
        for (var l : s.links()) {
            links.add(new Coordinator.Link() {
                @Override
                public String name() {
                    return l.name();
                }

                @Override
                public JsonNode call(String session, String step, ObjectNode body) {
                    if (step.equals("model")) {
                        ((ObjectNode) body.get("training")).put("padding", "x".repeat(50_000));
                    }
                    return l.call(session, step, body);
                }
            });
        }
        Coordinator.Failed f = assertThrows(Coordinator.Failed.class,
                () -> new Coordinator(small, links, (n, st, b) -> { }, Duration.ofSeconds(60)).train("s7", (x, st) -> { }));
        assertTrue(f.getMessage().contains("no node registered"), f.getMessage());
        assertTrue(s.registered().isEmpty());
    }
}
