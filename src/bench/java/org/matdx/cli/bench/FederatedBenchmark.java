package org.matdx.cli.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import org.matdx.federated.Coordinator;
import org.matdx.federated.FederatedNode;
import org.matdx.federated.FederatedTrees;
import org.matdx.federated.FederationSpec;
import org.matdx.informatics.BoostParams;
import org.matdx.informatics.BoostedModel;
import org.matdx.informatics.Matrix;
import org.matdx.informatics.Metrics;
import org.matdx.informatics.Recipe;
import org.matdx.informatics.Task;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivateTrees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federated training against pooled training on the same rows ({@code matdx bench federated}): a
 * table split by chemistry into four nodes (oxides; chalcogenides; halides and pnictides; the rest),
 * every seventh row of each held back, the nodes' protocol run in this process with every message
 * written and parsed as JSON, as over HTTP. The multi-process figure (four JVMs, four databases)
 * comes from FederatedEvidenceTest.
 */
public final class FederatedBenchmark {
    private FederatedBenchmark() {
    }

    public static final List<String> CHEMISTRIES = List.of("oxides", "chalcogenides", "halides-pnictides", "others");

    public record Shard(String name, List<Composition> train, double[] y, List<Composition> test, double[] testY) {
    }

    public record Shards(List<Shard> nodes, float[] testX, double[] testY, float[] pooledX, double[] pooledY) {
    }

    /** Which of {@link #CHEMISTRIES} a composition belongs to. */
    public static int chemistry(Composition c) {
        List<String> els = c.elements().stream().map(e -> e.symbol()).toList();
        if (els.contains("O")) {
            return 0;
        }
        if (els.contains("S") || els.contains("Se") || els.contains("Te")) {
            return 1;
        }
        if (els.stream().anyMatch(List.of("F", "Cl", "Br", "I", "N", "P", "As", "Sb")::contains)) {
            return 2;
        }
        return 3;
    }

