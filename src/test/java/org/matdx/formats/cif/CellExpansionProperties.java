package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.matdx.core.Elements;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.formats.cif.CellExpansion.AsymmetricSite;

/**
 * Expanding an asymmetric unit with a space group's operations — written in any order, with
 * redundant copies, and in shifted but equivalent forms (translations ± 1) — gives sites inside
 * [0, 1) and never the same site twice.
 */
class CellExpansionProperties {
    /** Generators of a few real groups (Jones notation as in the International Tables). */
    private static final List<List<String>> GENERATORS = List.of(
            List.of("-x,-y,-z"),                                                     // P-1
            List.of("-x+1/2,y+1/2,-z+1/2", "-x,-y,-z"),                              // P2_1/n
            List.of("-y,x-y,z", "-x,-y,-z"),                                         // P-3
            List.of("-y,x-y,z+1/3"),                                                 // P3_1
            List.of("-x,-y,z", "-y+1/2,x+1/2,z+1/2", "-x,-y,-z"),                    // P4_2/mnm
            List.of("x+1/2,y+1/2,z+1/2", "-x,-y,z", "z,x,y", "-x,-y,-z"),            // Im-3 (subgroup of Im-3m)
            List.of("x,y+1/2,z+1/2", "x+1/2,y,z+1/2", "-x,-y,z", "z,x,y", "y,x,-z", "-x,-y,-z")); // Fm-3m

    @Property(tries = 150)
    void noDuplicatesAndInsideTheCell(@ForAll("groups") List<SymmetryOperation> ops, @ForAll("points") List<double[]> points,
                                      @ForAll("cells") Lattice lattice) {
        List<AsymmetricSite> asym = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            asym.add(new AsymmetricSite("X" + i, Map.of(Elements.of("Si"), 1.0), points.get(i)));
        }
        List<Site> sites = CellExpansion.expand(lattice, asym, ops);
        for (Site s : sites) {
            for (double f : s.fractional()) {
                assertThat(f).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            for (int j = i + 1; j < sites.size(); j++) {
                assertThat(CellExpansion.same(lattice, sites.get(i).fractional(), sites.get(j).fractional()))
                        .as("sites %d and %d coincide", i, j).isFalse();
            }
        }
        // no site is lost either: each orbit is at most the group order and at least one site
        int order = closure(ops).size();
        assertThat(sites.size()).isLessThanOrEqualTo(order * points.size());
        // and the set is closed: applying any operation to any site lands on a site
        for (SymmetryOperation op : ops) {
            for (Site s : sites) {
                double[] image = CellExpansion.wrap(op.apply(s.fractional()));
                assertThat(sites.stream().anyMatch(t -> CellExpansion.same(lattice, image, t.fractional()))).isTrue();
            }
        }
    }

