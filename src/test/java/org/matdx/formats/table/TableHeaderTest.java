package org.matdx.formats.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.testing.Fuzzing;

/**
 * A table's header names and units, and the hostile headers that once held a reader: the fuzzer
 * found a 130-byte CSV of form feeds around a bracket (kept as TableCsvFuzzTestInputs/read/
 * form-feeds-around-a-bracket) on which the unit pattern backtracked cubically.
 */
class TableHeaderTest {
    @Test
    void aHeaderGivesItsNameAndUnit() {
        assertThat(TableReader.headerName("T (K)")).containsExactly("T", "K");
        assertThat(TableReader.headerName("  speed [m/s] ")).containsExactly("speed", "m/s");
        assertThat(TableReader.headerName("phase")).containsExactly("phase", "");
        assertThat(TableReader.headerName("(K)")).containsExactly("(K)", "");
        assertThat(TableReader.headerName("a (b) c (K)")).containsExactly("a (b) c", "K");
        assertThat(TableReader.headerName("weird (a(b)")).containsExactly("weird", "a(b");
        assertThat(TableReader.headerName("T(K)")).containsExactly("T", "K");
        assertThat(TableReader.headerName("T ( K )")).containsExactly("T", "K");
        assertThat(TableReader.headerName("T (K) x")).containsExactly("T (K) x", "");
        assertThat(TableReader.key("__Band gap (eV)__")).isEqualTo("band_gap_ev");
        assertThat(TableReader.key("___")).isEqualTo("column");
    }

    @Test
    void aHeaderOfThousandsOfSpacesAroundABracketIsReadAtOnce() {
        String spaces = "\f".repeat(20_000);
        String header = "c" + spaces + "[" + spaces + "\u0004" + spaces + "G]";
        // the fuzzing property (a CPU-time bound only a hang exceeds; these took minutes before), then the answer
        Fuzzing.parse("table header", header.length(), () -> TableReader.headerName(header));
        assertThat(TableReader.headerName(header)[0]).isEqualTo("c");
        byte[] csv = ("c" + spaces + "[" + spaces + "\u0004" + spaces + "G").getBytes(StandardCharsets.UTF_8);
        Fuzzing.read(new TableReader.Csv(), "t.csv", csv);
        assertThatThrownBy(() -> new TableReader.Csv().read("t.csv", new ByteArrayInputStream(csv)))
                .isInstanceOf(FormatException.class).hasMessageContaining("t.csv");
        String underscores = "_".repeat(200_000) + "x";
        Fuzzing.parse("column key", underscores.length(), () -> TableReader.key(underscores));
        assertThat(TableReader.key(underscores)).isEqualTo("x");
    }

    @Test
    void aLongRunOfDigitsThatIsNotANumberIsRefusedAtOnce() throws Exception {
        String cell = "1".repeat(200_000) + "x";
        byte[] csv = ("composition,T (K)\nFe2O3," + cell + "\n").getBytes(StandardCharsets.UTF_8);
        Fuzzing.read(new TableReader.Csv(), "t.csv", csv); // read, or refused naming the file; never a hang
    }
}
