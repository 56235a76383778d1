package org.matdx.formats.jcamp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): JCAMP-DX read as fuzz.jdx — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class JcampFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(utf8(AsdfEncoder.file(new int[] {1, 5, 9, 9, 9, 4, -2}, AsdfEncoder.Form.DIFDUP, 4, true, 1)), utf8(AsdfEncoder.file(new int[] {10, 20, 30}, AsdfEncoder.Form.PAC, 6, false, 0.5)), utf8("##TITLE=pairs\n##JCAMP-DX=5.01\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##NPOINTS=2\n##XYDATA=(XY..XY)\n400,0.1 500,0.3\n##END=\n")), "jcamp", ".dx", ".jdx", ".jcm");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new JcampReader(), "fuzz.jdx", data);
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
