package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/** How a hurdle model joins its gates and regressors, read back from the boosters it saved. */
class HurdleRuleTest {
    static final List<String> NAMES = List.of("a", "b");

    /** Zero where a + noise < 0.4, else 1 + 3b: zero-inflated, as band gaps of metals. */
    static BoostedModel train() {
        int n = 120;
        float[] x = new float[n * 2];
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            x[2 * i] = r.nextFloat();
            x[2 * i + 1] = r.nextFloat();
            y[i] = x[2 * i] + 0.3 * r.nextGaussian() < 0.4 ? 0 : 1 + 3 * x[2 * i + 1];
        }
        Recipe recipe = new Recipe(Task.REGRESSION, new BoostParams(30, 3, 0.3, 0.8, 1, 1, 1), 3, true);
        return BoostedModel.train(recipe, NAMES, new Matrix(x, n, 2), y, 1, 11, BoostedModel.Listener.NONE);
    }

    static Map<String, byte[]> parts(byte[] zip) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    static double[] predict(byte[] booster, float[] row) throws Exception {
        Booster b = XGBoost.loadModel(booster);
        DMatrix d = new DMatrix(row, 1, 2, Float.NaN);
        try {
            return new double[] {b.predict(d)[0][0]};
        } finally {
            d.dispose();
            b.dispose();
        }
    }

    @Test
    void newModelsPredictTheMedianAndModelsSavedBeforeKeepTheirRule() throws Exception {
        byte[] saved;
        try (BoostedModel m = train()) {
            saved = m.toBytes();
        }
        Map<String, byte[]> parts = parts(saved);
        assertThat(new String(parts.get("model.json"), java.nio.charset.StandardCharsets.UTF_8)).contains("\"hurdle_rule\":\"median\"");
        // an artifact as saved before the median rule: the same boosters, no hurdle_rule
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(old)) {
            for (var e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getKey().equals("model.json")
                        ? new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8).replace(",\"hurdle_rule\":\"median\"", "")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : e.getValue());
                z.closeEntry();
            }
        }
        int hesitant = 0;
        try (BoostedModel median = BoostedModel.fromBytes(saved); BoostedModel member = BoostedModel.fromBytes(old.toByteArray())) {
            for (float a = 0.05f; a < 1; a += 0.05f) {
                float[] row = {a, 0.5f};
                double gate = 0;
                double value = 0;
                double perMember = 0;
                for (int k = 0; k < 3; k++) {
                    double g = predict(parts.get("gate-" + k + ".ubj"), row)[0];
                    double v = predict(parts.get("value-" + k + ".ubj"), row)[0];
                    gate += g / 3;
                    value += v / 3;
                    perMember += (g >= 0.5 ? Math.max(0, v) : 0) / 3;
                }
                Matrix x = new Matrix(row, 1, 2);
                assertThat(median.predict(x).value()[0]).isCloseTo(BoostedModel.median(gate, value), within(1e-5));
                assertThat(member.predict(x).value()[0]).isCloseTo(perMember, within(1e-5));
                if (gate > 0.5 && gate < 0.95) {
                    hesitant++;
                    assertThat(median.predict(x).value()[0]).isLessThan(value); // pulled towards 0
                }
            }
        }
        assertThat(hesitant).as("rows where the gate hesitates").isPositive();
    }
}
