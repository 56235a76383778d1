package org.matdx.diffraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.Lattice;
import org.matdx.core.Problem;
import org.matdx.core.Site;
import org.matdx.core.Structure;

/**
 * Kinematic powder diffraction of a crystal structure (De Graef &amp; McHenry, Structure of Materials,
 * ch. 11-12; the scheme of pymatgen's XRDCalculator, which the golden tests compare against):
 * every reciprocal-lattice point inside the limiting sphere of the 2θ range, its structure factor
 * from the atomic form factors ({@link ScatteringFactors}) with site occupancies and optional
 * Debye–Waller factors, times the Lorentz-polarisation factor. Summing every point rather than one
 * per family makes the multiplicities come out by themselves; Friedel mates (hkl, −h−k−l) have the
 * same intensity without anomalous dispersion, so only half the sphere is computed and counted twice.
 *
 * <p>Bounded work: a cell so large (or a range so wide) that sites × reflections exceeds
 * {@link #MAX_WORK}, or with more than {@link #MAX_REFLECTIONS} reflections or {@link #MAX_SITES} sites,
 * is refused with a message instead of keeping a CPU busy for minutes.
 */
public final class PowderDiffraction {
    public static final int MAX_SITES = 5_000;
    public static final int MAX_REFLECTIONS = 200_000;
    /** Sites × reflections: about a second of one core. */
    public static final long MAX_WORK = 100_000_000L;
    /** Reflections whose 2θ differ by less than this (degrees) are one line, as in pymatgen. */
    static final double SAME_ANGLE = 1e-5;
    /** Lines weaker than this % of the strongest are dropped, as in pymatgen. */
    static final double WEAKEST = 1e-3;

    private PowderDiffraction() {
    }

    /**
     * About how much a simulation costs: sites × reflections in the range (the unit of {@link #MAX_WORK}),
     * for callers that must bound the total of many (the candidates of an identification). A lattice
     * that cannot be simulated costs nothing here; {@link #simulate} refuses it.
     */
    public static double work(Structure structure, Simulation sim) {
        Lattice l = structure.lattice();
        double v = l.volume();
        if (!Double.isFinite(v) || v <= 0) {
            return 0;
        }
        double gMax = 2 * Math.sin(Math.toRadians(sim.twoThetaMax() / 2)) / sim.wavelength();
        return structure.sites().size() * (4.0 / 3 * Math.PI * gMax * gMax * gMax * v / 2);
    }

