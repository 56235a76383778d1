package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.matdx.access.EmbargoLifter;
import org.matdx.core.AccessLevel;
import org.matdx.jobs.Job;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;

/**
 * Two platforms on one database, as two `up` processes of a cluster are: the embargo lifter —
 * at each start, and as the daily job — lifts each due embargo exactly once (one audit event per
 * dataset), and exactly one daily run stays queued however many processes start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSingletonsTest {
    static MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    static TestPlatform first;
    static TestPlatform second;
    static TestPlatform.Person owner;

    @BeforeAll
    static void start() {
        first = TestPlatform.start(c -> c.withClock(clock)).withServer();
        PlatformConfig shared = first.platform().config();
        second = TestPlatform.start(c -> c.withClock(clock).withDatabase(shared.dbUrl(), shared.dbUser(), shared.dbPassword()));
        owner = first.person("aiko");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    static long count(String sql) {
        return first.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static List<String> embargoed(int n, String until) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var r = owner.api().post("/api/v1/datasets", "{\"title\": \"Thin films " + i + "\", \"access\": \"embargoed\", "
                    + "\"embargo_until\": \"" + until + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            ids.add(r.json().get("id").asString());
        }
        return ids;
    }

    static long lifts() {
        return count("SELECT count(*) FROM audit_events WHERE action = 'dataset.embargo.lift'");
    }

    static long queuedLifts() {
        return count("SELECT count(*) FROM jobs WHERE kind = '" + EmbargoLifter.JOB_KIND + "' AND status = 'queued'");
    }

    @Test
    @Order(1)
    void theDailyLiftRunsInOneProcessOnceAndStaysQueuedOnce() throws Exception {
        // both processes started and scheduled: one queued daily run
        assertThat(queuedLifts()).isEqualTo(1);
        List<String> due = embargoed(6, "2026-03-02");
        UUID job = first.platform().db().read(h -> h.createQuery("SELECT id FROM jobs WHERE kind = :k AND status = 'queued'")
                .bind("k", EmbargoLifter.JOB_KIND).mapTo(UUID.class).one());
        long before = lifts();

        clock.set(Instant.parse("2026-03-02T00:06:00Z"));
        first.platform().worker().nudge();
        second.platform().worker().nudge();
        Job done = first.platform().jobs().awaitFinished(job, Duration.ofSeconds(60));

        assertThat(done.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.result().get("lifted").asInt()).isEqualTo(6);
        assertThat(lifts() - before).isEqualTo(6);
        for (String id : due) {
            assertThat(first.platform().datasets().get(UUID.fromString(id)).orElseThrow().access().level()).isEqualTo(AccessLevel.PUBLIC);
        }
        assertThat(count("SELECT count(*) FROM jobs WHERE kind = '" + EmbargoLifter.JOB_KIND + "' AND status <> 'queued'")).isEqualTo(1);
        assertThat(queuedLifts()).isEqualTo(1);
        // a third process starting now schedules nothing more
        PlatformConfig shared = first.platform().config();
        try (TestPlatform third = TestPlatform.start(c -> c.withClock(clock).withDatabase(shared.dbUrl(), shared.dbUser(),
                shared.dbPassword()))) {
            assertThat(third.platform().embargoes()).isNotNull();
            assertThat(queuedLifts()).isEqualTo(1);
        }
    }

    @Test
    @Order(2) // the clock only moves forward
    void liftsRunAtOnceInTwoProcessesLiftEachDatasetOnce() throws Exception {
        List<String> due = embargoed(20, "2026-03-05");
        clock.set(Instant.parse("2026-03-06T12:00:00Z"));
        long before = lifts();
        CyclicBarrier together = new CyclicBarrier(4);
        List<Callable<Integer>> runs = new ArrayList<>();
        for (TestPlatform p : List.of(first, second, first, second)) {
            runs.add(() -> {
                together.await();
                return p.platform().embargoes().liftDue().size();
            });
        }
        int lifted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> f : pool.invokeAll(runs)) {
                lifted += f.get();
            }
        }
        assertThat(lifted).isEqualTo(due.size());
        assertThat(lifts() - before).isEqualTo(due.size());
        assertThat(count("SELECT count(*) FROM (SELECT object_id FROM audit_events WHERE action = 'dataset.embargo.lift' "
                + "GROUP BY object_id HAVING count(*) > 1) twice")).isZero();
    }
}
