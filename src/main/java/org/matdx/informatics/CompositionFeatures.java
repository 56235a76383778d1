package org.matdx.informatics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Elements;
import org.matdx.core.Structure;

/**
 * Magpie composition features (Ward, Agrawal, Choudhary, Wolverton, npj Comput. Mater. 2, 16028
 * (2016)), computed from the project's element table:
 * <ul>
 *   <li>for each of the 22 Magpie elemental properties ({@link ElementProperty#MAGPIE}): the
 *       atomic-fraction-weighted mean, the average deviation Σ xᵢ|pᵢ − p̄|, the minimum, maximum and
 *       range over the elements present, and the mode — the value of the most abundant element,
 *       the smallest value on a tie (as matminer does);</li>
 *   <li>stoichiometry norms ‖x‖ₚ = (Σ xᵢᵖ)^(1/p) for p = 2, 3, 5, 7, 10, and L0 = the number of
 *       elements;</li>
 *   <li>valence-orbital fractions: the fraction-weighted mean of s, p, d and f valence electrons
 *       each divided by the mean total valence;</li>
 *   <li>ionic character from Pauling electronegativities, I(χᵢ, χⱼ) = 1 − exp(−(χᵢ − χⱼ)²/4): its
 *       maximum over element pairs and its mean Σᵢ Σⱼ xᵢ xⱼ I(χᵢ, χⱼ) over ordered pairs (Ward et
 *       al.'s definition; matminer's avg_ionic_char counts each pair once, i.e. half of this);</li>
 *   <li>with {@code oxidation}: the {@link OxidationFeatures} of a charge-balanced assignment of
 *       oxidation states (whether there is one, the cations' and anions' states, their
 *       electronegativity difference, the cations' ionisation energy);</li>
 *   <li>with {@code fractions}: the atomic fraction of each element H–Lr (Z 1–103).</li>
 * </ul>
 * Where the table has no value of a property for an element present (e.g. the melting point of a
 * transuranic), all six statistics of that property are NaN, which XGBoost treats as missing, so
 * nothing is invented. Single-element compositions have zero ionic character.
 */
public final class CompositionFeatures {
    public static final int VERSION = 1;
    private static final String[] STATS = {"mean", "avg_dev", "min", "max", "range", "mode"};
    private static final int[] NORMS = {2, 3, 5, 7, 10};
    private static final int FRACTION_ELEMENTS = 103;

    private final boolean oxidation;
    private final boolean fractions;
    private final boolean structure;
    private final FeatureSet set;

    private CompositionFeatures(boolean oxidation, boolean fractions, boolean structure) {
        this.oxidation = oxidation;
        this.fractions = fractions;
        this.structure = structure;
        List<String> names = new ArrayList<>();
        for (ElementProperty p : ElementProperty.MAGPIE) {
            for (String s : STATS) {
                names.add(s + "_" + key(p));
            }
        }
        names.add("L0_norm");
        for (int p : NORMS) {
            names.add("L" + p + "_norm");
        }
        for (String o : new String[] {"s", "p", "d", "f"}) {
            names.add("frac_" + o + "_valence");
        }
        names.add("max_ionic_char");
        names.add("mean_ionic_char");
        if (oxidation) {
            names.addAll(OxidationFeatures.NAMES);
        }
        if (fractions) {
            for (int z = 1; z <= FRACTION_ELEMENTS; z++) {
                names.add("x_" + Elements.byNumber(z).symbol());
            }
        }
        if (structure) {
            names.addAll(StructureFeatures.NAMES);
        }
        this.set = new FeatureSet("magpie" + (oxidation ? "+oxidation" : "") + (fractions ? "+fractions" : "")
                + (structure ? "+structure" : ""), VERSION, names);
    }

    /** The 144 Magpie features (Ward et al.'s 145 less the charge-balance flag, which needs oxidation states the table lacks). */
    public static CompositionFeatures magpie() {
        return new CompositionFeatures(false, false, false);
    }

    /** Magpie plus the 103 element fractions (helps trees tell chemistries apart). */
    public static CompositionFeatures magpieWithFractions() {
        return new CompositionFeatures(false, true, false);
    }

    /** Magpie, the {@link OxidationFeatures} of a charge-balanced assignment, and the element fractions. */
    public static CompositionFeatures magpieWithOxidationAndFractions() {
        return new CompositionFeatures(true, true, false);
    }

    /** Any set plus the {@link StructureFeatures} (NaN where a row has no structure). */
    public CompositionFeatures withStructure() {
        return new CompositionFeatures(oxidation, fractions, true);
    }

    /** Whether the set includes structure features. */
    public boolean usesStructure() {
        return structure;
    }

    /** By feature-set id, as a model card records it. */
    public static CompositionFeatures byId(String id) {
        for (boolean ox : new boolean[] {false, true}) {
            for (boolean fr : new boolean[] {false, true}) {
                for (boolean st : new boolean[] {false, true}) {
                    CompositionFeatures f = new CompositionFeatures(ox, fr, st);
                    if (f.set.id().equals(id)) {
                        return f;
                    }
                }
            }
        }
        throw new IllegalArgumentException("unknown feature set '" + id + "'; known: " + String.join(", ", KNOWN));
    }

    /** Every feature-set id, in the order magpie [+oxidation] [+fractions] [+structure]. */
    public static final List<String> KNOWN = List.of("magpie", "magpie+fractions", "magpie+oxidation",
            "magpie+oxidation+fractions", "magpie+structure", "magpie+fractions+structure", "magpie+oxidation+structure",
            "magpie+oxidation+fractions+structure");

    public FeatureSet featureSet() {
        return set;
    }

    public double[] compute(Composition c) {
        return compute(c, null);
    }

