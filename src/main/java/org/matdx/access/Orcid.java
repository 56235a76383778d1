package org.matdx.access;

import java.util.Locale;
import java.util.regex.Pattern;
import org.matdx.core.Problem;

/**
 * ORCID iDs: sixteen characters in four blocks, the last a check character computed with
 * ISO 7064 MOD 11-2 over the first fifteen digits (ORCID's "Structure of the ORCID Identifier").
 */
public final class Orcid {
    private static final Pattern SHAPE = Pattern.compile("^\\d{4}-\\d{4}-\\d{4}-\\d{3}[\\dX]$");
    private static final Pattern URI = Pattern.compile("^https?://orcid\\.org/", Pattern.CASE_INSENSITIVE);

    private Orcid() {
    }

    /** The check character for the fifteen base digits (hyphens ignored). */
    public static char checkDigit(String baseDigits) {
        int total = 0;
        for (char c : baseDigits.toCharArray()) {
            if (c == '-') {
                continue;
            }
            total = (total + (c - '0')) * 2;
        }
        int result = (12 - total % 11) % 11;
        return result == 10 ? 'X' : (char) ('0' + result);
    }

    public static boolean valid(String id) {
        return id != null && SHAPE.matcher(id).matches() && checkDigit(id.substring(0, 18)) == id.charAt(18);
    }

    /**
     * The iD in its bare form ({@code 0000-0002-1825-0097}) from what a person typed (the
     * {@code https://orcid.org/} form and a lower-case x are accepted); null for blank input.
     * A wrong shape or check digit is a 400 naming {@code field}.
     */
    public static String normalise(String input, String field) {
        if (input == null || input.isBlank()) {
            return null;
        }
        String id = URI.matcher(input.strip()).replaceFirst("").toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(id).matches()) {
            throw Problem.invalid(field, "an ORCID iD looks like 0000-0002-1825-0097; found '" + input + "'");
        }
        if (!valid(id)) {
            throw Problem.invalid(field, "'" + id + "' is not an ORCID iD: its check digit should be "
                    + checkDigit(id.substring(0, 18)) + " (ISO 7064 MOD 11-2)");
        }
        return id;
    }

    public static String uri(String id) {
        return "https://orcid.org/" + id;
    }
}
