package org.matdx.formats.xrd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): fuzz.brml — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class BrmlFuzzTest {
    /** Parts a fuzz input that is not a zip is cut into (Fuzzing.asContainer). */
    public static final String[] PARTS = {"Experiment0/RawData0.xml", "experimentCollection.xml"};

    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(XrdSeeds.brml(), Fuzzing.parts(XrdSeeds.brml(), PARTS)), "xrd", ".brml");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new BrmlReader(), "fuzz.brml", Fuzzing.asContainer(data, PARTS));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
