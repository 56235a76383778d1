package org.matdx.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 18): a table of experiments read as fuzz.xlsx — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class TableXlsxFuzzTest {
    /** Parts a fuzz input that is not a zip is cut into (Fuzzing.asContainer): what fastexcel opens. */
    public static final String[] PARTS = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};

    static byte[] xlsx() {
        try {
            return Xlsx.write(new String[][] {{"composition", "T (K)", "phase"}, {"Fe2O3", "300", "hematite"}, {"Al2O3", "1200.5", "corundum"}});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Stream<Arguments> seeds() {
        return Fuzzing.seeds(List.of(xlsx(), Fuzzing.parts(xlsx(), PARTS)), null, ".xlsx");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new org.matdx.formats.table.TableReader.Xlsx(), "fuzz.xlsx", Fuzzing.asContainer(data, PARTS));
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
