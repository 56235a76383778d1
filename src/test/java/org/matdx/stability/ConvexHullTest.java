package org.matdx.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Elements;

/**
 * Energies above the hull and decompositions against pymatgen 2022.11.7 (Debian python3-pymatgen,
 * {@code PhaseDiagram.get_e_above_hull} and {@code get_decomposition}), printed by
 * tools/stability/pymatgen_hull.py for the same Li-Fe-O phases.
 */
public class ConvexHullTest {
    static final String[] ELEMENTS = {"Li", "Fe", "O"};

    /** formula, formation energy (eV/atom), pymatgen's energy above hull, its decomposition (by atoms). */
    public record Golden(String formula, double energy, double above, Map<String, Double> decomposition) {
    }

    public static final List<Golden> PYMATGEN = List.of(
            new Golden("Li2O", -2.07, 0.0, Map.of("Li2O", 1.0)),
            new Golden("Li2O2", -1.65, 0.0, Map.of("Li2O2", 1.0)),
            new Golden("LiO2", -1.10, 0.0, Map.of("Li2O2", 0.666666666667, "O", 0.333333333333)),
            new Golden("FeO", -1.40, 0.043749999999999734, Map.of("Fe", 0.125, "Fe3O4", 0.875)),
            new Golden("Fe2O3", -1.70, 0.0, Map.of("Fe2O3", 1.0)),
            new Golden("Fe3O4", -1.65, 0.0, Map.of("Fe3O4", 1.0)),
            new Golden("LiFeO2", -1.80, 0.03874999999999984, Map.of("Fe2O3", 0.625, "Li2O", 0.375)),
            new Golden("LiFeO2", -1.75, 0.08874999999999988, Map.of("Fe2O3", 0.625, "Li2O", 0.375)),
            new Golden("Li5FeO4", -1.85, 0.12749999999999884, Map.of("Fe2O3", 0.25, "Li2O", 0.75)),
            new Golden("LiFe5O8", -1.68, 0.05964285714285733, Map.of("Fe2O3", 0.892857142857, "Li2O", 0.107142857143)),
            new Golden("Li2FeO3", -1.50, 0.2758333333333334, Map.of("Fe2O3", 0.416666666667, "Li2O", 0.25, "Li2O2", 0.333333333333)),
            new Golden("FeO2", -1.00, 0.4166666666666665, Map.of("Fe2O3", 0.833333333333, "O", 0.166666666667)),
            new Golden("Li3Fe", -0.05, 0.0, Map.of("Li3Fe", 1.0)),
            new Golden("Li", 0.02, 0.02, Map.of("Li", 1.0)));

    static double[] fractions(String formula) {
        var f = Composition.parse(formula).atomicFractions();
        double[] x = new double[ELEMENTS.length];
        for (int k = 0; k < ELEMENTS.length; k++) {
            x[k] = f.getOrDefault(Elements.of(ELEMENTS[k]), 0.0);
        }
        return x;
    }

    @Test
    void energiesAboveTheHullAndDecompositionsAreThoseOfPymatgen() {
        List<ConvexHull.Point> points = PYMATGEN.stream().map(g -> new ConvexHull.Point(fractions(g.formula()), g.energy())).toList();
        List<ConvexHull.Position> positions = ConvexHull.positions(3, points);
        for (int i = 0; i < PYMATGEN.size(); i++) {
            Golden g = PYMATGEN.get(i);
            ConvexHull.Position p = positions.get(i);
            assertThat(p.eAboveHull()).as(g.formula() + " " + g.energy()).isCloseTo(g.above(), within(1e-9));
            if (g.above() > 0 || g.formula().equals("LiO2")) {
                // on or above the hull but no vertex: the mixture pymatgen names (the same phases, by atoms)
                Map<String, Double> named = new TreeMap<>();
                for (ConvexHull.Share s : p.decomposition()) {
                    named.merge(s.point() < PYMATGEN.size() ? PYMATGEN.get(s.point()).formula() : ELEMENTS[s.point() - PYMATGEN.size()],
                            s.fraction(), Double::sum);
                }
                if (!g.formula().equals("Li")) {
                    assertThat(named.keySet()).as(g.formula()).isEqualTo(new TreeMap<>(g.decomposition()).keySet());
                    g.decomposition().forEach((f, x) -> assertThat(named.get(f)).as(g.formula() + " → " + f).isCloseTo(x, within(1e-9)));
                }
            }
        }
        // vertices: Li2O, Li2O2, Fe2O3, Fe3O4, Li3Fe; LiO2 lies on the Li2O2-O line without being one
        List<String> vertices = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            if (positions.get(i).vertex()) {
                vertices.add(PYMATGEN.get(i).formula());
            }
        }
        assertThat(vertices).containsExactlyInAnyOrder("Li2O", "Li2O2", "Fe2O3", "Fe3O4", "Li3Fe");
        assertThat(positions.get(2).vertex()).isFalse();
        // a vertex lies below every mixture of the other phases
        assertThat(positions.get(0).decompositionEnergy()).isLessThan(0);
    }

    @Test
    void aPhaseAboveItsElementsDecomposesIntoThem() {
        List<ConvexHull.Position> p = ConvexHull.positions(2, List.of(new ConvexHull.Point(new double[] {0.5, 0.5}, 0.3)));
        assertThat(p.get(0).eAboveHull()).isCloseTo(0.3, within(1e-12));
        assertThat(p.get(0).decomposition()).extracting(ConvexHull.Share::point).containsExactlyInAnyOrder(1, 2);
    }
}
