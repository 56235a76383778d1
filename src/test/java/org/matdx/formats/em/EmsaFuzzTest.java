package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.msa — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class EmsaFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of("#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n#TITLE       : t\n#NPOINTS     : 3.\n#NCOLUMNS    : 1.\n#XUNITS      : eV\n#XPERCHAN    : 10.\n#OFFSET      : 200.\n#DATATYPE    : Y\n#BEAMKV   -kV: 200\n#SPECTRUM    :\n1, 2, 3\n#ENDOFDATA   :\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), "em", ".msa");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new EmsaReader(), "fuzz.msa", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
