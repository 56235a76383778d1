package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.matdx.ingest.structuring.PeakFinder;
import org.matdx.platform.demo.SyntheticPatterns;
import org.junit.jupiter.api.Test;

class PeakFinderTest {

    static double[][] columns(String xy) {
        List<String> lines = xy.lines().filter(l -> !l.startsWith("#")).toList();
        double[] x = new double[lines.size()];
        double[] y = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] p = lines.get(i).split(" ");
            x[i] = Double.parseDouble(p[0]);
            y[i] = Double.parseDouble(p[1]);
        }
        return new double[][] {x, y};
    }

    @Test
    void findsEverySiliconReflectionWithPositionAndWidth() {
        double[][] d = columns(SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 7));
        List<PeakFinder.Peak> peaks = PeakFinder.standard().find(d[0], d[1]);
        double[] expected = SyntheticPatterns.SILICON.twoTheta();
        assertThat(peaks).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(peaks.get(i).position()).as("peak %d", i).isCloseTo(expected[i], within(0.02));
            // smoothing widens a little; the generated FWHM is 0.12°
            assertThat(peaks.get(i).fwhm()).as("FWHM %d", i).isCloseTo(0.12, within(0.03));
        }
        PeakFinder.Peak strongest = peaks.stream().max(java.util.Comparator.comparingDouble(PeakFinder.Peak::intensity)).orElseThrow();
        assertThat(strongest.position()).isCloseTo(28.443, within(0.02));
    }

    @Test
    void relativeIntensitiesFollowThePhase() {
        double[][] d = columns(SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.01, 0.08, 3));
        List<PeakFinder.Peak> peaks = PeakFinder.standard().find(d[0], d[1]);
        PeakFinder.Peak p110 = peaks.stream().filter(p -> Math.abs(p.position() - 27.447) < 0.05).findFirst().orElseThrow();
        PeakFinder.Peak p211 = peaks.stream().filter(p -> Math.abs(p.position() - 54.323) < 0.05).findFirst().orElseThrow();
        assertThat(p211.intensity() / p110.intensity()).isCloseTo(0.60, within(0.08));
    }

    @Test
    void noiseAloneGivesNoPeaks() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        double[] x = new double[2000];
        double[] y = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + i * 0.04;
            y[i] = 200 + Math.sqrt(200) * r.nextGaussian();
        }
        assertThat(PeakFinder.standard().find(x, y)).isEmpty();
    }
}