    public static StickPattern simulate(Structure structure, Simulation sim) {
        Lattice lattice = structure.lattice();
        checkLattice(lattice);
        double lambda = sim.wavelength();
        double gMax = 2 * Math.sin(Math.toRadians(sim.twoThetaMax() / 2)) / lambda;
        double gMin = 2 * Math.sin(Math.toRadians(sim.twoThetaMin() / 2)) / lambda;
        double[][] metric = reciprocalMetric(lattice);
        double[][] a = lattice.vectors();
        int hMax = (int) Math.floor(gMax * norm(a[0]) + 1e-9);
        int kMax = (int) Math.floor(gMax * norm(a[1]) + 1e-9);
        int lMax = (int) Math.floor(gMax * norm(a[2]) + 1e-9);
        double sphere = 4.0 / 3 * Math.PI * gMax * gMax * gMax * lattice.volume() / 2;
        if (sphere > MAX_REFLECTIONS || (double) (hMax + 1) * (2 * kMax + 1) * (2 * lMax + 1) > 20.0 * MAX_REFLECTIONS) {
            throw new Problem(Problem.Type.BAD_REQUEST, String.format(Locale.ROOT,
                    "the cell (%.0f Å³) has about %.0f reflections up to 2θ = %.1f° at %.4f Å, more than %d; narrow the 2θ range",
                    lattice.volume(), 2 * sphere, sim.twoThetaMax(), lambda, 2 * MAX_REFLECTIONS));
        }
        Scatterers sc = scatterers(structure, sim.debyeWaller());
        if ((long) sc.positions.length * (long) sphere > MAX_WORK) {
            throw new Problem(Problem.Type.BAD_REQUEST, String.format(Locale.ROOT,
                    "%d sites × about %.0f reflections up to 2θ = %.1f° is more than this server computes per pattern (%d); "
                            + "narrow the 2θ range", sc.positions.length, sphere, sim.twoThetaMax(), MAX_WORK));
        }

        // e^{2πi·n·x} for each site and index n, so that a reflection costs one complex product per site
        int n = sc.positions.length;
        double[][] cx = new double[n][], sx = new double[n][], cy = new double[n][], sy = new double[n][], cz = new double[n][], sz = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] f = sc.positions[j];
            cx[j] = new double[2 * hMax + 1];
            sx[j] = new double[2 * hMax + 1];
            cy[j] = new double[2 * kMax + 1];
            sy[j] = new double[2 * kMax + 1];
            cz[j] = new double[2 * lMax + 1];
            sz[j] = new double[2 * lMax + 1];
            phases(f[0], hMax, cx[j], sx[j]);
            phases(f[1], kMax, cy[j], sy[j]);
            phases(f[2], lMax, cz[j], sz[j]);
        }
        List<double[]> reflections = new ArrayList<>(); // {twoTheta, intensity(one of the Friedel pair), g, h, k, l}
        double[] fType = new double[sc.types.size()];
        double[] reType = new double[sc.types.size()];
        double[] imType = new double[sc.types.size()];
        double[] rowRe = new double[n];
        double[] rowIm = new double[n];
        double mono = sim.monochromatorTwoTheta() == null ? 1 : Math.pow(Math.cos(Math.toRadians(sim.monochromatorTwoTheta())), 2);
        for (int h = 0; h <= hMax; h++) {
            for (int k = h == 0 ? 0 : -kMax; k <= kMax; k++) {
                for (int j = 0; j < n; j++) {
                    double ar = cx[j][h + hMax], ai = sx[j][h + hMax], br = cy[j][k + kMax], bi = sy[j][k + kMax];
                    rowRe[j] = ar * br - ai * bi;
                    rowIm[j] = ar * bi + ai * br;
                }
                for (int l = h == 0 && k == 0 ? 1 : -lMax; l <= lMax; l++) {
                    double g2 = metric[0][0] * h * h + metric[1][1] * k * k + metric[2][2] * l * l
                            + 2 * (metric[0][1] * h * k + metric[0][2] * h * l + metric[1][2] * k * l);
                    if (g2 > gMax * gMax * (1 + 1e-12) || g2 < gMin * gMin || g2 <= 0) {
                        continue;
                    }
                    double g = Math.sqrt(g2);
                    double s2 = g2 / 4;
                    for (int t = 0; t < fType.length; t++) {
                        fType[t] = sc.types.get(t).scattering(s2);
                        reType[t] = 0;
                        imType[t] = 0;
                    }
                    int li = l + lMax;
                    for (int j = 0; j < n; j++) {
                        double zr = cz[j][li], zi = sz[j][li];
                        int t = sc.type[j];
                        reType[t] += rowRe[j] * zr - rowIm[j] * zi;
                        imType[t] += rowRe[j] * zi + rowIm[j] * zr;
                    }
                    double re = 0, im = 0;
                    for (int t = 0; t < fType.length; t++) {
                        re += fType[t] * reType[t];
                        im += fType[t] * imType[t];
                    }
                    double theta = Math.asin(Math.min(1, lambda * g / 2));
                    double c2 = Math.cos(2 * theta);
                    double lp = (1 + mono * c2 * c2) / ((1 + mono) / 2 * Math.pow(Math.sin(theta), 2) * Math.cos(theta));
                    reflections.add(new double[] {Math.toDegrees(2 * theta), (re * re + im * im) * lp, g, h, k, l});
                }
            }
        }
        return merge(sim, lattice, sc.mass, reflections);
    }

    private static StickPattern merge(Simulation sim, Lattice lattice, double mass, List<double[]> reflections) {
        reflections.sort((x, y) -> Double.compare(x[0], y[0]));
        List<double[]> lines = new ArrayList<>(); // {twoTheta, intensity, g, count, h, k, l}
        for (double[] r : reflections) {
            double[] last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
            if (last != null && Math.abs(r[0] - last[0]) < SAME_ANGLE) {
                last[1] += 2 * r[1];
                last[3] += 2;
                if (compareHkl(r, 3, last, 4) > 0) {
                    last[4] = r[3];
                    last[5] = r[4];
                    last[6] = r[5];
                }
            } else {
                double[] hkl = highest(r[3], r[4], r[5]);
                lines.add(new double[] {r[0], 2 * r[1], r[2], 2, hkl[0], hkl[1], hkl[2]});
            }
        }
        double max = lines.stream().mapToDouble(l -> l[1]).max().orElse(0);
        List<StickPattern.Peak> peaks = new ArrayList<>();
        for (double[] l : lines) {
            double rel = max > 0 ? 100 * l[1] / max : 0;
            if (rel > WEAKEST) {
                peaks.add(new StickPattern.Peak(l[0], 1 / l[2], l[1], rel, (int) l[3],
                        new int[] {(int) l[4], (int) l[5], (int) l[6]}));
            }
        }
        return new StickPattern(sim.wavelength(), sim.twoThetaMin(), sim.twoThetaMax(), lattice, mass, peaks, 2 * reflections.size());
    }

    /** Of a reflection and its Friedel mate, the one that reads best ((1 1 1) rather than (−1 −1 −1)). */
    private static double[] highest(double h, double k, double l) {
        double[] a = {h, k, l};
        double[] b = {-h, -k, -l};
        return Arrays.compare(a, b) >= 0 ? a : b;
    }

    private static int compareHkl(double[] r, int from, double[] line, int at) {
        double[] c = highest(r[from], r[from + 1], r[from + 2]);
        return Arrays.compare(c, new double[] {line[at], line[at + 1], line[at + 2]});
    }

    private static void phases(double x, int max, double[] c, double[] s) {
        for (int m = -max; m <= max; m++) {
            double a = 2 * Math.PI * m * x;
            c[m + max] = Math.cos(a);
            s[m + max] = Math.sin(a);
        }
    }

    /** The metric tensor of the reciprocal lattice (no 2π): g² = hᵀ G* h with g = 1/d. */
    static double[][] reciprocalMetric(Lattice lattice) {
        double[][] b = reciprocal(lattice.vectors());
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                g[i][j] = b[i][0] * b[j][0] + b[i][1] * b[j][1] + b[i][2] * b[j][2];
            }
        }
        return g;
    }

    /** Rows b1, b2, b3 with aᵢ·bⱼ = δᵢⱼ. */
    static double[][] reciprocal(double[][] a) {
        double[] b1 = cross(a[1], a[2]);
        double[] b2 = cross(a[2], a[0]);
        double[] b3 = cross(a[0], a[1]);
        double v = a[0][0] * b1[0] + a[0][1] * b1[1] + a[0][2] * b1[2];
        for (int i = 0; i < 3; i++) {
            b1[i] /= v;
            b2[i] /= v;
            b3[i] /= v;
        }
        return new double[][] {b1, b2, b3};
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    /** Refuses cells no crystal has: non-finite vectors, axes outside 0.5-1000 Å, a collapsed cell. */
    static void checkLattice(Lattice lattice) {
        double[][] v = lattice.vectors();
        for (double[] row : v) {
            for (double x : row) {
                if (!Double.isFinite(x)) {
                    throw Problem.invalid("lattice_vectors", "every lattice vector component must be a finite number");
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            double len = norm(v[i]);
            if (!(len >= 0.5 && len <= 1000)) {
                throw Problem.invalid("lattice_vectors", "cell edge " + "abc".charAt(i) + " is " + len + " Å; MatDX simulates cells with edges of 0.5-1000 Å");
            }
        }
        double vol = lattice.volume();
        if (!(vol > 1e-3 * norm(v[0]) * norm(v[1]) * norm(v[2]))) {
            throw Problem.invalid("lattice_vectors", "the lattice vectors are (nearly) coplanar: the cell has no volume");
        }
    }

    /** The sites as (position, scattering type) with the cell's mass; one type per distinct occupancy. */
    private record Scatterers(double[][] positions, int[] type, List<ScatteringType> types, double mass) {
    }

    /** What occupies a site: elements with occupancies (and their Debye–Waller factors). */
    private record ScatteringType(Element[] elements, double[] occupancy, double[] b) {
        double scattering(double s2) {
            double f = 0;
            for (int i = 0; i < elements.length; i++) {
                f += occupancy[i] * ScatteringFactors.xray(elements[i], s2) * (b[i] == 0 ? 1 : Math.exp(-b[i] * s2));
            }
            return f;
        }
    }

    private static Scatterers scatterers(Structure s, Map<Element, Double> dw) {
        if (s.sites().size() > MAX_SITES) {
            throw Problem.invalid("structure", "the structure has " + s.sites().size() + " sites; MatDX simulates up to " + MAX_SITES);
        }
        Map<Map<Element, Double>, Integer> index = new LinkedHashMap<>();
        List<ScatteringType> types = new ArrayList<>();
        double[][] pos = new double[s.sites().size()][];
        int[] type = new int[pos.length];
        double mass = 0;
        for (int j = 0; j < pos.length; j++) {
            Site site = s.sites().get(j);
            double[] f = site.fractional();
            for (double x : f) {
                if (!Double.isFinite(x)) {
                    throw Problem.invalid("sites[" + j + "]", "fractional coordinates must be finite numbers");
                }
            }
            pos[j] = f;
            for (var e : site.occupancy().entrySet()) {
                if (!(e.getValue() >= 0 && e.getValue() <= 1.0001)) {
                    throw Problem.invalid("sites[" + j + "]", "occupancy of " + e.getKey().symbol() + " must be between 0 and 1; found " + e.getValue());
                }
                if (!ScatteringFactors.has(e.getKey())) {
                    throw Problem.invalid("sites[" + j + "]", "no X-ray scattering factors for " + e.getKey().symbol() + " (tabulated: H to Cf)");
                }
                mass += e.getValue() * e.getKey().atomicWeight();
            }
            type[j] = index.computeIfAbsent(site.occupancy(), occ -> {
                Element[] els = occ.keySet().toArray(new Element[0]);
                double[] o = new double[els.length];
                double[] b = new double[els.length];
                for (int i = 0; i < els.length; i++) {
                    o[i] = occ.get(els[i]);
                    b[i] = dw.getOrDefault(els[i], 0.0);
                }
                types.add(new ScatteringType(els, o, b));
                return types.size() - 1;
            });
        }
        return new Scatterers(pos, type, types, mass);
    }
}
