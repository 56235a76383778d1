package org.matdx.optimade.client;

import java.util.List;
import java.util.Locale;

/**
 * Why one provider gave no results: a kind a program can act on, a sentence a person can, the
 * HTTP status when there was one, and the {@code detail}s of the OPTIMADE {@code errors} the
 * provider sent (never its raw body: that could be anything a host answers).
 */
public record Failure(Kind kind, String detail, Integer httpStatus, List<String> errors) {
    public enum Kind {
        /** no complete answer within the provider's time */
        TIMEOUT,
        /** connection refused, unknown host, TLS failure */
        UNREACHABLE,
        /** the provider refused the query (400): usually a filter it cannot run */
        QUERY_REFUSED,
        /** any other 4xx or 5xx answer */
        HTTP_ERROR,
        /** the answer is not JSON (an HTML error page, a proxy's text) */
        NOT_JSON,
        /** JSON, but not an OPTIMADE document of the kind asked for */
        INVALID_RESPONSE,
        /** the answer is longer than MatDX reads */
        TOO_LARGE,
        /** too many redirects, a redirect loop, or a redirect to something other than http(s) */
        REDIRECTS,
        /** the address (or a redirect's, or a child database's) is one MatDX does not contact for this provider */
        ADDRESS_REFUSED,
        /** the provider serves no database: no base URL, or an index without child databases */
        NO_DATABASE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Failure {
        errors = List.copyOf(errors);
    }

    static Failure of(Kind kind, String detail) {
        return new Failure(kind, detail, null, List.of());
    }

    /** A failure of a step on the way to the database (resolving it), named as such. */
    Failure during(String step) {
        return new Failure(kind, step + ": " + detail, httpStatus, errors);
    }
}
