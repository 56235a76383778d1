package org.matdx.ingest.readers.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;

class XyReaderTest {
    private final XyReader reader = new XyReader();

    private Parsed read(String name, String text) throws Exception {
        return XrdFixtureReadersTest.read(reader, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBomCommentsHeaderAndNoFinalNewline() throws Exception {
        Parsed p = read("scan.xy", "\uFEFF# exported by EVA\n! wavelength 1.5406\n2theta intensity\n10.00 100\n10.02 150\r\n10.04 90");
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.x().unit()).isEqualTo("deg");
        assertThat(s.x().values()).containsExactly(10.00, 10.02, 10.04);
        assertThat(s.y().get(0).values()).containsExactly(100, 150, 90);
        assertThat(s.y().get(0).unit()).isEqualTo("counts");
        assertThat(p.metadata().get("points").asInt()).isEqualTo(3);
        assertThat(p.metadata().at("/header/2").asString()).isEqualTo("2theta intensity");
    }

    @Test
    void readsCommaSeparatedCsvWithHeader() throws Exception {
        Parsed p = read("scan.csv", "Angle,Counts\n5.5,12\n5.6,13.5\n");
        assertThat(p.series().get(0).x().values()).containsExactly(5.5, 5.6);
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(12, 13.5);
        assertThat(p.metadata().get("separator").asString()).isEqualTo("comma");
    }

    @Test
    void readsDecimalCommaWithSemicolons() throws Exception {
        Parsed p = read("scan.csv", "; Winkel;Intensität\n10,5;123,25\n10,6;124\n");
        assertThat(p.series().get(0).x().values()).containsExactly(10.5, 10.6);
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(123.25, 124);
        assertThat(p.metadata().get("decimal_mark").asString()).isEqualTo("comma");
    }

    @Test
    void readsDecimalCommaWithTabsAndSpaces() throws Exception {
        assertThat(read("a.txt", "10,5\t123,25\n10,6\t124\n").series().get(0).x().values()).containsExactly(10.5, 10.6);
        assertThat(read("a.txt", "10,5 123,25\n10,6 124\n").series().get(0).y().get(0).values()).containsExactly(123.25, 124);
    }

    @Test
    void ambiguousCommasAreSeparators() throws Exception {
        // "10,5" with dots elsewhere cannot be a decimal comma
        Parsed p = read("a.csv", "10.0,5\n10.5,6\n");
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(5, 6);
    }

    @Test
    void readsThirdColumnAsEsd() throws Exception {
        Parsed p = read("a.xye", "10 100 10\n11 400 20\n");
        assertThat(p.series().get(0).y()).hasSize(2);
        assertThat(p.series().get(0).y().get(1).name()).isEqualTo("intensity_esd");
        assertThat(p.series().get(0).y().get(1).values()).containsExactly(10, 20);
    }

    @Test
    void rejectsRaggedOrBrokenLinesWithTheirLineNumber() {
        FormatException ragged = XrdFixtureReadersTest.broken(reader, "r.xy", "# c\n10 1\n11 2\n12\n".getBytes());
        assertThat(ragged.line()).isEqualTo(4);
        assertThat(ragged.problem()).isEqualTo("expected 2 columns, found 1");
        FormatException nan = XrdFixtureReadersTest.broken(reader, "n.xy", "10 1\n11 2\n12 abc\n".getBytes());
        assertThat(nan.line()).isEqualTo(3);
        assertThat(nan.problem()).contains("column 2").contains("'abc'");
        FormatException wide = XrdFixtureReadersTest.broken(reader, "w.xy", "1 2 3 4\n".getBytes());
        assertThat(wide.problem()).contains("found 4");
        FormatException empty = XrdFixtureReadersTest.broken(reader, "e.xy", "# nothing\n".getBytes());
        assertThat(empty.problem()).contains("no data lines");
    }
}