    /** Splits rows by chemistry; the seventh, fourteenth … row of each chemistry is held back. */
    public static Shards shard(FederationSpec spec, List<Composition> cs, double[] y) {
        List<List<Integer>> train = new ArrayList<>();
        List<List<Integer>> test = new ArrayList<>();
        for (int i = 0; i < CHEMISTRIES.size(); i++) {
            train.add(new ArrayList<>());
            test.add(new ArrayList<>());
        }
        int[] seen = new int[CHEMISTRIES.size()];
        for (int i = 0; i < cs.size(); i++) {
            int c = chemistry(cs.get(i));
            (seen[c]++ % 7 == 6 ? test : train).get(c).add(i);
        }
        List<Shard> nodes = new ArrayList<>();
        List<Composition> allTest = new ArrayList<>();
        List<Composition> pooled = new ArrayList<>();
        List<Double> allTestY = new ArrayList<>();
        List<Double> pooledY = new ArrayList<>();
        for (int k = 0; k < CHEMISTRIES.size(); k++) {
            List<Composition> tr = train.get(k).stream().map(cs::get).toList();
            List<Composition> te = test.get(k).stream().map(cs::get).toList();
            double[] ty = train.get(k).stream().mapToDouble(i -> y[i]).toArray();
            double[] tey = test.get(k).stream().mapToDouble(i -> y[i]).toArray();
            nodes.add(new Shard(CHEMISTRIES.get(k), tr, ty, te, tey));
            allTest.addAll(te);
            pooled.addAll(tr);
            for (double v : tey) {
                allTestY.add(v);
            }
            for (double v : ty) {
                pooledY.add(v);
            }
        }
        var f = spec.features();
        return new Shards(nodes, f.matrix(allTest), allTestY.stream().mapToDouble(Double::doubleValue).toArray(),
                f.matrix(pooled), pooledY.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A link that writes the body as JSON text and parses the answer, like HTTP; it can be made to die at a round. */
    public static final class InProcessLink implements Coordinator.Link {
        private final String name;
        private final FederatedNode node;
        private volatile String dieAt;
        private volatile boolean dead;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong received = new AtomicLong();

        public InProcessLink(String name, FederatedNode node) {
            this.name = name;
            this.node = node;
        }

        /** From this round on, the node does not answer. */
        public void dieAt(String round) {
            this.dieAt = round;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JsonNode call(String session, String step, ObjectNode body) {
            if (dead || (dieAt != null && dieAt.equals(body.path("round").asString(null)))) {
                dead = true;
                throw new IllegalStateException("connection refused");
            }
            String request = Json.write(body);
            received.addAndGet(request.length());
            byte[] answer = node.handle(session, step, Json.MAPPER.readTree(request));
            sent.addAndGet(answer.length);
            return Json.MAPPER.readTree(answer);
        }

        /** Bytes of JSON this node sent to the coordinator so far. */
        public long sentBytes() {
            return sent.get();
        }

        /** Bytes of JSON the coordinator sent this node so far. */
        public long receivedBytes() {
            return received.get();
        }
    }

    /** A node of this process over one shard, registering nothing, logging nothing. */
    public static InProcessLink node(FederationSpec spec, Shard s, long noiseSeed) {
        return new InProcessLink(s.name(), new FederatedNode(spec,
                sp -> new FederatedTrees.Local(sp, sp.features().matrix(s.train()), s.y()),
                (session, model, training) -> Json.object().put("registered", true),
                (session, step, body) -> Json.write(body).getBytes(StandardCharsets.UTF_8),
                Mechanisms.seeded(noiseSeed), new SecureRandom()));
    }

    public record Result(double federatedMae, double pooledMae, double bestSingleMae, double federatedSeconds,
                         double pooledSeconds, int rounds, double xgboostPooledMae, long nodeBytes, long coordinatorBytes) {
    }

    /** MatDX's ordinary model (XGBoost, default settings, one member, hurdle for zero-inflated targets) on the pooled rows. */
    public static double xgboostPooled(FederationSpec spec, Shards shards) {
        int cols = spec.features().featureSet().size();
        double[] y = shards.pooledY();
        Recipe r = new Recipe(Task.REGRESSION, BoostParams.DEFAULT, 1, Recipe.zeroInflated(y));
        try (BoostedModel m = BoostedModel.train(r, spec.features().featureSet().names(), new Matrix(shards.pooledX(), y.length,
                cols), y, 2, 1, BoostedModel.Listener.NONE)) {
            return Metrics.mae(shards.testY(), m.predict(new Matrix(shards.testX(), shards.testY().length, cols)).value());
        }
    }

    /** Only the same learner on the pooled rows: MAE and seconds, for choosing a spec. */
    public static double pooled(FederationSpec spec, Shards shards, PrintStream out) {
        int cols = spec.features().featureSet().size();
        long t1 = System.nanoTime();
        PrivateTrees pooled = FederatedTrees.trainCentrally(spec, shards.pooledX(), shards.pooledY());
        double seconds = (System.nanoTime() - t1) / 1e9;
        double mae = Metrics.mae(shards.testY(), pooled.predict(shards.testX(), shards.testY().length, cols));
        out.printf(Locale.ROOT, "| pooled only | %s, shrinkage %s, λ %s, min child %s%s | | %.4f | | | | %.2f | |%n", spec.describe(),
                spec.shrinkage(), spec.lambda(), spec.minChildRows(), spec.logTarget() ? ", ln(1 + y)" : "", mae, seconds);
        return mae;
    }

    public static Result run(FederationSpec spec, Shards shards, PrintStream out) {
        int cols = spec.features().featureSet().size();
        List<Coordinator.Link> links = new ArrayList<>();
        List<InProcessLink> nodes = new ArrayList<>();
        for (int k = 0; k < shards.nodes().size(); k++) {
            nodes.add(node(spec, shards.nodes().get(k), k));
        }
        links.addAll(nodes);
        long t0 = System.nanoTime();
        Coordinator.Result r = new Coordinator(spec, links, (n, s, b) -> { }, Duration.ofMinutes(5))
                .train("bench", (f, s) -> { });
        double fedSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        PrivateTrees pooled = FederatedTrees.trainCentrally(spec, shards.pooledX(), shards.pooledY());
        double pooledSeconds = (System.nanoTime() - t1) / 1e9;
        double best = Double.POSITIVE_INFINITY;
        for (Shard s : shards.nodes()) {
            PrivateTrees single = FederatedTrees.trainCentrally(spec, spec.features().matrix(s.train()), s.y());
            best = Math.min(best, Metrics.mae(shards.testY(), single.predict(shards.testX(), shards.testY().length, cols)));
        }
        Result res = new Result(Metrics.mae(shards.testY(), r.model().predict(shards.testX(), shards.testY().length, cols)),
                Metrics.mae(shards.testY(), pooled.predict(shards.testX(), shards.testY().length, cols)), best, fedSeconds,
                pooledSeconds, r.rounds(), spec.differentiallyPrivate() ? Double.NaN : xgboostPooled(spec, shards),
                nodes.stream().mapToLong(InProcessLink::sentBytes).sum(), nodes.stream().mapToLong(InProcessLink::receivedBytes).sum());
        out.printf(Locale.ROOT, "| %d nodes | %s | %.4f | %.4f | %.4f | %s | %.2f | %.2f | %.0f |%n", shards.nodes().size(),
                spec.describe(), res.federatedMae(), res.pooledMae(), res.bestSingleMae(),
                Double.isNaN(res.xgboostPooledMae()) ? "" : String.format(Locale.ROOT, "%.4f", res.xgboostPooledMae()),
                res.federatedSeconds(), res.pooledSeconds(), res.federatedSeconds() / res.pooledSeconds());
        int n = shards.nodes().size();
        out.printf(Locale.ROOT, "  %d rounds, %.0f ms per round; per node and round: %.2f MB sent, %.2f MB received "
                        + "(JSON; all nodes, whole training: %.0f MB sent, %.0f MB received)%n", res.rounds(),
                1000 * res.federatedSeconds() / res.rounds(), res.nodeBytes() / 1e6 / n / res.rounds(),
                res.coordinatorBytes() / 1e6 / n / res.rounds(), res.nodeBytes() / 1e6, res.coordinatorBytes() / 1e6);
        return res;
    }
}
