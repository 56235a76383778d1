package org.matdx.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last bytes read through it, so that an archive read as a stream can be checked
 * for its end record (zip) or end blocks (tar) once the reader has taken it: a cut upload is then
 * refused whole. The caller owns the stream underneath; closing this leaves it open.
 */
public class TailInput extends FilterInputStream {
    private final byte[] ring;
    private long count;

    public TailInput(InputStream in, int keep) {
        super(in);
        this.ring = new byte[keep];
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            ring[(int) (count++ % ring.length)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        for (int i = 0; i < n; i++) {
            ring[(int) (count++ % ring.length)] = b[off + i];
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes are read, so that the tail is the stream's real tail
        byte[] buf = new byte[8192];
        long s = 0;
        while (s < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - s));
            if (r < 0) {
                break;
            }
            s += r;
        }
        return s;
    }

    @Override
    public void close() {
        // the caller owns the stream underneath
    }

    /** How many bytes have been read through this stream. */
    public long count() {
        return count;
    }

    /** The last bytes read (as many as are kept, fewer at first), oldest first. */
    public byte[] last() {
        int n = (int) Math.min(count, ring.length);
        byte[] last = new byte[n];
        for (int i = 0; i < n; i++) {
            last[i] = ring[(int) ((count - n + i) % ring.length)];
        }
        return last;
    }
}
