package org.matdx.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors as RFC 9457 {@code application/problem+json}: a status, a title, a sentence a person
 * can act on, and for invalid input the fields concerned. Stack traces go to the log only.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static void write(Context ctx, Problem p) {
        ObjectNode body = Json.object()
                .put("type", typeUri(p.type()))
                .put("title", p.type().title)
                .put("status", p.type().status)
                .put("detail", p.getMessage())
                .put("instance", ctx.path());
        if (!p.issues().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            p.issues().forEach(i -> {
                ObjectNode e = errors.addObject().put("field", i.field()).put("message", i.message());
                if (i.pointer() != null) {
                    e.put("pointer", i.pointer()); // RFC 9457 §3's example names the member by JSON pointer
                }
            });
        }
        if (p.type() == Problem.Type.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"matdx\"");
        }
        // bytes, not a String: Jetty would encode a String for this media type as ISO-8859-1 and lose 日本語 and θ
        ctx.status(p.type().status).contentType(MEDIA_TYPE).result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code type} of a problem document, also listed in the OpenAPI description. */
    public static String typeUri(Problem.Type t) {
        return "/problems/" + t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static void unexpected(Context ctx, Exception e) {
        LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
        write(ctx, new Problem(Problem.Type.INTERNAL,
                "MatDX could not complete this request because of an internal error; it has been logged. "
                        + "Try again, and tell the operators if it persists."));
    }
}
