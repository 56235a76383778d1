package org.matdx.formats.xrd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small XRD files in real formats, written by the project itself (byte by byte for the binary ones). */
final class XrdFixtures {
    private XrdFixtures() {
    }

    static final double[] COUNTS = {120, 135, 980, 4410, 1020, 140, 118};

    /** A RAS file whose header values are Japanese, in the given encoding. */
    static byte[] ras(Charset cs, String sample, String operator) {
        StringBuilder sb = new StringBuilder();
        sb.append("*RAS_DATA_START\r\n*RAS_HEADER_START\r\n");
        sb.append("*FILE_COMMENT \"粉末試料 測定\"\r\n");
        sb.append("*FILE_OPERATOR \"").append(operator).append("\"\r\n");
        sb.append("*FILE_SAMPLE \"").append(sample).append("\"\r\n");
        sb.append("*FILE_MEMO \"メモ\"\r\n");
        sb.append("*FILE_SYSTEM_NAME \"SmartLab\"\r\n");
        sb.append("*FILE_VERSION \"1\"\r\n");
        sb.append("*HW_XG_TARGET_NAME \"Cu\"\r\n");
        sb.append("*HW_XG_VOLTAGE \"40\"\r\n*HW_XG_CURRENT \"30\"\r\n");
        sb.append("*HW_XG_WAVE_LENGTH_ALPHA1 \"1.540593\"\r\n*HW_XG_WAVE_LENGTH_ALPHA2 \"1.544414\"\r\n*HW_XG_WAVE_LENGTH_BETA \"1.392250\"\r\n");
        sb.append("*MEAS_SCAN_AXIS_X \"TwoThetaTheta\"\r\n*MEAS_SCAN_MODE \"CONTINUOUS\"\r\n");
        sb.append("*MEAS_SCAN_START \"20.0000\"\r\n*MEAS_SCAN_STEP \"0.0200\"\r\n*MEAS_SCAN_STOP \"20.1200\"\r\n");
        sb.append("*MEAS_SCAN_SPEED \"2.0000\"\r\n*MEAS_SCAN_SPEED_UNIT \"deg/min\"\r\n");
        sb.append("*MEAS_SCAN_START_TIME \"06/14/24 10:27:08\"\r\n*MEAS_SCAN_END_TIME \"06/14/24 10:31:08\"\r\n");
        sb.append("*MEAS_SCAN_UNIT_Y \"cps\"\r\n*MEAS_DATA_COUNT \"7\"\r\n");
        sb.append("*RAS_HEADER_END\r\n*RAS_INT_START\r\n");
        for (int i = 0; i < COUNTS.length; i++) {
            // the last two points were measured behind a 10× attenuator
            sb.append(String.format(java.util.Locale.ROOT, "%.4f %.1f %.4f\r\n", 20 + 0.02 * i, i >= 5 ? COUNTS[i] / 10 : COUNTS[i],
                    i >= 5 ? 10.0 : 1.0));
        }
        sb.append("*RAS_INT_END\r\n*RAS_DATA_END\r\n");
        return sb.toString().getBytes(cs);
    }

    static byte[] zip(Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] rasx() throws IOException {
        StringBuilder profile = new StringBuilder("\uFEFF");
        for (int i = 0; i < COUNTS.length; i++) {
            profile.append(String.format(java.util.Locale.ROOT, "%.4f\t%s\t1\r\n", 30 + 0.01 * i, COUNTS[i]));
        }
        String cond = """
                <?xml version="1.0" encoding="utf-8"?>
                <MeasurementConditions>
                  <GeneralInformation><Operator>山田</Operator><SampleName>TiO2 anatase</SampleName><SystemName>SmartLab</SystemName><Version>1</Version></GeneralInformation>
                  <HWConfigurations><XrayGenerator><TargetName>Co</TargetName><Voltage>40</Voltage><Current>35</Current>
                    <WavelengthKalpha1>1.788996</WavelengthKalpha1><WavelengthKalpha2>1.792835</WavelengthKalpha2></XrayGenerator></HWConfigurations>
                  <ScanInformation><AxisName>TwoTheta</AxisName><Mode>STEP</Mode><Start>30</Start><Stop>30.06</Stop><Step>0.01</Step>
                    <Speed>0.5</Speed><SpeedUnit>deg/min</SpeedUnit><IntensityUnit>cps</IntensityUnit><StartTime>2024-06-01T09:00:00Z</StartTime><DataCount>7</DataCount></ScanInformation>
                </MeasurementConditions>
                """;
        // root.xml first: recognition must not depend on the order the writer chose
        Map<String, byte[]> parts = new java.util.LinkedHashMap<>();
        parts.put("root.xml", "<Root/>".getBytes());
        parts.put("Data0/Profile0.txt", profile.toString().getBytes(StandardCharsets.UTF_8));
        parts.put("Data0/MesurementConditions0.xml", cond.getBytes(StandardCharsets.UTF_8));
        return zip(parts);
    }

