package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz_1.ser — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class TiaFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(TiaFixture.lineScan(4, 16, 3), TiaFixture.image(6, 4)), "em/FEI_old", ".ser");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new TiaReader(), "fuzz_1.ser", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
