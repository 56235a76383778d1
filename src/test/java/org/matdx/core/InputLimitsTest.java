package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits core puts on what comes from outside: JSON, formulas, units, numbers, spreadsheet cells. */
class InputLimitsTest {

    private static List<Problem.Issue> issues(String json) {
        try {
            Json.readUntrusted(json, "");
            return List.of();
        } catch (Problem p) {
            return p.issues();
        }
    }

    @Test
    void untrustedJsonNamesEachFieldAtFault() {
        assertThat(issues("{\"a\": {\"b\": [1, 2, 1e309]}}")).singleElement()
                .satisfies(i -> assertThat(i.field()).isEqualTo("a.b[2]"));
        assertThat(issues("{\"t\": \"x\\u0000\", \"k\\u0000\": 1}")).extracting(Problem.Issue::field)
                .containsExactly("t", "k\\u0000");
        assertThat(issues("{\"n\": 1e-400}")).singleElement().satisfies(i -> assertThat(i.message()).contains("would become 0"));
        assertThat(issues("{\"n\": 0.0e-400, \"m\": -0.0}")).isEmpty();
        assertThat(issues("{\"d\": " + "[".repeat(65) + "]".repeat(65) + "}")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("nested deeper than 64"));
        assertThat(issues("[" + "[".repeat(63) + "]".repeat(63) + "]")).isEmpty();
        assertThat(issues("{\"n\": " + "1".repeat(101) + "}")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("more than 100 characters"));
        assertThat(issues("{\"n\": " + "1".repeat(5000) + "}")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("size limit"));
        assertThat(issues("{\"s\": \"" + "x".repeat(Json.MAX_STRING_LENGTH + 1) + "\"}")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("longer than 1000000"));
        assertThat(issues("{\"a\": 1,}")).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("body");
            assertThat(i.message()).startsWith("not valid JSON at line 1");
        });
        assertThat(Json.readUntrusted("{\"ok\": [1.5, \"日本語\", null]}", "").path("ok").size()).isEqualTo(3);
    }

    @Test
    void treesBuiltInsideAreCheckedAlike() {
        List<Problem.Issue> found = new ArrayList<>();
        var tree = Json.object();
        tree.put("x", Double.POSITIVE_INFINITY).put("t\u0000", "a").putArray("y").add(Double.NaN);
        Json.check(tree, "metadata", found);
        assertThat(found).extracting(Problem.Issue::field).containsExactly("metadata.x", "metadata.t\\u0000", "metadata.y[0]");
    }

    @Test
    void formulasAreBoundedInDepthLengthAndAmounts() {
        assertThatThrownBy(() -> Composition.parse("(".repeat(5000) + "Fe" + ")".repeat(5000))).isInstanceOf(FormulaException.class)
                .hasMessageContaining("more than 1000 characters");
        assertThatThrownBy(() -> Composition.parse("(".repeat(21) + "Fe" + ")".repeat(21))).isInstanceOf(FormulaException.class)
                .hasMessageContaining("nested deeper than 20");
        assertThat(Composition.parse("(".repeat(20) + "Fe" + ")".repeat(20)).reducedFormula()).isEqualTo("Fe");
        assertThatThrownBy(() -> Composition.parse("Fe99999999999999999999")).isInstanceOf(FormulaException.class)
                .hasMessageContaining("at most 1000000000");
        assertThatThrownBy(() -> Composition.parse("((Fe1000)1000)1001")).isInstanceOf(FormulaException.class)
                .hasMessageContaining("above 1000000000");
        assertThat(Composition.parse("Fe1000000000O").amount(Elements.of("Fe"))).isEqualTo(1e9);
    }

    @Test
    void unitsAreBoundedInLengthDepthExponentAndSize() {
        assertThatThrownBy(() -> Units.parse("(".repeat(9) + "m" + ")".repeat(9))).isInstanceOf(UnitException.class)
                .hasMessageContaining("nested deeper than 8");
        assertThatThrownBy(() -> Units.parse("m^99999999999")).isInstanceOf(UnitException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Units.parse("m⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹")).isInstanceOf(UnitException.class);
        assertThatThrownBy(() -> Units.parse("(Ym^12)^12")).isInstanceOf(UnitException.class).hasMessageContaining("times its SI unit");
        assertThatThrownBy(() -> Units.parse("m ".repeat(60))).isInstanceOf(UnitException.class).hasMessageContaining("100 characters");
        assertThat(Units.parse("((m))").factor()).isEqualTo(1);
    }

    @Test
    void storedNumbersAreFiniteInSiWithRoom() {
        assertThat(Numbers.quantityProblem(3.2, "eV")).isEmpty();
        assertThat(Numbers.quantityProblem(0, "GPa")).isEmpty();
        assertThat(Numbers.quantityProblem(-40, "°C")).isEmpty();
        assertThat(Numbers.quantityProblem(1e308, "GPa")).get().asString().contains("magnitude");
        assertThat(Numbers.quantityProblem(1e145, "GPa")).get().asString().contains("in SI");
        assertThat(Numbers.quantityProblem(5e-324, "nm")).get().asString().contains("magnitude");
        assertThat(Numbers.quantityProblem(1e-145, "nm")).get().asString().contains("in SI");
        assertThat(Numbers.quantityProblem(1e100, "no such unit")).isEmpty();
        assertThatThrownBy(() -> Quantity.of(Double.POSITIVE_INFINITY, "eV")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spreadsheetCellsThatWouldRunAsFormulasAreText() {
        assertThat(SpreadsheetCells.safe("=HYPERLINK(\"http://evil.example\",\"x\")")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(SpreadsheetCells.safe("+1+cmd|' /C calc'!A0")).startsWith("'+");
        assertThat(SpreadsheetCells.safe("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetCells.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetCells.safe("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetCells.safe("\r=1")).isEqualTo("'\r=1");
        assertThat(SpreadsheetCells.safe("＝1+1")).isEqualTo("'＝1+1");
        assertThat(SpreadsheetCells.safe("-3.2")).isEqualTo("-3.2");
        assertThat(SpreadsheetCells.safe("-1.0E-5")).isEqualTo("-1.0E-5");
        assertThat(SpreadsheetCells.safe("LiFePO4")).isEqualTo("LiFePO4");
        assertThat(SpreadsheetCells.safe(null)).isEmpty();
    }
}
