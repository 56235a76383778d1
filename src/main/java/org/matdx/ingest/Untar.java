package org.matdx.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.matdx.core.Problem;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.TailInput;
import org.matdx.formats.Unzip;

/**
 * Tar archives ({@code .tar}, and {@code .tar.gz}/{@code .tgz}, {@code .tar.bz2}, {@code .tar.xz})
 * read within the limits zip uploads have ({@link Unzip}): every member counted as it streams
 * against the per-file cap, the request's {@link Unzip.Budget}, the compression ratio (inflated
 * bytes against the compressed bytes consumed) and the entry count. Tar can hold what zip cannot,
 * and those are refused by name: symbolic and hard links (they point outside the member they
 * stand for), device files and FIFOs, absolute paths. An archive that stops without tar's
 * end-of-archive blocks (cut between two members) or whose compressed stream is cut is refused as
 * truncated, and at most {@link #MAX_TRAILER} bytes may follow the end of the archive.
 */
public final class Untar {
    /** Bytes allowed after tar's end-of-archive blocks: writers pad to a 10 KiB record; anything larger hides something. */
    static final int MAX_TRAILER = 1 << 20;
    private static final String[] SUFFIXES = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz"};

    private Untar() {
    }

    /** Whether a file called {@code name} is a tar archive, compressed or not. */
    public static boolean isTarName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (String s : SUFFIXES) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** The compression of a tar archive called {@code name}, or null for a plain {@code .tar}. */
    static Compression compression(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".tgz")) {
            return Compression.GZIP;
        }
        if (n.endsWith(".bz2") || n.endsWith(".tbz2") || n.endsWith(".tbz")) {
            return Compression.BZIP2;
        }
        if (n.endsWith(".xz") || n.endsWith(".txz")) {
            return Compression.XZ;
        }
        return null;
    }

    /**
     * Streams every regular file and directory of the archive to {@code reader}, in the order stored.
     *
     * @return how many entries the archive holds
     * @throws LimitExceeded  a limit was reached (the archive, the member and the limit are named)
     * @throws Unzip.Damaged  not a complete, readable tar archive
     * @throws Problem        a member tar can hold and an upload may not: a link, a device, an absolute path (422)
     */
    public static <X extends Exception> int each(String archive, InputStream raw, IngestLimits limits, Unzip.Budget budget,
                                                 long memberCap, String memberSetting, Unzip.MemberReader<X> reader)
            throws IOException, X {
        Counted counted = new Counted(raw);
        Compression c = compression(archive);
        InputStream packed;
        try {
            packed = c == null ? counted : c.open(counted);
        } catch (IOException | RuntimeException e) {
            throw new Unzip.Damaged(0, "not a " + c.suffix.substring(1) + " stream (" + e.getMessage() + ")");
        }
        Tail tail = new Tail(packed);
        int entries = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(tail, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = next(tar, archive, entries, counted)) != null) {
            entries++;
            if (entries > limits.maxMembers()) {
                throw new LimitExceeded(archive, null, "holds more than " + limits.maxMembers() + " entries", "--max-zip-members");
            }
            String name = e.getName();
            refuseWhatAnUploadMayNotHold(archive, e, name);
            Unzip.Member m = new Unzip.Member(tar, counted::count, counted::count, archive, name, limits, budget, memberCap,
                    memberSetting);
            reader.read(name, e.isDirectory(), m);
            m.transferTo(OutputStream.nullOutputStream());
        }
        if (entries == 0) {
            throw new Unzip.Damaged(counted.count, "holds no tar entries: not a tar archive, or an empty one");
        }
        if (!tail.endsWithEndOfArchive()) {
            throw new Unzip.Damaged(counted.count, "ends without tar's end-of-archive blocks after " + entries + " entr"
                    + (entries == 1 ? "y" : "ies") + ": truncated");
        }
        // the rest of the stream: the record's padding, and for compressed archives the trailer whose
        // checksum proves the stream whole; bounded, since nothing after the archive is read as data
        try {
            long rest = tail.drain(MAX_TRAILER);
            if (rest > MAX_TRAILER) {
                throw new Unzip.Damaged(counted.count, "holds more than " + IngestLimits.size(MAX_TRAILER)
                        + " after the end of its tar archive");
            }
        } catch (Unzip.Damaged d) {
            throw d;
        } catch (IOException | RuntimeException ex) {
            throw new Unzip.Damaged(counted.count, "its " + (c == null ? "tar" : c.suffix.substring(1)) + " stream is damaged or truncated ("
                    + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()) + ")");
        }
        return entries;
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String archive, int read, Counted counted) throws Unzip.Damaged {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw new Unzip.Damaged(counted.count, "not a readable tar archive after " + read + " entr" + (read == 1 ? "y" : "ies")
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); damaged or truncated");
        }
    }

    private static void refuseWhatAnUploadMayNotHold(String archive, TarArchiveEntry e, String name) {
        String at = archive + ", member " + name + ": ";
        if (e.isSymbolicLink()) {
            throw Problem.invalid("file", at + "a symbolic link (to " + e.getLinkName() + "); an upload holds files, not links"
                    + " (a link may point outside the archive): archive the file it points to instead");
        }
        if (e.isLink()) {
            throw Problem.invalid("file", at + "a hard link (to " + e.getLinkName() + "); an upload holds files, not links:"
                    + " archive without hard links (tar --hard-dereference)");
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw Problem.invalid("file", at + "a " + (e.isFIFO() ? "named pipe" : "device file") + ", not data");
        }
        if (!e.isFile() && !e.isDirectory()) {
            throw Problem.invalid("file", at + "a tar entry of type '" + (char) e.getLinkFlag() + "', which is neither a file nor a"
                    + " directory");
        }
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw Problem.invalid("file", at + "an absolute path; an archive's members must be relative to it");
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw Problem.invalid("file", at + "climbs out of the archive ('..')");
            }
        }
    }

    /** Counts the bytes of the upload consumed (compressed, for a compressed archive). */
    private static final class Counted extends FilterInputStream {
        long count;

        Counted(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }

        @Override
        public void close() {
            // the caller owns the upload's stream
        }
    }

    /** Remembers the last 1024 bytes the tar reader took: two zero blocks mark a complete archive. */
    private static final class Tail extends TailInput {
        Tail(InputStream in) {
            super(in, 1024);
        }

        boolean endsWithEndOfArchive() {
            if (count() < 1024) {
                return false;
            }
            for (byte b : last()) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        /** Reads on to the end of the stream, at most {@code max} + 1 bytes; how many there were. */
        long drain(long max) throws IOException {
            byte[] buf = new byte[8192];
            long n = 0;
            int r;
            while (n <= max && (r = in.read(buf, 0, buf.length)) >= 0) {
                n += r;
            }
            return n;
        }
    }
}
