package org.matdx.core;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Who asks, from where, in which language and by which clock: made once where a request enters
 * MatDX (the web server's before-handler, a CLI command, the job runner) and handed down to every
 * service it calls, instead of a caller and an origin threaded side by side. The audit trail
 * records {@link #caller()} and {@link #origin()}.
 *
 * @param origin where the request came from, as the audit trail records it: the remote address of
 *               an HTTP request, {@code cli} for a command, {@code job:<id>} for a queued job,
 *               {@code local} for MatDX's own work (demo data, start-up)
 */
public record RequestContext(Caller caller, String origin, Locale language, Clock clock) {
    public static final String LOCAL = "local";
    public static final String CLI = "cli";

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(origin, "origin");
        language = language == null ? Locale.ENGLISH : language;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** MatDX's own work on behalf of {@code caller} (demo data, start-up), in English by the system clock. */
    public static RequestContext local(Caller caller) {
        return new RequestContext(caller, LOCAL, Locale.ENGLISH, Clock.systemUTC());
    }

    /** A command run from the command line. */
    public static RequestContext cli(Caller caller) {
        return new RequestContext(caller, CLI, Locale.ENGLISH, Clock.systemUTC());
    }

    /** A queued job, run as {@code starter} (as they are now, not as they were when they queued it). */
    public static RequestContext job(Caller starter, UUID jobId, Clock clock) {
        return new RequestContext(starter, "job:" + jobId, Locale.ENGLISH, clock);
    }

    /** The same request acting as someone else (a session narrowed to its account, the system on its behalf). */
    public RequestContext as(Caller other) {
        return new RequestContext(other, origin, language, clock);
    }
}
