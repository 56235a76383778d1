package org.matdx.formats.em;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes small DM3 files for tests that must run without ../shared: a uint16 or float32 image with a
 * calibration in nm, the microscope's voltage, magnification and name. {@code declaredWidth} and
 * {@code declaredHeight} may lie about the data, as a forged file would.
 */
public final class DmFixture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private DmFixture() {
    }

    public static byte[] image(int width, int height, double[] values, boolean float32, double scaleNm, String microscope,
                               double voltage, double magnification) {
        return image(width, height, width, height, values, float32, scaleNm, microscope, voltage, magnification);
    }

    public static byte[] image(int declaredWidth, int declaredHeight, int width, int height, double[] values, boolean float32,
                               double scaleNm, String microscope, double voltage, double magnification) {
        return write(new int[] {declaredWidth, declaredHeight}, width * height, values, float32, scaleNm, microscope, voltage, magnification, false);
    }

    /**
     * An EELS spectrum image as GMS stores it: dimensions (x, y, energy), values energy-slowest
     * ({@code values[(e·height + y)·width + x]}), energy calibrated at 0.5 eV per channel from 100 eV.
     */
    public static byte[] spectrumImage(int width, int height, int channels, double[] values, double scaleNm) {
        return write(new int[] {width, height, channels}, width * height * channels, values, true, scaleNm, "Titan", 300000, 1e6, true);
    }

    private static byte[] write(int[] dims, int count, double[] values, boolean float32, double scaleNm, String microscope,
                                double voltage, double magnification, boolean spim) {
        DmFixture f = new DmFixture();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DmFixture g = new DmFixture();
        // root: 1 tag (ImageList)
        g.group("ImageList", 1);
        g.group("", 2); // TagGroup0
        g.group("ImageData", 4);
        g.group("Calibrations", 2);
        g.group("Brightness", 3);
        g.f32("Origin", 0);
        g.f32("Scale", 1);
        g.string("Units", "counts");
        g.group("Dimension", dims.length);
        for (int d = 0; d < dims.length; d++) {
            boolean energy = d == 2;
            g.group("", 3);
            g.f32("Origin", energy ? -200 : 0); // offset = −origin·scale = 100 eV
            g.f32("Scale", energy ? 0.5f : (float) scaleNm);
            g.string("Units", energy ? "eV" : "nm");
        }
        // Data: array of uint16 (type 4) or float32 (type 6)
        g.tagHeader(21, "Data");
        g.raw("%%%%".getBytes(StandardCharsets.US_ASCII));
        g.u32(3);
        g.u32(20);
        g.u32(float32 ? 6 : 4);
        g.u32(count);
        ByteBuffer b = ByteBuffer.allocate(count * (float32 ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (float32) {
                b.putFloat((float) values[i]);
            } else {
                b.putShort((short) (int) values[i]);
            }
        }
        g.raw(b.array());
        g.i32("DataType", float32 ? 2 : 10);
        g.group("Dimensions", dims.length);
        for (int d : dims) {
            g.i32("", d);
        }
        g.group("ImageTags", spim ? 2 : 1);
        if (spim) {
            g.group("Meta Data", 2);
            g.string("Format", "Spectrum image");
            g.string("Signal", "EELS");
        }
        g.group("Microscope Info", 4);
        g.f64("Voltage", voltage);
        g.f64("Indicated Magnification", magnification);
        g.string("Name", microscope);
        g.string("Illumination Mode", "STEM");
        body.writeBytes(g.out.toByteArray());
        f.be32(3);
        f.be32(body.size() + 6);
        f.be32(1); // little-endian data
        f.raw(new byte[] {1, 0});
        f.be32(1); // root tag count
        f.raw(body.toByteArray());
        f.raw(new byte[8]);
        return f.out.toByteArray();
    }

    private void group(String name, int tags) {
        tagHeader(20, name);
        raw(new byte[] {0, 1});
        be32(tags);
    }

    private void tagHeader(int kind, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.write(kind);
        out.write(n.length >> 8);
        out.write(n.length);
        out.writeBytes(n);
    }

    private void f32(String name, float v) {
        simple(name, 6, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    private void f64(String name, double v) {
        simple(name, 7, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    }

    private void i32(String name, int v) {
        simple(name, 3, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private void simple(String name, int type, byte[] value) {
        tagHeader(21, name);
        raw("%%%%".getBytes(StandardCharsets.US_ASCII));
        be32(1);
        be32(type);
        raw(value);
    }

    private void string(String name, String s) {
        tagHeader(21, name);
        raw("%%%%".getBytes(StandardCharsets.US_ASCII));
        be32(3);
        be32(20);
        be32(4);
        be32(s.length());
        ByteBuffer b = ByteBuffer.allocate(2 * s.length()).order(ByteOrder.LITTLE_ENDIAN);
        for (char c : s.toCharArray()) {
            b.putChar(c);
        }
        raw(b.array());
    }

    private void u32(long v) {
        be32((int) v);
    }

    private void be32(int v) {
        raw(ByteBuffer.allocate(4).putInt(v).array());
    }

    private void raw(byte[] b) {
        out.writeBytes(b);
    }
}
