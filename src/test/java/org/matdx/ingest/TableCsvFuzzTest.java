package org.matdx.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): a table of experiments read as fuzz.csv — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class TableCsvFuzzTest {
    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(utf8("composition,T (K),phase\nFe2O3,300,hematite\n\"Al2O3\",1200.5,\"corundum, alpha\"\n"), utf8("組成;温度 (K)\nLiCoO2;298\n")), null, ".csv");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new org.matdx.formats.table.TableReader.Csv(), "fuzz.csv", data);
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
