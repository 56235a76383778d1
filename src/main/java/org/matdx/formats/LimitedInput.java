package org.matdx.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stream a reader is handed: it stops at {@link IngestLimits#maxReadBytes()} and once the
 * reader's time budget has passed, and it carries the limits so that a reader which unpacks a
 * container, or expands a structure, applies the same ones ({@link #limitsOf}).
 */
public final class LimitedInput extends FilterInputStream {
    private final String file;
    private final IngestLimits limits;
    private final long deadline;
    private long read;

    /**
     * @param deadline a {@link System#nanoTime()} after which reading stops, or {@link #NO_DEADLINE}
     */
    public LimitedInput(InputStream in, String file, IngestLimits limits, long deadline) {
        super(in);
        this.file = file;
        this.limits = limits;
        this.deadline = deadline;
    }

    /** No deadline: for reading outside an ingest (tests, fuzzing), where the caller bounds time. */
    public LimitedInput(InputStream in, String file, IngestLimits limits) {
        this(in, file, limits, NO_DEADLINE);
    }

    /** Marks a stream read without a deadline (nanoTime values may be negative, so no number will do). */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    public IngestLimits limits() {
        return limits;
    }

    /**
     * The limits a reader works under: those of the {@link LimitedInput} it was handed, or the
     * defaults when it is read some other way (tests, previews, batch sheets).
     */
    public static IngestLimits limitsOf(InputStream content) {
        return content instanceof LimitedInput l ? l.limits() : IngestLimits.DEFAULTS;
    }

    public String file() {
        return file;
    }

    @Override
    public int read() throws IOException {
        check(1);
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check(len);
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        check(n);
        long s = super.skip(n);
        count(s);
        return s;
    }

    private void check(long wanted) throws IOException {
        if (wanted > 0 && (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted())) {
            throw overTime(file, limits);
        }
    }

    private void count(long n) throws LimitExceeded {
        read += n;
        if (read > limits.maxReadBytes()) {
            throw new LimitExceeded(file, null, "larger than the " + IngestLimits.size(limits.maxReadBytes())
                    + " a reader takes in from one file", "--max-read-mb");
        }
    }

    static LimitExceeded overTime(String file, IngestLimits limits) {
        java.time.Duration d = limits.readBudget();
        String allowed = d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        return new LimitExceeded(file, null, "reading took longer than the " + allowed + " allowed for one file",
                "--read-budget-s");
    }
}
