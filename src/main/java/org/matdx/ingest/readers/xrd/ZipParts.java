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
        try (ZipInputStream zip = new ZipInputStream(content, StandardCharsets.UTF_8)) {
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
            throw FormatException.inFile(file, "not a complete zip archive after " + entries + " part(s): " + e.getMessage());
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
