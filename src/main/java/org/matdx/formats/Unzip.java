package org.matdx.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Zip archives read within limits, so a small file cannot unpack into gigabytes (a "zip bomb").
 * Members are streamed, never held whole unless the caller wants them; what each member inflates
 * to is counted as it arrives (no size the archive declares is trusted or allocated) against a
 * cap per member, a {@link Budget} shared by everything one request or one file unpacks, and the
 * compression ratio; the number of entries is capped too. Members the caller does not want are
 * drained through the same counts, so an unwanted bomb costs no more than a wanted one.
 */
public final class Unzip {
    /** Where the end-of-central-directory record may start, counted from the end (22 bytes + a 64 KiB comment). */
    private static final int TAIL = 22 + 65_535;

    private Unzip() {
    }

    /** What a caller does with one member: read as much of {@code content} as it wants. */
    @FunctionalInterface
    public interface MemberReader<X extends Exception> {
        void read(String name, boolean directory, InputStream content) throws IOException, X;
    }

    /** A zip that is damaged, truncated or uses a feature we cannot read (not a limit): where, and what. */
    public static final class Damaged extends IOException {
        private final long offset;

        public Damaged(long offset, String message) {
            super(message);
            this.offset = offset;
        }

        /** Byte offset in the archive where the problem showed. */
        public long offset() {
            return offset;
        }
    }

    /**
     * Inflated bytes one request (or one file) may still produce, shared by all the archives it
     * opens, zips inside zips included.
     */
    public static final class Budget {
        private final long limit;
        private final String what;
        private final String setting;
        private long used;

        /**
         * @param what    how the limit reads in a message, e.g. "the files of one upload together"
         * @param setting the option that raises it
         */
        public Budget(long limit, String what, String setting) {
            this.limit = limit;
            this.what = what;
            this.setting = setting;
        }

        /** Everything one request unpacks, under {@link IngestLimits#maxUnpackedBytes()}. */
        public static Budget request(IngestLimits limits) {
            return new Budget(limits.maxUnpackedBytes(), "the files of one upload together", "--max-unpacked-mb");
        }

        /** Everything a reader inflates from one container file, under {@link IngestLimits#maxReadBytes()}. */
        public static Budget file(IngestLimits limits) {
            return new Budget(limits.maxReadBytes(), "what a reader takes in from one file", "--max-read-mb");
        }

        synchronized void take(long n, String archive, String member) throws LimitExceeded {
            used += n;
            if (used > limit) {
                throw new LimitExceeded(archive, member, "unpacks to more than the " + IngestLimits.size(limit) + " allowed for "
                        + what, setting);
            }
        }

        public synchronized long used() {
            return used;
        }
    }

    /**
     * Streams every entry of the archive to {@code reader}, in the order stored, then checks that
     * the archive ended with its central directory (ZIP streams otherwise stop quietly when an
     * archive is cut between two members).
     *
     * @param memberCap     the most one member may unpack to, or {@link Long#MAX_VALUE}
     * @param memberSetting the option that raises {@code memberCap}
     * @return how many entries the archive holds
     * @throws LimitExceeded a limit was reached (the archive, the member and the limit are named)
     * @throws Damaged       not a complete, readable zip archive
     */
    public static <X extends Exception> int each(String archive, InputStream raw, IngestLimits limits, Budget budget,
                                                 long memberCap, String memberSetting, MemberReader<X> reader)
            throws IOException, X {
        Tail tail = new Tail(raw);
        int entries = 0;
        // Unicode extra fields honoured, and STORED members followed by a data descriptor (written by
        // some Java tools) accepted: both are valid archives that java.util.zip cannot stream.
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(tail, StandardCharsets.UTF_8.name(), true, true)) {
            ZipArchiveEntry e;
            while ((e = next(zip, archive, entries)) != null) {
                entries++;
                if (entries > limits.maxMembers()) {
                    throw new LimitExceeded(archive, null, "holds more than " + limits.maxMembers() + " entries",
                            "--max-zip-members");
                }
                String name = e.getName().replace('\\', '/');
                if (!zip.canReadEntryData(e)) {
                    throw new Damaged(zip.getBytesRead(), "member " + name + " is encrypted or compressed with a method"
                            + " MatDX cannot read (" + e.getMethod() + "); store it unencrypted, deflated or stored");
                }
                Member m = new Member(zip, zip::getCompressedCount, zip::getBytesRead, archive, name, limits, budget, memberCap,
                        memberSetting);
                reader.read(name, e.isDirectory(), m);
                m.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        tail.drain();
        if (entries == 0) {
            throw new Damaged(0, "holds no zip entries: not a zip archive, or an empty one");
        }
        if (!tail.hasEndRecord()) {
            throw new Damaged(tail.count(), "ends without its central directory after " + entries + " entr"
                    + (entries == 1 ? "y" : "ies") + ": truncated");
        }
        return entries;
    }

    private static ZipArchiveEntry next(ZipArchiveInputStream zip, String archive, int read) throws Damaged {
        try {
            return zip.getNextZipEntry();
        } catch (IOException | RuntimeException e) {
            // commons-compress reports malformed headers with IllegalArgumentException and friends too
            throw new Damaged(zip.getBytesRead(), "not a readable zip archive after " + read + " entr" + (read == 1 ? "y" : "ies")
                    + " (" + e.getMessage() + "); damaged or truncated");
        }
    }

    /**
     * Checks an archive through its central directory, as libraries that open it by name do
     * (fastexcel-reader for XLSX): every entry the directory lists is inflated and counted, so
     * entries that overlap or repeat the same compressed data (a bomb a stream never sees) count
     * once per listing.
     */
    public static void checkDirectory(String archive, byte[] zip, IngestLimits limits, Budget budget) throws IOException {
        try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            int entries = 0;
            for (Enumeration<ZipArchiveEntry> en = z.getEntries(); en.hasMoreElements(); ) {
                ZipArchiveEntry e = en.nextElement();
                if (++entries > limits.maxMembers()) {
                    throw new LimitExceeded(archive, null, "holds more than " + limits.maxMembers() + " entries",
                            "--max-zip-members");
                }
                if (!z.canReadEntryData(e)) {
                    throw new Damaged(e.getDataOffset(), "member " + e.getName() + " is encrypted or uses a compression"
                            + " method MatDX cannot read");
                }
                try (InputStream in = z.getInputStream(e)) {
                    long compressed = Math.max(1, e.getCompressedSize());
                    new Member(in, () -> compressed, e::getDataOffset, archive, e.getName(), limits, budget, Long.MAX_VALUE, null)
                            .transferTo(java.io.OutputStream.nullOutputStream());
                } catch (LimitExceeded ex) {
                    throw ex;
                } catch (IOException | RuntimeException ex) {
                    throw new Damaged(e.getDataOffset(), "member " + e.getName() + " is damaged: " + ex.getMessage());
                }
            }
        } catch (LimitExceeded | Damaged e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Damaged(0, "not a readable zip archive (" + e.getMessage() + ")");
        }
    }

