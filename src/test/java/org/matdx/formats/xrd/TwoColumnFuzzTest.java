package org.matdx.formats.xrd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): fuzz.xy — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class TwoColumnFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of("# x y\n10.0 1\n10.5 2\n11.0 3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), org.matdx.platform.demo.SyntheticPatterns.xrdXy(org.matdx.platform.demo.SyntheticPatterns.SILICON, 0.5, 0.12, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "xrd", ".xy");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new TwoColumnReader(), "fuzz.xy", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
