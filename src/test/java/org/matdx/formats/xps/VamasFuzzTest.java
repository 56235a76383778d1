package org.matdx.formats.xps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): VAMAS (ISO 14976) read as fuzz.vms — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class VamasFuzzTest {
    private static final VamasFixture.Region C1S = new VamasFixture.Region("C1s", "S1", "C", "1s",
            new double[] {1190.0, 1190.5, 1191.0}, new double[] {5, 6, 7}, 2024, 9);

    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(utf8(VamasFixture.write("REGULAR", List.of(C1S, C1S), null, 0)), utf8(VamasFixture.write("IRREGULAR", List.of(C1S), java.util.Set.of(1, 4, 8, 29, 30, 32), 2))), "xps", ".vms");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new VamasReader(), "fuzz.vms", data);
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