    /** Whether the bytes start like a zip archive's first member. */
    public static boolean looksLikeZip(byte[] head) {
        return head != null && head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    /** One member's content, counted as it is inflated. */
    /**
     * What {@code inflating} (a gzip, bzip2 or xz stream over an upload) produces, under the limits
     * of a zip member: {@code cap} for the file, the request's {@code budget}, and the compression
     * ratio against {@code compressed}, the bytes of the upload consumed so far. Closing it closes
     * {@code inflating}.
     */
    public static InputStream bounded(InputStream inflating, java.util.function.LongSupplier compressed, String archive, String name,
                                      IngestLimits limits, Budget budget, long cap, String capSetting) {
        return new Member(inflating, compressed, compressed, archive, name, limits, budget, cap, capSetting) {
            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    public static class Member extends FilterInputStream {
        private final java.util.function.LongSupplier compressedCount;
        private final java.util.function.LongSupplier position;
        private final String archive;
        private final String name;
        private final IngestLimits limits;
        private final Budget budget;
        private final long cap;
        private final String capSetting;
        private long inflated;

        public Member(InputStream in, java.util.function.LongSupplier compressedCount, java.util.function.LongSupplier position, String archive,
               String name, IngestLimits limits, Budget budget, long cap, String capSetting) {
            super(in);
            this.compressedCount = compressedCount;
            this.position = position;
            this.archive = archive;
            this.name = name;
            this.limits = limits;
            this.budget = budget;
            this.cap = cap;
            this.capSetting = capSetting;
        }

        /** Compressed bytes of this member consumed so far (exact for a stream; the directory's figure otherwise). */
        long compressed() {
            return Math.max(1, compressedCount.getAsLong());
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (LimitExceeded | Damaged e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // inflating stopped on bad data (commons-compress says so with either kind of exception)
                throw new Damaged(offset(), "member " + name + " is damaged or truncated (" + (e.getMessage() != null ? e.getMessage()
                        : e instanceof java.io.EOFException ? "it ends early" : e.getClass().getSimpleName()) + ")");
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        long offset() {
            return position.getAsLong();
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping still inflates: count it like reading
            byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public void close() throws IOException {
            // the archive stream stays open for the next member
        }

        private void count(int n) throws LimitExceeded {
            inflated += n;
            budget.take(n, archive, name);
            if (inflated > cap) {
                throw new LimitExceeded(archive, name, "unpacks to more than the " + IngestLimits.size(cap)
                        + " allowed for one file", capSetting);
            }
            if (inflated > IngestLimits.RATIO_GRACE_BYTES && inflated > (long) limits.maxRatio() * compressed()) {
                throw new LimitExceeded(archive, name, "unpacks to more than " + limits.maxRatio()
                        + " times its compressed size (a zip bomb, or data far more repetitive than measurements are)",
                        "--max-zip-ratio");
            }
        }
    }

    /** Keeps the last bytes that passed, to find the end-of-central-directory record. */
    private static final class Tail extends TailInput {
        Tail(InputStream in) {
            super(in, TAIL);
        }

        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // only the tail matters
            }
        }

        boolean hasEndRecord() {
            byte[] last = last();
            for (int i = last.length - 22; i >= 0; i--) {
                if (last[i] == 'P' && last[i + 1] == 'K' && last[i + 2] == 5 && last[i + 3] == 6) {
                    return true;
                }
            }
            return false;
        }
    }
}
