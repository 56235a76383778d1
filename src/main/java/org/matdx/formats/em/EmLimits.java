package org.matdx.formats.em;

import java.util.Arrays;
import org.matdx.formats.FormatException;

/**
 * Bounds for microscope files, checked against what a header declares before anything is allocated:
 * a forged header that claims 65535³ pixels is refused by name instead of asking for terabytes.
 * The file itself is already bounded by {@link org.matdx.formats.IngestLimits#maxReadBytes()}; these
 * bound what its numbers can make us allocate.
 */
public final class EmLimits {
    /** Values of one signal held in memory as doubles: 2^25 (256 MiB), a 4k×4k image four times over. */
    public static final long MAX_VALUES = 1L << 25;
    /** Dimensions of one signal: 4-D STEM is the most a reader here produces. */
    public static final int MAX_DIMENSIONS = 6;
    /** Nesting of a tag tree (DM) or group tree (HDF5): real files stay below 20. */
    public static final int MAX_DEPTH = 64;
    /** Signals in one file (multi-signal DM, Velox, EMI): real files hold a handful. */
    public static final int MAX_SIGNALS = 64;

    private EmLimits() {
    }

    /** The number of values {@code shape} declares, or a refusal naming the limit. */
    public static long values(String file, long offset, long[] shape) throws FormatException {
        if (shape.length == 0 || shape.length > MAX_DIMENSIONS) {
            throw FormatException.atOffset(file, offset, "a signal with " + shape.length + " dimensions (expected 1 to " + MAX_DIMENSIONS + ")");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 1 || d > MAX_VALUES) {
                throw FormatException.atOffset(file, offset, "a dimension of " + d + " points (expected 1 to " + MAX_VALUES + ")");
            }
            n *= d;
            if (n > MAX_VALUES) {
                throw FormatException.atOffset(file, offset, "the data declares more than " + MAX_VALUES
                        + " values (" + Arrays.toString(shape) + "); MatDX holds at most " + MAX_VALUES + " values of one signal");
            }
        }
        return n;
    }
}
