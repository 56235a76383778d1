package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;

class OxidationFeaturesTest {
    static double feature(String formula, String name) {
        return OxidationFeatures.compute(Composition.parse(formula))[OxidationFeatures.NAMES.indexOf(name)];
    }

    /** Fe2O3: Fe³⁺ and O²⁻, worked by hand from the table (Magpie electronegativities, CRC ionisation energies). */
    @Test
    void hematiteIsFerricOxide() {
        assertThat(feature("Fe2O3", "charge_balanced")).isEqualTo(1);
        assertThat(feature("Fe2O3", "min_cation_ox")).isEqualTo(3);
        assertThat(feature("Fe2O3", "max_cation_ox")).isEqualTo(3);
        assertThat(feature("Fe2O3", "min_anion_ox")).isEqualTo(-2);
        assertThat(feature("Fe2O3", "mean_abs_ox")).isCloseTo(0.4 * 3 + 0.6 * 2, within(1e-12));
        assertThat(feature("Fe2O3", "std_abs_ox")).isCloseTo(Math.sqrt(0.4 * 0.36 + 0.6 * 0.16), within(1e-12));
        assertThat(feature("Fe2O3", "anion_fraction")).isCloseTo(0.6, within(1e-12));
        assertThat(feature("Fe2O3", "en_diff_anion_cation")).isCloseTo(3.44 - 1.83, within(1e-9));
        assertThat(feature("Fe2O3", "mean_cation_ionization_energy")).isCloseTo(7.9024 + 16.1877 + 30.652, within(1e-9));
        assertThat(feature("FeO", "max_cation_ox")).isEqualTo(2); // the smallest charges that balance
    }

    @Test
    void chlorineIsTheAnionOfSaltButNotOfAnIntermetallic() {
        assertThat(feature("NaCl", "charge_balanced")).isEqualTo(1);
        assertThat(feature("NaCl", "max_anion_ox")).isEqualTo(-1);
        assertThat(feature("NaClO4", "max_cation_ox")).isEqualTo(7); // Cl⁷⁺ with O²⁻: the anion is the more electronegative
        assertThat(feature("GaAs", "min_anion_ox")).isEqualTo(-3);
        // Cu and Al have positive states only: no ionic assignment, the other columns are missing
        assertThat(feature("Cu3Al", "charge_balanced")).isZero();
        assertThat(feature("Cu3Al", "mean_abs_ox")).isNaN();
        assertThat(feature("Fe", "charge_balanced")).isZero(); // an element is not a compound
        assertThat(feature("XeF2", "charge_balanced")).isZero(); // no known states for Xe in the table
        // 8 · 4⁵ · 3 = 24 576 combinations of states: more than the search runs (a bound on hostile input)
        assertThat(OxidationFeatures.MAX_COMBINATIONS).isLessThan(24_576);
        assertThat(feature("NClVMnIUS", "charge_balanced")).isZero();
    }

    @Test
    void theFeatureSetAddsTheColumnsByName() {
        CompositionFeatures f = CompositionFeatures.byId("magpie+oxidation+fractions");
        assertThat(f.featureSet().size()).isEqualTo(144 + 11 + 103);
        assertThat(f.featureSet().names()).containsSubsequence("mean_ionic_char", "charge_balanced", "range_cation_ox", "x_H");
        double[] row = f.compute(Composition.parse("Fe2O3"));
        assertThat(row[f.featureSet().names().indexOf("charge_balanced")]).isEqualTo(1);
        assertThat(row[f.featureSet().names().indexOf("x_O")]).isCloseTo(0.6, within(1e-12));
        // the older sets are unchanged, so models trained on them predict as before
        assertThat(CompositionFeatures.byId("magpie+fractions").featureSet().names()).doesNotContain("charge_balanced").hasSize(247);
        assertThat(CompositionFeatures.KNOWN).allSatisfy(id -> assertThat(CompositionFeatures.byId(id).featureSet().id()).isEqualTo(id));
    }

    /** The hurdle's prediction is the median of "0 with probability 1 − p, else around ŷ". */
    @Test
    void theHurdleMedianIsZeroBelowAnEvenChanceAndShrinksWhenTheGateHesitates() {
        assertThat(BoostedModel.median(0.49, 2.0)).isZero();
        assertThat(BoostedModel.median(1.0, 2.0)).isEqualTo(2.0);
        assertThat(BoostedModel.median(0.75, 2.0)).isCloseTo(2.0 * Math.pow(2.0 / 3, BoostedModel.LOG_SCALE), within(1e-12));
        assertThat(BoostedModel.median(0.5, 2.0)).isZero();
        assertThat(BoostedModel.median(0.9, -0.1)).isZero();
    }
}
