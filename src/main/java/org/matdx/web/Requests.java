package org.matdx.web;

import io.javalin.http.Context;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading requests: who is calling, the JSON body, ids and numbers, each with a clear 400 when wrong. */
public final class Requests {
    static final String CALLER = "matdx.caller";

    private Requests() {
    }

    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    public static AuditLog.Origin origin(Context ctx) {
        return new AuditLog.Origin(ctx.ip());
    }

    /** The JSON body; a malformed one answers 400 with the line and column of the problem. */
    public static JsonNode jsonBody(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw Problem.badRequest("the request needs a JSON body");
        }
        try {
            return Json.read(body);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw Problem.badRequest("the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
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
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
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
