package org.matdx.formats.cif;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): CIF 1.1 read as fuzz.cif — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class CifFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(Fuzzing.resource("/readers/rutile_two_blocks.cif"), Fuzzing.resource("/readers/broken_loop.cif"), CifExpansionLimitTest.fm3m(2, 192)), "cif", ".cif");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new CifReader(), "fuzz.cif", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }

    @SuppressWarnings("unused")
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
