package org.matdx.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): the formula parser — a Composition or a FormulaException naming the position. */
public class CompositionFuzzTest {
    public static Stream<Arguments> seeds() {
        return Stream.of("Fe2O3", "CuSO4·5H2O", "(Al2O3)0.3(SiO2)0.7", "Li0.5CoO2", "Ca10(PO4)6(OH)2", "[Co(NH3)6]Cl3", "H2O", "Fe0.95O", "NaCl·2H2O").map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    public static void target(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Fuzzing.parse("Composition.parse", data.length, () -> Composition.parse(text), FormulaException.class);
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] data) {
        target(data);
    }
}
