package org.matdx.ingest.structuring;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * An 8-bit grey PNG (PNG specification, ISO/IEC 15948: IHDR colour type 0, rows with filter type
 * 0, one zlib IDAT, IEND) whose zlib stream is one deflate block of Huffman-coded literals (RFC 1950,
 * RFC 1951 §3.2.7: a dynamic block, no string matching). A microscope preview is noise-limited:
 * string matching finds almost nothing in it, and the row predictors make noisy rows larger, not
 * smaller (docs/BENCHMARKS.md). zlib's Huffman-only mode gives the same bytes' worth at about 8 ms per
 * megapixel, most of a 1k×1k image's structuring; coding the literals here, with the code built
 * from one histogram pass, takes about a quarter of that. pngencoder, used for plots, has no way to
 * choose the deflate strategy.
 */
final class GreyPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** RFC 1951 §3.2.7: the order in which the code length code's lengths are sent. */
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final int END_OF_BLOCK = 256;

    private GreyPng() {
    }

    static boolean applies(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_BYTE_GRAY && img.getRaster().getParent() == null
                && img.getRaster().getDataBuffer() instanceof DataBufferByte b && b.getNumBanks() == 1
                && b.getData().length == img.getWidth() * img.getHeight();
    }

    static byte[] encode(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream((w + 1) * h / 2 + 256);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) 0).array());
        chunk(out, "IDAT", zlib(px, w, h, true)); // each row: filter byte 0, then the pixels
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code data} as a zlib stream: header, one final dynamic deflate block of literals, Adler-32. */
    static byte[] zlib(byte[] data) {
        return zlib(data, data.length, 1, false);
    }

    /**
     * {@code h} rows of {@code w} pixels as a zlib stream, each row preceded by filter byte 0 when
     * {@code filtered} — coded straight from the pixels, without a copy of the image with the filter
     * bytes in it (the same stream, byte for byte, as {@link #zlib(byte[])} of that copy).
     */
    static byte[] zlib(byte[] px, int w, int h, boolean filtered) {
        long[] freq = histogram(px, w * h);
        if (filtered) {
            freq[0] += h;
        }
        freq[END_OF_BLOCK] = 1;
        int[] litLen = lengths(freq, 15);
        // the literal/length lengths, then two distance codes of one bit (none is used; zlib sends the
        // same, a complete code), each sent with the code length code (symbols 0–15, no repeats)
        int[] sent = Arrays.copyOf(litLen, END_OF_BLOCK + 3);
        sent[END_OF_BLOCK + 1] = 1;
        sent[END_OF_BLOCK + 2] = 1;
        long[] clFreq = new long[19];
        for (int l : sent) {
            clFreq[l]++;
        }
        int[] clLen = lengths(clFreq, 7);
        int[] litCode = codes(litLen);
        int[] clCode = codes(clLen);
        long bits = 3 + 5 + 5 + 4 + 19 * 3;
        for (int l : sent) {
            bits += clLen[l];
        }
        for (int s = 0; s <= END_OF_BLOCK; s++) {
            bits += freq[s] * litLen[s];
        }
        Bits out = new Bits(new byte[(int) (2 + (bits + 7) / 8 + 4 + 8)]);
        out.bytes[0] = 0x78; // CM 8 (deflate), 32 KiB window
        out.bytes[1] = 0x01; // FLEVEL 0 (fastest), no dictionary; 0x7801 is a multiple of 31
        out.at = 2;
        out.put(1, 1); // BFINAL
        out.put(2, 2); // BTYPE 10: dynamic Huffman codes
        out.put(END_OF_BLOCK + 1 - 257, 5); // HLIT
        out.put(1, 5); // HDIST: two distance codes
        out.put(19 - 4, 4); // HCLEN: all 19 code length code lengths
        for (int k : CL_ORDER) {
            out.put(clLen[k], 3);
        }
        for (int l : sent) {
            out.put(clCode[l], clLen[l]);
        }
        int[] code = new int[256];
        for (int v = 0; v < 256; v++) {
            code[v] = litCode[v] | litLen[v] << 16;
        }
        Adler32 adler = new Adler32();
        for (int y = 0; y < h; y++) {
            if (filtered) {
                out.put(litCode[0], litLen[0]);
                adler.update(0);
            }
            literals(px, y * w, y * w + w, code, out);
            adler.update(px, y * w, w);
        }
        out.put(litCode[END_OF_BLOCK], litLen[END_OF_BLOCK]);
        out.flush();
        int a = (int) adler.getValue();
        out.bytes[out.at++] = (byte) (a >>> 24);
        out.bytes[out.at++] = (byte) (a >>> 16);
        out.bytes[out.at++] = (byte) (a >>> 8);
        out.bytes[out.at++] = (byte) a;
        return Arrays.copyOf(out.bytes, out.at);
    }

    /**
     * How often each byte value occurs in the first {@code n} bytes, counted in four tables in turn:
     * a noisy preview repeats a few hundred values, and one table would make each count wait for
     * the store of the previous one to the same slot.
     */
    private static long[] histogram(byte[] data, int n) {
        int[] a = new int[256];
        int[] b = new int[256];
        int[] c = new int[256];
        int[] d = new int[256];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a[data[i] & 0xFF]++;
            b[data[i + 1] & 0xFF]++;
            c[data[i + 2] & 0xFF]++;
            d[data[i + 3] & 0xFF]++;
        }
        for (; i < n; i++) {
            a[data[i] & 0xFF]++;
        }
        long[] freq = new long[END_OF_BLOCK + 1];
        for (int v = 0; v < 256; v++) {
            freq[v] = (long) a[v] + b[v] + c[v] + d[v];
        }
        return freq;
    }

    /**
     * The codes of {@code px[from..to)}, two at a time: no code is longer than 15 bits, so two fit the
     * 64-bit buffer above the fewer than 32 bits it keeps, and one check of its fill serves both. This
     * loop is the encoder's whole cost; it has a method of its own so the JIT compiles it whole early.
     */
    private static void literals(byte[] px, int from, int to, int[] code, Bits out) {
        byte[] o = out.bytes;
        int at = out.at;
        long buffer = out.buffer;
        int count = out.count;
        int i = from;
        for (; i + 1 < to; i += 2) {
            int c1 = code[px[i] & 0xFF];
            int c2 = code[px[i + 1] & 0xFF];
            buffer |= (long) (c1 & 0xFFFF) << count;
            count += c1 >>> 16;
            buffer |= (long) (c2 & 0xFFFF) << count;
            count += c2 >>> 16;
            if (count >= 32) {
                o[at] = (byte) buffer;
                o[at + 1] = (byte) (buffer >>> 8);
                o[at + 2] = (byte) (buffer >>> 16);
                o[at + 3] = (byte) (buffer >>> 24);
                at += 4;
                buffer >>>= 32;
                count -= 32;
            }
        }
        out.at = at;
        out.buffer = buffer;
        out.count = count;
        if (i < to) {
            int c = code[px[i] & 0xFF];
            out.put(c & 0xFFFF, c >>> 16);
        }
    }

    /**
     * Huffman code lengths for the frequencies, none longer than {@code limit}: a code built the
     * textbook way (merge the two rarest), and when it is too deep, built again from frequencies
     * halved (keeping every used symbol at least 1) until it fits. Unused symbols get length 0; a
     * lone used symbol gets length 1.
     */
    static int[] lengths(long[] freq, int limit) {
        long[] f = freq.clone();
        while (true) {
            int[] len = huffman(f);
            int max = 0;
            for (int l : len) {
                max = Math.max(max, l);
            }
            if (max <= limit) {
                return len;
            }
            for (int s = 0; s < f.length; s++) {
                if (f[s] > 0) {
                    f[s] = Math.max(1, f[s] >> 1);
                }
            }
        }
    }

    private static int[] huffman(long[] f) {
        int n = f.length;
        int[] len = new int[n];
        int[] parent = new int[2 * n];
        long[] weight = new long[2 * n];
        PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> weight[a] != weight[b]
                ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int s = 0; s < n; s++) {
            if (f[s] > 0) {
                weight[s] = f[s];
                q.add(s);
            }
        }
        if (q.size() == 1) {
            len[q.peek()] = 1;
            return len;
        }
        int next = n;
        while (q.size() > 1) {
            int a = q.poll();
            int b = q.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            q.add(next++);
        }
        int root = next - 1;
        for (int s = 0; s < n; s++) {
            if (f[s] > 0) {
                int d = 0;
                for (int node = s; node != root; node = parent[node]) {
                    d++;
                }
                len[s] = d;
            }
        }
        return len;
    }

    /** RFC 1951 §3.2.2: canonical codes from lengths, bit-reversed because deflate sends codes from the top bit. */
    static int[] codes(int[] len) {
        int[] count = new int[16];
        for (int l : len) {
            count[l]++;
        }
        count[0] = 0;
        int[] nextCode = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + count[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        int[] out = new int[len.length];
        for (int s = 0; s < len.length; s++) {
            if (len[s] > 0) {
                out[s] = Integer.reverse(nextCode[len[s]]++) >>> (32 - len[s]);
            }
        }
        return out;
    }

    /** Bits packed from the least significant end of each byte, as deflate wants them. */
    private static final class Bits {
        final byte[] bytes;
        int at;
        long buffer;
        int count;

        Bits(byte[] bytes) {
            this.bytes = bytes;
        }

        void put(int value, int length) {
            buffer |= (long) value << count;
            count += length;
            if (count >= 32) {
                bytes[at] = (byte) buffer;
                bytes[at + 1] = (byte) (buffer >>> 8);
                bytes[at + 2] = (byte) (buffer >>> 16);
                bytes[at + 3] = (byte) (buffer >>> 24);
                at += 4;
                buffer >>>= 32;
                count -= 32;
            }
        }

        void flush() {
            while (count > 0) {
                bytes[at++] = (byte) buffer;
                buffer >>>= 8;
                count -= 8;
            }
            count = 0;
            buffer = 0;
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
