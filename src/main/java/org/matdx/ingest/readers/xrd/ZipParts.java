package org.matdx.ingest.readers.xrd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.matdx.ingest.FormatException;

/**
 * The parts of a zip container (RASX, BRML) that a reader asks for, read fully so a truncated
 * archive fails before anything is parsed. Sizes are capped: a zip bomb is a broken file, not a
 * reason to exhaust memory.
 */
final class ZipParts {
    static final long MAX_PART_BYTES = 512L * 1024 * 1024;
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private ZipParts() {
    }

    static Map<String, byte[]> read(String file, InputStream content, Predicate<String> wanted) throws FormatException, IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int entries = 0;
        byte[] all = content.readAllBytes();
        if (!isZip(all)) {
            throw FormatException.atOffset(file, 0, "expected a zip archive (starting with PK\\3\\4)");
        }
        // ZipInputStream alone stops quietly when an archive is cut between two parts; the
        // end-of-central-directory record at the end of every complete archive shows it is whole.
        if (!hasEndRecord(all)) {
            throw FormatException.atOffset(file, all.length, "the zip archive ends without its central directory: truncated");
        }
        Map<String, byte[]> direct = fromCentralDirectory(file, all, wanted);
        if (direct != null) {
            return direct;
        }
        Counting counted = new Counting(new java.io.ByteArrayInputStream(all));
        try (ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries++;
                String name = e.getName().replace('\\', '/');
                if (!e.isDirectory() && wanted.test(name)) {
                    parts.put(name, readPart(file, name, zip));
                } else {
                    zip.transferTo(OutputStreamSink.INSTANCE);
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw FormatException.atOffset(file, counted.count, "not a complete zip archive (" + entries + " part(s) read): "
                    + e.getMessage() + "; truncated or damaged");
        }
        if (entries == 0) {
            throw FormatException.atOffset(file, 0, "expected a zip archive (starting with PK\\3\\4), found none");
        }
        return parts;
    }

    private static byte[] readPart(String file, String name, InputStream in) throws IOException, FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_PART_BYTES) {
                throw FormatException.inFile(file, "part " + name + " unpacks to more than " + (MAX_PART_BYTES >> 20) + " MiB");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The wanted parts found through the central directory, inflating only those (a BRML holds
     * megabytes of instruction XML no reader needs). Null when the directory uses features this
     * short path does not handle (zip64, encryption, unusual methods): the caller then streams.
     */
    private static Map<String, byte[]> fromCentralDirectory(String file, byte[] b, Predicate<String> wanted)
            throws FormatException {
        int eocd = -1;
        for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            return null;
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int count = Short.toUnsignedInt(bb.getShort(eocd + 10));
        long cdOffset = Integer.toUnsignedLong(bb.getInt(eocd + 16));
        if (count == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdOffset >= eocd) {
            return null;
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int p = (int) cdOffset;
        for (int k = 0; k < count; k++) {
            if (p + 46 > eocd || bb.getInt(p) != 0x02014b50) {
                throw FormatException.atOffset(file, p, "damaged zip central directory (entry " + (k + 1) + " of " + count + ")");
            }
            int flags = Short.toUnsignedInt(bb.getShort(p + 8));
            int method = Short.toUnsignedInt(bb.getShort(p + 10));
            long crc = Integer.toUnsignedLong(bb.getInt(p + 16));
            long csize = Integer.toUnsignedLong(bb.getInt(p + 20));
            long usize = Integer.toUnsignedLong(bb.getInt(p + 24));
            int nameLen = Short.toUnsignedInt(bb.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(bb.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(bb.getShort(p + 32));
            long local = Integer.toUnsignedLong(bb.getInt(p + 42));
            if (p + 46 + nameLen > eocd) {
                throw FormatException.atOffset(file, p, "damaged zip central directory (entry " + (k + 1) + ")");
            }
            String name = new String(b, p + 46, nameLen, StandardCharsets.UTF_8).replace('\\', '/');
            p += 46 + nameLen + extraLen + commentLen;
            if (name.endsWith("/") || !wanted.test(name)) {
                continue;
            }
            if ((flags & 1) != 0 || (method != 0 && method != 8) || csize == 0xFFFFFFFFL || usize == 0xFFFFFFFFL
                    || local == 0xFFFFFFFFL) {
                return null;
            }
            if (usize > MAX_PART_BYTES) {
                throw FormatException.inFile(file, "part " + name + " unpacks to more than " + (MAX_PART_BYTES >> 20) + " MiB");
            }
            if (local + 30 > b.length || bb.getInt((int) local) != 0x04034b50) {
                throw FormatException.atOffset(file, local, "part " + name + ": no local header where the directory points");
            }
            long data = local + 30 + Short.toUnsignedInt(bb.getShort((int) local + 26)) + Short.toUnsignedInt(bb.getShort((int) local + 28));
            if (data + csize > b.length) {
                throw FormatException.atOffset(file, b.length, "part " + name + " is cut short: truncated");
            }
            byte[] out = new byte[(int) usize];
            if (method == 0) {
                System.arraycopy(b, (int) data, out, 0, (int) usize);
            } else {
                java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
                try {
                    inf.setInput(b, (int) data, (int) csize);
                    int n = 0;
                    while (n < out.length && !inf.finished()) {
                        int r = inf.inflate(out, n, out.length - n);
                        if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
                            break;
                        }
                        n += r;
                    }
                    if (n != out.length) {
                        throw FormatException.atOffset(file, data, "part " + name + " inflates to " + n + " bytes, the directory says " + usize);
                    }
                } catch (java.util.zip.DataFormatException e) {
                    throw FormatException.atOffset(file, data, "part " + name + " is not valid deflate data: " + e.getMessage());
                } finally {
                    inf.end();
                }
            }
            java.util.zip.CRC32 c = new java.util.zip.CRC32();
            c.update(out);
            if (c.getValue() != crc) {
                throw FormatException.atOffset(file, data, "part " + name + " fails its CRC check: damaged");
            }
            parts.put(name, out);
        }
        return parts;
    }

    private static boolean hasEndRecord(byte[] b) {
        int min = Math.max(0, b.length - 22 - 65535);
        for (int i = b.length - 22; i >= min; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }

    static boolean isZip(byte[] head) {
        if (head == null || head.length < 30) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (head[i] != LOCAL_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /** The name of the first part, read from the first local file header (offset 26: name length, 30: name). */
    static String firstPartName(byte[] head) {
        if (!isZip(head)) {
            return null;
        }
        int len = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (30 + len > head.length) {
            return null;
        }
        return new String(head, 30, len, StandardCharsets.UTF_8).replace('\\', '/');
    }

    /** Counts the bytes read so a damaged archive is reported at its byte offset. */
    private static final class Counting extends java.io.FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    /**
     * Whether the head of a zip names a part matching the pattern: in the first local header, or
     * anywhere in the head (later local headers, or the central directory of a small archive).
     */
    static boolean namesPart(byte[] head, java.util.regex.Pattern part) {
        String first = firstPartName(head);
        if (first == null) {
            return false;
        }
        if (part.matcher(first).matches()) {
            return true;
        }
        return part.matcher(new String(head, StandardCharsets.ISO_8859_1)).find();
    }

    /** Discards bytes of parts a reader does not need. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
