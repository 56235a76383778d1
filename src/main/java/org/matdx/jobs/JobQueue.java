package org.matdx.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import tools.jackson.databind.JsonNode;

/**
 * The job queue, kept in PostgreSQL. Workers claim the oldest ready job with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of worker threads and processes share one queue
 * without claiming the same job twice. A job whose worker stops sending heartbeats is handed out
 * again.
 */
public final class JobQueue {
    private final Database db;
    private final Clock clock;

    public JobQueue(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public UUID enqueue(String kind, JsonNode payload, UUID createdBy) {
        return db.tx(h -> enqueue(h, kind, payload, createdBy, 3));
    }

    /** Enqueues inside the caller's transaction: the job exists only if that transaction commits. */
    public UUID enqueue(Handle h, String kind, JsonNode payload, UUID createdBy, int maxAttempts) {
        UUID id = Ids.newId();
        h.createUpdate("""
                        INSERT INTO jobs (id, kind, payload, status, max_attempts, created_by, created_at, run_after)
                        VALUES (:id, :kind, CAST(:payload AS jsonb), 'queued', :max, :by, :now, :now)""")
                .bind("id", id).bind("kind", kind).bind("payload", Json.write(payload == null ? Json.object() : payload))
                .bind("max", maxAttempts).bind("by", createdBy).bind("now", clock.instant())
                .execute();
        h.execute("NOTIFY matdx_jobs");
        return id;
    }

    /** Enqueues a job that may not start before {@code runAfter} (daily runs, delayed work). */
    public UUID enqueueAt(Handle h, String kind, JsonNode payload, UUID createdBy, int maxAttempts, Instant runAfter) {
        UUID id = enqueue(h, kind, payload, createdBy, maxAttempts);
        h.createUpdate("UPDATE jobs SET run_after = :at WHERE id = :id").bind("at", runAfter).bind("id", id).execute();
        return id;
    }

    /** Whether a job of {@code kind} waits in the queue (a daily run already scheduled), inside the caller's transaction. */
    public boolean hasQueued(Handle h, String kind) {
        return h.createQuery("SELECT count(*) > 0 FROM jobs WHERE kind = :k AND status = 'queued'")
                .bind("k", kind).mapTo(Boolean.class).one();
    }

    /**
     * Forgets, inside the caller's transaction, every job not running whose payload or result names
     * {@code subject} (a dataset being removed): queued work on it would fail, finished work is
     * history of something that is gone. A running job is left to end on its own. Returns how many.
     */
    public int forgetJobsAbout(Handle h, UUID subject) {
        return h.createUpdate("DELETE FROM jobs WHERE status <> 'running' AND (payload::text || coalesce(result::text, '')) LIKE :s")
                .bind("s", "%" + subject + "%").execute();
    }

    /** Claims the next ready job of one of the given kinds, or empty when there is none. */
    public Optional<Job> claim(String workerId, List<String> kinds) {
        return db.tx(h -> h.createQuery("""
                        UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = :worker,
                                        started_at = :now, heartbeat_at = :now, error = NULL
                        WHERE id = (SELECT id FROM jobs
                                    WHERE status = 'queued' AND run_after <= :now AND kind = ANY(:kinds)
                                    ORDER BY run_after, created_at
                                    FOR UPDATE SKIP LOCKED LIMIT 1)
                        RETURNING *""")
                .bind("worker", workerId).bind("now", clock.instant())
                .bindArray("kinds", String.class, kinds)
                .map((rs, ctx) -> job(rs)).findOne());
    }

    /*
     * An attempt's own writes (progress, success, failure) are fenced by its attempt number: once its
     * job was handed out again (its worker fell silent, its process was thought dead) the old attempt
     * can no longer change what the new one is doing.
     */

    /** Records how far an attempt has come; false when the job is no longer this attempt's. */
    public boolean progress(Job attempt, double fraction, String message) {
        return db.read(h -> h.createUpdate("""
                        UPDATE jobs SET progress = :p, message = :m, heartbeat_at = :now
                        WHERE id = :id AND status = 'running' AND attempts = :attempt""")
                .bind("p", fraction).bind("m", message).bind("now", clock.instant()).bind("id", attempt.id())
                .bind("attempt", attempt.attempts()).execute()) == 1;
    }

    /** Marks the attempt's job succeeded; false when the job is no longer this attempt's. */
    public boolean succeed(Job attempt, JsonNode result) {
        return db.read(h -> h.createUpdate("""
                        UPDATE jobs SET status = 'succeeded', progress = 1, result = CAST(:r AS jsonb),
                                        finished_at = :now, locked_by = NULL
                        WHERE id = :id AND status = 'running' AND attempts = :attempt""")
                .bind("r", Json.write(result == null ? Json.object() : result)).bind("now", clock.instant())
                .bind("id", attempt.id()).bind("attempt", attempt.attempts()).execute()) == 1;
    }

    /**
     * Records a failed attempt: back in the queue with back-off, or failed for good after the last
     * attempt. Returns the job's status after it, or empty when the job is no longer this attempt's.
     */
    public Optional<Job.Status> fail(Job attempt, String error, boolean permanent) {
        return db.read(h -> h.createQuery("""
                        UPDATE jobs SET
                            status = CASE WHEN :permanent OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                            run_after = :now + (interval '2 seconds' * power(2, attempts)),
                            finished_at = CASE WHEN :permanent OR attempts >= max_attempts THEN :now ELSE NULL END,
                            error = :error, locked_by = NULL
                        WHERE id = :id AND status = 'running' AND attempts = :attempt
                        RETURNING status""")
                .bind("permanent", permanent).bind("now", clock.instant()).bind("error", error).bind("id", attempt.id())
                .bind("attempt", attempt.attempts()).map((rs, ctx) -> Job.Status.of(rs.getString(1))).findOne());
    }

    /**
     * Renews the lease of every job this worker is running: the worker is alive, however long a
     * job goes without reporting progress (a large file being read, a long training step).
     */
    public int heartbeat(String workerId) {
        return db.read(h -> h.createUpdate("UPDATE jobs SET heartbeat_at = :now WHERE status = 'running' AND locked_by = :worker")
                .bind("now", clock.instant()).bind("worker", workerId).execute());
    }

    public boolean cancel(UUID id) {
        return db.read(h -> h.createUpdate("""
                        UPDATE jobs SET status = 'cancelled', finished_at = :now, locked_by = NULL
                        WHERE id = :id AND status IN ('queued', 'running')""")
                .bind("now", clock.instant()).bind("id", id).execute()) == 1;
    }

    public boolean isCancelled(UUID id) {
        return db.read(h -> h.createQuery("SELECT status = 'cancelled' FROM jobs WHERE id = :id").bind("id", id)
                .mapTo(Boolean.class).findOne().orElse(true));
    }

    /** Puts back jobs whose worker has been silent for {@code silence} (it died or lost its connection). */
    public int requeueAbandoned(Duration silence) {
        return db.read(h -> h.createUpdate("""
                        UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                                        error = 'the worker stopped responding', locked_by = NULL,
                                        finished_at = CASE WHEN attempts >= max_attempts THEN :now ELSE NULL END
                        WHERE status = 'running' AND heartbeat_at < :cutoff""")
                .bind("now", clock.instant()).bind("cutoff", clock.instant().minus(silence)).execute());
    }

    /**
     * Puts back at once the running jobs of worker processes on this host that no longer exist
     * (killed, or the machine restarted), rather than after {@code silence}: a restarted server
     * resumes its interrupted work as it starts. Worker ids are {@code pid@host}.
     */
    public int requeueOrphans(String host, LongPredicate alive) {
        List<String> holders = db.read(h -> h.createQuery(
                        "SELECT DISTINCT locked_by FROM jobs WHERE status = 'running' AND split_part(locked_by, '@', 2) = :host")
                .bind("host", host).mapTo(String.class).list());
        int requeued = 0;
        for (String holder : holders) {
            String pid = holder.substring(0, holder.indexOf('@'));
            if (!pid.matches("\\d{1,18}") || alive.test(Long.parseLong(pid))) {
                continue;
            }
            requeued += db.read(h -> h.createUpdate("""
                            UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                                            error = 'the worker process ended while running it', locked_by = NULL,
                                            run_after = :now,
                                            finished_at = CASE WHEN attempts >= max_attempts THEN :now ELSE NULL END
                            WHERE status = 'running' AND locked_by = :holder""")
                    .bind("now", clock.instant()).bind("holder", holder).execute());
        }
        return requeued;
    }

    /**
     * Waits until the job has finished (succeeded, failed or cancelled) and returns it; for
     * commands that enqueue work and report its outcome. Gives up after {@code timeout}.
     */
    public Job awaitFinished(UUID id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            Job j = get(id).orElseThrow(() -> new IllegalArgumentException("no job " + id));
            if (j.status().finished()) {
                return j;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + id + " (" + j.kind() + ") has not finished after " + timeout
                        + "; it is " + j.status().code() + (j.message() == null ? "" : ": " + j.message()));
            }
            Thread.sleep(pause);
            pause = Math.min(200, pause * 2);
        }
    }

    /**
     * The status of the jobs of one kind whose payload's {@code field} is one of {@code values}
     * (e.g. the jobs that read given inboxes), keyed by that value.
     */
    public Map<String, Job.Status> statusesBy(String kind, String field, Collection<String> values) {
        Map<String, Job.Status> status = new HashMap<>();
        if (values.isEmpty()) {
            return status;
        }
        db.read(h -> h.createQuery("SELECT payload->>:field, status FROM jobs WHERE kind = :kind AND payload->>:field = ANY(:values)")
                        .bind("field", field).bind("kind", kind).bindArray("values", String.class, values.toArray(String[]::new))
                        .map((rs, ctx) -> Map.entry(rs.getString(1), Job.Status.of(rs.getString(2)))).list())
                .forEach(e -> status.put(e.getKey(), e.getValue()));
        return status;
    }

    public Optional<Job> get(UUID id) {
        return db.read(h -> h.createQuery("SELECT * FROM jobs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> job(rs)).findOne());
    }

    static Job job(ResultSet rs) throws SQLException {
        double p = rs.getDouble("progress");
        Double progress = rs.wasNull() ? null : p;
        return new Job(Rows.uuid(rs, "id"), rs.getString("kind"), Rows.json(rs, "payload"),
                Job.Status.of(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"), progress,
                rs.getString("message"), Rows.json(rs, "result"), rs.getString("error"), Rows.uuid(rs, "created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"));
    }
}
