package org.matdx.formats.xrd;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The "MM/DD/YY hh:mm:ss" local time stamps of Rigaku RAS headers and Bruker RAW v3 headers, as an
 * ISO-8601 local date-time (no zone: the files do not record one). Anything else is kept as written.
 */
final class UsDateTime {
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yy H:m[:s]", Locale.ROOT);

    private UsDateTime() {
    }

    static String iso(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String s = written.strip().replaceAll("\\s+", " ");
        try {
            return LocalDateTime.parse(s, US).toString();
        } catch (DateTimeParseException e) {
            return s;
        }
    }
}
