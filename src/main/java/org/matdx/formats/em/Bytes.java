package org.matdx.formats.em;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.matdx.formats.FormatException;

/**
 * Bounds-checked reading of a binary file held in memory: every read names the byte offset and what
 * was expected when the file is too short, so a truncated upload is refused with a sentence a
 * technician can act on instead of an IndexOutOfBoundsException.
 */
final class Bytes {
    final String file;
    private final ByteBuffer b;

    Bytes(String file, byte[] bytes, ByteOrder order) {
        this.file = file;
        this.b = ByteBuffer.wrap(bytes).order(order);
    }

    Bytes(String file, ByteBuffer buffer) {
        this.file = file;
        this.b = buffer;
    }

    Bytes order(ByteOrder o) {
        return new Bytes(file, b.duplicate().order(o));
    }

    ByteOrder order() {
        return b.order();
    }

    long size() {
        return b.capacity();
    }

    ByteBuffer buffer() {
        return b;
    }

    void need(long offset, long length, String what) throws FormatException {
        if (offset < 0 || length < 0 || offset + length > b.capacity() || offset + length < 0) {
            throw FormatException.atOffset(file, Math.max(0, Math.min(offset, b.capacity())), "expected " + what + " (" + length
                    + " bytes at byte " + offset + ") but the file ends at byte " + b.capacity() + ": truncated or corrupt");
        }
    }

    int u8(long off, String what) throws FormatException {
        need(off, 1, what);
        return Byte.toUnsignedInt(b.get((int) off));
    }

    int i16(long off, String what) throws FormatException {
        need(off, 2, what);
        return b.getShort((int) off);
    }

    int u16(long off, String what) throws FormatException {
        need(off, 2, what);
        return Short.toUnsignedInt(b.getShort((int) off));
    }

    int i32(long off, String what) throws FormatException {
        need(off, 4, what);
        return b.getInt((int) off);
    }

    long u32(long off, String what) throws FormatException {
        need(off, 4, what);
        return Integer.toUnsignedLong(b.getInt((int) off));
    }

    long i64(long off, String what) throws FormatException {
        need(off, 8, what);
        return b.getLong((int) off);
    }

    float f32(long off, String what) throws FormatException {
        need(off, 4, what);
        return b.getFloat((int) off);
    }

    double f64(long off, String what) throws FormatException {
        need(off, 8, what);
        return b.getDouble((int) off);
    }

    byte[] slice(long off, int len, String what) throws FormatException {
        need(off, len, what);
        byte[] out = new byte[len];
        b.get((int) off, out);
        return out;
    }

    /** Bytes up to the first NUL, as Latin-1 (vendor header strings are 8-bit, mostly ASCII). */
    String latin1(long off, int len, String what) throws FormatException {
        byte[] s = slice(off, len, what);
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        return new String(s, 0, end, StandardCharsets.ISO_8859_1).strip();
    }
}
