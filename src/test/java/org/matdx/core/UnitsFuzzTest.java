package org.matdx.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): unit parsing — a unit or a UnitException. */
public class UnitsFuzzTest {
    public static Stream<Arguments> seeds() {
        return Stream.of("eV", "GPa", "J/(mol·K)", "m^2/s", "°C", "Å^3", "g/cm^3", "mA h g^-1", "K", "", "1/cm", "kJ/mol", "emu/g", "Oe", "µm").map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    public static void target(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Fuzzing.parse("Units.parse", data.length, () -> Units.parse(text).toString(), UnitException.class);
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] data) {
        target(data);
    }
}
