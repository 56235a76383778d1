package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.dm3 — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class DmFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(DmFixture.image(16, 8, DmReaderTest.ramp(128), false, 0.5, "x", 200000, 1000), DmFixture.spectrumImage(3, 2, 8, DmReaderTest.ramp(48), 1.0)), "em", ".dm3", ".dm4");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new DmReader(), "fuzz.dm3", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
