package org.matdx.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.matdx.core.Caller;
import org.matdx.core.Problem;
import org.matdx.store.ComputingPlaces;

/**
 * Requests that compute for seconds while the client waits (predictions for thousands of formulas,
 * phase identification, XRD simulation, screens) share the machine fairly: one caller (an account, or
 * an address when anonymous) runs at most {@code perCaller} of them at a time and is told to wait
 * otherwise; all callers together run at most {@code overall}, a further one waits its turn for up to
 * {@code queueWait} and is then told to come back. Without this, a few such requests from one
 * anonymous client keep every core busy and everybody else's requests slow to a crawl.
 *
 * <p>With {@link ComputingPlaces} the per-caller share holds across every server on the database:
 * a caller with two requests computing on server A is refused on server B too. The overall limit
 * stays per process, because what it protects — the cores — belongs to one machine.
 */
public final class HeavyRequests {
    /** Seconds a refused caller is asked to wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int perCaller;
    private final Semaphore overall;
    private final Duration queueWait;
    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();
    private final ComputingPlaces shared;

    /** Limits of this process alone (tests, and a process with no database to share them through). */
    public HeavyRequests(int perCaller, int overall, Duration queueWait) {
        this(perCaller, overall, queueWait, null);
    }

    /** Per-caller places counted in {@code shared} (every server on the database), the overall limit per process. */
    public HeavyRequests(int perCaller, int overall, Duration queueWait, ComputingPlaces shared) {
        if (perCaller < 1 || overall < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.perCaller = perCaller;
        this.overall = new Semaphore(overall, true);
        this.queueWait = queueWait;
        this.shared = shared;
    }

    /**
     * Two at a time per caller; twice as many overall as the machine has cores (at least four, so one
     * caller never holds every place), beyond which a request queues for up to 30 s.
     */
    public static HeavyRequests forThisMachine(ComputingPlaces shared) {
        return new HeavyRequests(2, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(30), shared);
    }

    /** A permit to compute; closing it gives the place back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a place for {@code callerKey}, or throws a 429 problem saying why and when to come back. */
    public Permit enter(String callerKey) {
        // this process's count first: it refuses without a database round trip
        if (running.merge(callerKey, 1, Integer::sum) > perCaller) {
            release(callerKey);
            throw yoursRunning();
        }
        int place;
        try {
            place = shared == null ? -1 : shared.take(callerKey, perCaller).orElse(-2);
        } catch (RuntimeException e) {
            release(callerKey);
            throw e;
        }
        if (place == -2) {
            release(callerKey);
            throw yoursRunning();
        }
        boolean admitted;
        try {
            admitted = overall.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            giveBack(callerKey, place);
            throw busy("the server is busy with other computing requests; try again shortly");
        }
        return new Permit() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    overall.release();
                    giveBack(callerKey, place);
                }
            }
        };
    }

    private void giveBack(String callerKey, int place) {
        try {
            if (place >= 0) {
                shared.give(callerKey, place);
            }
        } finally {
            release(callerKey);
        }
    }

    private Problem yoursRunning() {
        return busy(perCaller + " computing request(s) of yours are still running (predictions, phase identification, "
                + "simulations, screens), on this server or another; wait for them to finish");
    }

    private void release(String callerKey) {
        // a caller without work in flight leaves the map, so it holds only callers that compute now
        running.computeIfPresent(callerKey, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** How many callers compute now (for tests). */
    int callersComputing() {
        return running.size();
    }

    private static Problem busy(String why) {
        return new Problem(Problem.Type.TOO_MANY_REQUESTS, why);
    }

    /** Who a request counts against: the account, else the client's address. */
    static String callerKey(Context ctx) {
        Caller c = Requests.caller(ctx);
        return c != null && c.userId() != null ? "user:" + c.userId() : "address:" + ctx.ip();
    }

    /** {@code handler} run under a permit of this limiter. */
    public Handler limit(Handler handler) {
        return ctx -> {
            Permit permit;
            try {
                permit = enter(callerKey(ctx));
            } catch (Problem p) {
                ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                throw p;
            }
            try (permit) {
                handler.handle(ctx);
            }
        };
    }
}
