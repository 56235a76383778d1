package org.matdx.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.matdx.core.Problem;

/**
 * Requests that fail in the transport rather than in our handlers — a multipart body without its
 * boundary, an upload over the limit, a body cut short, a charset nobody knows — turned into the
 * 4xx answer they deserve instead of an "internal error".
 */
final class RequestFailures {
    private RequestFailures() {
    }

    /** The answer for {@code e} when the request itself is at fault, else null. */
    static Problem of(Context ctx, Throwable e, long maxUploadBytes) {
        boolean multipart = ctx.isMultipartFormData() || String.valueOf(ctx.contentType()).startsWith("multipart/");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                if (h.getCode() == 413 || causes(t).anyMatch(RequestFailures::isSizeLimit)) {
                    return tooLarge(maxUploadBytes);
                }
                // Jetty names the fault in the innermost cause ("No multipart boundary parameter in Content-Type",
                // "unexpected EOF in CONTENT"); fixed phrases of its own, safe to show
                String why = reason(causes(t).reduce((a, b) -> b).map(Throwable::getMessage).orElse(h.getReason()));
                return Problem.badRequest(multipart
                        ? "the multipart form could not be read (" + why + "): send multipart/form-data with a boundary "
                          + "parameter, every part opened by the boundary and the form closed by it"
                        : "the request could not be read (" + why + ")");
            }
            if (t instanceof IllegalStateException && isSizeLimit(t)) {
                return tooLarge(maxUploadBytes);
            }
            if (t instanceof EofException) {
                return Problem.badRequest("the request ended before its body was complete");
            }
            if (t instanceof UnsupportedCharsetException || t instanceof IllegalCharsetNameException) {
                return unknownCharset(ctx);
            }
            if (t instanceof HttpResponseException r && r.getStatus() >= 400 && r.getStatus() < 500) {
                return new Problem(switch (r.getStatus()) {
                    case 404 -> Problem.Type.NOT_FOUND;
                    case 413 -> Problem.Type.TOO_LARGE;
                    case 415 -> Problem.Type.UNSUPPORTED_MEDIA_TYPE;
                    default -> Problem.Type.BAD_REQUEST;
                }, r.getMessage() == null || r.getMessage().isBlank() ? "the request could not be read" : r.getMessage());
            }
        }
        return null;
    }

    /** Refuses a body in a charset Java does not know before anything tries to decode it (query parameters included). */
    static void requireKnownCharset(Context ctx) {
        String ct = ctx.header("Content-Type");
        if (ct == null) {
            return;
        }
        for (String param : ct.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    if (!Charset.isSupported(name)) {
                        throw unknownCharset(ctx);
                    }
                } catch (IllegalCharsetNameException e) {
                    throw unknownCharset(ctx);
                }
            }
        }
    }

    private static Problem unknownCharset(Context ctx) {
        return new Problem(Problem.Type.UNSUPPORTED_MEDIA_TYPE, "the Content-Type names a charset MatDX cannot read; "
                + "send UTF-8 (Content-Type: " + (ctx.contentType() == null ? "application/json" : ctx.contentType().split(";")[0])
                + "; charset=utf-8)");
    }

    private static Problem tooLarge(long maxUploadBytes) {
        return new Problem(Problem.Type.TOO_LARGE, "the upload is larger than this server accepts: at most "
                + (maxUploadBytes / (1024 * 1024)) + " MiB per file (the operator sets it with --max-upload-mb)");
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, x -> x != null, Throwable::getCause).limit(20);
    }

    private static boolean isSizeLimit(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("exceeds") || m.contains("too large") || m.contains("max file size") || m.contains("max length");
    }

    private static String reason(String r) {
        return r == null || !r.matches("[A-Za-z0-9 ,.:'()/_-]{1,120}") ? "malformed" : r.replace("400: ", "");
    }
}
