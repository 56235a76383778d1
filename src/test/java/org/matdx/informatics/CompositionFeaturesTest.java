package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;

/** Magpie features checked against values worked out by hand from the element table. */
class CompositionFeaturesTest {
    static final CompositionFeatures MAGPIE = CompositionFeatures.magpie();

    static double f(String formula, String feature) {
        List<String> names = MAGPIE.featureSet().names();
        int i = names.indexOf(feature);
        assertThat(i).as(feature).isNotNegative();
        return MAGPIE.compute(Composition.parse(formula))[i];
    }

    @Test
    void featureSetHas144NamedColumns() {
        assertThat(MAGPIE.featureSet().size()).isEqualTo(22 * 6 + 6 + 4 + 2).isEqualTo(144);
        assertThat(MAGPIE.featureSet().names()).startsWith("mean_Number", "avg_dev_Number", "min_Number",
                "max_Number", "range_Number", "mode_Number");
        assertThat(MAGPIE.featureSet().names()).endsWith("frac_f_valence", "max_ionic_char", "mean_ionic_char");
        assertThat(CompositionFeatures.magpieWithFractions().featureSet().size()).isEqualTo(144 + 103);
        assertThat(MAGPIE.featureSet().label()).isEqualTo("magpie@1");
    }

    @Test
    void hematiteStatisticsByHand() {
        // Fe2O3: x(Fe) = 0.4, x(O) = 0.6; Z 26 and 8
        assertThat(f("Fe2O3", "mean_Number")).isCloseTo(15.2, within(1e-12));
        assertThat(f("Fe2O3", "avg_dev_Number")).isCloseTo(0.4 * 10.8 + 0.6 * 7.2, within(1e-12));
        assertThat(f("Fe2O3", "min_Number")).isEqualTo(8);
        assertThat(f("Fe2O3", "max_Number")).isEqualTo(26);
        assertThat(f("Fe2O3", "range_Number")).isEqualTo(18);
        assertThat(f("Fe2O3", "mode_Number")).isEqualTo(8); // oxygen is the majority element
        assertThat(f("Fe2O3", "mean_Electronegativity")).isCloseTo(0.4 * 1.83 + 0.6 * 3.44, within(1e-12));
        assertThat(f("Fe2O3", "mean_MeltingT")).isCloseTo(757.28, within(1e-9));
        assertThat(f("Fe2O3", "max_GSmagmom")).isCloseTo(2.1106628, within(1e-12));
        assertThat(f("Fe2O3", "mode_SpaceGroupNumber")).isEqualTo(12);
    }

    @Test
    void hematiteStoichiometryValenceAndIonicCharacter() {
        assertThat(f("Fe2O3", "L0_norm")).isEqualTo(2);
        assertThat(f("Fe2O3", "L2_norm")).isCloseTo(0.7211102550927979, within(1e-12));
        assertThat(f("Fe2O3", "L3_norm")).isCloseTo(0.654213262037718, within(1e-12));
        // mean valence: s 2, p 0.6·4 = 2.4, d 0.4·6 = 2.4, f 0; total 0.4·8 + 0.6·6 = 6.8
        assertThat(f("Fe2O3", "frac_s_valence")).isCloseTo(2 / 6.8, within(1e-12));
        assertThat(f("Fe2O3", "frac_p_valence")).isCloseTo(2.4 / 6.8, within(1e-12));
        assertThat(f("Fe2O3", "frac_d_valence")).isCloseTo(2.4 / 6.8, within(1e-12));
        assertThat(f("Fe2O3", "frac_f_valence")).isZero();
        // I = 1 − exp(−(3.44 − 1.83)²/4); mean over ordered pairs: 2 · 0.4 · 0.6 · I
        assertThat(f("Fe2O3", "max_ionic_char")).isCloseTo(0.47692216400686216, within(1e-12));
        assertThat(f("Fe2O3", "mean_ionic_char")).isCloseTo(0.22892263872329383, within(1e-12));
    }

    @Test
    void rockSaltTiesTakeTheSmallerValueAsMode() {
        assertThat(f("NaCl", "mean_Number")).isEqualTo(14);
        assertThat(f("NaCl", "avg_dev_Number")).isEqualTo(3);
        assertThat(f("NaCl", "mode_Number")).isEqualTo(11);
        assertThat(f("NaCl", "mode_Electronegativity")).isEqualTo(0.93);
        assertThat(f("NaCl", "mean_GSbandgap")).isCloseTo(2.493 / 2, within(1e-12));
        assertThat(f("NaCl", "max_ionic_char")).isCloseTo(0.7115475428918885, within(1e-12));
        assertThat(f("NaCl", "mean_ionic_char")).isCloseTo(0.35577377144594424, within(1e-12));
        assertThat(f("NaCl", "L2_norm")).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void singleElementHasNoSpreadAndNoIonicCharacter() {
        assertThat(f("Fe", "avg_dev_Number")).isZero();
        assertThat(f("Fe", "range_MeltingT")).isZero();
        assertThat(f("Fe", "L2_norm")).isEqualTo(1);
        assertThat(f("Fe", "max_ionic_char")).isZero();
        assertThat(f("Fe", "mean_ionic_char")).isZero();
    }

    @Test
    void missingElementalValuesBecomeNaNNotInventedNumbers() {
        // helium has no melting point and no electronegativity in the table
        for (String s : new String[] {"mean", "avg_dev", "min", "max", "range", "mode"}) {
            assertThat(f("Fe2He", s + "_MeltingT")).as(s).isNaN();
            assertThat(f("Fe2He", s + "_Electronegativity")).as(s).isNaN();
        }
        assertThat(f("Fe2He", "max_ionic_char")).isNaN();
        assertThat(f("Fe2He", "mean_Number")).isCloseTo((2 * 26 + 2) / 3.0, within(1e-12));
    }

    @Test
    void fractionColumnsHoldAtomicFractions() {
        CompositionFeatures fx = CompositionFeatures.magpieWithFractions();
        double[] v = fx.compute(Composition.parse("Fe2O3"));
        List<String> names = fx.featureSet().names();
        assertThat(v[names.indexOf("x_Fe")]).isCloseTo(0.4, within(1e-12));
        assertThat(v[names.indexOf("x_O")]).isCloseTo(0.6, within(1e-12));
        assertThat(v[names.indexOf("x_Na")]).isZero();
    }
}
