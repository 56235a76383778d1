package org.matdx.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.matdx.core.Json;

/**
 * Answers for requests Jetty refuses before Javalin sees them (an unparseable request line, a
 * header block over the limit, an ambiguous path): problem+json with the security headers, like
 * every other answer, and never a stack trace or an internal message.
 */
final class JettyErrors extends ErrorHandler {
    JettyErrors() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    /** Jetty writes a body only for GET, POST and HEAD by default; every method gets the same answer here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        SecurityHeaders.ALL.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        HttpFields.Mutable fields = response.getHeaders();
        SecurityHeaders.ALL.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** Jetty's reason phrases are fixed texts ("Request Header Fields Too Large"); anything else is replaced. */
    private static byte[] body(int status, String reason) {
        String detail = reason != null && reason.matches("[A-Za-z0-9 ,.:'()/_-]{1,120}") ? reason
                : "the request could not be read as HTTP";
        String hint = switch (status) {
            case 414 -> "; the address is longer than MatDX accepts";
            case 431 -> "; the request's headers are larger than MatDX accepts";
            case 413 -> "; the request is larger than MatDX accepts";
            default -> "";
        };
        return Json.write(Json.object().put("type", "/problems/bad-request").put("title", "Bad request")
                .put("status", status).put("detail", detail + hint)).getBytes(StandardCharsets.UTF_8);
    }
}
