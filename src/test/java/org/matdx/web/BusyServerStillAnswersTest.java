package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.TestPlatform;

/**
 * Jobs that compute (a model's training, a campaign's proposal, a large file's parsing) must not
 * stop the server from answering. Virtual threads are never pre-empted while they compute: with
 * jobs and requests on virtual threads, as many busy jobs as the machine has cores left no carrier
 * for any request, and every request, a health check included, waited until a job ended.
 */
class BusyServerStillAnswersTest {
    static TestPlatform tp;
    static final int BUSY = Math.max(2, Runtime.getRuntime().availableProcessors());

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withWorkers(BUSY)).withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void requestsAreAnsweredWhileEveryJobSlotComputes() throws Exception {
        CountDownLatch started = new CountDownLatch(BUSY);
        AtomicBoolean answered = new AtomicBoolean();
        AtomicInteger ranOut = new AtomicInteger();
        tp.platform().worker().handle("test-compute", (job, progress) -> {
            started.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // a backstop, not a measure
            double x = 0;
            while (!answered.get()) {
                for (int i = 0; i < 100_000; i++) {
                    x += Math.sqrt(x + i);
                }
                if (System.nanoTime() > until) {
                    ranOut.incrementAndGet();
                    break;
                }
            }
            return Json.MAPPER.createObjectNode().put("x", x);
        });
        for (int i = 0; i < BUSY; i++) {
            tp.platform().jobs().enqueue("test-compute", Json.MAPPER.createObjectNode(), null);
        }
        tp.platform().worker().nudge();
        assertThat(started.await(120, TimeUnit.SECONDS)).as("every job slot computes").isTrue();
        try {
            var health = tp.anonymous().get("/api/v1/health");
            var page = tp.anonymous().get("/");
            assertThat(health.status()).isEqualTo(200);
            assertThat(page.status()).isEqualTo(200);
            assertThat(ranOut.get()).as("the requests were answered while every job still computed").isZero();
        } finally {
            answered.set(true);
        }
    }
}
