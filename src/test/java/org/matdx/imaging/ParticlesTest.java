package org.matdx.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParticlesTest {

    /** Bright discs of given radii (pixels) on a noisy dark background. */
    static double[] discs(int w, int h, double[][] centresAndRadii, long seed, double noise) {
        Random r = new Random(seed);
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + noise * r.nextGaussian();
        }
        for (double[] c : centresAndRadii) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (Math.hypot(x + 0.5 - c[0], y + 0.5 - c[1]) <= c[2]) {
                        v[y * w + x] = 1000 + noise * r.nextGaussian();
                    }
                }
            }
        }
        return v;
    }

    @Test
    void countsSeparateDiscsAndMeasuresTheirDiametersInCalibratedUnits() {
        double[][] d = {{40, 40, 10}, {120, 50, 15}, {60, 130, 8}, {150, 150, 20}, {100, 95, 5}};
        double[] img = discs(200, 200, d, 1, 20);
        Particles.Result r = Particles.segment(img, 200, 200, 0.5, 0.5, "nm", Particles.Settings.DEFAULT);
        assertEquals(5, r.count(), r.particles().toString());
        double[] expected = {10, 15, 8, 20, 5};
        for (Particles.Particle p : r.particles()) {
            // nearest expected disc by centroid
            double best = Double.MAX_VALUE;
            double radius = 0;
            for (double[] c : d) {
                double dist = Math.hypot(p.centroidX() - c[0] * 0.5, p.centroidY() - c[1] * 0.5);
                if (dist < best) {
                    best = dist;
                    radius = c[2];
                }
            }
            assertTrue(best < 0.5, "centroid within a pixel: " + p);
            assertEquals(2 * radius * 0.5, p.equivalentDiameter(), 0.5, "equivalent diameter of " + p);
            assertEquals(2 * radius * 0.5, p.minFeret(), 1.0, "minimum Feret of " + p);
        }
        assertTrue(java.util.Arrays.stream(expected).allMatch(e -> e > 0));
        assertEquals(10.0, r.medianEquivalentDiameter(), 0.5, "median radius 10 px of 0.5 nm: 10 nm");
        assertEquals(1.0, r.nanoFraction(), 1e-12);
        assertEquals(Boolean.TRUE, r.euNanomaterial());
    }

    @Test
    void splitsTouchingParticlesWithTheWatershed() {
        double[][] d = {{60, 60, 15}, {86, 60, 15}, {140, 140, 12}};
        double[] img = discs(200, 200, d, 2, 10);
        Particles.Result split = Particles.segment(img, 200, 200, 1, 1, "nm", Particles.Settings.DEFAULT);
        assertEquals(3, split.count(), split.particles().toString());
        Particles.Result merged = Particles.segment(img, 200, 200, 1, 1, "nm", new Particles.Settings(true, 9, 3, false, true));
        assertEquals(2, merged.count(), "without the watershed the touching pair is one region");
    }

    @Test
    void leavesOutBorderParticlesAndNoise() {
        double[][] d = {{0, 100, 20}, {100, 100, 10}, {170, 30, 1}};
        double[] img = discs(200, 200, d, 3, 5);
        Particles.Result r = Particles.segment(img, 200, 200, 1, 1, "µm", Particles.Settings.DEFAULT);
        assertEquals(1, r.count());
        assertTrue(r.leftOut() >= 1);
        assertEquals(0.0, r.nanoFraction(), 1e-12, "20 µm particles are not nano");
        assertFalse(r.euNanomaterial());
    }

    @Test
    void darkParticlesOnBrightBackgroundAndNaNPixels() {
        double[][] d = {{50, 50, 10}, {140, 60, 12}};
        double[] img = discs(200, 200, d, 4, 10);
        for (int i = 0; i < img.length; i++) {
            img[i] = 1100 - img[i];
        }
        img[5] = Double.NaN;
        Particles.Result r = Particles.segment(img, 200, 200, 2, 2, "nm", new Particles.Settings(false, 9, 3, true, true));
        assertEquals(2, r.count());
        assertTrue(Double.isNaN(Particles.segment(img, 200, 200, 2, 2, "", Particles.Settings.DEFAULT).nanoFraction()));
    }

    @Test
    void otsuFindsTheValleyOfABimodalHistogram() {
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 1000 ? 10 + (i % 7) : 200 + (i % 11);
        }
        double t = Particles.otsu(v);
        assertTrue(t > 16 && t < 200, "threshold " + t);
    }
}
