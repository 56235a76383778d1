package org.matdx.formats.xrd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): fuzz.rasx — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class RasxFuzzTest {
    /** Parts a fuzz input that is not a zip is cut into (Fuzzing.asContainer). */
    public static final String[] PARTS = {"Data0/Profile0.txt", "Data0/MesurementConditions0.xml"};

    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(XrdSeeds.rasx(), Fuzzing.parts(XrdSeeds.rasx(), PARTS)), "xrd", ".rasx");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new RasxReader(), "fuzz.rasx", Fuzzing.asContainer(data, PARTS));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
