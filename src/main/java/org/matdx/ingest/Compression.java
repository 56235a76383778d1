package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** A compressed single file an upload unpacks: its suffix and the bytes it starts with. */
public enum Compression {
    GZIP(".gz", new byte[] {0x1f, (byte) 0x8b}),
    BZIP2(".bz2", new byte[] {'B', 'Z', 'h'}),
    XZ(".xz", new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0});

    /** Bytes of the head {@link #of} needs. */
    public static final int HEAD = 6;
    final String suffix;
    private final byte[] magic;

    Compression(String suffix, byte[] magic) {
        this.suffix = suffix;
        this.magic = magic;
    }

    /** Whether {@code head} starts with this compression's magic bytes. */
    boolean startsOf(byte[] head) {
        return head != null && head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** The compression of a file called {@code name} starting with {@code head}, when name and content agree; else null. */
    public static Compression of(String name, byte[] head) {
        if (name == null) {
            return null;
        }
        for (Compression c : values()) {
            if (name.toLowerCase(Locale.ROOT).endsWith(c.suffix) && c.startsOf(head)) {
                return c;
            }
        }
        return null;
    }

    InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GzipCompressorInputStream(in, true);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
        };
    }
}
