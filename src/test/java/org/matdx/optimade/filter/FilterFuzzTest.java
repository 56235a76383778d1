package org.matdx.optimade.filter;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): the OPTIMADE filter parser — a Filter or a FilterException naming the position. */
public class FilterFuzzTest {
    public static Stream<Arguments> seeds() {
        return Stream.of("elements HAS ALL \"Si\", \"O\" AND nelements=2", "chemical_formula_reduced=\"H2O\" OR NOT nsites < 4", "elements HAS ONLY \"Fe\",\"O\"", "_matdx_band_gap >= 1.5e0 AND id STARTS WITH \"x\"", "elements:elements_ratios HAS ALL \"Li\":>0.1", "nsites IS KNOWN AND (nelements > 3 OR chemical_formula_anonymous = \"AB2\")", "structure_features LENGTH 0").map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    public static void target(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Fuzzing.parse("FilterReader.parse", data.length, () -> FilterReader.parse(text), FilterException.class);
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] data) {
        target(data);
    }
}
