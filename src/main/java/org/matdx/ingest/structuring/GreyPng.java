package org.matdx.ingest.structuring;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * An 8-bit grey PNG (PNG specification, ISO/IEC 15948: IHDR colour type 0, rows with filter type
 * 0, one zlib IDAT, IEND) deflated with Huffman coding only. A microscope preview is noise-limited:
 * string matching finds almost nothing in it, and the row predictors make noisy rows larger, not
 * smaller; Huffman coding alone is twice as fast as level-1 deflate and a fifth smaller on the
 * benchmark's images (docs/BENCHMARKS.md). pngencoder, used for plots, has no way to choose the
 * deflate strategy.
 */
final class GreyPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

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
        byte[] rows = new byte[(w + 1) * h]; // each row: filter byte 0, then the pixels
        for (int y = 0; y < h; y++) {
            System.arraycopy(px, y * w, rows, y * (w + 1) + 1, w);
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(rows.length / 2 + 64);
        try {
            d.setStrategy(Deflater.HUFFMAN_ONLY);
            d.setInput(rows);
            d.finish();
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                idat.write(buf, 0, d.deflate(buf));
            }
        } finally {
            d.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) 0).array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
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
