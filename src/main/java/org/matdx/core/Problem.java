package org.matdx.core;

import java.util.List;

/**
 * A request that cannot be carried out, described for the person who made it: what was wrong
 * and where (field, file, line). The web layer turns it into {@code application/problem+json};
 * the CLI prints {@link #getMessage()}. Never carries a stack trace to the user.
 */
public final class Problem extends RuntimeException {

    public enum Type {
        BAD_REQUEST(400, "Bad request"),
        UNAUTHORIZED(401, "Authentication required"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"),
        CONFLICT(409, "Conflict"),
        GONE(410, "Gone"),
        TOO_LARGE(413, "Payload too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
        UNPROCESSABLE(422, "Unprocessable content"),
        TOO_MANY_REQUESTS(429, "Too many requests"),
        INTERNAL(500, "Internal error"),
        NOT_IMPLEMENTED(501, "Not implemented"),
        UNAVAILABLE(503, "Service unavailable");

        public final int status;
        public final String title;

        Type(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    /**
     * One thing wrong with one field of a request or one position in a file: {@code field} as a
     * person reads it ({@code entries[3].kind}); {@code pointer}, when the issue is about a JSON
     * document, the RFC 6901 pointer to it ({@code /entries/3/kind}), else null.
     */
    public record Issue(String field, String message, String pointer) {
        public Issue(String field, String message) {
            this(field, message, null);
        }
    }

    private final Type type;
    private final List<Issue> issues;

    public Problem(Type type, String detail, List<Issue> issues) {
        super(detail);
        this.type = type;
        this.issues = List.copyOf(issues);
    }

    public Problem(Type type, String detail) {
        this(type, detail, List.of());
    }

    public Type type() {
        return type;
    }

    public List<Issue> issues() {
        return issues;
    }

    public static Problem badRequest(String detail) {
        return new Problem(Type.BAD_REQUEST, detail);
    }

    /** A single invalid field: {@code invalid("license", "must be an SPDX identifier")}. */
    public static Problem invalid(String field, String message) {
        return new Problem(Type.BAD_REQUEST, field + ": " + message, List.of(new Issue(field, message)));
    }

    public static Problem invalid(List<Issue> issues) {
        String detail = issues.size() == 1
                ? issues.get(0).field() + ": " + issues.get(0).message()
                : issues.size() + " fields are invalid: " + String.join("; ",
                        issues.stream().map(i -> i.field() + ": " + i.message()).toList());
        return new Problem(Type.BAD_REQUEST, detail, issues);
    }

    /** Not found — also what a caller gets for something that exists but is hidden from them. */
    public static Problem notFound(String what, Object id) {
        return new Problem(Type.NOT_FOUND, "no " + what + " '" + id + "'");
    }

    public static Problem unauthorized(String detail) {
        return new Problem(Type.UNAUTHORIZED, detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(Type.FORBIDDEN, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(Type.CONFLICT, detail);
    }

    public static Problem tooLarge(String detail) {
        return new Problem(Type.TOO_LARGE, detail);
    }
}
