package org.matdx.formats.cif;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.formats.ReadBudget;

/**
 * Builds the full cell from the asymmetric unit: every operation applied to every site,
 * coordinates wrapped into [0, 1), and images closer than {@link #TOLERANCE_ANGSTROM} under
 * periodic boundaries counted once. Different asymmetric sites that land on the same point
 * (substitutional disorder, e.g. Fe1/Co1 at 0.5 each) become one site holding both species.
 *
 * <p>Linear in (asymmetric sites × operations): a point is compared only with the points in its
 * own and the 26 neighbouring cells of a grid over the unit cell whose cells are wider than the
 * fractional tolerance, not with every site found so far (which took 5.6 s and 39,000 sites for an
 * 18 kB file). The expansion stops as soon as it passes {@code maxSites}.
 */
public final class CellExpansion {
    /** Two images nearer than this (Å) are the same site; CIF coordinates carry 4–6 decimals. */
    public static final double TOLERANCE_ANGSTROM = 0.01;
    /** Two images are the same site only if no fractional coordinate differs by more than this. */
    static final double TOLERANCE_FRACTIONAL = 1e-3;
    /** Grid cells per axis: each 0.002 wide, so points within the tolerance are in neighbouring cells. */
    private static final int GRID = 500;

    /** An asymmetric-unit site before symmetry: label, species with occupancy, fractional position. */
    public record AsymmetricSite(String label, Map<Element, Double> occupancy, double[] fractional) {
    }

    /** The cell would hold more sites than allowed: how many asymmetric sites and operations led there. */
    public static final class TooManySites extends RuntimeException {
        private final int limit;

        TooManySites(int limit, int asymmetric, int operations) {
            super("expands to more than " + limit + " sites (" + asymmetric + " atom sites × " + operations
                    + " symmetry operations)", null, false, false);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }

    private CellExpansion() {
    }

    public static List<Site> expand(Lattice lattice, List<AsymmetricSite> asymmetric, List<SymmetryOperation> ops) {
        return expand(lattice, asymmetric, ops, Integer.MAX_VALUE);
    }

    /**
     * @throws TooManySites once the cell holds more than {@code maxSites} sites
     */
    public static List<Site> expand(Lattice lattice, List<AsymmetricSite> asymmetric, List<SymmetryOperation> ops, int maxSites) {
        List<String> labels = new ArrayList<>();
        List<Map<Element, Double>> species = new ArrayList<>();
        Points cell = new Points(lattice);
        for (AsymmetricSite a : asymmetric) {
            ReadBudget.check();
            Points orbit = new Points(lattice);
            for (SymmetryOperation op : ops) {
                double[] p = wrap(op.apply(a.fractional()));
                if (orbit.find(p) < 0) {
                    orbit.add(p);
                }
            }
            for (double[] p : orbit.points) {
                int at = cell.find(p);
                if (at < 0) {
                    if (cell.points.size() >= maxSites) {
                        throw new TooManySites(maxSites, asymmetric.size(), ops.size());
                    }
                    labels.add(a.label());
                    species.add(new LinkedHashMap<>(a.occupancy()));
                    cell.add(p);
                } else {
                    labels.set(at, labels.get(at) + "/" + a.label());
                    Map<Element, Double> target = species.get(at);
                    a.occupancy().forEach((e, occ) -> target.merge(e, occ, Double::sum));
                }
            }
        }
        List<Site> sites = new ArrayList<>(cell.points.size());
        for (int i = 0; i < cell.points.size(); i++) {
            sites.add(new Site(labels.get(i), species.get(i), cell.points.get(i)));
        }
        return sites;
    }

    /** Points in the cell, indexed by a periodic grid so that finding a coinciding one looks at 27 grid cells. */
    private static final class Points {
        final Lattice lattice;
        final List<double[]> points = new ArrayList<>();
        final Map<Long, List<Integer>> grid = new HashMap<>();

        Points(Lattice lattice) {
            this.lattice = lattice;
        }

        int find(double[] p) {
            int x = cellOf(p[0]);
            int y = cellOf(p[1]);
            int z = cellOf(p[2]);
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dz = -1; dz <= 1; dz++) {
                        List<Integer> near = grid.get(key(x + dx, y + dy, z + dz));
                        if (near == null) {
                            continue;
                        }
                        for (int i : near) {
                            if (same(lattice, p, points.get(i))) {
                                return i;
                            }
                        }
                    }
                }
            }
            return -1;
        }

        void add(double[] p) {
            grid.computeIfAbsent(key(cellOf(p[0]), cellOf(p[1]), cellOf(p[2])), k -> new ArrayList<>(2)).add(points.size());
            points.add(p);
        }

        private static int cellOf(double f) {
            int c = (int) Math.floor(f * GRID);
            return Math.floorMod(c, GRID); // NaN and infinities land in cell 0; they match nothing anyway
        }

        private static long key(int x, int y, int z) {
            return ((long) Math.floorMod(x, GRID) * GRID + Math.floorMod(y, GRID)) * GRID + Math.floorMod(z, GRID);
        }
    }

    /** Fractional coordinates wrapped into [0, 1); values a rounding error below 1 become 0. */
    public static double[] wrap(double[] f) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = f[i] - Math.floor(f[i]);
            if (v >= 1 - 1e-10 || v < 0) {
                v = 0;
            }
            out[i] = v == -0.0 ? 0.0 : v;
        }
        return out;
    }

    /** Whether two fractional points are the same site under periodic boundaries. */
    public static boolean same(Lattice lattice, double[] p, double[] q) {
        double[] d = new double[3];
        for (int i = 0; i < 3; i++) {
            d[i] = p[i] - q[i];
            d[i] -= Math.rint(d[i]);
        }
        if (Math.abs(d[0]) > 0.25 || Math.abs(d[1]) > 0.25 || Math.abs(d[2]) > 0.25) {
            return false;
        }
        double[] c = lattice.toCartesian(d);
        double dist = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        // a degenerate (flat) cell can make distinct fractional points coincide in space; keep them apart
        return dist < TOLERANCE_ANGSTROM && Math.abs(d[0]) < TOLERANCE_FRACTIONAL && Math.abs(d[1]) < TOLERANCE_FRACTIONAL
                && Math.abs(d[2]) < TOLERANCE_FRACTIONAL;
    }
}
