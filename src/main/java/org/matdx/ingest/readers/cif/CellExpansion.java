package org.matdx.ingest.readers.cif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.Lattice;
import org.matdx.core.Site;

/**
 * Builds the full cell from the asymmetric unit: every operation applied to every site,
 * coordinates wrapped into [0, 1), and images closer than {@link #TOLERANCE_ANGSTROM} under
 * periodic boundaries counted once. Different asymmetric sites that land on the same point
 * (substitutional disorder, e.g. Fe1/Co1 at 0.5 each) become one site holding both species.
 */
public final class CellExpansion {
    /** Two images nearer than this (Å) are the same site; CIF coordinates carry 4–6 decimals. */
    public static final double TOLERANCE_ANGSTROM = 0.01;

    /** An asymmetric-unit site before symmetry: label, species with occupancy, fractional position. */
    public record AsymmetricSite(String label, Map<Element, Double> occupancy, double[] fractional) {
    }

    private CellExpansion() {
    }

    public static List<Site> expand(Lattice lattice, List<AsymmetricSite> asymmetric, List<SymmetryOperation> ops) {
        List<String> labels = new ArrayList<>();
        List<Map<Element, Double>> species = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        for (AsymmetricSite a : asymmetric) {
            List<double[]> orbit = new ArrayList<>();
            for (SymmetryOperation op : ops) {
                double[] p = wrap(op.apply(a.fractional()));
                if (orbit.stream().noneMatch(q -> same(lattice, p, q))) {
                    orbit.add(p);
                }
            }
            for (double[] p : orbit) {
                int at = -1;
                for (int i = 0; i < positions.size(); i++) {
                    if (same(lattice, p, positions.get(i))) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    labels.add(a.label());
                    species.add(new LinkedHashMap<>(a.occupancy()));
                    positions.add(p);
                } else {
                    labels.set(at, labels.get(at) + "/" + a.label());
                    Map<Element, Double> target = species.get(at);
                    a.occupancy().forEach((e, occ) -> target.merge(e, occ, Double::sum));
                }
            }
        }
        List<Site> sites = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            sites.add(new Site(labels.get(i), species.get(i), positions.get(i)));
        }
        return sites;
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
        return dist < TOLERANCE_ANGSTROM && Math.abs(d[0]) < 1e-3 && Math.abs(d[1]) < 1e-3 && Math.abs(d[2]) < 1e-3;
    }
}
