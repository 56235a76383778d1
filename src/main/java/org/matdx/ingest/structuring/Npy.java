package org.matdx.ingest.structuring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.matdx.core.Signal;

/**
 * A signal's array as a NumPy {@code .npy} file (format 1.0: magic, a Python-literal header padded
 * to 64 bytes, then the raw little-endian values in C order), in the dtype the instrument recorded,
 * so {@code numpy.load} gives back exactly the file's numbers. Gzipped when that at least halves it
 * (images with a dark background, sparse spectrum images, 8-bit data in 16-bit words). Noisy 16-bit
 * counts stay raw: deflate only finds their nearly constant high byte (a third off, at about 17 ms of
 * CPU per megapixel — a third of the whole structuring of an image; docs/BENCHMARKS.md), and the
 * uploaded file beside it holds the same numbers anyway.
 * Colour pixels are {@code <u4} holding 0xRRGGBBAA.
 */
final class Npy {
    private static final double TRIAL = 0.5;
    private static final double WHOLE = 0.6;

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
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + s.size() * size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        if (s.shorts() != null) {
            b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(s.shorts()); // the words as read: one bulk copy
            return compressed(b.array());
        }
        double[] re = s.values();
        double[] im = s.imaginary();
        // one loop per type: a switch per value costs more than the copy itself on a 1k×1k image
        switch (descr) {
            case "|u1", "|i1" -> {
                for (double v : re) {
                    b.put((byte) (long) v);
                }
            }
            case "<u2", "<i2" -> {
                ShortBuffer sb = b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                for (double v : re) {
                    sb.put((short) (long) v);
                }
            }
            case "<u4", "<i4" -> {
                IntBuffer ib = b.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
                for (double v : re) {
                    ib.put((int) (long) v);
                }
            }
            case "<f4" -> {
                FloatBuffer fb = b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
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
        return compressed(b.array());
    }

    private static Encoded compressed(byte[] raw) {
        int strategy = raw.length > (1 << 18) ? strategy(raw) : Deflater.DEFAULT_STRATEGY;
        if (strategy < 0) {
            return new Encoded(raw, false); // noisy counts: a trial on 64 KiB says deflating would not halve them
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
                def.setStrategy(strategy);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() <= raw.length * WHOLE ? new Encoded(out.toByteArray(), true) : new Encoded(raw, false);
    }

    /**
     * How to deflate, from a trial on 64 KiB from the middle of the array: -1 when neither way
     * halves it (the whole must then reach 60 %: the middle is not the whole); Huffman coding alone when string matching adds
     * little — noisy 16-bit counts, whose gain is the nearly constant high byte, deflate three times
     * faster and a little smaller that way (docs/BENCHMARKS.md) — and full deflate when it finds
     * repeats (dark backgrounds, sparse spectrum images, saturated areas).
     */
    static int strategy(byte[] raw) {
        int from = raw.length / 2;
        int length = Math.min(1 << 16, raw.length - from);
        int huffman = deflated(raw, from, length, Deflater.HUFFMAN_ONLY);
        int matched = deflated(raw, from, length, Deflater.DEFAULT_STRATEGY);
        if (Math.min(huffman, matched) > TRIAL * length) {
            return -1;
        }
        return matched < 0.8 * huffman ? Deflater.DEFAULT_STRATEGY : Deflater.HUFFMAN_ONLY;
    }

    private static int deflated(byte[] raw, int from, int length, int strategy) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            d.setStrategy(strategy);
            d.setInput(raw, from, length);
            d.finish();
            byte[] buf = new byte[length + 1024];
            int n = 0;
            while (!d.finished()) {
                n += d.deflate(buf);
            }
            return n;
        } finally {
            d.end();
        }
    }
}
