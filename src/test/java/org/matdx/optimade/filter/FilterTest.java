package org.matdx.optimade.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What filters mean (precedence, operators, strings, numbers) and how bad ones are reported. */
class FilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the specification's own precedence examples
            "NOT a > b OR c = 100 AND f = \"C2 H6\"     | (NOT (a > b) OR ((c = 100) AND (f = \"C2 H6\")))",
            "a >= 0 AND NOT b < c OR c = 0             | (((a >= 0) AND NOT (b < c)) OR (c = 0))",
            "a=1 OR b=2 OR c=3                         | ((a = 1) OR ((b = 2) OR (c = 3)))",
            "NOT (a=1 OR b=2) AND c=3                  | (NOT ((a = 1) OR (b = 2)) AND (c = 3))",
            "elements HAS ALL \"Li\",\"O\"             | (elements HAS ALL \"Li\", \"O\")",
            "elements HAS \"Li\"                       | (elements HAS \"Li\")",
            "elements:elements_ratios HAS \"O\":>0.5   | (elements:elements_ratios HAS \"O\":> 0.5)",
            "nelements HAS ANY > 3, = 6, 4, != 8       | (nelements HAS ANY > 3, 6, 4, != 8)",
            "chemical_formula_reduced STARTS \"Li\"    | (chemical_formula_reduced STARTS WITH \"Li\")",
            "x ENDS WITH y                             | (x ENDS WITH y)",
            "elements LENGTH 3                         | (elements LENGTH = 3)",
            "elements LENGTH >= 3                      | (elements LENGTH >= 3)",
            "a.b.c IS UNKNOWN                          | (a.b.c IS UNKNOWN)",
            "5 < _exmpl_a                              | (5 < _exmpl_a)",
            "flag                                      | flag",
    })
    void readsFiltersWithTheSpecificationsPrecedence(String filter, String canonical) {
        assertThat(FilterReader.parse(filter).toString()).isEqualTo(canonical);
    }

    @Test
    void readsEscapesAndNumbersExactly() {
        Filter f = FilterReader.parse("x = \"a \\\"quoted\\\" \\\\ word\" AND y = 1.e-12 AND z = .5 AND w = -1000000000.E10");
        assertThat(f.toString()).contains("\"a \\\"quoted\\\" \\\\ word\"");
        Filter.And and = (Filter.And) f;
        Filter.Compare x = (Filter.Compare) and.left();
        assertThat(((Filter.Str) x.right()).value()).isEqualTo("a \"quoted\" \\ word");
        Filter.Compare y = (Filter.Compare) ((Filter.And) and.right()).left();
        assertThat(((Filter.Num) y.right()).value()).isEqualByComparingTo(new BigDecimal("1e-12"));
        assertThat(((Filter.Property) y.left()).path()).isEqualTo(List.of("y"));
    }

    @Test
    void syntaxErrorsNameThePositionAndWhatWasExpected() {
        FilterException e = catchThrowableOfType(FilterException.class,
                () -> FilterReader.parse("elements HAS \"Li\" and nelements = 3"));
        assertThat(e.kind()).isEqualTo(FilterException.Kind.INVALID);
        assertThat(e.column()).isEqualTo(19);
        assertThat(e.getMessage()).isEqualTo("position 19: unexpected 'a'; expected AND, OR, ')' or the end of the filter"
                + " (operators are upper-case: write AND)");
        assertThat(e.excerpt()).isEqualTo("elements HAS \"Li\" and nelements = 3\n                  ^");

        e = catchThrowableOfType(FilterException.class, () -> FilterReader.parse("chemical_formula_reduced = 'Fe2O3'"));
        assertThat(e.getMessage()).contains("position 28").contains("double quotes");

        e = catchThrowableOfType(FilterException.class, () -> FilterReader.parse("nelements = 3 AND (elements HAS \"O\""));
        assertThat(e.getMessage()).startsWith("position 36: unexpected end of filter");

        e = catchThrowableOfType(FilterException.class, () -> FilterReader.parse("x = \"never closed"));
        assertThat(e.getMessage()).startsWith("position 5: this string is never closed");
    }

    @Test
    void rejectsWhatTheGrammarAllowsButTheSpecificationDoesNotMean() {
        FilterException e = catchThrowableOfType(FilterException.class, () -> FilterReader.parse("chemical_formula_reduced CONTAINS 42"));
        assertThat(e.kind()).isEqualTo(FilterException.Kind.INVALID);
        assertThat(e.getMessage()).contains("CONTAINS compares strings");

        e = catchThrowableOfType(FilterException.class, () -> FilterReader.parse("elements:elements_ratios HAS \"O\":0.5:1"));
        assertThat(e.getMessage()).contains("2 properties (elements:elements_ratios) but 3 values");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        // within the length limit: parentheses deeper than anyone writes
        String deep = "(".repeat(2000) + "a=1" + ")".repeat(2000);
        assertThat(catchThrowableOfType(FilterException.class, () -> FilterReader.parse(deep)).getMessage()).contains("nested more than");
        // beyond it, whatever the shape: refused before parsing, so no depth is ever reached
        String longerNest = "(".repeat(5000) + "a=1" + ")".repeat(5000);
        assertThat(catchThrowableOfType(FilterException.class, () -> FilterReader.parse(longerNest)).getMessage())
                .contains("longer than " + FilterParser.MAX_LENGTH);
        String longChain = "a=1" + " OR a=1".repeat(1500);
        assertThat(catchThrowableOfType(FilterException.class, () -> FilterReader.parse(longChain)).getMessage())
                .contains("longer than " + FilterParser.MAX_LENGTH);
    }
}
