package org.matdx.formats.em;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** TIA .ser files written here to the published layout (series version 0x0210, one scan dimension). */
public final class TiaFixture {
    private TiaFixture() {
    }

    /** A line scan of {@code positions} spectra of {@code channels} int32 counts, {@code valid} of them recorded; 2 nm steps, 5 eV channels from 100 eV. */
    public static byte[] lineScan(int positions, int channels, int valid) {
        int header = 30 + 32 + 6 + 6; // header, one dimension with description "Number" and units "meters"
        int arrays = header;
        int data = arrays + 8 * positions;
        int element = 26 + 4 * channels;
        int tags = data + element * valid;
        ByteBuffer b = ByteBuffer.allocate(tags + 8 * valid).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0210).putInt(0x4120).putInt(0x4152)
                .putInt(positions).putInt(valid).putInt(arrays).putInt(1);
        b.putInt(positions).putDouble(0).putDouble(2e-9).putInt(0).putInt(6).put("Number".getBytes(StandardCharsets.US_ASCII))
                .putInt(6).put("meters".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < positions; i++) {
            b.putInt(arrays + 4 * i, i < valid ? data + element * i : 0);
            b.putInt(arrays + 4 * (positions + i), i < valid ? tags + 8 * i : 0);
        }
        for (int i = 0; i < valid; i++) {
            b.position(data + element * i);
            b.putDouble(100).putDouble(5).putInt(0).putShort((short) 6).putInt(channels);
            for (int c = 0; c < channels; c++) {
                b.putInt(1000 * i + c);
            }
            b.position(tags + 8 * i);
            b.putShort((short) 0x4152).putShort((short) 0).putInt(1_600_000_000 + i);
        }
        return b.array();
    }

    /** One uint16 image, {@code w}×{@code h}, value = 100·(stored row) + column, stored bottom row first; 0.5 nm pixels. */
    public static byte[] image(int w, int h) {
        int header = 30 + 32 + 6 + 6;
        int arrays = header;
        int data = arrays + 8;
        int element = 50 + 2 * w * h;
        ByteBuffer b = ByteBuffer.allocate(data + element + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0210).putInt(0x4122).putInt(0x4152)
                .putInt(1).putInt(1).putInt(arrays).putInt(1);
        b.putInt(1).putDouble(0).putDouble(1).putInt(0).putInt(6).put("Number".getBytes(StandardCharsets.US_ASCII))
                .putInt(0);
        b.position(arrays);
        b.putInt(data).putInt(data + element);
        b.putDouble(0).putDouble(0.5e-9).putInt(0).putDouble(0).putDouble(0.5e-9).putInt(0).putShort((short) 2).putInt(w).putInt(h);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                b.putShort((short) (100 * r + c));
            }
        }
        b.putShort((short) 0x4152).putShort((short) 0).putInt(0);
        return b.array();
    }
}
