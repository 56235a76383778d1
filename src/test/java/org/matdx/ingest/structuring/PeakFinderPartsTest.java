package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The peak finder's linear-time parts agree with their plain definitions. */
class PeakFinderPartsTest {

    @Test
    void selectionFindsTheSameMedianAsSorting() {
        Random r = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(300);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = trial % 3 == 0 ? r.nextInt(5) : r.nextGaussian(); // many ties in a third of the trials
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(PeakFinder.select(a.clone(), k)).as("n=%d k=%d", n, k).isEqualTo(sorted[k]);
        }
    }

    @Test
    void backgroundIsTheRollingMeanOfTheRollingMinimumCappedByTheCurve() {
        Random r = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 20 + r.nextInt(400);
            int half = 1 + r.nextInt(30);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = 100 + 10 * Math.sin(i / 17.0) + r.nextInt(20) + (r.nextInt(40) == 0 ? 500 : 0);
            }
            double[] min = new double[n];
            for (int i = 0; i < n; i++) {
                min[i] = Double.MAX_VALUE;
                for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
                    min[i] = Math.min(min[i], s[j]);
                }
            }
            double[] bg = PeakFinder.background(s, n, half);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int lo = Math.max(0, i - half);
                int hi = Math.min(n - 1, i + half);
                for (int j = lo; j <= hi; j++) {
                    sum += min[j];
                }
                assertThat(bg[i]).isCloseTo(Math.min(s[i], sum / (hi - lo + 1)), org.assertj.core.api.Assertions.within(1e-9));
            }
        }
    }
}
