package org.matdx.formats.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Unzip;

/**
 * The parts of a zip container (RASX, BRML) that a reader asks for. The archive is streamed
 * ({@link Unzip}) within the reader's limits: everything it inflates — parts the reader wants and
 * parts it skips — counts against {@link IngestLimits#maxReadBytes()}, each part against the
 * compression ratio, the entries against their number; no size the archive declares is trusted.
 * A damaged or truncated archive fails before anything is parsed.
 */
final class ZipParts {
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private ZipParts() {
    }

    static Map<String, byte[]> read(String file, InputStream content, Predicate<String> wanted) throws FormatException, IOException {
        IngestLimits limits = LimitedInput.limitsOf(content);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        PushbackInputStream in = new PushbackInputStream(content, 4);
        byte[] head = in.readNBytes(4);
        if (head.length < 4 || !Unzip.looksLikeZip(head)) {
            throw FormatException.atOffset(file, 0, "expected a zip archive (starting with PK\\3\\4)");
        }
        in.unread(head);
        try {
            Unzip.each(file, in, limits, Unzip.Budget.file(limits), Long.MAX_VALUE, null, (name, directory, part) -> {
                if (!directory && wanted.test(name)) {
                    parts.put(name, part.readAllBytes());
                }
            });
        } catch (Unzip.Damaged e) {
            throw FormatException.atOffset(file, e.offset(), "not a complete zip archive: " + e.getMessage());
        }
        return parts;
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

    /**
     * Whether the head of a zip names a part matching the pattern: in the first local header, or
     * anywhere in the head (later local headers, or the central directory of a small archive).
     */
    static boolean namesPart(byte[] head, Pattern part) {
        String first = firstPartName(head);
        if (first == null) {
            return false;
        }
        if (part.matcher(first).matches()) {
            return true;
        }
        return part.matcher(new String(head, StandardCharsets.ISO_8859_1)).find();
    }
}
