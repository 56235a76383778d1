package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.spx — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class BrukerSpxFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(BrukerSpxReaderTest.SPX.getBytes(StandardCharsets.UTF_8)), "em/bruker_data", ".spx");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new BrukerSpxReader(), "fuzz.spx", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
