package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The axis vocabulary: one name per quantity whichever way a reader or an old entry spelled it. */
class QuantitiesTest {

    @Test
    void oldAndVendorSpellingsOfTwoThetaAreOneName() {
        for (String n : new String[] {"2θ", "2theta", "2Theta", "twotheta", "two_theta", "2-Theta", "TwoTheta"}) {
            assertThat(Quantities.canonicalName(n)).as(n).isEqualTo("two_theta");
            assertThat(Quantities.isDiffractionAxis(n)).as(n).isTrue();
        }
        assertThat(Quantities.canonicalUnit("°")).isEqualTo("deg");
        assertThat(Quantities.canonicalUnit("CPS")).isEqualTo("counts/s");
        assertThat(Quantities.canonical(new Axis("2θ", "°", new double[] {1})).name()).isEqualTo("two_theta");
    }

    @Test
    void pagesAndPlotsShowTheSymbolsPeopleRead() {
        assertThat(Quantities.label("two_theta", "deg")).isEqualTo("2θ / °");
        assertThat(Quantities.label("binding_energy", "eV")).isEqualTo("binding energy / eV");
        assertThat(Quantities.label("Moment", "emu")).isEqualTo("Moment / emu");
        assertThat(Quantities.label("unknown", "")).isEqualTo("unknown");
    }

    @Test
    void namesOutsideTheVocabularyAreKeptAsWritten() {
        assertThat(Quantities.canonicalName("Moment")).isEqualTo("Moment");
        assertThat(Quantities.canonicalUnit("emu")).isEqualTo("emu");
        // "A" alone may be ampere: only beside Q or d is it ångström
        assertThat(Quantities.canonicalUnit("A")).isEqualTo("A");
        assertThat(Quantities.fromLabel("d (A)", null).unit()).isEqualTo("Å");
        assertThat(Quantities.fromLabel("Current (A)", null).unit()).isEqualTo("A");
    }

    @Test
    void onlyScatteringAxesAndDiffractometerAnglesHavePeaksToSearch() {
        assertThat(Quantities.hasBraggPeaks("two_theta")).isTrue();
        assertThat(Quantities.hasBraggPeaks("omega")).isTrue();
        assertThat(Quantities.hasBraggPeaks("q")).isTrue();
        assertThat(Quantities.hasBraggPeaks("z")).isFalse();
        assertThat(Quantities.hasBraggPeaks("temperature")).isFalse();
        assertThat(Quantities.hasBraggPeaks("wavelength")).isFalse();
        assertThat(Quantities.hasBraggPeaks("unknown")).isFalse();
        assertThat(Quantities.hasBraggPeaks("photon_energy")).isFalse();
    }
}
