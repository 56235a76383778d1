package org.matdx.formats.xrd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;

/**
 * Decoding of instrument text files whose encoding is not declared: a BOM decides; otherwise strict
 * UTF-8, and when that fails Windows-31J (the Shift_JIS variant Japanese Windows software writes,
 * e.g. Rigaku's RAS headers in Japanese); and splitting their data lines into fields.
 */
final class Text {
    static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    private Text() {
    }

    record Decoded(String text, Charset charset) {
    }

    static Decoded decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return new Decoded(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return new Decoded(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return new Decoded(new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE);
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new Decoded(s, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(bytes, SHIFT_JIS), SHIFT_JIS);
        }
    }

    /** Head bytes as text for recognition: tolerant, BOM dropped. */
    static String head(byte[] head, int max) {
        if (head == null) {
            return "";
        }
        int off = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        return new String(head, off, Math.min(head.length - off, max), StandardCharsets.ISO_8859_1);
    }

    static String extension(String fileName) {
        if (fileName == null) {
            return "";
        }
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        int dot = fileName.lastIndexOf('.');
        return dot > slash ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Lines split at CRLF, CR or LF, without a regex (large scans have 10⁵ lines); keeps a last empty line like split(…, -1). */
    static String[] lines(String text) {
        ArrayList<String> out = new ArrayList<>(Math.max(16, text.length() / 24));
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out.toArray(new String[0]);
    }

    /** Fields of a stripped line separated by runs of whitespace and (when asked) commas. */
    static String[] fields(String line, boolean commas) {
        ArrayList<String> out = new ArrayList<>(4);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(line.charAt(i), commas)) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i), commas)) {
                i++;
            }
            if (start < i) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSeparator(char c, boolean commas) {
        return Character.isWhitespace(c) || (commas && c == ',');
    }

    /**
     * Splits a data line. Semicolons or tabs separate fields and leave commas as decimal marks;
     * otherwise commas separate fields, unless the line is blank-separated fields that each hold
     * one comma and no point ("10,25 301,5"), which can only be decimal commas.
     */
    static String[] split(String t) {
        String s = t.strip();
        if (s.indexOf(';') >= 0) {
            return fields(s.replace(',', '.'), ";" + BLANK);
        }
        if (s.indexOf('\t') >= 0) {
            String[] f = fields(s, "\t ");
            return decimalCommas(f) ? fields(s.replace(',', '.'), "\t ") : fields(s, "\t ,");
        }
        if (s.indexOf(',') >= 0) {
            String[] blank = fields(s, BLANK);
            return blank.length >= 2 && decimalCommas(blank) ? fields(s.replace(',', '.'), BLANK) : fields(s, "," + BLANK);
        }
        return fields(s, BLANK);
    }

    private static boolean decimalCommas(String[] fields) {
        for (String f : fields) {
            if (f.indexOf('.') >= 0 || f.chars().filter(c -> c == ',').count() != 1 || f.endsWith(",") || f.startsWith(",")) {
                return false;
            }
        }
        return true;
    }

    private static final String BLANK = " \t\n\u000B\f\r";

    /** The non-empty runs of {@code s} between any of the separator characters (a regex split was a tenth of ingest time). */
    private static String[] fields(String s, String separators) {
        int count = 0;
        boolean inField = false;
        for (int i = 0; i < s.length(); i++) {
            boolean sep = separators.indexOf(s.charAt(i)) >= 0;
            if (!sep && !inField) {
                count++;
            }
            inField = !sep;
        }
        // counted first, then filled: a list and its toArray copy were 5 % of ingest time
        String[] out = new String[count];
        int k = 0;
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            if (separators.indexOf(s.charAt(i)) >= 0) {
                if (start >= 0) {
                    out[k++] = s.substring(start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            out[k] = s.substring(start);
        }
        return out;
    }
}
