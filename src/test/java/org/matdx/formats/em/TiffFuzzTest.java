package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.tif — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class TiffFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(TiffFixture.grey16(8, 4, DmReaderTest.ramp(32), java.util.Map.of(34682, "[Scan]\r\nPixelWidth=1e-9\r\nPixelHeight=1e-9\r\n"), null), TiffFixture.grey16(4, 4, DmReaderTest.ramp(16), java.util.Map.of(270, "ImageJ=1.5\nunit=micron\n"), new long[] {2, 1})), "em/tiff_files", ".tif");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new TiffReader(), "fuzz.tif", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
