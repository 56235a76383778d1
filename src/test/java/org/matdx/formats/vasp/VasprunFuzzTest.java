package org.matdx.formats.vasp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): VASP vasprun.xml — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class VasprunFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(Fuzzing.resource("/readers/vasprun_si_relax.xml")), "vasp", ".xml");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new VasprunReader(), "vasprun.xml", data);
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
