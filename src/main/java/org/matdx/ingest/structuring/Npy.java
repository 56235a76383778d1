package org.matdx.ingest.structuring;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.matdx.core.Signal;

/**
 * A signal's array as a NumPy {@code .npy} file (format 1.0: magic, a Python-literal header padded
 * to 64 bytes, then the raw little-endian values in C order), in the dtype the instrument recorded,
 * so {@code numpy.load} gives back exactly the file's numbers. Gzipped when that saves at least a
 * tenth (images with a dark background, sparse spectrum images); noisy 16-bit images stay raw.
 * Colour pixels are {@code <u4} holding 0xRRGGBBAA.
 */
final class Npy {
    private Npy() {
    }

    record Encoded(byte[] bytes, boolean gzipped) {
    }

    static Encoded encode(Signal s) {
        String descr;
        int size;
        switch (s.dtype()) {
            case "uint8", "bool" -> { descr = "|u1"; size = 1; }
            case "int8" -> { descr = "|i1"; size = 1; }
            case "uint16" -> { descr = "<u2"; size = 2; }
            case "int16" -> { descr = "<i2"; size = 2; }
            case "uint32", Signal.RGBA8 -> { descr = "<u4"; size = 4; }
            case "int32" -> { descr = "<i4"; size = 4; }
            case "float32" -> { descr = "<f4"; size = 4; }
            case "complex64" -> { descr = "<c8"; size = 8; }
            case "complex128" -> { descr = "<c16"; size = 16; }
            default -> { descr = "<f8"; size = 8; }
        }
        StringBuilder shape = new StringBuilder("(");
        for (int d : s.shape()) {
            shape.append(d).append(", ");
        }
        if (s.shape().length > 1) {
            shape.setLength(shape.length() - 2);
        }
        shape.append(")");
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        double[] re = s.values();
        double[] im = s.imaginary();
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + re.length * size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        // one loop per type: a switch per value costs more than the copy itself on a 1k×1k image
        switch (descr) {
            case "|u1", "|i1" -> {
                for (double v : re) {
                    b.put((byte) (long) v);
                }
            }
            case "<u2", "<i2" -> {
                java.nio.ShortBuffer sb = b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                for (double v : re) {
                    sb.put((short) (long) v);
                }
            }
            case "<u4", "<i4" -> {
                java.nio.IntBuffer ib = b.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                for (double v : re) {
                    ib.put((int) (long) v);
                }
            }
            case "<f4" -> {
                java.nio.FloatBuffer fb = b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                for (double v : re) {
                    fb.put((float) v);
                }
            }
            case "<c8" -> {
                for (int i = 0; i < re.length; i++) {
                    b.putFloat((float) re[i]).putFloat((float) (im == null ? 0 : im[i]));
                }
            }
            case "<c16" -> {
                for (int i = 0; i < re.length; i++) {
                    b.putDouble(re[i]).putDouble(im == null ? 0 : im[i]);
                }
            }
            default -> b.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(re);
        }
        byte[] raw = b.array();
        if (raw.length > (1 << 18) && !compressible(raw)) {
            return new Encoded(raw, false); // noisy counts: a trial on 64 KiB says deflating the rest would not pay
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(raw);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.size() <= raw.length * 0.9 ? new Encoded(out.toByteArray(), true) : new Encoded(raw, false);
    }

    /** Whether 64 KiB from the middle of the array deflate to at most 85 % (the whole must reach 90 %). */
    static boolean compressible(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            int from = raw.length / 2;
            d.setInput(raw, from, Math.min(1 << 16, raw.length - from));
            d.finish();
            byte[] buf = new byte[1 << 17];
            int n = 0;
            while (!d.finished()) {
                n += d.deflate(buf);
            }
            return n <= 0.85 * Math.min(1 << 16, raw.length - from);
        } finally {
            d.end();
        }
    }
}