    /** Features of a composition and, if the set includes them, of its structure (null: missing). */
    public double[] compute(Composition c, Structure structureOrNull) {
        double[] f = new double[set.size()];
        Map<Element, Double> x = c.atomicFractions();
        Element[] els = x.keySet().toArray(new Element[0]);
        double[] w = new double[els.length];
        for (int i = 0; i < els.length; i++) {
            w[i] = x.get(els[i]);
        }
        int k = 0;
        for (ElementProperty p : ElementProperty.MAGPIE) {
            double[] v = new double[els.length];
            boolean missing = false;
            for (int i = 0; i < els.length; i++) {
                var o = els[i].property(p);
                if (o.isEmpty()) {
                    missing = true;
                    break;
                }
                v[i] = o.getAsDouble();
            }
            if (missing) {
                for (int s = 0; s < STATS.length; s++) {
                    f[k++] = Double.NaN;
                }
                continue;
            }
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double modeWeight = -1;
            double mode = Double.NaN;
            for (int i = 0; i < v.length; i++) {
                mean += w[i] * v[i];
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
                // the most abundant element's value; on a tie the smaller value (matminer)
                if (w[i] > modeWeight + 1e-12 || (Math.abs(w[i] - modeWeight) <= 1e-12 && v[i] < mode)) {
                    modeWeight = Math.max(w[i], modeWeight);
                    mode = v[i];
                }
            }
            double dev = 0;
            for (int i = 0; i < v.length; i++) {
                dev += w[i] * Math.abs(v[i] - mean);
            }
            f[k++] = mean;
            f[k++] = dev;
            f[k++] = min;
            f[k++] = max;
            f[k++] = max - min;
            f[k++] = mode;
        }
        f[k++] = els.length;
        for (int p : NORMS) {
            double s = 0;
            for (double wi : w) {
                s += Math.pow(wi, p);
            }
            f[k++] = Math.pow(s, 1.0 / p);
        }
        double total = weightedMean(els, w, ElementProperty.N_VALENCE);
        for (ElementProperty o : new ElementProperty[] {ElementProperty.NS_VALENCE, ElementProperty.NP_VALENCE,
                ElementProperty.ND_VALENCE, ElementProperty.NF_VALENCE}) {
            double m = weightedMean(els, w, o);
            f[k++] = total > 0 ? m / total : Double.NaN;
        }
        double maxIonic = 0;
        double meanIonic = 0;
        for (int i = 0; i < els.length; i++) {
            for (int j = 0; j < els.length; j++) {
                double ic = 1 - Math.exp(-0.25 * square(els[i].electronegativity() - els[j].electronegativity()));
                if (i != j) {
                    maxIonic = Math.max(maxIonic, ic);
                    meanIonic += w[i] * w[j] * ic;
                }
            }
        }
        f[k++] = maxIonic;
        f[k++] = meanIonic;
        if (oxidation) {
            double[] of = OxidationFeatures.compute(c);
            System.arraycopy(of, 0, f, k, of.length);
            k += of.length;
        }
        if (fractions) {
            for (int i = 0; i < els.length; i++) {
                if (els[i].z() <= FRACTION_ELEMENTS) {
                    f[k + els[i].z() - 1] = w[i];
                }
            }
            k += FRACTION_ELEMENTS;
        }
        if (structure) {
            double[] sf = structureOrNull == null ? StructureFeatures.missing() : StructureFeatures.compute(structureOrNull);
            System.arraycopy(sf, 0, f, k, sf.length);
        }
        return f;
    }

    /** Features of many compositions as one row-major matrix. */
    public float[] matrix(List<Composition> cs) {
        return matrix(cs, null);
    }

    /** With the structure of each row (the list, or any element of it, may be null). */
    public float[] matrix(List<Composition> cs, List<Structure> structures) {
        int n = set.size();
        float[] m = new float[cs.size() * n];
        for (int r = 0; r < cs.size(); r++) {
            double[] f = compute(cs.get(r), structures == null ? null : structures.get(r));
            for (int j = 0; j < n; j++) {
                m[r * n + j] = (float) f[j];
            }
        }
        return m;
    }

    private static double weightedMean(Element[] els, double[] w, ElementProperty p) {
        double s = 0;
        for (int i = 0; i < els.length; i++) {
            s += w[i] * els[i].property(p).orElse(Double.NaN);
        }
        return s;
    }

    private static double square(double d) {
        return d * d;
    }

    private static String key(ElementProperty p) {
        return switch (p) {
            case ATOMIC_NUMBER -> "Number";
            case MENDELEEV_NUMBER -> "MendeleevNumber";
            case MAGPIE_ATOMIC_WEIGHT -> "AtomicWeight";
            case MELTING_T -> "MeltingT";
            case COLUMN -> "Column";
            case ROW -> "Row";
            case MAGPIE_COVALENT_RADIUS -> "CovalentRadius";
            case MAGPIE_ELECTRONEGATIVITY -> "Electronegativity";
            case NS_VALENCE -> "NsValence";
            case NP_VALENCE -> "NpValence";
            case ND_VALENCE -> "NdValence";
            case NF_VALENCE -> "NfValence";
            case N_VALENCE -> "NValence";
            case NS_UNFILLED -> "NsUnfilled";
            case NP_UNFILLED -> "NpUnfilled";
            case ND_UNFILLED -> "NdUnfilled";
            case NF_UNFILLED -> "NfUnfilled";
            case N_UNFILLED -> "NUnfilled";
            case GS_VOLUME_PA -> "GSvolume_pa";
            case GS_BANDGAP -> "GSbandgap";
            case GS_MAGMOM -> "GSmagmom";
            case SPACE_GROUP_NUMBER -> "SpaceGroupNumber";
            default -> p.name().toLowerCase(Locale.ROOT);
        };
    }
}
