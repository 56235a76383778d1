package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;

/** ORCID check digits (ISO 7064 MOD 11-2), against iDs ORCID publishes as examples. */
class OrcidTest {
    @Test
    void acceptsPublishedExampleIds() {
        // from ORCID's "Structure of the ORCID Identifier" and its sample records
        assertThat(Orcid.valid("0000-0002-1825-0097")).isTrue();
        assertThat(Orcid.valid("0000-0001-5109-3700")).isTrue();
        assertThat(Orcid.valid("0000-0002-1694-233X")).isTrue();
        assertThat(Orcid.checkDigit("0000-0002-1694-233")).isEqualTo('X');
        assertThat(Orcid.checkDigit("000000021825009")).isEqualTo('7');
    }

    @Test
    void refusesWrongCheckDigitsAndShapes() {
        assertThat(Orcid.valid("0000-0002-1825-0098")).isFalse();
        assertThat(Orcid.valid("0000-0002-1694-2330")).isFalse();
        assertThat(Orcid.valid("0000-0002-1825-009")).isFalse();
        assertThatThrownBy(() -> Orcid.normalise("0000-0002-1825-0098", "orcid")).isInstanceOf(Problem.class)
                .hasMessageContaining("check digit should be 7");
        assertThatThrownBy(() -> Orcid.normalise("0000-0002-1825", "orcid")).hasMessageContaining("looks like");
    }

    @Test
    void normalisesUrlsAndLowerCaseX() {
        assertThat(Orcid.normalise("https://orcid.org/0000-0002-1694-233x", "orcid")).isEqualTo("0000-0002-1694-233X");
        assertThat(Orcid.normalise("  ", "orcid")).isNull();
    }
}
