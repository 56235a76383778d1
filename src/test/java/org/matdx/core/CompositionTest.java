package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompositionTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Fe2O3            | Fe2O3         | A3B2   | 159.687",
            "Ca(OH)2          | CaH2O2        | A2B2C  | 74.092",
            "Ag(AuS)2         | AgAu2S2       | A2B2C  | 565.921",
            "CuSO4·5H2O       | CuH10SO9      | A10B9CD | 249.677",
            "CuSO4.5H2O       | CuH10SO9      | A10B9CD | 249.677",
            "Li7La3Zr2O12     | Li7La3Zr2O12  | A12B7C3D2 | 839.732",
            "LiFePO4          | LiFePO4       | A4BCD  | 157.757",
            "Nd2Fe14B         | Nd2Fe14B      | A14B2C | 1081.124",
            "D2O              | H2O           | A2B    | 18.015",
            "Fe4O6            | Fe2O3         | A3B2   | 159.687",
            "[Co(NH3)6]Cl3    | CoH18N6Cl3    | A18B6C3D | 267.469",
    })
    void parsesWhatMaterialsPeopleWrite(String formula, String reduced, String anonymous, double molarMass) {
        Composition c = Composition.parse(formula);
        assertThat(c.reducedFormula()).isEqualTo(reduced);
        assertThat(c.anonymousFormula()).contains(anonymous);
        assertThat(c.reduced().molarMass()).isCloseTo(molarMass, within(0.01));
    }

    @Test
    void fractionalAlloyKeepsItsAmounts() {
        Composition c = Composition.parse("Fe0.62C0.000953Mn0.000521Si0.0004");
        assertThat(c.amount(Elements.of("Fe"))).isEqualTo(0.62);
        assertThat(c.amount(Elements.of("C"))).isEqualTo(0.000953);
        assertThat(c.numElements()).isEqualTo(4);
        assertThat(c.isIntegral()).isFalse();
        assertThat(c.reducedFormula()).isEqualTo("Mn0.000521Fe0.62Si0.0004C0.000953");
        assertThat(c.atomicFractions().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void mixturesOfOxidesAddUp() {
        Composition c = Composition.parse("(Al2O3)0.3(SiO2)0.7");
        assertThat(c.amount(Elements.of("Al"))).isCloseTo(0.6, within(1e-12));
        assertThat(c.amount(Elements.of("Si"))).isCloseTo(0.7, within(1e-12));
        assertThat(c.amount(Elements.of("O"))).isCloseTo(2.3, within(1e-12));
        assertThat(c.reducedFormula()).isEqualTo("Al0.6Si0.7O2.3");
        assertThat(c.anonymousFormula()).contains("A23B7C6");
    }

    @Test
    void decimalPointIsNotMistakenForAHydrateDot() {
        assertThat(Composition.parse("Fe1.5O2").amount(Elements.of("Fe"))).isEqualTo(1.5);
        assertThat(Composition.parse("La0.6Sr0.4CoO3").amount(Elements.of("Sr"))).isEqualTo(0.4);
        assertThat(Composition.parse("CaSO4·0.5H2O").amount(Elements.of("H"))).isEqualTo(1.0);
        assertThat(Composition.parse("CaCl2.H2O").amount(Elements.of("O"))).isEqualTo(1.0);
    }

    @Test
    void massAndAtomicFractionsOfLithiumOxide() {
        Composition c = Composition.parse("Li2O");
        assertThat(c.atomicFraction(Elements.of("Li"))).isCloseTo(2.0 / 3.0, within(1e-12));
        // Li 6.94 g/mol ×2 = 13.88; O 15.999; total 29.879
        assertThat(c.weightFraction(Elements.of("Li"))).isCloseTo(13.88 / 29.879, within(1e-4));
        assertThat(c.molarMass()).isCloseTo(29.879, within(0.01));
    }

    @Test
    void formulasForOptimade() {
        Composition c = Composition.parse("Li7La3Zr2O12");
        assertThat(c.reducedFormulaAlphabetical()).isEqualTo("La3Li7O12Zr2");
        assertThat(c.symbolsAlphabetical()).containsExactly("La", "Li", "O", "Zr");
        assertThat(c.chemicalSystem()).isEqualTo("La-Li-O-Zr");
        assertThat(Composition.parse("C6H12O6").hillFormula()).isEqualTo("C6H12O6");
        assertThat(Composition.parse("NaCl").hillFormula()).isEqualTo("ClNa");
    }

    @Test
    void anonymousLabelsFollowTheOptimadeSequence() {
        assertThat(Composition.anonymousLabel(0)).isEqualTo("A");
        assertThat(Composition.anonymousLabel(25)).isEqualTo("Z");
        assertThat(Composition.anonymousLabel(26)).isEqualTo("Aa");
        assertThat(Composition.anonymousLabel(27)).isEqualTo("Ba");
        assertThat(Composition.anonymousLabel(52)).isEqualTo("Ab");
    }

    @ParameterizedTest(name = "{0}: position {1}")
    @CsvSource(delimiter = '|', value = {
            "Fe2Xx3   | 4 | unknown element 'Xx'",
            "fe2o3    | 1 | capital letter",
            "Fe2(O3   | 4 | never closed",
            "Fe2O3)   | 6 | no matching opening",
            "Fe0O3    | 3 | positive",
            "Fe2+     | 4 | found '+'",
            "'   '    | 1 | empty",
            "()       | 2 | expected an element symbol",
    })
    void rejectsMalformedFormulasWithThePosition(String formula, int position, String message) {
        assertThatThrownBy(() -> Composition.parse(formula))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((FormulaException) e).position() + 1).isEqualTo(position));
    }

    @Test
    void equalityToleratesFloatingPointSums() {
        assertThat(Composition.parse("(Al2O3)0.3(SiO2)0.7")).isEqualTo(Composition.parse("Al0.6Si0.7O2.3"));
        assertThat(Composition.parse("Fe2O3")).isNotEqualTo(Composition.parse("Fe3O4"));
    }

    @Test
    void aWrittenDecimalBeforeWaterReadsBackAsADecimalNotAHydrate() {
        // found by the property below: "Li1.001H2OHe" was read as Li·(001)H2O·He, losing the 0.001 Li
        Composition lithium = Composition.ofSymbols(Map.of("Li", 1.001, "H", 2, "O", 1, "He", 1));
        assertThat(Composition.parse(lithium.formula())).isEqualTo(lithium);
        Composition ambiguous = Composition.ofSymbols(Map.of("Li", 2.5, "H", 2, "O", 1));
        assertThat(ambiguous.formula()).isEqualTo("Li2.5(H2)O");
        assertThat(Composition.parse(ambiguous.formula())).isEqualTo(ambiguous);
        // hydrates as people write them still read as hydrates
        assertThat(Composition.parse("CuSO4.5H2O")).isEqualTo(Composition.parse("CuSO9H10"));
        assertThat(Composition.parse("Li2.5H2O")).isEqualTo(Composition.parse("Li2H10O5"));
    }

    @Property(tries = 300)
    void formattingThenParsingGivesTheSameComposition(@ForAll("compositions") Composition c) {
        Composition again = Composition.parse(c.formula());
        assertThat(again).isEqualTo(c);
        assertThat(Composition.parse(c.reducedFormula()).reduced()).isEqualTo(c.reduced());
        assertThat(Composition.parse(c.hillFormula())).isEqualTo(c);
    }

    @Property(tries = 200)
    void fractionsSumToOne(@ForAll("compositions") Composition c) {
        assertThat(c.weightFractions().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(c.atomicFractions().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Provide
    Arbitrary<Composition> compositions() {
        List<Element> elements = Elements.all().subList(0, 94);
        Arbitrary<Element> element = Arbitraries.of(elements);
        Arbitrary<Double> whole = Arbitraries.integers().between(1, 40).map(Integer::doubleValue);
        Arbitrary<Double> decimal = Arbitraries.integers().between(1, 99999).map(i -> i / 1000.0);
        Arbitrary<Double> amount = Arbitraries.oneOf(whole, decimal);
        return Combinators.combine(element.list().ofMinSize(1).ofMaxSize(6).uniqueElements(), amount.list().ofSize(6))
                .as((els, amounts) -> {
                    Map<Element, Double> m = new LinkedHashMap<>();
                    for (int i = 0; i < els.size(); i++) {
                        m.put(els.get(i), amounts.get(i));
                    }
                    return Composition.of(m);
                });
    }
}
