package org.matdx.informatics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;

/**
 * Features of a formal charge assignment — whether a composition can be an ionic compound, and of
 * which ions. Every element takes one of its known oxidation states ({@code oxidation-states.tsv};
 * sources in docs/SOURCES.md); an assignment counts when the charges sum to zero and every anion
 * (negative state) is at least as electronegative as every cation, as in pymatgen's and matminer's
 * oxidation-state guesses (Ward et al. 2016 list charge balance among the Magpie features). Of the
 * assignments that count, the one with the smallest mean |charge| is taken (Fe3O4 → Fe²⁺/Fe³⁺ is
 * not possible with one state per element, so Fe3O4 is not charge balanced here).
 *
 * <p>A metal or an intermetallic usually has no such assignment: the flag alone separates many
 * metals (gap 0) from semiconductors, which is why it lowers Matbench's band-gap error.
 */
public final class OxidationFeatures {
    /** Column names, in order. */
    public static final List<String> NAMES = List.of("charge_balanced", "min_cation_ox", "max_cation_ox",
            "min_anion_ox", "max_anion_ox", "mean_abs_ox", "std_abs_ox", "anion_fraction", "en_diff_anion_cation",
            "mean_cation_ionization_energy", "range_cation_ox");

    /**
     * Beyond this many combinations of states the search is not run (the composition counts as not
     * balanced): it bounds the work a hostile prediction request can cause (10 000 formulas × 20 000
     * combinations); real compounds stay far below (at most 192 in Matbench's 4 604 band gaps).
     */
    static final long MAX_COMBINATIONS = 20_000;

    private static final int[][] STATES = new int[119][];
    private static final double[][] IONIZATION = new double[119][];

    static {
        for (int z = 0; z < STATES.length; z++) {
            STATES[z] = new int[0];
            IONIZATION[z] = new double[0];
        }
        try (InputStream in = OxidationFeatures.class.getResourceAsStream("oxidation-states.tsv")) {
            if (in == null) {
                throw new IllegalStateException("oxidation-states.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("z\t") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                int z = Integer.parseInt(c[0]);
                STATES[z] = c[2].isBlank() ? new int[0] : Arrays.stream(c[2].strip().split(" ")).mapToInt(Integer::parseInt).toArray();
                IONIZATION[z] = c[3].isBlank() ? new double[0]
                        : Arrays.stream(c[3].strip().split(" ")).mapToDouble(Double::parseDouble).toArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OxidationFeatures() {
    }

    /** The known oxidation states of an element (empty for noble gases and the heaviest elements). */
    public static int[] states(Element e) {
        return STATES[e.z()].clone();
    }

    /**
     * The charge assignment chosen for a composition, states in the order of {@code elements}, or
     * null when none sums to zero with anions at least as electronegative as cations.
     */
    public static int[] guess(Element[] elements, double[] fractions) {
        int n = elements.length;
        double[] en = new double[n];
        long combinations = 1;
        for (int i = 0; i < n; i++) {
            en[i] = elements[i].property(ElementProperty.MAGPIE_ELECTRONEGATIVITY).orElse(Double.NaN);
            combinations *= STATES[elements[i].z()].length;
            if (combinations == 0 || combinations > MAX_COMBINATIONS) {
                return null;
            }
        }
        if (n < 2) {
            return null;
        }
        int[] best = null;
        double bestCharge = Double.POSITIVE_INFINITY;
        int[] s = new int[n];
        for (long q = 0; q < combinations; q++) {
            long rest = q;
            double sum = 0;
            double charge = 0;
            for (int i = 0; i < n; i++) {
                int[] o = STATES[elements[i].z()];
                s[i] = o[(int) (rest % o.length)];
                rest /= o.length;
                sum += fractions[i] * s[i];
                charge += fractions[i] * Math.abs(s[i]);
            }
            if (Math.abs(sum) > 1e-6 || !(charge < bestCharge)) {
                continue;
            }
            double cationEn = Double.NEGATIVE_INFINITY;
            double anionEn = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (s[i] > 0) {
                    cationEn = Math.max(cationEn, en[i]);
                } else {
                    anionEn = Math.min(anionEn, en[i]);
                }
            }
            if (cationEn <= anionEn) { // false when an electronegativity is unknown (NaN)
                bestCharge = charge;
                best = s.clone();
            }
        }
        return best;
    }

    /** The {@link #NAMES} columns; all but {@code charge_balanced} are NaN when the composition is not balanced. */
    public static double[] compute(Composition c) {
        Map<Element, Double> x = c.atomicFractions();
        Element[] els = x.keySet().toArray(new Element[0]);
        double[] w = new double[els.length];
        for (int i = 0; i < els.length; i++) {
            w[i] = x.get(els[i]);
        }
        double[] f = new double[NAMES.size()];
        Arrays.fill(f, Double.NaN);
        int[] s = guess(els, w);
        f[0] = s == null ? 0 : 1;
        if (s == null) {
            return f;
        }
        int cationMin = Integer.MAX_VALUE;
        int cationMax = Integer.MIN_VALUE;
        int anionMin = Integer.MAX_VALUE;
        int anionMax = Integer.MIN_VALUE;
        double cations = 0;
        double anions = 0;
        double cationEn = 0;
        double anionEn = 0;
        double ionization = 0;
        double meanAbs = 0;
        for (int i = 0; i < els.length; i++) {
            double en = els[i].property(ElementProperty.MAGPIE_ELECTRONEGATIVITY).orElse(Double.NaN);
            meanAbs += w[i] * Math.abs(s[i]);
            if (s[i] > 0) {
                cationMin = Math.min(cationMin, s[i]);
                cationMax = Math.max(cationMax, s[i]);
                cations += w[i];
                cationEn += w[i] * en;
                // the energy to strip the cation's electrons: the first s ionisation energies
                double[] ie = IONIZATION[els[i].z()];
                double cumulative = 0;
                for (int j = 0; j < Math.min(s[i], ie.length); j++) {
                    cumulative += ie[j];
                }
                ionization += w[i] * cumulative;
            } else {
                anionMin = Math.min(anionMin, s[i]);
                anionMax = Math.max(anionMax, s[i]);
                anions += w[i];
                anionEn += w[i] * en;
            }
        }
        double var = 0;
        for (int i = 0; i < els.length; i++) {
            var += w[i] * (Math.abs(s[i]) - meanAbs) * (Math.abs(s[i]) - meanAbs);
        }
        f[1] = cationMin;
        f[2] = cationMax;
        f[3] = anionMin;
        f[4] = anionMax;
        f[5] = meanAbs;
        f[6] = Math.sqrt(var);
        f[7] = anions;
        f[8] = anionEn / anions - cationEn / cations;
        f[9] = ionization / cations;
        f[10] = cationMax - cationMin;
        return f;
    }
}
