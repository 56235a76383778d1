package org.matdx.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.time.Clock;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import tools.jackson.databind.JsonNode;

/** Reading requests: who is calling, the JSON body, ids and numbers, each with a clear 400 when wrong. */
public final class Requests {
    private static final String CONTEXT = "matdx.context";

    private Requests() {
    }

    /**
     * Makes the request's context, anonymous until {@link #actAs} names the caller: the web server's
     * before-handler calls it once, before authentication, which audits its failures from here.
     */
    static void begin(Context ctx, Locale language, Clock clock) {
        ctx.attribute(CONTEXT, new RequestContext(Caller.ANONYMOUS, ctx.ip(), language, clock));
    }

    /** Sets who the request acts as, once authentication has found out. */
    static void actAs(Context ctx, Caller caller) {
        ctx.attribute(CONTEXT, context(ctx).as(caller));
    }

    /**
     * Who asks, from where, in which language: what a handler hands to the services it calls.
     * Anonymous from the remote address when no before-handler ran (an error page for a request
     * refused before it).
     */
    public static RequestContext context(Context ctx) {
        RequestContext c = ctx.attribute(CONTEXT);
        return c != null ? c : new RequestContext(Caller.ANONYMOUS, ctx.ip(), Locale.ENGLISH, Clock.systemUTC());
    }

    public static Caller caller(Context ctx) {
        return context(ctx).caller();
    }

    /**
     * The JSON body, read with the limits on JSON from outside ({@link Json#readUntrusted}): a
     * malformed one answers 400 with the line and column, a NUL character, a number beyond double
     * precision or too deep a nesting with the field.
     */
    public static JsonNode jsonBody(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw Problem.badRequest("the request needs a JSON body");
        }
        return Json.readUntrusted(body, "");
    }

    /**
     * Refuses a NUL character anywhere in the path, the query string or a form (PostgreSQL cannot
     * store or compare text that holds one): a 400 naming the parameter, before any handler runs.
     */
    static void requireNoNul(Context ctx) {
        String path = ctx.path();
        if (path.indexOf('\0') >= 0 || path.toLowerCase(Locale.ROOT).contains("%00")) {
            throw Problem.badRequest("the path holds a NUL character (%00)");
        }
        requireNoNul(ctx.queryParamMap(), "");
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            // curl's --data-binary sends a file as a form by default: say how to send it instead
            requireNoNul(ctx.formParamMap(), "; a file goes as the raw body with Content-Type application/octet-stream, "
                    + "or as the multipart field 'file'");
        }
    }

    private static void requireNoNul(Map<String, List<String>> params, String hint) {
        for (var p : params.entrySet()) {
            if (p.getKey().indexOf('\0') >= 0 || p.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw Problem.invalid(shownName(p.getKey()), "holds a NUL character (%00), which MatDX does not accept" + hint);
            }
        }
    }

    /** A parameter's name as an error message may repeat it: never a body's worth of bytes sent back. */
    private static String shownName(String name) {
        boolean plain = name.length() <= 64 && name.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd || c == 0);
        return plain ? name.replace("\0", "\\u0000") : "a parameter name of " + name.length() + " characters (not shown)";
    }

    public static UUID id(Context ctx, String param, String what) {
        UUID id = Ids.parseOrNull(ctx.pathParam(param));
        if (id == null) {
            throw Problem.notFound(what, ctx.pathParam(param));
        }
        return id;
    }

    public static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, "must be a whole number, found '" + v + "'");
        }
    }

    public static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw Problem.invalid(name, "must be true or false, found '" + v + "'");
        };
    }

    /** A string field of a JSON object, null when absent; 400 when present but not a string. */
    public static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw Problem.invalid(field, "must be a string");
        }
        return n.asString();
    }
}
