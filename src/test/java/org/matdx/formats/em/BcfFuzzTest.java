package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.bcf — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class BcfFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(BcfFixture.bcf(), "AAMVHFSS".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "em/bruker_data", ".bcf");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new BcfReader(), "fuzz.bcf", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
