package org.matdx.ingest.readers.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Recognition;

/** The XRD readers on files this test writes: odd but legal variants, and broken ones. */
class XrdFixturesTest {

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
        assertThat(p.metadata().get("wavelength_kalpha1_angstrom").asDouble()).isEqualTo(1.5406);
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
        assertThat(esd.series().get(0).y().get(1).name()).isEqualTo("intensity esd");
    }

    @Test
    void brokenTextSaysWhichLine() {
        assertThatThrownBy(() -> read(new TwoColumnReader(), "bad.xy", utf8("10 1\n11 2\n12\n13 4\n")))
                .isInstanceOf(FormatException.class).hasMessage("bad.xy, line 3: expected 2 columns (2θ, intensity), found 1");
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

    // ---- Rigaku RAS -----------------------------------------------------------------------

    static String ras(String sample, int blocks, boolean attenuated) {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            sb.append("*RAS_DATA_START\r\n*RAS_HEADER_START\r\n")
                    .append("*FILE_SAMPLE \"").append(sample).append("\"\r\n")
                    .append("*FILE_OPERATOR \"山田\"\r\n")
                    .append("*HW_XG_TARGET_NAME \"Cu\"\r\n*HW_XG_WAVE_LENGTH_ALPHA1 \"1.540593\"\r\n")
                    .append("*MEAS_SCAN_AXIS_X \"TwoThetaTheta\"\r\n*MEAS_SCAN_START \"20.0000\"\r\n")
                    .append("*MEAS_SCAN_STOP \"20.0400\"\r\n*MEAS_SCAN_STEP \"0.0200\"\r\n*MEAS_SCAN_UNIT_Y \"cps\"\r\n")
                    .append("*MEAS_SCAN_START_TIME \"2024/05/01 10:00:00\"\r\n")
                    .append("*RAS_HEADER_END\r\n*RAS_INT_START\r\n")
                    .append("20.0000 100.0 1.0000\r\n20.0200 250.0 ").append(attenuated ? "10.0000" : "1.0000")
                    .append("\r\n20.0400 90.0 1.0000\r\n*RAS_INT_END\r\n*RAS_DATA_END\r\n");
        }
        return sb.toString();
    }

    @Test
    void rasInShiftJisWithAJapaneseHeader() throws Exception {
        byte[] f = ras("試料A-酸化亜鉛", 1, false).getBytes(Charset.forName("windows-31j"));
        var r = new RasReader();
        assertThat(r.recognise("x.ras", f)).isEqualTo(Recognition.CONTENT);
        Parsed p = read(r, "x.ras", f);
        assertThat(p.title()).isEqualTo("試料A-酸化亜鉛");
        assertThat(p.metadata().get("operator").asString()).isEqualTo("山田");
        assertThat(p.metadata().get("encoding").asString()).isEqualTo("Shift_JIS");
        assertThat(p.metadata().get("wavelength_kalpha1_angstrom").asDouble()).isEqualTo(1.540593);
        var s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("2θ");
        assertThat(s.x().values()).containsExactly(20.0, 20.02, 20.04);
        assertThat(s.y().get(0).unit()).isEqualTo("counts/s");
    }

    @Test
    void rasWithSeveralBlocksAndAnAttenuatorGivesCorrectedIntensities() throws Exception {
        Parsed p = read(new RasReader(), "multi.ras", utf8(ras("S1", 3, true)));
        assertThat(p.series()).hasSize(3);
        assertThat(p.series().get(2).name()).isEqualTo("scan 3");
        var ys = p.series().get(0).y();
        assertThat(ys).extracting(a -> a.name()).containsExactly("intensity", "attenuation factor", "corrected intensity");
        assertThat(ys.get(2).values()).containsExactly(100, 2500, 90);
        assertThat(p.metadata().get("encoding").asString()).isEqualTo("UTF-8");
    }

    @Test
    void truncatedRasIsRejectedWithItsLine() {
        String full = ras("S1", 1, false);
        String cut = full.substring(0, full.lastIndexOf("20.0400"));
        assertThatThrownBy(() -> read(new RasReader(), "cut.ras", utf8(cut)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("cut.ras, line 16").hasMessageContaining("truncated");
    }

    // ---- Rigaku RASX ----------------------------------------------------------------------

    static byte[] zip(String[][] entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String[] e : entries) {
                z.putNextEntry(new ZipEntry(e[0]));
                z.write(utf8(e[1]));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void rasxWithTwoMeasurementsAndConditions() throws Exception {
        String cond = """
                <?xml version="1.0" encoding="utf-8"?>
                <MeasurementConditions><GeneralInformation><Operator>tanaka</Operator><SampleName>ZnO film</SampleName>
                <SystemName>SmartLab</SystemName></GeneralInformation><XrayGenerator><TargetName>Cu</TargetName>
                <Voltage>45</Voltage><WavelengthKalpha1>1.540593</WavelengthKalpha1></XrayGenerator>
                <ScanInformation><AxisName>Omega</AxisName><Start>17</Start><Stop>17.2</Stop><Step>0.1</Step>
                <IntensityUnit>counts</IntensityUnit></ScanInformation></MeasurementConditions>""";
        byte[] f = zip(new String[][] {
                {"root.xml", "<Root/>"},
                {"Data0/MesurementConditions0.xml", cond},
                {"Data0/Profile0.txt", "\uFEFF17.0\t10\t1\n17.1\t20\t1\n17.2\t15\t1\n"},
                {"Data1/MesurementConditions0.xml", cond},
                {"Data1/Profile0.txt", "17.0\t11\t1\n17.1\t21\t1\n17.2\t16\t1"}});
        var r = new RasxReader();
        assertThat(r.recognise("whatever.zip", f)).isEqualTo(Recognition.CONTENT);
        Parsed p = read(r, "films.rasx", f);
        assertThat(p.series()).hasSize(2);
        assertThat(p.series().get(0).x().name()).isEqualTo("ω");
        assertThat(p.series().get(1).y().get(0).values()).containsExactly(11, 21, 16);
        assertThat(p.title()).isEqualTo("ZnO film");
        assertThat(p.metadata().get("operator").asString()).isEqualTo("tanaka");
        assertThat(p.metadata().get("tube_voltage_kv").asDouble()).isEqualTo(45);
    }

    @Test
    void rasxErrorsNameTheProfileAndLine() throws Exception {
        byte[] f = zip(new String[][] {{"Data0/Profile0.txt", "17.0\t10\t1\n17.1\tten\t1\n"}});
        assertThatThrownBy(() -> read(new RasxReader(), "bad.rasx", f))
                .hasMessage("bad.rasx!Data0/Profile0.txt, line 2: column 2: 'ten' is not a number");
        assertThatThrownBy(() -> read(new RasxReader(), "none.rasx", zip(new String[][] {{"root.xml", "<Root/>"}})))
                .hasMessageContaining("no Data*/Profile*.txt");
        assertThatThrownBy(() -> read(new RasxReader(), "junk.rasx", utf8("not a zip at all")))
                .isInstanceOf(FormatException.class);
    }

    // ---- XRDML ----------------------------------------------------------------------------

    static String xrdml(String scans) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/1.5" status="Completed">
                  <sample type="To be analyzed"><id>S-17</id><name>LiCoO2 pellet</name></sample>
                  <xrdMeasurement measurementType="Area measurement" sampleMode="Reflection">
                    <usedWavelength intended="K-Alpha 1"><kAlpha1 unit="Angstrom">1.5405980</kAlpha1>
                      <kAlpha2 unit="Angstrom">1.5444260</kAlpha2><ratioKAlpha2KAlpha1>0.5</ratioKAlpha2KAlpha1></usedWavelength>
                    <incidentBeamPath><xRayTube name="Cu LFF"><tension unit="kV">45</tension><current unit="mA">40</current>
                      <anodeMaterial>Cu</anodeMaterial></xRayTube></incidentBeamPath>
                """ + scans + """
                  </xrdMeasurement>
                </xrdMeasurements>
                """;
    }

    static String scan(double omega, String twoTheta, String counts) {
        return "<scan appendNumber=\"0\" mode=\"Continuous\" scanAxis=\"2Theta\" status=\"Completed\"><header>"
                + "<startTimeStamp>2024-01-02T03:04:05Z</startTimeStamp><author><name>suzuki</name></author></header>"
                + "<dataPoints>" + twoTheta
                + "<positions axis=\"Omega\" unit=\"deg\"><commonPosition>" + omega + "</commonPosition></positions>"
                + "<commonCountingTime unit=\"seconds\">0.5</commonCountingTime>"
                + "<intensities unit=\"counts\">" + counts + "</intensities></dataPoints></scan>";
    }

    @Test
    void xrdmlAreaScanGivesOneSeriesPerScanAndListedPositions() throws Exception {
        String a = scan(10, "<positions axis=\"2Theta\" unit=\"deg\"><startPosition>20</startPosition><endPosition>21</endPosition></positions>", "1 2 3");
        String b = scan(10.5, "<positions axis=\"2Theta\" unit=\"deg\"><listPositions>20 20.25 21</listPositions></positions>", "4 5 6");
        Parsed p = read(new XrdmlReader(), "area.xrdml", utf8(xrdml(a + b)));
        assertThat(p.series()).hasSize(2);
        assertThat(p.series().get(0).x().values()).containsExactly(20, 20.5, 21);
        assertThat(p.series().get(1).x().values()).containsExactly(20, 20.25, 21);
        assertThat(p.series().get(1).name()).isEqualTo("scan 2 (ω=10.5)");
        assertThat(p.title()).isEqualTo("LiCoO2 pellet");
        var m = p.metadata();
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(45);
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(0.5);
        assertThat(m.get("operator").asString()).isEqualTo("suzuki");
        assertThat(m.get("sample_id").asString()).isEqualTo("S-17");
        assertThat(m.get("scans").asInt()).isEqualTo(2);
    }

    @Test
    void xrdmlProblemsAreLocated() {
        String mismatch = scan(10, "<positions axis=\"2Theta\" unit=\"deg\"><listPositions>20 21</listPositions></positions>", "1 2 3");
        assertThatThrownBy(() -> read(new XrdmlReader(), "m.xrdml", utf8(xrdml(mismatch))))
                .hasMessageContaining("2 positions on 2Theta but 3 intensities");
        String full = xrdml(scan(10, "<positions axis=\"2Theta\" unit=\"deg\"><startPosition>20</startPosition><endPosition>21</endPosition></positions>", "1 2 3"));
        String cut = full.substring(0, full.indexOf("<intensities"));
        assertThatThrownBy(() -> read(new XrdmlReader(), "cut.xrdml", utf8(cut)))
                .isInstanceOf(FormatException.class).hasMessageContaining("cut.xrdml, line").hasMessageContaining("truncated");
        assertThatThrownBy(() -> read(new XrdmlReader(), "other.xrdml", utf8("<?xml version=\"1.0\"?><html/>")))
                .hasMessageContaining("expected the XRDML root element");
        String nan = scan(10, "<positions axis=\"2Theta\" unit=\"deg\"><startPosition>20</startPosition><endPosition>21</endPosition></positions>", "1 two 3");
        assertThatThrownBy(() -> read(new XrdmlReader(), "nan.xrdml", utf8(xrdml(nan))))
                .hasMessageContaining("value 2: 'two' is not a number");
    }
}
