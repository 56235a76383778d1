package org.matdx.formats.xrd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): fuzz.raw — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class BrukerRawFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(XrdSeeds.raw(), "xrd", ".raw");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new BrukerRawReader(), "fuzz.raw", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
