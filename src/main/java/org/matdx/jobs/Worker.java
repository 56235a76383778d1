package org.matdx.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.matdx.core.InvalidInput;
import org.matdx.core.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Takes jobs from the queue and runs them, up to {@code concurrency} at a time, each on a platform
 * thread of its own. Runs inside the server and as the stand-alone {@code matdx worker} process.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** A running job whose lease was not renewed for this long is handed out again. */
    static final Duration SILENCE = Duration.ofMinutes(2);

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final String id;
    private final Semaphore slots;
    private final Duration silence;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object wake = new Object();
    private Thread loop;

    public Worker(JobQueue queue, String id, int concurrency) {
        this(queue, id, concurrency, SILENCE);
    }

    /** With another silence than the default; the lease is renewed eight times within it. */
    Worker(JobQueue queue, String id, int concurrency, Duration silence) {
        this.queue = queue;
        this.id = id;
        this.slots = new Semaphore(concurrency);
        this.silence = silence;
    }

    public Worker handle(String kind, JobHandler handler) {
        handlers.put(kind, handler);
        return this;
    }

    public void start() {
        if (running.getAndSet(true)) {
            return;
        }
        int at = id.indexOf('@');
        if (at > 0) {
            int orphans = queue.requeueOrphans(id.substring(at + 1), pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            if (orphans > 0) {
                LOG.info("Re-queued {} job(s) whose worker process on this host has ended", orphans);
            }
        }
        loop = Thread.ofPlatform().name("matdx-worker-" + id).daemon().start(this::pollLoop);
    }

    /** Wakes the poller at once, e.g. after this process enqueued a job. */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void pollLoop() {
        long lastReap = 0;
        long lastBeat = 0;
        long beat = silence.toNanos() / 8;
        while (running.get()) {
            try {
                // the lease of this worker's running jobs, renewed from here rather than by the jobs
                // themselves: a job may read one large file for minutes without reporting progress
                if (System.nanoTime() - lastBeat > beat) {
                    queue.heartbeat(id);
                    lastBeat = System.nanoTime();
                }
                if (System.nanoTime() - lastReap > silence.toNanos() / 2) {
                    int requeued = queue.requeueAbandoned(silence);
                    if (requeued > 0) {
                        LOG.warn("Re-queued {} job(s) whose worker stopped responding", requeued);
                    }
                    lastReap = System.nanoTime();
                }
                if (!slots.tryAcquire(Math.min(1_000, Math.max(1, beat / 1_000_000)), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                var job = queue.claim(id, new ArrayList<>(handlers.keySet()));
                if (job.isEmpty()) {
                    slots.release();
                    synchronized (wake) {
                        wake.wait(Math.min(IDLE_POLL.toMillis(), Math.max(1, beat / 1_000_000)));
                    }
                    continue;
                }
                // a platform thread: jobs compute (training, proposals, parsing), and a virtual thread that
                // computes keeps its carrier, which requests on this process need too
                Thread.ofPlatform().daemon().name("job-" + job.get().id()).start(() -> {
                    try {
                        execute(job.get());
                    } finally {
                        slots.release();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("Job polling failed, retrying: {}", e.getMessage());
                    sleepQuietly(Duration.ofSeconds(2));
                }
            }
        }
    }

    private void execute(Job job) {
        JobHandler handler = handlers.get(job.kind());
        JobHandler.Progress progress = new JobHandler.Progress() {
            @Override
            public void report(double fraction, String message) {
                queue.progress(job, fraction, message);
            }

            @Override
            public boolean cancelled() {
                return queue.isCancelled(job.id());
            }
        };
        boolean ended;
        try {
            JsonNode result = handler.run(job, progress);
            ended = queue.succeed(job, result);
        } catch (JobHandler.Permanent | Problem | InvalidInput e) { // the request's fault: trying again changes nothing
            // a service that is down (503: the object store, say) is tried again later, within max_attempts
            boolean unavailable = e instanceof Problem p && p.type() == Problem.Type.UNAVAILABLE;
            ended = queue.fail(job, e.getMessage(), !unavailable).map(s -> s == Job.Status.FAILED).orElse(false);
        } catch (Exception e) {
            LOG.warn("Job {} ({}) attempt {} failed", job.id(), job.kind(), job.attempts(), e);
            ended = queue.fail(job, e.getClass().getSimpleName() + ": " + e.getMessage(), false)
                    .map(s -> s == Job.Status.FAILED).orElse(false);
        }
        // to be retried, or handed to another attempt: what the attempts share must stay (a job cancelled
        // while it ran has ended all the same)
        if (!ended && !queue.isCancelled(job.id())) {
            return;
        }
        try {
            handler.ended(job);
        } catch (RuntimeException e) {
            LOG.warn("Job {} ({}) ended, but cleaning up after it failed (a start-up sweep will): {}", job.id(), job.kind(), e.toString());
        }
    }

    /** Whether every slot is free (no job running in this worker). */
    public boolean idle(int concurrency) {
        return slots.availablePermits() == concurrency;
    }

    @Override
    public void close() {
        running.set(false);
        nudge();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> kinds() {
        return List.copyOf(handlers.keySet());
    }
}
