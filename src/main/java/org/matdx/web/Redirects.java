package org.matdx.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Where a browser may be sent: a path on this site and nothing else. Every redirect goes through
 * {@link #to}, so a {@code back} or {@code next} parameter can never become an open redirect.
 *
 * <p>Browsers are lenient in ways a plain "starts with one slash" check misses (WHATWG URL
 * standard, "basic URL parser"): they read {@code \} as {@code /}, drop tabs and newlines anywhere
 * and trim leading controls and spaces, so {@code /\evil.example} and {@code /<TAB>/evil.example}
 * both name another host. A target is therefore refused unless it is an absolute path whose second
 * character is not a slash, with no backslash, control, space or invisible character, in the text
 * as given and in every layer of percent-decoding (a proxy or framework that decodes once more must
 * not find a host either; overlong or invalid UTF-8 is refused too). What is refused goes to the
 * home page; what is accepted is sent with non-ASCII percent-encoded.
 */
public final class Redirects {
    /** Longer targets are refused: no page of ours has such an address. */
    public static final int MAX_LENGTH = 2048;
    static final String HOME = "/";
    private static final int MAX_DECODINGS = 4;

    private Redirects() {
    }

    /** Redirects to {@code target} if it is a path on this site, otherwise to the home page. */
    public static void to(Context ctx, String target, HttpStatus status) {
        ctx.redirect(sameSite(target), status);
    }

    public static void to(Context ctx, String target) {
        to(ctx, target, HttpStatus.FOUND);
    }

    /** {@code target} ready for a Location header when it is a safe same-site path, else {@code "/"}. */
    public static String sameSite(String target) {
        if (target == null || target.isEmpty() || target.length() > MAX_LENGTH) {
            return HOME;
        }
        String layer = target;
        for (int i = 0; i < MAX_DECODINGS; i++) {
            if (!plainPath(layer)) {
                return HOME;
            }
            String decoded;
            try {
                decoded = percentDecode(layer, i == 0);
            } catch (CharacterCodingException | IllegalArgumentException e) {
                return HOME;
            }
            if (decoded.equals(layer)) {
                return encodeForHeader(target);
            }
            layer = decoded;
        }
        return HOME; // still encoded after several rounds: nothing of ours links like that
    }

    /** An absolute path (not {@code //host}) without characters a browser would drop or reinterpret. */
    private static boolean plainPath(String s) {
        if (s.isEmpty() || s.charAt(0) != '/' || (s.length() > 1 && (s.charAt(1) == '/' || s.charAt(1) == '\\'))) {
            return false;
        }
        return s.codePoints().allMatch(Redirects::harmless);
    }

    private static boolean harmless(int cp) {
        if (cp == '\\') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> !Character.isWhitespace(cp);
        };
    }

    /**
     * One round of percent-decoding as UTF-8, strictly (overlong forms such as {@code %C0%AF} for
     * {@code /} are malformed). A {@code %} without two hex digits is refused in the text as sent;
     * in a decoded layer it just ends the decoding, as it would for any server.
     */
    private static String percentDecode(String s, boolean strict) throws CharacterCodingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == '%') {
                int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
                if (lo < 0) {
                    if (strict) {
                        throw new IllegalArgumentException("a '%' without two hex digits");
                    }
                    return s;
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** Keeps URI characters (RFC 3986 reserved, unreserved and {@code %}) and percent-encodes the rest as UTF-8. */
    private static String encodeForHeader(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 0x80 && (Character.isLetterOrDigit(cp) || "-._~:/?#[]@!$&'()*+,;=%".indexOf(cp) >= 0)) {
                out.append((char) cp);
            } else {
                for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
        });
        return out.toString();
    }
}
