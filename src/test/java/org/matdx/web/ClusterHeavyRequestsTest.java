package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.platform.PlatformConfig;
import org.matdx.store.ComputingPlaces;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;

/**
 * Two platforms on one database, as two servers of a cluster: a caller's two places in computing
 * requests are two in all, not two per server; places of a server that died come back; many
 * callers racing on both servers each get exactly their share. The clock is the test's, so leases
 * run out when the test says, never by waiting.
 */
class ClusterHeavyRequestsTest {
    static MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    static TestPlatform first;
    static TestPlatform second;

    @BeforeAll
    static void start() {
        first = TestPlatform.start(c -> c.withClock(clock)).withServer();
        PlatformConfig shared = first.platform().config();
        second = TestPlatform.start(c -> c.withClock(clock).withDatabase(shared.dbUrl(), shared.dbUser(), shared.dbPassword()));
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

    static HeavyRequests on(TestPlatform tp) {
        return new HeavyRequests(2, 100, Duration.ZERO, tp.platform().computingPlaces());
    }

    static long placesOf(String key) {
        return first.platform().db().read(h -> h.createQuery("SELECT count(*) FROM computing_places WHERE caller_key = :k")
                .bind("k", key).mapTo(Long.class).one());
    }

    @Test
    void aCallersTwoPlacesAreTwoAcrossBothServers() {
        HeavyRequests a = on(first);
        HeavyRequests b = on(second);
        var one = a.enter("user:kenji");
        var two = b.enter("user:kenji");
        assertThatThrownBy(() -> a.enter("user:kenji")).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.type()).isEqualTo(Problem.Type.TOO_MANY_REQUESTS);
            assertThat(p.getMessage()).contains("on this server or another");
        });
        assertThatThrownBy(() -> b.enter("user:kenji")).isInstanceOf(Problem.class);
        assertThat(a.callersComputing()).as("a refused request leaves no count behind").isEqualTo(1);
        try (var other = a.enter("user:mei"); var other2 = b.enter("user:mei")) {
            assertThat(placesOf("user:mei")).as("another caller has places of its own").isEqualTo(2);
        }
        two.close();
        two.close(); // closing twice gives back one place, not two
        var three = a.enter("user:kenji"); // the place given back on B is taken on A
        assertThatThrownBy(() -> b.enter("user:kenji")).isInstanceOf(Problem.class);
        one.close();
        three.close();
        assertThat(placesOf("user:kenji")).as("no place kept once the work ended").isZero();
    }

    @Test
    void overHttpACallerComputingOnTheOtherServerIsRefusedWithRetryAfter() {
        var walker = first.person("places-walker");
        String key = "user:" + walker.user().id();
        String path = "/api/v1/models/" + UUID.randomUUID() + "/predict";
        HeavyRequests b = on(second);
        try (var one = b.enter(key); var two = b.enter(key)) {
            var refused = walker.api().post(path, "{\"formula\": \"Fe2O3\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.json().path("detail").asString()).contains("on this server or another");
        }
        assertThat(walker.api().post(path, "{\"formula\": \"Fe2O3\"}").status()).as("places given back on the other server")
                .isEqualTo(404);
    }

    @Test
    void theLeaseOfAKilledServerRunsOutAndALiveOnesIsRenewed() {
        // a server that takes both places of a caller and then dies: it neither gives them back nor renews them
        try (var doomed = new ComputingPlaces(second.platform().db(), clock)) {
            HeavyRequests dying = new HeavyRequests(2, 100, Duration.ZERO, doomed);
            dying.enter("user:ren");
            dying.enter("user:ren");
        }
        HeavyRequests a = on(first);
        assertThatThrownBy(() -> a.enter("user:ren")).as("held until the lease runs out").isInstanceOf(Problem.class);
        clock.advance(ComputingPlaces.LEASE.plusSeconds(1));
        try (var p1 = a.enter("user:ren"); var p2 = a.enter("user:ren")) {
            assertThat(placesOf("user:ren")).isEqualTo(2);
            // a live server's request computing longer than a lease keeps its places by renewing them
            clock.advance(ComputingPlaces.LEASE.dividedBy(2));
            first.platform().computingPlaces().renew();
            clock.advance(ComputingPlaces.LEASE.dividedBy(2).plusSeconds(1));
            assertThatThrownBy(() -> on(second).enter("user:ren")).as("renewed, so still held").isInstanceOf(Problem.class);
        }
    }

    @Test
    void placesOfADeadProcessOnThisHostAreFreedAtOnceByTheNextStart() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String holder = first.platform().computingPlaces().holder();
        String host = holder.substring(holder.indexOf('@'), holder.lastIndexOf('/'));
        String dead = gone.pid() + host + "/" + UUID.randomUUID();
        String otherHost = gone.pid() + "@elsewhere.example/" + UUID.randomUUID();
        first.platform().db().run(h -> {
            h.execute("INSERT INTO computing_places VALUES ('user:yui', 0, ?, ?), ('user:yui', 1, ?, ?), ('user:sora', 0, ?, ?)",
                    dead, clock.instant().plus(Duration.ofHours(1)), dead, clock.instant().plus(Duration.ofHours(1)),
                    otherHost, clock.instant().plus(Duration.ofHours(1)));
        });
        assertThatThrownBy(() -> on(first).enter("user:yui")).isInstanceOf(Problem.class);
        try (var restarted = new ComputingPlaces(first.platform().db(), clock)) {
            assertThat(placesOf("user:yui")).as("the dead process's places on this host are free").isZero();
            assertThat(placesOf("user:sora")).as("another host's process cannot be checked: its lease runs out").isEqualTo(1);
            assertThat(restarted.holder()).isNotEqualTo(holder);
        }
        first.platform().db().run(h -> h.execute("DELETE FROM computing_places WHERE caller_key = 'user:sora'"));
    }

    @Test
    void manyCallersRacingOnBothServersEachGetExactlyTwoPlaces() throws Exception {
        int callers = 8;
        int attemptsEach = 6;
        HeavyRequests a = on(first);
        HeavyRequests b = on(second);
        CyclicBarrier together = new CyclicBarrier(callers * attemptsEach);
        Map<String, AtomicInteger> admitted = new ConcurrentHashMap<>();
        List<HeavyRequests.Permit> held = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(callers * attemptsEach);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                String key = "address:10.1.0." + c;
                admitted.put(key, new AtomicInteger());
                for (int i = 0; i < attemptsEach; i++) {
                    HeavyRequests server = i % 2 == 0 ? a : b;
                    all.add(pool.submit(() -> {
                        together.await();
                        try {
                            held.add(server.enter(key)); // kept until every attempt is over
                            admitted.get(key).incrementAndGet();
                        } catch (Problem refused) {
                            assertThat(refused.type()).isEqualTo(Problem.Type.TOO_MANY_REQUESTS);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        admitted.forEach((key, n) -> assertThat(n.get()).as(key + " admitted").isEqualTo(2));
        held.forEach(HeavyRequests.Permit::close);
        for (int c = 0; c < callers; c++) {
            assertThat(placesOf("address:10.1.0." + c)).isZero();
        }
    }
}
