package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.JsonNode;

/** The XRD readers on files the project writes itself: every format, its variants, and broken copies. */
class XrdFixtureReadersTest {

    static Parsed read(Reader r, String name, byte[] bytes) throws Exception {
        List<Parsed> all = r.read(name, new ByteArrayInputStream(bytes));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static FormatException broken(Reader r, String name, byte[] bytes) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> r.read(name, new ByteArrayInputStream(bytes)));
        assertThat(t).as("reading a broken " + name).isInstanceOf(FormatException.class);
        FormatException e = (FormatException) t;
        assertThat(e.file()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name);
        return e;
    }

    static byte[] cut(byte[] b, int len) {
        return Arrays.copyOf(b, len);
    }

    static int indexOf(byte[] b, byte[] sig) {
        outer:
        for (int i = 0; i <= b.length - sig.length; i++) {
            for (int k = 0; k < sig.length; k++) {
                if (b[i + k] != sig[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static double[] expectedCounts() {
        return XrdFixtures.COUNTS.clone();
    }

    // ---- RAS ----

    @Test
    void readsJapaneseRasInShiftJis() throws Exception {
        byte[] bytes = XrdFixtures.ras(Text.SHIFT_JIS, "酸化チタン", "佐藤");
        assertThat(new RasReader().recognise("scan.ras", bytes)).isEqualTo(Recognition.CONTENT);
        Parsed p = read(new RasReader(), "scan.ras", bytes);
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.points()).isEqualTo(7);
        assertThat(s.x().first()).isEqualTo(20.0);
        assertThat(s.x().last()).isCloseTo(20.12, within(1e-9));
        assertThat(s.y().get(0).unit()).isEqualTo("counts/s");
        // intensity × attenuator coefficient restores the two attenuated points
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("encoding").asString()).isEqualTo("windows-31j");
        assertThat(m.get("sample_name").asString()).isEqualTo("酸化チタン");
        assertThat(m.get("operator").asString()).isEqualTo("佐藤");
        assertThat(m.get("comment").asString()).isEqualTo("粉末試料 測定");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.540593);
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(1.544414);
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("scan_axis").asString()).isEqualTo("TwoThetaTheta");
        assertThat(m.get("step").asDouble()).isEqualTo(0.02);
        assertThat(m.get("time_per_step_s").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(m.get("measured_at").asString()).isEqualTo("2024-06-14T10:27:08");
        assertThat(m.get("instrument").asString()).isEqualTo("SmartLab");
        assertThat(p.title()).isEqualTo("酸化チタン");
    }

    @Test
    void readsRasInUtf8() throws Exception {
        Parsed p = read(new RasReader(), "scan.ras", XrdFixtures.ras(StandardCharsets.UTF_8, "TiO2 rutile", "Sato"));
        assertThat(p.metadata().get("encoding").asString()).isEqualTo("UTF-8");
        assertThat(p.metadata().get("comment").asString()).isEqualTo("粉末試料 測定");
        assertThat(p.metadata().get("sample_name").asString()).isEqualTo("TiO2 rutile");
    }

    @Test
    void readsMultiBlockRasAsOneSeriesPerBlock() throws Exception {
        String one = new String(XrdFixtures.ras(StandardCharsets.UTF_8, "A", "B"), StandardCharsets.UTF_8);
        Parsed p = read(new RasReader(), "two.ras", (one + one.replace("20.0", "40.0")).getBytes(StandardCharsets.UTF_8));
        assertThat(p.series()).extracting(Series::name).containsExactly("scan 1", "scan 2");
        assertThat(p.series().get(1).x().first()).isEqualTo(40.0);
        assertThat(p.metadata().get("scans").asInt()).isEqualTo(2);
    }

    @Test
    void rejectsTruncatedRasWithLine() {
        byte[] full = XrdFixtures.ras(StandardCharsets.UTF_8, "A", "B");
        String text = new String(full, StandardCharsets.UTF_8);
        int cutAt = text.indexOf("20.0600");
        FormatException e = broken(new RasReader(), "cut.ras", cut(full, cutAt + 4));
        assertThat(e.line()).isGreaterThan(0);
        assertThat(e.problem()).contains("truncated").contains("RAS_DATA_END");
        // a half line: "20.0" alone is one column
        String halfLine = text.substring(0, cutAt + 4) + "\r\n*RAS_INT_END\r\n*RAS_DATA_END\r\n";
        FormatException e2 = broken(new RasReader(), "cut.ras", halfLine.getBytes(StandardCharsets.UTF_8));
        assertThat(e2.line()).isEqualTo(text.substring(0, cutAt).split("\r\n").length + 1);
        assertThat(e2.problem()).contains("found 1");
    }

    // ---- RASX ----

    @Test
    void readsRasx() throws Exception {
        byte[] bytes = XrdFixtures.rasx();
        assertThat(new RasxReader().recognise("x.bin", bytes)).isEqualTo(Recognition.CONTENT);
        assertThat(new BrmlReader().recognise("x.bin", bytes)).isEqualTo(Recognition.NO);
        Parsed p = read(new RasxReader(), "m.rasx", bytes);
        Series s = p.series().get(0);
        assertThat(s.points()).isEqualTo(7);
        assertThat(s.x().first()).isEqualTo(30.0);
        assertThat(s.x().last()).isEqualTo(30.06);
        assertThat(s.y().get(0).unit()).isEqualTo("counts/s");
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("operator").asString()).isEqualTo("山田");
        assertThat(m.get("sample_name").asString()).isEqualTo("TiO2 anatase");
        assertThat(m.get("anode").asString()).isEqualTo("Co");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.788996);
        assertThat(m.get("time_per_step_s").asDouble()).isCloseTo(1.2, within(1e-9));
        assertThat(p.title()).isEqualTo("TiO2 anatase");
    }

    @Test
    void rejectsTruncatedRasx() throws Exception {
        byte[] bytes = XrdFixtures.rasx();
        FormatException e = broken(new RasxReader(), "cut.rasx", cut(bytes, bytes.length / 2));
        assertThat(e.problem()).contains("truncated");
        assertThat(e.offset()).isGreaterThan(0);
        // cut exactly after the first complete part: still a truncated archive, not a smaller one
        byte[] onePart = XrdFixtures.zip(java.util.Map.of("Data0/Profile0.txt", "30\t1\t1\n".getBytes()));
        int firstPartEnd = indexOf(onePart, new byte[] {'P', 'K', 1, 2});
        FormatException between = broken(new RasxReader(), "half.rasx", cut(onePart, firstPartEnd));
        assertThat(between.offset()).isEqualTo(firstPartEnd);
        FormatException notZip = broken(new RasxReader(), "plain.rasx", "hello".getBytes());
        assertThat(notZip.offset()).isZero();
    }

    // ---- BRML ----

    @Test
    void readsOlderBrmlWithoutDataViews() throws Exception {
        byte[] bytes = XrdFixtures.brml();
        assertThat(new BrmlReader().recognise("a.zip", bytes)).isEqualTo(Recognition.CONTENT);
        assertThat(new RasxReader().recognise("a.zip", bytes)).isEqualTo(Recognition.NO);
        Parsed p = read(new BrmlReader(), "old.brml", bytes);
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.x().first()).isEqualTo(10.0);
        assertThat(s.x().last()).isEqualTo(10.12);
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("operator").asString()).isEqualTo("tech1");
        assertThat(m.get("sample_name").asString()).isEqualTo("LiFePO4 batch 7");
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(0.5);
        assertThat(m.get("step").asDouble()).isEqualTo(0.02);
        assertThat(m.at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
    }

    @Test
    void readsOnlyTheMeasuredRouteOfABrml() throws Exception {
        String raw = new String(unzipFirst(XrdFixtures.brml()), StandardCharsets.UTF_8);
        String processed = raw.replace("</DataRoutes>", "<DataRoute RouteFlag=\"Processed\"><Datum>1,1,10,5,999</Datum></DataRoute></DataRoutes>");
        Parsed p = read(new BrmlReader(), "p.brml", XrdFixtures.zip(java.util.Map.of("Experiment0/RawData0.xml",
                processed.getBytes(StandardCharsets.UTF_8))));
        assertThat(p.series()).hasSize(1);
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(expectedCounts());
    }

    static byte[] unzipFirst(byte[] zip) throws java.io.IOException {
        try (var z = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            z.getNextEntry();
            return z.readAllBytes();
        }
    }

    @Test
    void rejectsBrmlWithBrokenXmlAtItsLine() throws Exception {
        String raw = "<?xml version=\"1.0\"?>\n<RawData>\n<DataRoutes><DataRoute>\n<Datum>1,1,10,5,3</Datum>\n<Datum>1,1,10.02,5.01</Datum>\n</DataRoute></DataRoutes></RawData>\n";
        byte[] zip = XrdFixtures.zip(java.util.Map.of("Experiment0/RawData0.xml", raw.getBytes(StandardCharsets.UTF_8)));
        // the second Datum has 4 columns: 2θ at index 2 is there, the counts are taken from the last
        Parsed p = read(new BrmlReader(), "ok.brml", zip);
        assertThat(p.series().get(0).y().get(0).values()).containsExactly(3, 5.01);
        String bad = raw.replace("</Datum>\n</DataRoute>", "</Datum>\n<Datum>1,1,x,5,3</Datum>\n</DataRoute>");
        FormatException e = broken(new BrmlReader(), "bad.brml", XrdFixtures.zip(java.util.Map.of("Experiment0/RawData0.xml",
                bad.getBytes(StandardCharsets.UTF_8))));
        assertThat(e.line()).isEqualTo(6);
        String truncated = raw.substring(0, raw.indexOf("<Datum>1,1,10.02"));
        FormatException t = broken(new BrmlReader(), "cut.brml", XrdFixtures.zip(java.util.Map.of("Experiment0/RawData0.xml",
                truncated.getBytes(StandardCharsets.UTF_8))));
        assertThat(t.problem()).contains("RawData0.xml");
    }

    // ---- Bruker RAW ----

    @Test
    void readsRawV1WithTwoRanges() throws Exception {
        byte[] bytes = XrdFixtures.rawV1();
        assertThat(new BrukerRawReader().recognise("a.raw", bytes)).isEqualTo(Recognition.CONTENT);
        Parsed p = read(new BrukerRawReader(), "v1.raw", bytes);
        assertThat(p.series()).hasSize(2);
        Series s = p.series().get(0);
        assertThat(s.points()).isEqualTo(7);
        assertThat(s.x().first()).isEqualTo(10.0);
        assertThat(s.x().last()).isCloseTo(10.12, within(1e-6));
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        assertThat(p.series().get(1).points()).isEqualTo(3);
        assertThat(p.series().get(1).x().first()).isEqualTo(50.0);
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("1");
        assertThat(m.get("sample_name").asString()).isEqualTo("Quartz std");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isCloseTo(1.54056, within(1e-6));
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(2.0);
        assertThat(m.at("/scan_list/0/theta_start").asDouble()).isEqualTo(5.0);
        assertThat(m.at("/scan_list/0/chi_start").isMissingNode()).isTrue();
    }

    @Test
    void readsRawV2() throws Exception {
        Parsed p = read(new BrukerRawReader(), "v2.raw", XrdFixtures.rawV2());
        Series s = p.series().get(0);
        assertThat(s.x().first()).isEqualTo(20.0);
        assertThat(s.x().last()).isCloseTo(20.3, within(1e-6));
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("measured_at").asString()).isEqualTo("02/03/95  10:11:12");
        assertThat(m.at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(1.5);
    }

    @Test
    void readsRawV3() throws Exception {
        Parsed p = read(new BrukerRawReader(), "v3.raw", XrdFixtures.rawV3());
        Series s = p.series().get(0);
        assertThat(s.x().first()).isEqualTo(28.0);
        assertThat(s.x().last()).isCloseTo(28.06, within(1e-9));
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("3");
        assertThat(m.get("operator").asString()).isEqualTo("Dr. Sato");
        assertThat(m.get("sample_name").asString()).isEqualTo("Si powder SRM640");
        assertThat(m.get("measured_at").asString()).isEqualTo("2004-03-15T14:22:05");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.540598);
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(1.544426);
        assertThat(m.at("/wavelength_angstrom/k_beta").asDouble()).isEqualTo(1.39222);
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(0.75);
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(40);
        assertThat(m.get("goniometer_radius_mm").asDouble()).isEqualTo(217.5);
    }

    @Test
    void readsRawV4() throws Exception {
        Parsed p = read(new BrukerRawReader(), "v4.raw", XrdFixtures.rawV4());
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.x().first()).isEqualTo(5.0);
        assertThat(s.x().last()).isCloseTo(5.15, within(1e-9));
        assertThat(s.y().get(0).values()).containsExactly(expectedCounts());
        JsonNode m = p.metadata();
        assertThat(m.get("anode").asString()).isEqualTo("Mo");
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(0.71359);
        assertThat(m.at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.get("operator").asString()).isEqualTo("kato");
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(0.5);
        assertThat(m.at("/scan_list/0/2theta_start").asDouble()).isEqualTo(5.0);
    }

    @Test
    void readsRawV4WithTwoRangesInTheSegmentChain() throws Exception {
        byte[] one = XrdFixtures.rawV4();
        int rangeAt = 61 + 44 + 136; // preamble, USER item, X-ray source
        byte[] second = Arrays.copyOfRange(one, rangeAt, one.length);
        java.nio.ByteBuffer r2 = java.nio.ByteBuffer.wrap(second).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        r2.putInt(0, 160);       // the other range marker
        r2.putDouble(72, 40.0);  // starts at 40°
        byte[] two = Arrays.copyOf(one, one.length + second.length);
        System.arraycopy(second, 0, two, one.length, second.length);
        Parsed p = read(new BrukerRawReader(), "two.raw", two);
        assertThat(p.series()).extracting(Series::name).containsExactly("range 1", "range 2");
        assertThat(p.series().get(1).x().first()).isEqualTo(40.0);
        assertThat(p.series().get(1).y().get(0).values()).containsExactly(expectedCounts());
        assertThat(p.metadata().get("scans").asInt()).isEqualTo(2);
        FormatException cut = broken(new BrukerRawReader(), "two-cut.raw", Arrays.copyOf(two, one.length + 100));
        assertThat(cut.offset()).isGreaterThanOrEqualTo(one.length);
    }

    @Test
    void rejectsTruncatedRawOfEveryVersionWithByteOffset() {
        for (byte[] full : List.of(XrdFixtures.rawV1(), XrdFixtures.rawV2(), XrdFixtures.rawV3(), XrdFixtures.rawV4())) {
            FormatException e = broken(new BrukerRawReader(), "cut.raw", cut(full, full.length - 6));
            assertThat(e.offset()).isGreaterThan(0);
            assertThat(e.problem()).contains("truncated");
            FormatException h = broken(new BrukerRawReader(), "head.raw", cut(full, 40));
            assertThat(h.offset()).isGreaterThanOrEqualTo(0);
        }
        byte[] huge = XrdFixtures.rawV3();
        java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(712 + 256, 0x7fffff00);
        FormatException sup = broken(new BrukerRawReader(), "sup.raw", huge);
        assertThat(sup.offset()).isEqualTo(712);
        assertThat(sup.problem()).contains("supplementary");
        FormatException magic = broken(new BrukerRawReader(), "x.raw", "RAW9 junk".getBytes(StandardCharsets.US_ASCII));
        assertThat(magic.offset()).isEqualTo(0);
        assertThat(new BrukerRawReader().recognise("x.raw", "RAW9 junk".getBytes())).isEqualTo(Recognition.NO);
    }

    // ---- XRDML ----

    static String xrdml(String ns, String scans) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/%s" status="Completed">
                  <comment><entry>Diffractometer system=X'Pert MPD</entry></comment>
                  <sample type="To be analyzed"><id>S-42</id><name>ZnO film</name><preparedBy>Ito</preparedBy></sample>
                  <xrdMeasurement measurementType="%s" status="Completed">
                    <usedWavelength intended="K-Alpha 1"><kAlpha1 unit="Angstrom">1.5405980</kAlpha1><kAlpha2 unit="Angstrom">1.5444260</kAlpha2>
                      <kBeta unit="Angstrom">1.3922500</kBeta><ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1></usedWavelength>
                    <incidentBeamPath><xRayTube name="Cu LFF"><tension unit="kV">45</tension><current unit="mA">40</current><anodeMaterial>Cu</anodeMaterial></xRayTube></incidentBeamPath>
                %s
                  </xrdMeasurement>
                </xrdMeasurements>
                """.formatted(ns, scans.contains("Omega\" unit=\"deg\"><startPosition>1") ? "Area measurement" : "Scan", scans);
    }

    @Test
    void readsXrdml10WithListPositionsAndIntensities() throws Exception {
        String scan = """
                    <scan appendNumber="0" mode="Pre-set time" scanAxis="2Theta" status="Completed">
                      <header><startTimeStamp>2004-05-06T07:08:09+09:00</startTimeStamp><author><name>Ito</name></author>
                        <source><applicationSoftware version="1.2">X'Pert Data Collector</applicationSoftware></source></header>
                      <dataPoints>
                        <positions axis="2Theta" unit="deg"><listPositions>10.0 10.5 11.5 13.0</listPositions></positions>
                        <positions axis="Omega" unit="deg"><commonPosition>5.0</commonPosition></positions>
                        <commonCountingTime unit="seconds">2.0</commonCountingTime>
                        <intensities unit="counts">10 20 30 40</intensities>
                      </dataPoints>
                    </scan>
                """;
        Parsed p = read(new XrdmlReader(), "old.xrdml", xrdml("1.0", scan).getBytes(StandardCharsets.UTF_8));
        Series s = p.series().get(0);
        assertThat(s.x().values()).containsExactly(10.0, 10.5, 11.5, 13.0);
        assertThat(s.y().get(0).values()).containsExactly(10, 20, 30, 40);
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("1.0");
        assertThat(m.get("sample_name").asString()).isEqualTo("ZnO film");
        assertThat(m.get("sample_id").asString()).isEqualTo("S-42");
        assertThat(m.get("instrument").asString()).isEqualTo("X'Pert MPD");
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(45);
        assertThat(m.at("/scan_list/0/omega_position").asDouble()).isEqualTo(5.0);
        assertThat(p.title()).isEqualTo("ZnO film");
    }

    @Test
    void readsXrdmlAreaScanAsNamedLineScansWithAttenuationApplied() throws Exception {
        StringBuilder scans = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            scans.append("""
                        <scan appendNumber="%d" mode="Continuous" scanAxis="2Theta-Omega" status="Completed">
                          <header><startTimeStamp>2024-01-01T00:0%d:00Z</startTimeStamp><endTimeStamp>2024-01-01T00:0%d:30Z</endTimeStamp></header>
                          <dataPoints>
                            <positions axis="2Theta" unit="deg"><startPosition>60.0</startPosition><endPosition>70.0</endPosition></positions>
                            <positions axis="Omega" unit="deg"><startPosition>1%d.0</startPosition><endPosition>1%d.0</endPosition></positions>
                            <beamAttenuationFactors>1 1 188 1 1</beamAttenuationFactors>
                            <commonCountingTime unit="seconds">0.5</commonCountingTime>
                            <counts unit="counts">5 7 900 8 %d</counts>
                          </dataPoints>
                        </scan>
                    """.formatted(k, k, k, k * 2, k * 2 + 5, k));
        }
        Parsed p = read(new XrdmlReader(), "area.xrdml", xrdml("1.5", scans.toString()).getBytes(StandardCharsets.UTF_8));
        assertThat(p.series()).hasSize(3);
        assertThat(p.series()).extracting(Series::name).containsExactly("scan 1 (Omega 10)", "scan 2 (Omega 12)", "scan 3 (Omega 14)");
        Series s = p.series().get(2);
        assertThat(s.x().values()).containsExactly(60.0, 62.5, 65.0, 67.5, 70.0);
        assertThat(s.y().get(0).values()).containsExactly(5, 7, 900 * 188, 8, 2);
        assertThat(p.metadata().get("measurement_type").asString()).isEqualTo("Area measurement");
        assertThat(p.metadata().get("scans").asInt()).isEqualTo(3);
        assertThat(p.metadata().get("measured_until").asString()).isEqualTo("2024-01-01T00:02:30Z");
    }

    @Test
    void readsXrdmlRockingCurveOnOmegaWithVariableCountingTime() throws Exception {
        String scan = """
                    <scan appendNumber="0" mode="Continuous" scanAxis="Omega" status="Completed">
                      <dataPoints>
                        <positions axis="2Theta" unit="deg"><commonPosition>34.42</commonPosition></positions>
                        <positions axis="Omega" unit="deg"><startPosition>16.0</startPosition><endPosition>18.0</endPosition></positions>
                        <countingTimes unit="seconds">1 1 4 1 1</countingTimes>
                        <intensities unit="counts per second">3 40 2500 38 4</intensities>
                      </dataPoints>
                    </scan>
                """;
        Parsed p = read(new XrdmlReader(), "rc.xrdml", xrdml("1.4", scan).getBytes(StandardCharsets.UTF_8));
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("omega");
        assertThat(s.x().values()).containsExactly(16.0, 16.5, 17.0, 17.5, 18.0);
        assertThat(s.y().get(0).unit()).isEqualTo("counts/s");
        JsonNode m = p.metadata();
        assertThat(m.get("omega_start").asDouble()).isEqualTo(16.0);
        assertThat(m.get("omega_end").asDouble()).isEqualTo(18.0);
        assertThat(m.has("two_theta_start")).isFalse();
        assertThat(m.at("/scan_list/0/2theta_position").asDouble()).isEqualTo(34.42);
        assertThat(m.at("/scan_list/0/counting_time_max_s").asDouble()).isEqualTo(4.0);
    }

    @Test
    void rejectsTruncatedAndInconsistentXrdml() {
        String scan = """
                    <scan appendNumber="0" mode="Continuous" scanAxis="2Theta" status="Completed">
                      <dataPoints>
                        <positions axis="2Theta" unit="deg"><listPositions>10 11 12</listPositions></positions>
                        <intensities unit="counts">1 2</intensities>
                      </dataPoints>
                    </scan>
                """;
        String doc = xrdml("1.3", scan);
        FormatException mismatch = broken(new XrdmlReader(), "m.xrdml", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(mismatch.problem()).contains("3 listed 2Theta positions for 2 intensities");
        String truncated = doc.substring(0, doc.indexOf("<intensities"));
        FormatException t = broken(new XrdmlReader(), "t.xrdml", truncated.getBytes(StandardCharsets.UTF_8));
        assertThat(t.line()).isGreaterThan(10);
        assertThat(t.problem()).isEqualTo("the file ends inside <dataPoints>: truncated");
        FormatException nan = broken(new XrdmlReader(), "n.xrdml", doc.replace("1 2</int", "1 x2 3</int").getBytes(StandardCharsets.UTF_8));
        assertThat(nan.problem()).contains("<intensities>").contains("'x2'");
        assertThat(nan.line()).isEqualTo(doc.substring(0, doc.indexOf("</intensities>")).split("\n").length);
    }

    // ---- recognition and registration ----

    @Test
    void contentWinsOverName() throws Exception {
        byte[] ras = XrdFixtures.ras(StandardCharsets.UTF_8, "a", "b");
        assertThat(new RasReader().recognise("misnamed.xy", ras)).isEqualTo(Recognition.CONTENT);
        assertThat(new TwoColumnReader().recognise("misnamed.xy", ras)).isNotEqualTo(Recognition.CONTENT);
        assertThat(new XrdmlReader().recognise("data.txt", xrdml("1.5", "").getBytes())).isEqualTo(Recognition.CONTENT);
        assertThat(new XrdmlReader().recognise("a.xrdml", "junk".getBytes())).isEqualTo(Recognition.NAME);
        assertThat(new BrukerRawReader().recognise("a.dat", XrdFixtures.rawV3())).isEqualTo(Recognition.CONTENT);
        // two bare columns are recognised by content (so a directory's notes.txt is not taken for a scan),
        // but every specific reader above is tried first by the registry when both say CONTENT
        assertThat(new TwoColumnReader().recognise("a.xy", "10 20\n11 30\n".getBytes())).isEqualTo(Recognition.CONTENT);
        assertThat(new TwoColumnReader().recognise("notes.txt", "operator: A. Tanaka\nalignment checked\n".getBytes())).isEqualTo(Recognition.NO);
        assertThat(new TwoColumnReader().recognise("a.xy", XrdFixtures.rawV2())).isEqualTo(Recognition.NO);
    }

    @Test
    void everyXrdReaderIsRegisteredAsAService() {
        List<String> ids = ServiceLoader.load(Reader.class).stream().map(ServiceLoader.Provider::get).map(Reader::id)
                .filter(id -> id.startsWith("xrd.")).toList();
        assertThat(ids).contains("xrd.xrdml", "xrd.rasx", "xrd.ras", "xrd.brml", "xrd.bruker-raw", "xrd.xy");
    }
}
