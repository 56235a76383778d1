package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Elements;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;

class StructureFeaturesTest {
    static final double[][] FCC = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};

    static Structure rockSalt(String cation, String anion, double a) {
        List<Site> sites = new ArrayList<>();
        for (double[] f : FCC) {
            sites.add(Site.of(Elements.of(cation), f[0], f[1], f[2]));
            sites.add(Site.of(Elements.of(anion), (f[0] + 0.5) % 1, f[1], f[2]));
        }
        return new Structure(Lattice.fromParameters(a, a, a, 90, 90, 90), sites);
    }

    static double f(double[] v, String name) {
        return v[StructureFeatures.NAMES.indexOf(name)];
    }

    @Test
    void rockSaltNaClIsSixfoldCoordinated() {
        double[] v = StructureFeatures.compute(rockSalt("Na", "Cl", 5.64));
        // 4 NaCl in 5.64³ Å³
        assertThat(f(v, "density")).isCloseTo(2.163616, within(1e-5));
        assertThat(f(v, "volume_per_atom")).isCloseTo(5.64 * 5.64 * 5.64 / 8, within(1e-9));
        // spheres of 1.55 Å (Na) and 0.99 Å (Cl), four of each
        assertThat(f(v, "packing_fraction")).isCloseTo(0.438400, within(1e-5));
        assertThat(f(v, "mean_coordination")).isEqualTo(6);
        assertThat(f(v, "std_coordination")).isZero();
        assertThat(f(v, "min_coordination")).isEqualTo(6);
        assertThat(f(v, "max_coordination")).isEqualTo(6);
        assertThat(f(v, "mean_nn_distance")).isCloseTo(2.82, within(1e-9));
    }

    @Test
    void fccCopperHasTwelveNeighboursAcrossCellBoundaries() {
        List<Site> sites = new ArrayList<>();
        for (double[] p : FCC) {
            sites.add(Site.of(Elements.of("Cu"), p[0], p[1], p[2]));
        }
        double[] v = StructureFeatures.compute(new Structure(Lattice.fromParameters(3.615, 3.615, 3.615, 90, 90, 90), sites));
        assertThat(f(v, "mean_coordination")).isEqualTo(12);
        assertThat(f(v, "mean_nn_distance")).isCloseTo(3.615 / Math.sqrt(2), within(1e-9));
        // the primitive cell of one atom gives the same answer: images are searched far enough
        Structure primitive = new Structure(new Lattice(new double[][] {{0, 1.8075, 1.8075}, {1.8075, 0, 1.8075},
                {1.8075, 1.8075, 0}}), List.of(Site.of(Elements.of("Cu"), 0, 0, 0)));
        assertThat(f(StructureFeatures.compute(primitive), "mean_coordination")).isEqualTo(12);
        assertThat(f(StructureFeatures.compute(primitive), "density")).isCloseTo(f(v, "density"), within(1e-9));
    }

    @Test
    void missingStructureIsAllNaN() {
        assertThat(StructureFeatures.missing()).hasSize(StructureFeatures.NAMES.size());
        assertThat(java.util.Arrays.stream(StructureFeatures.missing()).allMatch(Double::isNaN)).isTrue();
    }
}
