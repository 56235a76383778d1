package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ElementsTest {

    @Test
    void holdsAllElementsInOrder() {
        assertThat(Elements.all()).hasSize(118);
        for (int z = 1; z <= 118; z++) {
            assertThat(Elements.byNumber(z).z()).isEqualTo(z);
        }
        assertThat(Elements.of("Og").z()).isEqualTo(118);
    }

    @Test
    void ironHasItsReferenceValues() {
        Element fe = Elements.of("Fe");
        assertThat(fe.name()).isEqualTo("Iron");
        assertThat(fe.atomicWeight()).isCloseTo(55.845, within(1e-3));
        assertThat(fe.period()).isEqualTo(4);
        assertThat(fe.group()).isEqualTo(8);
        assertThat(fe.block()).isEqualTo('d');
        assertThat(fe.electronegativity()).isCloseTo(1.83, within(1e-9));
        assertThat(fe.property(ElementProperty.MENDELEEV_NUMBER)).hasValue(55.0);
        assertThat(fe.property(ElementProperty.ND_VALENCE)).hasValue(6.0);
        assertThat(fe.property(ElementProperty.MELTING_T)).hasValue(1811.0);
        assertThat(fe.property(ElementProperty.GS_MAGMOM).getAsDouble()).isCloseTo(2.11, within(0.01));
    }

    @Test
    void magpiePropertiesExistForTheCommonElements() {
        for (int z = 1; z <= 83; z++) {
            Element e = Elements.byNumber(z);
            for (ElementProperty p : ElementProperty.MAGPIE) {
                if (p == ElementProperty.MELTING_T || p == ElementProperty.MAGPIE_ELECTRONEGATIVITY
                        || p == ElementProperty.MAGPIE_COVALENT_RADIUS || p == ElementProperty.MENDELEEV_NUMBER
                        || p == ElementProperty.SPACE_GROUP_NUMBER) {
                    continue; // genuinely missing for some noble gases and short-lived elements
                }
                assertThat(e.property(p)).as("%s %s", e, p).isPresent();
            }
        }
    }

    @Test
    void nobleGasesHaveNoPaulingElectronegativity() {
        assertThat(Elements.of("He").electronegativity()).isNaN();
        assertThat(Elements.of("He").property(ElementProperty.ELECTRONEGATIVITY_PAULING)).isEmpty();
    }
}
