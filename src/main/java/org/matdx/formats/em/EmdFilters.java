package org.matdx.formats.em;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5 filters that replace jHDF's own (jHDF loads these through {@code ServiceLoader} after its
 * built-in ones, so they win by id). jHDF inflates a deflated chunk for as long as the stream
 * goes on: a 1 MB chunk of zeros becomes a gigabyte. {@link Deflate} stops at what the chunk's
 * declared shape holds ({@link Hdf5} decodes chunks one by one on the reading thread and says how
 * much), and never past {@link Hdf5#MAX_CHUNK_BYTES}. LZF, LZ4 and bitshuffle, which EMD writers do not use and
 * whose decoders allocate what a forged header declares, are refused by name.
 */
public final class EmdFilters {
    private EmdFilters() {
    }

    /** HDF5 filter 1 (deflate/zlib), bounded. */
    public static final class Deflate implements Filter {
        @Override
        public int getId() {
            return 1;
        }

        @Override
        public String getName() {
            return "deflate";
        }

        @Override
        public byte[] decode(byte[] compressed, int[] filterData) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(compressed);
                int limit = Hdf5.chunkLimit();
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(64L, compressed.length * 4L)));
                byte[] buffer = new byte[64 << 10];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0) {
                        throw new HdfFilterException("a deflated chunk ends before its stream does (truncated or corrupt)");
                    }
                    if (out.size() + n > limit) {
                        throw new HdfFilterException("a deflated chunk expands to more than the " + limit
                                + " bytes its declared shape holds (a compression bomb)");
                    }
                    out.write(buffer, 0, n);
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw new HdfFilterException("a deflated chunk is corrupt: " + e.getMessage());
            } finally {
                inflater.end();
            }
        }
    }

    private abstract static class Refused implements Filter {
        @Override
        public byte[] decode(byte[] encoded, int[] filterData) {
            throw new HdfFilterException("chunks compressed with " + getName() + " are not read (EMD writers use deflate)");
        }
    }

    /** HDF5 filter 32000 (LZF), refused. */
    public static final class Lzf extends Refused {
        @Override
        public int getId() {
            return 32000;
        }

        @Override
        public String getName() {
            return "LZF";
        }
    }

    /** HDF5 filter 32004 (LZ4), refused. */
    public static final class Lz4 extends Refused {
        @Override
        public int getId() {
            return 32004;
        }

        @Override
        public String getName() {
            return "LZ4";
        }
    }

    /** HDF5 filter 32008 (bitshuffle), refused. */
    public static final class BitShuffle extends Refused {
        @Override
        public int getId() {
            return 32008;
        }

        @Override
        public String getName() {
            return "bitshuffle";
        }
    }
}
