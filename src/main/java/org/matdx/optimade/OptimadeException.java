package org.matdx.optimade;

/**
 * A request the OPTIMADE API refuses, with the HTTP status the specification prescribes (400 bad
 * parameter, 403 page_limit above the maximum, 404 no such entry, 501 not implemented, 553
 * version not supported) and the query parameter concerned, if any.
 */
public final class OptimadeException extends RuntimeException {
    private final int status;
    private final String title;
    private final String parameter;

    public OptimadeException(int status, String title, String detail, String parameter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.parameter = parameter;
    }

    public static OptimadeException badRequest(String parameter, String detail) {
        return new OptimadeException(400, "Bad Request", detail, parameter);
    }

    public static OptimadeException notFound(String detail) {
        return new OptimadeException(404, "Not Found", detail, null);
    }

    public static OptimadeException notImplemented(String parameter, String detail) {
        return new OptimadeException(501, "Not Implemented", detail, parameter);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The query parameter the problem is in, or null. */
    public String parameter() {
        return parameter;
    }
}
