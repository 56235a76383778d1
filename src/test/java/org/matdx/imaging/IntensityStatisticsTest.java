package org.matdx.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass statistics against the textbook definitions computed the slow way (sort, two passes). */
class IntensityStatisticsTest {

    /** numpy.percentile's default: linear interpolation between order statistics. */
    static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static void assertMatchesSlowWay(double[] v, IntensityStatistics s) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        double mean = Arrays.stream(f).sum() / f.length;
        double var = Arrays.stream(f).map(x -> (x - mean) * (x - mean)).sum() / f.length;
        assertEquals(f.length, s.count());
        assertEquals(v.length - f.length, s.nonFinite());
        assertEquals(f[0], s.min());
        assertEquals(f[f.length - 1], s.max());
        assertEquals(mean, s.mean(), 1e-9 * Math.abs(mean));
        assertEquals(Math.sqrt(var), s.std(), 1e-9 * Math.sqrt(var));
        long[] hist = new long[IntensityStatistics.BINS];
        double width = f[f.length - 1] - f[0];
        for (double x : f) {
            hist[width == 0 ? 0 : (int) Math.min(IntensityStatistics.BINS - 1, Math.floor((x - f[0]) / width * IntensityStatistics.BINS))]++;
        }
        assertArrayEquals(hist, s.histogram());
    }

    @Test
    void sixteenBitCountsOnALargeOffsetGiveExactQuantilesMeanStdAndHistogram() {
        Random r = new Random(7);
        double[] v = new double[300_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = 60_000 + r.nextInt(4000); // near the top of the 16-bit range: a naive sum of squares would lose digits
        }
        v[5] = 65_535; // a hot pixel
        v[6] = Double.NaN;
        IntensityStatistics s = IntensityStatistics.of(v);
        assertMatchesSlowWay(v, s);
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        // exact, not from a sample: every one of 300 000 values counts
        assertEquals(percentile(f, 0.005), s.p005());
        assertEquals(percentile(f, 0.01), s.p01());
        assertEquals(percentile(f, 0.5), s.median());
        assertEquals(percentile(f, 0.99), s.p99());
        assertEquals(percentile(f, 0.995), s.p995());
    }

    @Test
    void interpolatesBetweenOrderStatisticsLikeNumpy() {
        IntensityStatistics s = IntensityStatistics.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, s.median()); // numpy.percentile([1,2,3,4], 50)
        assertEquals(1.015, s.p005(), 1e-12); // 1 + 0.005·3
        assertEquals(3.985, s.p995(), 1e-12);
    }

    @Test
    void fractionalValuesGetTheTwoPassVarianceAndSampledQuantilesNearTheTrueOnes() {
        Random r = new Random(3);
        double[] v = new double[1 << 18];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e6 + r.nextGaussian(); // a far offset, unit spread
        }
        v[0] = Double.POSITIVE_INFINITY;
        IntensityStatistics s = IntensityStatistics.of(v);
        assertMatchesSlowWay(v, s);
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        assertEquals(percentile(f, 0.5), s.median(), 0.02); // a regular sample of 2^16 of 2^18 values
        assertEquals(percentile(f, 0.01), s.p01(), 0.05);
    }

    @Test
    void aFlatImageAndOneWithoutFiniteValues() {
        IntensityStatistics flat = IntensityStatistics.of(new double[] {7, 7, 7});
        assertEquals(0, flat.std());
        assertEquals(3, flat.histogram()[0]);
        assertEquals(7, flat.p995());
        IntensityStatistics none = IntensityStatistics.of(new double[] {Double.NaN});
        assertEquals(0, none.count());
        assertEquals(1, none.nonFinite());
        assertEquals(Double.NaN, none.median());
    }

    @Test
    void wideIntegerRangesFallBackToTheSample() {
        double[] v = {0, 1e9, 5, 3}; // 10⁹ levels: no per-level tally
        IntensityStatistics s = IntensityStatistics.of(v);
        assertMatchesSlowWay(v, s);
        assertEquals(4, s.median());
    }

    @Test
    void sixteenBitWordsGiveTheFiguresOfTheirWidenedValues() {
        Random r = new Random(11);
        for (boolean unsigned : new boolean[] {true, false}) {
            short[] w = new short[200_003];
            for (int i = 0; i < w.length; i++) {
                w[i] = (short) (unsigned ? 60_000 + r.nextInt(5_000) : r.nextInt(3_000) - 1_500);
            }
            w[3] = (short) 0xFFFF; // 65535 unsigned, -1 signed
            w[4] = unsigned ? 0 : Short.MIN_VALUE;
            double[] v = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                v[i] = unsigned ? w[i] & 0xFFFF : w[i];
            }
            IntensityStatistics words = IntensityStatistics.ofWords(w, unsigned);
            IntensityStatistics doubles = IntensityStatistics.of(v);
            assertEquals(doubles, words); // count, non-finite, min, max, mean, histogram: exactly
            assertEquals(doubles.std(), words.std(), 1e-12 * doubles.std());
            assertArrayEquals(new double[] {doubles.p005(), doubles.p01(), doubles.median(), doubles.p99(), doubles.p995()},
                    new double[] {words.p005(), words.p01(), words.median(), words.p99(), words.p995()});
            assertMatchesSlowWay(v, words);
        }
    }
}