    /** An older BRML: no DataViews, Datum = time, flag, 2θ, θ, counts. */
    static byte[] brml() throws IOException {
        StringBuilder raw = new StringBuilder("""
                <?xml version="1.0"?>
                <RawData xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                  <TimeStampStarted>2015-02-03T10:00:00+01:00</TimeStampStarted>
                  <DataRoutes><DataRoute RouteFlag="Measured">
                    <ScanInformation ScanName="Coupled TwoTheta/Theta" VisibleName="Coupled TwoTheta/Theta">
                      <MeasurementPoints>7</MeasurementPoints><TimePerStep>0.5</TimePerStep>
                      <ScanAxes><ScanAxisInfo AxisId="TwoTheta"><Start>10</Start><Stop>10.12</Stop><Increment>0.02</Increment></ScanAxisInfo></ScanAxes>
                    </ScanInformation>
                """);
        for (int i = 0; i < COUNTS.length; i++) {
            raw.append(String.format(java.util.Locale.ROOT, "    <Datum>0.5,1,%.2f,%.2f,%s</Datum>%n", 10 + 0.02 * i, 5 + 0.01 * i, COUNTS[i]));
        }
        raw.append("""
                  </DataRoute></DataRoutes>
                  <FixedInformation><Instrument><Tube><WaveLengthAlpha1 Value="1.5406"/><WaveLengthAlpha2 Value="1.54439"/>
                    <WaveLengthRatio Value="0.5"/><TubeMaterial>Cu</TubeMaterial></Tube></Instrument>
                    <InfoItem Name="User" Value="tech1"/><InfoItem Name="SampleName" Value="LiFePO4 batch 7"/></FixedInformation>
                </RawData>
                """);
        return zip(Map.of("Experiment0/RawData0.xml", raw.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void text(ByteBuffer b, int off, String s) {
        byte[] t = s.getBytes(StandardCharsets.ISO_8859_1);
        b.put(off, t);
    }

    /** RAW v1 with two ranges; the second repeats the "RAW " magic as later DIFFRAC-AT versions do. */
    static byte[] rawV1() {
        int n1 = COUNTS.length;
        int n2 = 3;
        ByteBuffer b = le(4 + 152 + 4 * n1 + 4 + 152 + 4 * n2);
        text(b, 0, "RAW ");
        int off = 4;
        for (int r = 0; r < 2; r++) {
            int n = r == 0 ? n1 : n2;
            if (r == 1) {
                text(b, off, "RAW ");
                off += 4;
            }
            b.putInt(off, n);
            b.putFloat(off + 4, 2.0f);          // time per step
            b.putFloat(off + 8, 0.02f);         // step
            b.putInt(off + 12, 0);              // scan mode: step
            b.putFloat(off + 20, r == 0 ? 10.0f : 50.0f); // start
            b.putFloat(off + 24, 5.0f);         // theta
            b.putFloat(off + 28, -1e6f);        // chi unused
            b.putFloat(off + 32, -1e6f);        // phi unused
            text(b, off + 36, "Quartz std");
            b.putFloat(off + 68, 1.54056f);
            b.putFloat(off + 72, 1.54439f);
            b.putInt(off + 148, r == 0 ? 1 : 0); // following range
            for (int i = 0; i < n; i++) {
                b.putFloat(off + 152 + 4 * i, (float) COUNTS[i]);
            }
            off += 152 + 4 * n;
        }
        return b.array();
    }

    static byte[] rawV2() {
        int n = COUNTS.length;
        int hlen = 64;
        ByteBuffer b = le(256 + hlen + 4 * n);
        text(b, 0, "RAW2");
        b.putShort(4, (short) 1);
        text(b, 168, "02/03/95  10:11:12");
        text(b, 188, "Cu");
        b.putFloat(190, 1.54056f);
        b.putFloat(194, 1.54439f);
        b.putFloat(198, 0.5f);
        b.putShort(256, (short) hlen);
        b.putShort(258, (short) n);
        b.putFloat(256 + 8, 1.5f);
        b.putFloat(256 + 12, 0.05f);
        b.putFloat(256 + 16, 20.0f);
        for (int i = 0; i < n; i++) {
            b.putFloat(256 + hlen + 4 * i, (float) COUNTS[i]);
        }
        return b.array();
    }

    static byte[] rawV3() {
        int n = COUNTS.length;
        int supplementary = 40;
        ByteBuffer b = le(712 + 304 + supplementary + 4 * n);
        text(b, 0, "RAW1.01");
        b.putInt(8, 1);  // status: done
        b.putInt(12, 1); // ranges
        text(b, 16, "03/15/04");
        text(b, 26, "14:22:05");
        text(b, 36, "Dr. Sato");
        text(b, 108, "Tsukuba");
        text(b, 326, "Si powder SRM640");
        b.putFloat(564, 217.5f);
        text(b, 608, "Cu");
        b.putDouble(616, 1.54184);
        b.putDouble(624, 1.540598);
        b.putDouble(632, 1.544426);
        b.putDouble(640, 1.39222);
        b.putDouble(648, 0.5);
        int r = 712;
        b.putInt(r, 304);
        b.putInt(r + 4, n);
        b.putDouble(r + 8, 14.0);
        b.putDouble(r + 16, 28.0);
        b.putDouble(r + 176, 0.01);
        b.putFloat(r + 192, 0.75f);
        b.putInt(r + 224, 40);
        b.putInt(r + 228, 40);
        b.putInt(r + 252, 4);
        b.putInt(r + 256, supplementary);
        for (int i = 0; i < n; i++) {
            b.putFloat(r + 304 + supplementary + 4 * i, (float) COUNTS[i]);
        }
        return b.array();
    }

    /** RAW4.00: preamble, a USER item, the X-ray source, one range with a 2Theta drive and 8-byte records. */
    static byte[] rawV4() {
        int n = COUNTS.length;
        int user = 36 + 8;
        int source = 136;
        int drive = 96;
        int size = 61 + user + source + 160 + drive + 8 * n;
        ByteBuffer b = le(size);
        text(b, 0, "RAW4.00");
        text(b, 12, "05/06/2024");
        text(b, 24, "08:30:00");
        int off = 61;
        b.putInt(off, 10);
        b.putInt(off + 4, user);
        text(b, off + 12, "USER");
        text(b, off + 36, "kato");
        off += user;
        b.putInt(off, 30);
        b.putInt(off + 4, source);
        b.putDouble(off + 72, 0.70930);
        b.putDouble(off + 80, 0.709300);
        b.putDouble(off + 88, 0.713590);
        b.putDouble(off + 96, 0.632288);
        b.putDouble(off + 104, 0.5);
        text(b, off + 116, "Mo");
        off += source;
        b.putInt(off, 0); // a range follows
        text(b, off + 32, "Locked Coupled");
        b.putDouble(off + 72, 5.0);
        b.putDouble(off + 80, 0.025);
        b.putInt(off + 88, n);
        b.putFloat(off + 92, 500f); // ms per step
        b.putFloat(off + 100, 50f);
        b.putFloat(off + 104, 1f);
        b.putInt(off + 136, 8);
        b.putInt(off + 140, drive);
        int d = off + 160;
        b.putInt(d, 50);
        b.putInt(d + 4, drive);
        text(b, d + 12, "2Theta");
        b.putDouble(d + 56, 5.0);
        int data = d + drive;
        for (int i = 0; i < n; i++) {
            b.putFloat(data + 8 * i, (float) COUNTS[i]);
            b.putInt(data + 8 * i + 4, 1);
        }
        return b.array();
    }
}
