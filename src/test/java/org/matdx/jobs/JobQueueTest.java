package org.matdx.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.Eventually;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

class JobQueueTest {
    static TestPlatform tp;
    static JobQueue queue;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withWorkers(0));
        queue = tp.platform().jobs();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void concurrentClaimersNeverTakeTheSameJob() throws Exception {
        Set<UUID> enqueued = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            enqueued.add(queue.enqueue("exclusive", Json.object().put("i", i), null));
        }
        List<UUID> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < 6; w++) {
            String worker = "w" + w;
            pool.submit(() -> {
                go.await();
                while (true) {
                    var job = queue.claim(worker, List.of("exclusive"));
                    if (job.isEmpty()) {
                        return null;
                    }
                    claimed.add(job.get().id());
                    queue.succeed(job.get(), null);
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(enqueued);
    }

    @Test
    void failedAttemptsAreRetriedThenFailForGood() {
        UUID id = tp.platform().db().tx(h -> queue.enqueue(h, "flaky", Json.object(), null, 2));
        var first = queue.claim("w", List.of("flaky")).orElseThrow();
        queue.fail(first, "network hiccup", false);
        Job afterFirst = queue.get(id).orElseThrow();
        assertThat(afterFirst.status()).isEqualTo(Job.Status.QUEUED);
        assertThat(afterFirst.error()).isEqualTo("network hiccup");
        // back-off: not claimable until run_after passes; make it due now
        tp.platform().db().read(h -> h.execute("UPDATE jobs SET run_after = now() WHERE id = ?", id));
        var second = queue.claim("w", List.of("flaky")).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);
        queue.fail(second, "again", false);
        Job done = queue.get(id).orElseThrow();
        assertThat(done.status()).isEqualTo(Job.Status.FAILED);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void permanentFailureIsNotRetried() {
        UUID id = queue.enqueue("bad-input", Json.object(), null);
        var job = queue.claim("w", List.of("bad-input")).orElseThrow();
        queue.fail(job, "line 3: expected 2 columns", true);
        assertThat(queue.get(id).orElseThrow().status()).isEqualTo(Job.Status.FAILED);
    }

    @Test
    void jobOfASilentWorkerIsHandedOutAgain() {
        UUID id = queue.enqueue("orphan", Json.object(), null);
        queue.claim("dead-worker", List.of("orphan")).orElseThrow();
        tp.platform().db().read(h -> h.execute("UPDATE jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = ?", id));
        assertThat(queue.requeueAbandoned(Duration.ofMinutes(2))).isEqualTo(1);
        Job j = queue.get(id).orElseThrow();
        assertThat(j.status()).isEqualTo(Job.Status.QUEUED);
        assertThat(j.error()).contains("stopped responding");
    }

    @Test
    void jobsOfAWorkerProcessThatEndedOnThisHostAreHandedOutAtOnce() {
        UUID dead = queue.enqueue("crashed", Json.object(), null);
        UUID elsewhere = queue.enqueue("crashed", Json.object(), null);
        UUID living = queue.enqueue("crashed", Json.object(), null);
        queue.claim("4242@here", List.of("crashed")).orElseThrow();
        queue.claim("4242@there", List.of("crashed")).orElseThrow();
        queue.claim("77@here", List.of("crashed")).orElseThrow();
        // no silence to wait for: pid 4242 is gone, pid 77 lives, and "there" is another machine
        assertThat(queue.requeueOrphans("here", pid -> pid == 77)).isEqualTo(1);
        assertThat(queue.get(dead).orElseThrow().status()).isEqualTo(Job.Status.QUEUED);
        assertThat(queue.get(dead).orElseThrow().error()).contains("worker process ended");
        assertThat(queue.get(elsewhere).orElseThrow().status()).isEqualTo(Job.Status.RUNNING);
        assertThat(queue.get(living).orElseThrow().status()).isEqualTo(Job.Status.RUNNING);
    }

    @Test
    void workerRunsHandlersAndRecordsResultsAndProgress() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        try (Worker worker = new Worker(queue, "test-worker", 2)) {
            worker.handle("square", (job, progress) -> {
                progress.report(0.5, "half way");
                int x = job.payload().get("x").asInt();
                ran.countDown();
                return Json.object().put("y", x * x);
            });
            worker.handle("explode", (job, progress) -> {
                ran.countDown();
                throw new JobHandler.Permanent("row 7: composition 'Xq' has an unknown element");
            });
            worker.start();
            UUID ok = queue.enqueue("square", Json.object().put("x", 12), null);
            UUID bad = queue.enqueue("explode", Json.object(), null);
            worker.nudge();
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            Job okJob = awaitFinished(ok);
            Job badJob = awaitFinished(bad);
            assertThat(okJob.status()).isEqualTo(Job.Status.SUCCEEDED);
            JsonNode result = okJob.result();
            assertThat(result.get("y").asInt()).isEqualTo(144);
            assertThat(okJob.progress()).isEqualTo(1.0);
            assertThat(badJob.status()).isEqualTo(Job.Status.FAILED);
            assertThat(badJob.error()).contains("row 7");
            assertThat(badJob.attempts()).isEqualTo(1);
        }
    }

    /**
     * The lease is the worker's, not the job's progress: a job that reads one large file for longer
     * than the silence, reporting nothing, keeps its lease while its worker lives. The lease is
     * backdated past the silence instead of waiting it out; the worker must renew it on its own.
     */
    @Test
    void aJobThatReportsNothingKeepsItsLeaseWhileItsWorkerLives() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobHandler silent = (job, progress) -> {
            reading.countDown();
            release.await(); // one long read, no progress reported
            return Json.object();
        };
        try (Worker busy = new Worker(queue, "busy-worker", 1, Duration.ofSeconds(2))) {
            busy.handle("long-read", silent);
            busy.start();
            UUID id = queue.enqueue("long-read", Json.object(), null);
            busy.nudge();
            assertThat(reading.await(60, TimeUnit.SECONDS)).as("claimed").isTrue();
            tp.platform().db().read(h -> h.execute("UPDATE jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = ?", id));
            Eventually.holds("the worker renewed the lease of its silent job", Duration.ofSeconds(60), () -> tp.platform().db()
                    .read(h -> h.createQuery("SELECT heartbeat_at > now() - interval '1 minute' FROM jobs WHERE id = :id")
                            .bind("id", id).mapTo(Boolean.class).one()));
            assertThat(queue.requeueAbandoned(Duration.ofMinutes(2))).as("nothing to hand out again").isZero();
            release.countDown();
            Job done = awaitFinished(id);
            assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
            assertThat(done.attempts()).as("handed out once").isEqualTo(1);
        }
    }

    /** An attempt whose job was handed out again (its worker was thought gone) can change nothing of the next attempt's. */
    @Test
    void anAttemptOvertakenByTheNextChangesNothing() {
        UUID id = queue.enqueue("overtaken", Json.object(), null);
        Job first = queue.claim("slow-worker", List.of("overtaken")).orElseThrow();
        tp.platform().db().read(h -> h.execute("UPDATE jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = ?", id));
        assertThat(queue.requeueAbandoned(Duration.ofMinutes(2))).isEqualTo(1);
        Job second = queue.claim("other-worker", List.of("overtaken")).orElseThrow();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(queue.progress(first, 0.9, "still at it")).isFalse();
        assertThat(queue.succeed(first, Json.object().put("by", "first"))).isFalse();
        assertThat(queue.fail(first, "late failure", true)).isEmpty();
        Job running = queue.get(id).orElseThrow();
        assertThat(running.status()).isEqualTo(Job.Status.RUNNING);
        assertThat(running.message()).isNull();
        assertThat(queue.succeed(second, Json.object().put("by", "second"))).isTrue();
        assertThat(queue.get(id).orElseThrow().result().get("by").asString()).isEqualTo("second");
    }

    /**
     * What the attempts of a job share (its uploaded files) is removed only once the job's end is
     * committed, and not after an attempt that will be retried.
     */
    @Test
    void whatAttemptsShareGoesOnlyOnceTheEndIsCommitted() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch cleaned = new CountDownLatch(2);
        JobHandler handler = new JobHandler() {
            @Override
            public JsonNode run(Job job, Progress progress) {
                if (job.payload().path("fail").asBoolean() || job.attempts() == 1) {
                    throw new IllegalStateException("attempt " + job.attempts() + " failed");
                }
                return Json.object();
            }

            @Override
            public void ended(Job job) {
                seen.add(job.payload().path("name").asString() + " " + queue.get(job.id()).orElseThrow().status().code()
                        + " after attempt " + job.attempts());
                cleaned.countDown();
            }
        };
        try (Worker worker = new Worker(queue, "cleaning-worker", 1)) {
            worker.handle("shared-files", handler);
            worker.start();
            UUID retried = tp.platform().db().tx(h -> queue.enqueue(h, "shared-files", Json.object().put("name", "retried"), null, 3));
            UUID failing = tp.platform().db().tx(h -> queue.enqueue(h, "shared-files",
                    Json.object().put("name", "failing").put("fail", true), null, 2));
            Eventually.holds("both jobs ended and cleaned up: " + seen, Duration.ofSeconds(60), () -> {
                // the back-off between attempts is seconds: make the retries due at once
                tp.platform().db().read(h -> h.execute("UPDATE jobs SET run_after = now() WHERE kind = 'shared-files' AND status = 'queued'"));
                worker.nudge();
                return cleaned.getCount() == 0;
            });
            assertThat(awaitFinished(retried).status()).isEqualTo(Job.Status.SUCCEEDED);
            assertThat(awaitFinished(failing).status()).isEqualTo(Job.Status.FAILED);
        }
        assertThat(seen).containsExactlyInAnyOrder("retried succeeded after attempt 2", "failing failed after attempt 2");
    }

    @Test
    void cancelledJobIsNotClaimed() {
        UUID id = queue.enqueue("cancel-me", Json.object(), null);
        assertThat(queue.cancel(id)).isTrue();
        assertThat(queue.claim("w", List.of("cancel-me"))).isEmpty();
        assertThat(queue.isCancelled(id)).isTrue();
    }

    private static Job awaitFinished(UUID id) throws InterruptedException {
        return queue.awaitFinished(id, Duration.ofMinutes(2));
    }
}
