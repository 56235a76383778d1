package org.matdx.formats.em;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a little-endian, uncompressed 16-bit grey TIFF with any ASCII tags (an FEI INI text in
 * 34682, an ImageJ description in 270, …) and a resolution, for tests that must run without ../shared.
 */
public final class TiffFixture {
    private TiffFixture() {
    }

    public static byte[] grey16(int width, int height, double[] values, Map<Integer, String> text, long[] xResolution) {
        Map<Integer, byte[]> ascii = new TreeMap<>();
        text.forEach((k, v) -> ascii.put(k, (v + "\0").getBytes(StandardCharsets.UTF_8)));
        int pixels = width * height * 2;
        int nTags = 9 + ascii.size() + (xResolution == null ? 0 : 2);
        int ifdAt = 8;
        int ifdSize = 2 + 12 * nTags + 4;
        int extraAt = ifdAt + ifdSize;
        int extra = 0;
        for (byte[] b : ascii.values()) {
            extra += b.length;
        }
        int resAt = extraAt + extra;
        int dataAt = resAt + (xResolution == null ? 0 : 16);
        ByteBuffer b = ByteBuffer.allocate(dataAt + pixels).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdAt);
        b.position(ifdAt);
        b.putShort((short) nTags);
        Map<Integer, long[]> entries = new TreeMap<>(); // id → type, count, value
        entries.put(256, new long[] {4, 1, width});
        entries.put(257, new long[] {4, 1, height});
        entries.put(258, new long[] {3, 1, 16});
        entries.put(259, new long[] {3, 1, 1});
        entries.put(262, new long[] {3, 1, 1});
        entries.put(273, new long[] {4, 1, dataAt});
        entries.put(277, new long[] {3, 1, 1});
        entries.put(278, new long[] {4, 1, height});
        entries.put(279, new long[] {4, 1, pixels});
        int at = extraAt;
        for (Map.Entry<Integer, byte[]> e : ascii.entrySet()) {
            entries.put(e.getKey(), new long[] {2, e.getValue().length, at});
            at += e.getValue().length;
        }
        if (xResolution != null) {
            entries.put(282, new long[] {5, 1, resAt});
            entries.put(283, new long[] {5, 1, resAt + 8});
        }
        for (Map.Entry<Integer, long[]> e : entries.entrySet()) {
            long[] v = e.getValue();
            b.putShort((short) (int) e.getKey()).putShort((short) v[0]).putInt((int) v[1]);
            if (v[0] == 3) {
                b.putShort((short) v[2]).putShort((short) 0);
            } else {
                b.putInt((int) v[2]);
            }
        }
        b.putInt(0);
        b.position(extraAt);
        for (byte[] a : ascii.values()) {
            b.put(a);
        }
        if (xResolution != null) {
            b.putInt((int) xResolution[0]).putInt((int) xResolution[1]).putInt((int) xResolution[0]).putInt((int) xResolution[1]);
        }
        b.position(dataAt);
        for (int i = 0; i < width * height; i++) {
            b.putShort((short) (int) values[i]);
        }
        return b.array();
    }
}
