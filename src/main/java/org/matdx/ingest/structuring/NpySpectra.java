package org.matdx.ingest.structuring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One pixel's spectrum out of a spectrum image's stored {@code .npy} array (what the navigator shows
 * when a pixel is clicked), read by skipping to it: only the bytes up to that spectrum are read, and
 * a gzipped array is decompressed as far as needed and no further.
 */
public final class NpySpectra {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|])([uifc])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpySpectra() {
    }

    /** The spectrum at navigation pixel ({@code row}, {@code column}) of a (rows, columns, channels) array; null when out of range. */
    public static double[] at(InputStream stored, boolean gzipped, int row, int column) throws IOException {
        try (InputStream in = gzipped ? new GZIPInputStream(stored, 1 << 16) : stored) {
            byte[] magic = in.readNBytes(10);
            if (magic.length < 10 || magic[0] != (byte) 0x93 || magic[1] != 'N') {
                throw new IOException("not a .npy array");
            }
            int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(magic, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
            String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
            Matcher d = DESCR.matcher(header);
            Matcher s = SHAPE.matcher(header);
            if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
                throw new IOException("unexpected .npy header");
            }
            String[] dims = s.group(1).split(",");
            if (dims.length < 3 || dims[2].isBlank()) {
                return null;
            }
            long rows = Long.parseLong(dims[0].strip());
            long cols = Long.parseLong(dims[1].strip());
            int channels = Integer.parseInt(dims[2].strip());
            if (row < 0 || column < 0 || row >= rows || column >= cols) {
                return null;
            }
            char kind = d.group(2).charAt(0);
            int size = Integer.parseInt(d.group(3));
            long skip = ((long) row * cols + column) * channels * size;
            in.skipNBytes(skip);
            ByteBuffer b = ByteBuffer.wrap(in.readNBytes(channels * size)).order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            if (b.capacity() < channels * size) {
                throw new IOException("the stored array ends early");
            }
            double[] out = new double[channels];
            for (int c = 0; c < channels; c++) {
                out[c] = switch (kind) {
                    case 'u' -> size == 1 ? Byte.toUnsignedInt(b.get()) : size == 2 ? Short.toUnsignedInt(b.getShort())
                            : size == 4 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
                    case 'i' -> size == 1 ? b.get() : size == 2 ? b.getShort() : size == 4 ? b.getInt() : b.getLong();
                    case 'f' -> size == 4 ? b.getFloat() : b.getDouble();
                    default -> { // complex: the magnitude
                        double re = size == 8 ? b.getFloat() : b.getDouble();
                        double im = size == 8 ? b.getFloat() : b.getDouble();
                        yield Math.hypot(re, im);
                    }
                };
            }
            return out;
        }
    }
}
