package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;

/** The two-column text reader on files this test writes: odd but legal variants, and broken ones. */
class TwoColumnReaderTest {

    static Parsed read(Reader r, String name, byte[] content) throws Exception {
        List<Parsed> out = r.read(name, new ByteArrayInputStream(content));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- two-column text ------------------------------------------------------------------

    @Test
    void twoColumnsWithBomCommentsHeaderAndNoFinalNewline() throws Exception {
        byte[] f = utf8("\uFEFF# exported by hand\n# Wavelength = 1.5406 A\n# Sample: ZnO-7\n2theta intensity\n10.00 120\n10.02\t131\n10.04   150.5");
        Parsed p = read(new TwoColumnReader(), "scan.xy", f);
        assertThat(p.title()).isEqualTo("ZnO-7");
        assertThat(p.metadata().at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.5406);
        assertThat(p.series().get(0).x().values()).containsExactly(10.0, 10.02, 10.04);
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(120, 131, 150.5);
        assertThat(p.metadata().get("column_header").asString()).isEqualTo("2theta intensity");
        assertThat(p.metadata().get("step").asDouble()).isEqualTo(0.02);
    }

    @Test
    void csvWithCommasAndSemicolonsWithDecimalCommas() throws Exception {
        Parsed csv = read(new TwoColumnReader(), "scan.csv", utf8("angle,counts\r\n20.0,5\r\n20.5, 7\r\n21.0 ,9\r\n"));
        assertThat(csv.series().get(0).y().get(0).values()).containsExactly(5, 7, 9);
        Parsed semi = read(new TwoColumnReader(), "scan.csv", utf8("20,0;5,5\n20,5;7,25\n"));
        assertThat(semi.series().get(0).x().values()).containsExactly(20.0, 20.5);
        assertThat(semi.series().get(0).y().get(0).values()).containsExactly(5.5, 7.25);
        Parsed blanks = read(new TwoColumnReader(), "scan.txt", utf8("10,25 301,5\n10,50 280,0\n"));
        assertThat(blanks.series().get(0).x().values()).containsExactly(10.25, 10.5);
        Parsed esd = read(new TwoColumnReader(), "scan.xye", utf8("1 10 3.2\n2 12 3.5\n"));
        assertThat(esd.series().get(0).y()).hasSize(2);
        assertThat(esd.series().get(0).y().get(1).name()).isEqualTo("intensity_esd");
    }

    @Test
    void brokenTextSaysWhichLine() {
        assertThatThrownBy(() -> read(new TwoColumnReader(), "bad.xy", utf8("10 1\n11 2\n12\n13 4\n")))
                .isInstanceOf(FormatException.class).hasMessage("bad.xy, line 3: expected 2 columns like the first data row, found 1");
        assertThatThrownBy(() -> read(new TwoColumnReader(), "bad.xy", utf8("10 1\n11 x2\n")))
                .hasMessage("bad.xy, line 2: column 2: 'x2' is not a number");
        assertThatThrownBy(() -> read(new TwoColumnReader(), "empty.xy", utf8("# nothing\n")))
                .hasMessageContaining("no data rows");
    }

    @Test
    void textRecognitionNeedsNumbers() {
        var r = new TwoColumnReader();
        assertThat(r.recognise("a.xy", utf8("# c\n1 2\n3 4\n5 6\n"))).isEqualTo(Recognition.CONTENT);
        assertThat(r.recognise("a.txt", utf8("Dear colleague,\nplease find\n"))).isEqualTo(Recognition.NO);
        assertThat(r.recognise("a.pdf", utf8("1 2\n3 4\n"))).isEqualTo(Recognition.NO);
    }

    @Property(tries = 200)
    void twoColumnRoundTrip(@ForAll @Size(min = 2, max = 60) List<@DoubleRange(min = 0, max = 1e6) Double> ys,
                            @ForAll @IntRange(min = 0, max = 3) int style) throws Exception {
        StringBuilder sb = new StringBuilder(style == 3 ? "\uFEFF" : "").append("# generated\n");
        for (int i = 0; i < ys.size(); i++) {
            double x = 5 + i * 0.01;
            String sep = switch (style) {
                case 0 -> " ";
                case 1 -> "\t";
                case 2 -> ",";
                default -> "   ";
            };
            sb.append(String.format(Locale.ROOT, "%.4f", x)).append(sep).append(ys.get(i)).append(i + 1 < ys.size() ? "\n" : "");
        }
        Parsed p = read(new TwoColumnReader(), "gen.xy", utf8(sb.toString()));
        double[] back = p.series().get(0).y().get(0).values();
        assertThat(back).containsExactly(ys.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
