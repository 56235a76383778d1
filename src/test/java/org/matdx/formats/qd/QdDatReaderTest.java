package org.matdx.formats.qd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;
import org.matdx.formats.Corpus;
import org.matdx.testing.Fuzzing;

class QdDatReaderTest {
    private final QdDatReader reader = new QdDatReader();

    private Parsed read(String name, byte[] bytes) throws Exception {
        List<Parsed> all = reader.read(name, new ByteArrayInputStream(bytes));
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    private static Axis axis(Series s, String name) {
        return s.y().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void mpms3FieldSweepFromTheCorpus() throws Exception {
        Path p = Corpus.file("ppms/MPMS_test.dat");
        byte[] bytes = Files.readAllBytes(p);
        // 1161 lines: 39 header lines up to [Data], the column row, 1122 data rows (counted in the file)
        long dataRows = new String(bytes, StandardCharsets.ISO_8859_1).lines().dropWhile(l -> !l.equals("[Data]")).skip(2)
                .filter(l -> !l.isBlank()).count();
        Parsed r = read(p.getFileName().toString(), bytes);
        assertThat(r.kind()).isEqualTo(EntryKind.MEASUREMENT);
        Series s = r.series().getFirst();
        assertThat(s.points()).isEqualTo((int) dataRows).isEqualTo(1122);
        // an M–H loop at 2–3 K: the field sweeps ±70 kOe, so field is the x axis
        assertThat(s.x().name()).isEqualTo("Magnetic Field");
        assertThat(s.x().unit()).isEqualTo("Oe");
        assertThat(Arrays.stream(s.x().values()).max().orElseThrow()).isEqualTo(69999.8359375);
        assertThat(Arrays.stream(s.x().values()).min().orElseThrow()).isEqualTo(-69999.7578125);
        Axis m = axis(s, "Moment");
        assertThat(m.unit()).isEqualTo("emu");
        assertThat(m.first()).isEqualTo(-0.000155412707237067);
        assertThat(m.last()).isEqualTo(1.0137917830553);
        assertThat(axis(s, "M. Std. Err.").unit()).isEqualTo("emu");
        assertThat(axis(s, "Temperature").unit()).isEqualTo("K");
        // DC moment columns are empty in this VSM run and are left out
        assertThat(s.y()).extracting(Axis::name).doesNotContain("DC Moment Fixed Ctr", "Time Stamp", "Motor Current");
        assertThat(r.metadata().get("application").asString()).isEqualTo("MPMS3");
        assertThat(r.metadata().get("file_open_time").asString()).isEqualTo("2023-10-25T15:00");
        assertThat(r.metadata().get("sample").asString()).isEqualTo("231025-HoPtSn-AKS-002_out_of_plane_MH");
        assertThat(r.metadata().at("/info/sample_holder").asString()).isEqualTo("Quartz");
        assertThat(r.metadata().at("/info/appname").asString()).startsWith("MPMS3 Measurement Release 1.1.16");
        assertThat(r.properties().get("sample_mass").value()).isEqualTo(11.134);
        assertThat(r.properties().get("sample_mass").unit()).isEqualTo("mg");
    }

    @Test
    void ppmsResistivityTemperatureSweep() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/readers/ppms_resistivity_rt.dat")) {
            bytes = in.readAllBytes();
        }
        Parsed r = read("rt.dat", bytes);
        Series s = r.series().getFirst();
        assertThat(s.x().name()).isEqualTo("Temperature");
        assertThat(s.x().values()).containsExactly(300, 250, 200, 150, 100);
        Axis rho = axis(s, "Bridge 1 Resistivity");
        assertThat(rho.unit()).isEqualTo("Ohm-cm");
        assertThat(rho.values()[0]).isEqualTo(1.25e-3);
        assertThat(rho.values()[2]).isNaN(); // the empty cell stays a gap, not a zero
        assertThat(s.y()).extracting(Axis::name).doesNotContain("Bridge 2 Resistivity", "Bridge 1 Excitation");
        assertThat(r.title()).isEqualTo("LSMO film R(T)");
        assertThat(r.metadata().get("application").asString()).isEqualTo("Resistivity");
        assertThat(r.metadata().get("sample").asString()).isEqualTo("LSMO on STO, 20 nm");
        assertThat(r.metadata().get("comments").get(0).asString()).isEqualTo("cooling, 2 K/min");
        assertThat(r.metadata().get("file_open_time").asString()).isEqualTo("2018-07-30T16:30");
    }

    @Test
    void badFilesNameTheLine() {
        byte[] noData = "[Header]\nBYAPP,MPMS3,1.0\nTITLE,x\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("a.dat", noData)).isInstanceOf(FormatException.class).hasMessageContaining("a.dat, line 3")
                .hasMessageContaining("[Data]");
        byte[] extra = "[Header]\nBYAPP,MPMS3\n[Data]\nTemperature (K),Moment (emu)\n2,1e-3\n3,2e-3,7\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("b.dat", extra)).isInstanceOf(FormatException.class).hasMessageContaining("b.dat, line 6")
                .hasMessageContaining("at most 2 columns");
        byte[] notQd = "Two Theta,Counts\n10,5\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read("c.dat", notQd)).isInstanceOf(FormatException.class).hasMessageContaining("line 1");
    }

    @Test
    void recognisesByContentOnly() {
        assertThat(reader.recognise("x.txt", "[Header]\r\n; MPMS3 Data File\r\nBYAPP,MPMS3".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Recognition.CONTENT);
        assertThat(reader.recognise("scan.dat", "2theta counts\n10 5".getBytes(StandardCharsets.UTF_8))).isEqualTo(Recognition.NO);
    }

    @Test
    void aHeaderGivesItsNameAndTheUnitInItsLastParentheses() {
        assertThat(QdDatReader.nameAndUnit("Temperature (K)")).containsExactly("Temperature", "K");
        assertThat(QdDatReader.nameAndUnit("Moment (emu)")).containsExactly("Moment", "emu");
        assertThat(QdDatReader.nameAndUnit("M. Std. Err. (emu) (x)")).containsExactly("M. Std. Err. (emu)", "x");
        assertThat(QdDatReader.nameAndUnit("Comment")).containsExactly("Comment", "");
        assertThat(QdDatReader.nameAndUnit("(K)")).containsExactly("", "K");
        assertThat(QdDatReader.nameAndUnit("a (b) c")).containsExactly("a (b) c", "");
        assertThat(QdDatReader.nameAndUnit("a (b))")).containsExactly("a (b))", "");
        assertThat(QdDatReader.nameAndUnit("Field(Oe)")).containsExactly("Field", "Oe");
    }

    @Test
    void aHeaderOfTensOfThousandsOfSpacesIsReadAtOnce() {
        // the pattern this replaced, "^(.*?)\\s*\\(([^()]*)\\)\\s*$", backtracked quadratically on this; the
        // fuzzing property's CPU-time bound is what only a hang exceeds
        String header = "T" + " ".repeat(100_000) + "(" + " ".repeat(100_000) + "K";
        Fuzzing.parse("QD header", header.length(), () -> QdDatReader.nameAndUnit(header));
        assertThat(QdDatReader.nameAndUnit(header)[1]).isEmpty();
    }
}
