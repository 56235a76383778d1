package org.matdx.informatics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Elements;
import org.matdx.privacy.FeatureBins;

/**
 * A fixed list of compositions that stands for "compositions in general" without being anyone's
 * data: every element with the full set of Magpie properties alone, every binary of them in the
 * proportions 1:1, 1:2, 2:1, 1:3, 3:1, 2:3 and 3:2, and the ternary oxides ABO3 and AB2O4. The
 * quantiles of its features are the split points the private learner may use ({@link FeatureBins}):
 * they depend only on the element table, so thresholds in a private model reveal no training row.
 */
public final class ReferenceCompositions {
    /** Split points per feature (at most this many bins). */
    public static final int BINS = 32;
    private static final int[][] PROPORTIONS = {{1, 1}, {1, 2}, {2, 1}, {1, 3}, {3, 1}, {2, 3}, {3, 2}};
    private static final Map<String, FeatureBins> BINS_BY_SET = new ConcurrentHashMap<>();

    private ReferenceCompositions() {
    }

    public static List<Composition> all() {
        List<Element> els = Elements.all().stream()
                .filter(e -> ElementProperty.MAGPIE.stream().allMatch(p -> e.property(p).isPresent()))
                .toList();
        Element o = Elements.of("O");
        List<Composition> out = new ArrayList<>();
        for (Element a : els) {
            out.add(Composition.of(Map.of(a, 1.0)));
        }
        for (int i = 0; i < els.size(); i++) {
            for (int j = i + 1; j < els.size(); j++) {
                Element a = els.get(i);
                Element b = els.get(j);
                for (int[] p : PROPORTIONS) {
                    out.add(Composition.of(Map.of(a, (double) p[0], b, (double) p[1])));
                }
                if (a != o && b != o) {
                    out.add(Composition.of(Map.of(a, 1.0, b, 1.0, o, 3.0)));
                    out.add(Composition.of(Map.of(a, 1.0, b, 2.0, o, 4.0)));
                }
            }
        }
        return out;
    }

    /**
     * The split points of a feature set (structure features, where present, get none: no reference
     * structures). Element fractions (x_H … x_Lr) get none either: a random split on one of a hundred
     * mostly-zero columns divides almost nothing, and the private learner, which cannot afford to
     * look where splits pay, does better without them (0.653 against 0.696 eV on matbench_expt_gap at
     * ε = 2, docs/BENCHMARKS.md). A choice made once for every dataset, never from the rows.
     */
    public static FeatureBins bins(CompositionFeatures features) {
        return bins(features, BINS);
    }

    /**
     * As {@link #bins(CompositionFeatures)} with {@code bins} quantiles of the reference list per
     * feature instead of {@link #BINS} (fewer where a feature takes fewer distinct values there):
     * the federated learner's finer public bins, still no one's data.
     */
    public static FeatureBins bins(CompositionFeatures features, int bins) {
        return BINS_BY_SET.computeIfAbsent(features.featureSet().label() + "/" + bins, k -> {
            CompositionFeatures composition = CompositionFeatures.byId(features.featureSet().id().replace("+structure", ""));
            List<Composition> ref = all();
            int cols = composition.featureSet().size();
            FeatureBins b = withoutElementFractions(FeatureBins.fromReference(composition.matrix(ref), ref.size(), cols, bins),
                    composition.featureSet().names());
            if (cols == features.featureSet().size()) {
                return b;
            }
            // structure features: no edges, NaN in the reference sample
            int all = features.featureSet().size();
            List<double[]> edges = new ArrayList<>(b.edges());
            while (edges.size() < all) {
                edges.add(new double[0]);
            }
            float[] wide = new float[ref.size() * all];
            Arrays.fill(wide, Float.NaN);
            for (int i = 0; i < ref.size(); i++) {
                System.arraycopy(b.reference(), i * cols, wide, i * all, cols);
            }
            return new FeatureBins(edges, wide);
        });
    }

    private static FeatureBins withoutElementFractions(FeatureBins b, List<String> names) {
        List<double[]> edges = new ArrayList<>(b.edges());
        for (int j = 0; j < edges.size(); j++) {
            if (names.get(j).startsWith("x_")) {
                edges.set(j, new double[0]);
            }
        }
        return new FeatureBins(edges, b.reference());
    }
}
