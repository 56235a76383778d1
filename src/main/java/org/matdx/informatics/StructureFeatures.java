package org.matdx.informatics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Site;
import org.matdx.core.Structure;

/**
 * Features of a crystal structure, the optional second set beside the composition's:
 * <ul>
 *   <li>{@code density} in g/cm³ and {@code volume_per_atom} in Å³;</li>
 *   <li>{@code packing_fraction}: the volume of spheres of the covalent radii (Pyykkö) of the atoms
 *       in the cell, over the cell volume;</li>
 *   <li>coordination numbers: a neighbour of site i is any atom (periodic images included) closer
 *       than {@value #BOND_FACTOR} × (rᵢ + rⱼ), with occupancy-weighted covalent radii on
 *       disordered sites; the mean, standard deviation, minimum and maximum over sites;</li>
 *   <li>{@code mean_nn_distance}: the mean distance from each site to its nearest neighbour, in Å.</li>
 * </ul>
 * A model trained with structure features treats them as missing (NaN) for a row or a query that
 * has no structure, so it still predicts from the composition alone.
 */
public final class StructureFeatures {
    /** Bond when closer than this multiple of the summed covalent radii (a common 20% tolerance). */
    public static final double BOND_FACTOR = 1.2;
    public static final List<String> NAMES = List.of("density", "volume_per_atom", "packing_fraction",
            "mean_coordination", "std_coordination", "min_coordination", "max_coordination", "mean_nn_distance");
    /** Structures with more sites than this are not featurised (NaN): the neighbour search is O(n²). */
    public static final int MAX_SITES = 500;

    private StructureFeatures() {
    }

    public static double[] missing() {
        double[] f = new double[NAMES.size()];
        Arrays.fill(f, Double.NaN);
        return f;
    }

    public static double[] compute(Structure s) {
        if (s.numSites() > MAX_SITES) {
            return missing();
        }
        double volume = s.lattice().volume();
        List<Site> sites = s.sites();
        int n = sites.size();
        double[] radius = new double[n];
        double[][] cart = new double[n][];
        double sphereVolume = 0;
        for (int i = 0; i < n; i++) {
            double r = 0;
            double occ = 0;
            for (Map.Entry<Element, Double> e : sites.get(i).occupancy().entrySet()) {
                double ri = e.getKey().property(ElementProperty.COVALENT_RADIUS).orElse(Double.NaN) / 100; // pm → Å
                r += e.getValue() * ri;
                occ += e.getValue();
                sphereVolume += e.getValue() * 4.0 / 3 * Math.PI * ri * ri * ri;
            }
            radius[i] = occ > 0 ? r / occ : Double.NaN;
            cart[i] = s.lattice().toCartesian(sites.get(i).fractional());
        }
        double maxR = 0;
        for (double r : radius) {
            maxR = Math.max(maxR, r);
        }
        double cutoff = BOND_FACTOR * 2 * maxR;
        int[] reach = reach(s.lattice().vectors(), volume, cutoff);
        double[][] v = s.lattice().vectors();
        int[] cn = new int[n];
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double bond = BOND_FACTOR * (radius[i] + radius[j]);
                for (int a = -reach[0]; a <= reach[0]; a++) {
                    for (int b = -reach[1]; b <= reach[1]; b++) {
                        for (int c = -reach[2]; c <= reach[2]; c++) {
                            if (i == j && a == 0 && b == 0 && c == 0) {
                                continue;
                            }
                            double dx = cart[j][0] + a * v[0][0] + b * v[1][0] + c * v[2][0] - cart[i][0];
                            double dy = cart[j][1] + a * v[0][1] + b * v[1][1] + c * v[2][1] - cart[i][1];
                            double dz = cart[j][2] + a * v[0][2] + b * v[1][2] + c * v[2][2] - cart[i][2];
                            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                            if (d < 1e-6) {
                                continue; // a second species on the same site of a disordered structure
                            }
                            nearest[i] = Math.min(nearest[i], d);
                            if (d < bond) {
                                cn[i]++;
                            }
                        }
                    }
                }
            }
        }
        double mean = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        double nn = 0;
        for (int i = 0; i < n; i++) {
            mean += cn[i];
            min = Math.min(min, cn[i]);
            max = Math.max(max, cn[i]);
            nn += Double.isInfinite(nearest[i]) ? Double.NaN : nearest[i];
        }
        mean /= n;
        double var = 0;
        for (int c : cn) {
            var += (c - mean) * (c - mean);
        }
        return new double[] {s.density(), s.volumePerAtom(), sphereVolume / volume, mean, Math.sqrt(var / n), min, max,
                nn / n};
    }

    /** How many cells to look along each axis: the cutoff over the spacing of the lattice planes. */
    private static int[] reach(double[][] v, double volume, double cutoff) {
        int[] r = new int[3];
        for (int k = 0; k < 3; k++) {
            double[] p = v[(k + 1) % 3];
            double[] q = v[(k + 2) % 3];
            double cx = p[1] * q[2] - p[2] * q[1];
            double cy = p[2] * q[0] - p[0] * q[2];
            double cz = p[0] * q[1] - p[1] * q[0];
            double spacing = volume / Math.sqrt(cx * cx + cy * cy + cz * cz);
            r[k] = (int) Math.ceil(cutoff / spacing);
        }
        return r;
    }
}
