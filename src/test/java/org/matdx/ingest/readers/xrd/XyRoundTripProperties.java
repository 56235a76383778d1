package org.matdx.ingest.readers.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.matdx.core.Series;

/** Whatever separator, decimal mark, BOM, comments and line ends a file uses, the xy reader returns the columns written. */
class XyRoundTripProperties {

    record Style(String separator, boolean decimalComma, boolean bom, String newline, boolean finalNewline, boolean header, boolean esd) {
    }

    @Provide
    Arbitrary<Style> styles() {
        Arbitrary<String> sep = Arbitraries.of(" ", "  ", "\t", ",", ";", " ; ");
        return Combinators.combine(sep, Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of("\n", "\r\n", "\r"),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((s, dc, bom, nl, fin, h, e) -> new Style(s, dc && !s.strip().equals(","), bom, nl, fin, h, e));
    }

    @Provide
    Arbitrary<List<double[]>> columns() {
        Arbitrary<double[]> row = Combinators.combine(
                Arbitraries.doubles().between(0, 160).ofScale(4),
                Arbitraries.doubles().between(-1e3, 1e7).ofScale(3),
                Arbitraries.doubles().between(0, 1e4).ofScale(2)).as((x, y, e) -> new double[] {x, y, e});
        return row.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void roundTripsGeneratedColumns(@ForAll("columns") List<double[]> rows, @ForAll("styles") Style style) throws Exception {
        StringBuilder sb = new StringBuilder();
        if (style.bom()) {
            sb.append('\uFEFF');
        }
        sb.append("# generated").append(style.newline());
        if (style.header()) {
            sb.append("2theta").append(style.separator()).append("intensity").append(style.newline());
        }
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            sb.append(num(r[0], style)).append(style.separator()).append(num(r[1], style));
            if (style.esd()) {
                sb.append(style.separator()).append(num(r[2], style));
            }
            if (i < rows.size() - 1 || style.finalNewline()) {
                sb.append(style.newline());
            }
        }
        var parsed = new XyReader().read("gen.xy", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
        Series s = parsed.get(0).series().get(0);
        assertThat(s.points()).isEqualTo(rows.size());
        assertThat(s.y()).hasSize(style.esd() ? 2 : 1);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(s.x().valuesUnsafe()[i]).isEqualTo(rows.get(i)[0]);
            assertThat(s.y().get(0).valuesUnsafe()[i]).isEqualTo(rows.get(i)[1]);
            if (style.esd()) {
                assertThat(s.y().get(1).valuesUnsafe()[i]).isEqualTo(rows.get(i)[2]);
            }
        }
    }

    private static String num(double v, Style style) {
        String s = new java.math.BigDecimal(Double.toString(v)).toPlainString();
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return style.decimalComma() ? s.replace('.', ',') : s.toLowerCase(Locale.ROOT);
    }
}