    /**
     * The grid that makes expansion linear finds exactly what comparing every pair found, disorder
     * merges included: the pairwise expansion the reader used before is the oracle.
     */
    @Property(tries = 150)
    void agreesWithComparingEveryPair(@ForAll("groups") List<SymmetryOperation> ops, @ForAll("points") List<double[]> points,
                                      @ForAll("cells") Lattice lattice, @ForAll boolean sharedPoint) {
        List<AsymmetricSite> asym = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            // two asymmetric sites on one point (Fe1/Co1 at 0.5 each) when asked
            double[] p = sharedPoint && i > 0 ? points.get(0) : points.get(i);
            asym.add(new AsymmetricSite("X" + i, Map.of(Elements.of(i % 2 == 0 ? "Fe" : "Co"), 0.5), p));
        }
        List<Site> grid = CellExpansion.expand(lattice, asym, ops);
        List<Site> pairwise = pairwise(lattice, asym, ops);
        assertThat(grid).hasSameSizeAs(pairwise);
        for (int i = 0; i < grid.size(); i++) {
            assertThat(grid.get(i).label()).isEqualTo(pairwise.get(i).label());
            assertThat(grid.get(i).fractional()).containsExactly(pairwise.get(i).fractional());
            assertThat(grid.get(i).occupancy()).isEqualTo(pairwise.get(i).occupancy());
        }
    }

    /** The expansion as it was before issue 18: each image compared with every site found so far. */
    static List<Site> pairwise(Lattice lattice, List<AsymmetricSite> asymmetric, List<SymmetryOperation> ops) {
        List<String> labels = new ArrayList<>();
        List<Map<org.matdx.core.Element, Double>> species = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        for (AsymmetricSite a : asymmetric) {
            List<double[]> orbit = new ArrayList<>();
            for (SymmetryOperation op : ops) {
                double[] p = CellExpansion.wrap(op.apply(a.fractional()));
                if (orbit.stream().noneMatch(q -> CellExpansion.same(lattice, p, q))) {
                    orbit.add(p);
                }
            }
            for (double[] p : orbit) {
                int at = -1;
                for (int i = 0; i < positions.size(); i++) {
                    if (CellExpansion.same(lattice, p, positions.get(i))) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    labels.add(a.label());
                    species.add(new java.util.LinkedHashMap<>(a.occupancy()));
                    positions.add(p);
                } else {
                    labels.set(at, labels.get(at) + "/" + a.label());
                    Map<org.matdx.core.Element, Double> target = species.get(at);
                    a.occupancy().forEach((e, occ) -> target.merge(e, occ, Double::sum));
                }
            }
        }
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            sites.add(new Site(labels.get(i), species.get(i), positions.get(i)));
        }
        return sites;
    }

    @Provide
    Arbitrary<List<SymmetryOperation>> groups() {
        return Combinators.combine(Arbitraries.of(GENERATORS), Arbitraries.longs(), Arbitraries.integers().between(0, 3))
                .as((gens, seed, redundant) -> {
                    List<SymmetryOperation> group = new ArrayList<>(closure(gens.stream().map(SymmetryOperation::parse).toList()));
                    java.util.Random r = new java.util.Random(seed);
                    // equivalent forms: whole-cell translations added to some operations, some repeated
                    List<SymmetryOperation> out = new ArrayList<>();
                    for (SymmetryOperation op : group) {
                        double[] t = op.translation();
                        for (int i = 0; i < 3; i++) {
                            t[i] += r.nextInt(3) - 1;
                        }
                        out.add(new SymmetryOperation(op.rotation(), t));
                    }
                    for (int i = 0; i < redundant; i++) {
                        out.add(group.get(r.nextInt(group.size())));
                    }
                    Collections.shuffle(out, r);
                    return out;
                });
    }

    @Provide
    Arbitrary<List<double[]>> points() {
        Arbitrary<Double> coordinate = Arbitraries.oneOf(Arbitraries.doubles().between(-1, 2),
                Arbitraries.of(0.0, 0.25, 0.5, 0.75, 1.0 / 3, 2.0 / 3, 1.0, -0.5));
        return coordinate.list().ofSize(3).map(l -> new double[] {l.get(0), l.get(1), l.get(2)}).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Lattice> cells() {
        // cubic and hexagonal metrics fit every group above (hexagonal for the trigonal ones is checked by closure only)
        return Arbitraries.doubles().between(3, 15).map(a -> Lattice.fromParameters(a, a, a, 90, 90, 90));
    }

    /** The group generated by the operations, translations reduced modulo 1. */
    static List<SymmetryOperation> closure(List<SymmetryOperation> gens) {
        List<SymmetryOperation> group = new ArrayList<>(List.of(SymmetryOperation.IDENTITY));
        boolean grown = true;
        while (grown) {
            grown = false;
            for (SymmetryOperation a : List.copyOf(group)) {
                for (SymmetryOperation g : gens) {
                    SymmetryOperation c = reduce(g.compose(a));
                    if (group.stream().noneMatch(x -> equal(x, c))) {
                        group.add(c);
                        grown = true;
                    }
                }
            }
        }
        return group;
    }

    private static SymmetryOperation reduce(SymmetryOperation op) {
        double[] t = op.translation();
        for (int i = 0; i < 3; i++) {
            t[i] -= Math.floor(t[i] + 1e-9);
        }
        return new SymmetryOperation(op.rotation(), t);
    }

    private static boolean equal(SymmetryOperation a, SymmetryOperation b) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(a.translation()[i] - b.translation()[i]) > 1e-9) {
                return false;
            }
            for (int j = 0; j < 3; j++) {
                if (a.rotation()[i][j] != b.rotation()[i][j]) {
                    return false;
                }
            }
        }
        return true;
    }
}
