package org.matdx.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatticeTest {

    @Test
    void measuresTheSpacingsOfTwoLatticeFringes() {
        // fringes of 0.235 nm (Au 111) along x and 0.204 nm (Au 200) at 60°, sampled at 0.0123 nm per pixel
        int w = 300;
        int h = 280;
        double s = 0.0123;
        double[] img = new double[w * h];
        Random r = new Random(5);
        double a1 = 0.235;
        double a2 = 0.204;
        double th = Math.toRadians(60);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double px = x * s;
                double py = y * s;
                img[y * w + x] = 500 + 100 * Math.cos(2 * Math.PI * px / a1)
                        + 60 * Math.cos(2 * Math.PI * (px * Math.cos(th) + py * Math.sin(th)) / a2) + 10 * r.nextGaussian();
            }
        }
        Lattice.Result res = Lattice.analyse(img, w, h, s, 4);
        assertEquals(256, res.size());
        assertTrue(res.reflections().size() >= 2, res.reflections().toString());
        Lattice.Reflection first = res.reflections().get(0);
        Lattice.Reflection second = res.reflections().get(1);
        assertEquals(a1, first.spacing(), a1 * 0.01, res.reflections().toString());
        assertEquals(0, Math.abs(first.angle()) % 180, 2.0);
        assertEquals(a2, second.spacing(), a2 * 0.01, res.reflections().toString());
        assertEquals(60, second.angle(), 2.0);
    }

    @Test
    void fftOfACosineHasItsTwoPeaks() {
        double[] re = new double[16];
        double[] im = new double[16];
        for (int i = 0; i < 16; i++) {
            re[i] = Math.cos(2 * Math.PI * 3 * i / 16);
        }
        Lattice.fft(re, im);
        assertEquals(8, re[3], 1e-9);
        assertEquals(8, re[13], 1e-9);
        assertEquals(0, re[4], 1e-9);
    }

    @Test
    void refusesATinyImage() {
        assertThrows(IllegalArgumentException.class, () -> Lattice.analyse(new double[16], 4, 4, 1, 3));
    }
}
