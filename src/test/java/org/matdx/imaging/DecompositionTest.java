package org.matdx.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.formats.Parsed;
import org.matdx.formats.em.DmReader;
import org.matdx.testing.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * PCA against scikit-learn 1.2 (Debian's python3-sklearn, PCA(svd_solver="full")) on the corpus's
 * spectrum images, within 1e-6 relative: explained variances, their ratios, the components and the
 * scores (the reference is in hyperspy-golden.json, made by tools/em/hyperspy_golden.py).
 */
class DecompositionTest {

    @Test
    void pcaMatchesScikitLearnOnSpectrumImages() throws Exception {
        JsonNode golden;
        try (InputStream in = DecompositionTest.class.getResourceAsStream("/org/matdx/formats/em/hyperspy-golden.json")) {
            golden = Json.MAPPER.readTree(in);
        }
        Path root = SharedData.require("corpus/em");
        int checked = 0;
        for (JsonNode ref : golden.path("pca")) {
            Path file = root.resolve(ref.path("file").asString());
            List<Parsed> parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = new DmReader().read(file.getFileName().toString(), in);
            }
            Signal s = parsed.get(0).signals().get(0);
            int channels = s.shape()[s.shape().length - 1];
            int pixels = s.values().length / channels;
            Decomposition.Pca p = Decomposition.pca(s.values(), pixels, channels, 5);
            JsonNode ev = ref.path("explained_variance");
            JsonNode ratio = ref.path("explained_variance_ratio");
            for (int j = 0; j < ev.size(); j++) {
                if (ratio.get(j).asDouble() < 1e-12) {
                    continue; // a null direction (4 pixels span 3 dimensions): its orientation is arbitrary
                }
                close(ev.get(j).asDouble(), p.explainedVariance()[j], 1e-6, file + " variance " + j);
                close(ratio.get(j).asDouble(), p.explainedVarianceRatio()[j], 1e-6, file + " ratio " + j);
                JsonNode comp = ref.path("components").get(j);
                double norm = 0;
                double diff = 0;
                for (int c = 0; c < channels; c++) {
                    double d = comp.get(c).asDouble() - p.components()[j][c];
                    diff += d * d;
                    norm += comp.get(c).asDouble() * comp.get(c).asDouble();
                }
                assertTrue(Math.sqrt(diff / norm) < 1e-6, file + " component " + j + " differs by " + Math.sqrt(diff / norm));
                for (int r = 0; r < 4 && r < pixels; r++) {
                    double expected = ref.path("scores_first_rows").get(r).get(j).asDouble();
                    double scale = Math.sqrt(ev.get(j).asDouble() * (pixels - 1));
                    assertEquals(expected, p.scores()[r][j], 1e-6 * scale, file + " score " + r + "," + j);
                }
            }
            for (int c = 0; c < 16; c++) {
                close(ref.path("mean").get(c).asDouble(), p.mean()[c], 1e-9, file + " mean " + c);
            }
            checked++;
        }
        assertEquals(2, checked);
    }

    static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.max(Math.abs(expected), 1e-300) || expected == actual,
                what + ": expected " + expected + ", got " + actual);
    }

    /** Two phases with known spectra mixed over a map: NMF recovers both spectra and a near-zero residual. */
    @Test
    void nmfSeparatesTwoPhasesOfASyntheticSpectrumImage() {
        int px = 20 * 20;
        int ch = 60;
        double[] a = new double[ch];
        double[] b = new double[ch];
        for (int c = 0; c < ch; c++) {
            a[c] = Math.exp(-Math.pow((c - 15) / 3.0, 2));
            b[c] = Math.exp(-Math.pow((c - 40) / 4.0, 2));
        }
        Random r = new Random(7);
        double[] x = new double[px * ch];
        for (int p = 0; p < px; p++) {
            double fa = (p % 20) / 19.0;
            for (int c = 0; c < ch; c++) {
                x[p * ch + c] = 100 * (fa * a[c] + (1 - fa) * b[c]) + 0.01 * r.nextDouble();
            }
        }
        Decomposition.Nmf n = Decomposition.nmf(x, px, ch, 2, 2000, 1);
        assertTrue(n.residual() < 0.01, "residual " + n.residual());
        int peakA = argmax(n.spectra()[0]);
        int peakB = argmax(n.spectra()[1]);
        assertTrue((Math.abs(peakA - 15) <= 1 && Math.abs(peakB - 40) <= 1) || (Math.abs(peakA - 40) <= 1 && Math.abs(peakB - 15) <= 1),
                "peaks at " + peakA + ", " + peakB);
        Decomposition.Pca p = Decomposition.pca(x, px, ch, 3);
        assertTrue(p.explainedVarianceRatio()[0] > 0.999, "one mixing direction explains all: " + p.explainedVarianceRatio()[0]);
    }

    static int argmax(double[] v) {
        int m = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[m]) {
                m = i;
            }
        }
        return m;
    }
}
