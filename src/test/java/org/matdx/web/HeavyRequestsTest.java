package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.testing.TestPlatform;

/** Computing requests share the machine: a caller is refused beyond its share, others are not. */
class HeavyRequestsTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void aCallerComputesAtMostItsShareAtOnce() {
        HeavyRequests heavy = new HeavyRequests(2, 10, Duration.ZERO);
        var a = heavy.enter("user:a");
        var b = heavy.enter("user:a");
        assertThatThrownBy(() -> heavy.enter("user:a")).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.type()).isEqualTo(Problem.Type.TOO_MANY_REQUESTS);
            assertThat(p.getMessage()).contains("of yours are still running");
        });
        try (var other = heavy.enter("user:b")) { // someone else is not held back by a's share
            assertThat(heavy.callersComputing()).isEqualTo(2);
        }
        a.close();
        a.close(); // closing twice gives back one place, not two
        var c = heavy.enter("user:a");
        assertThatThrownBy(() -> heavy.enter("user:a")).isInstanceOf(Problem.class);
        b.close();
        c.close();
        assertThat(heavy.callersComputing()).as("no caller is remembered once its work ended").isZero();
    }

    @Test
    void allCallersTogetherComputeAtMostTheOverallNumberAndTheRestAreToldToComeBack() {
        HeavyRequests heavy = new HeavyRequests(2, 1, Duration.ofMillis(1));
        try (var first = heavy.enter("address:10.0.0.1")) {
            assertThatThrownBy(() -> heavy.enter("address:10.0.0.2")).isInstanceOfSatisfying(Problem.class,
                    p -> assertThat(p.getMessage()).contains("busy"));
            assertThat(heavy.callersComputing()).as("a refused caller leaves no count behind").isEqualTo(1);
        }
        heavy.enter("address:10.0.0.2").close();
    }

    @Test
    void aPredictionBeyondTheCallersShareIsA429WithRetryAfterAndOthersGoOn() {
        var walker = tp.person("heavy-walker");
        var other = tp.person("heavy-other");
        String path = "/api/v1/models/" + UUID.randomUUID() + "/predict";
        String body = "{\"formula\": \"Fe2O3\"}";
        HeavyRequests heavy = tp.server().heavyRequests();
        try (var one = heavy.enter("user:" + walker.user().id()); var two = heavy.enter("user:" + walker.user().id())) {
            var refused = walker.api().post(path, body);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.json().path("detail").asString()).contains("still running");
            assertThat(other.api().post(path, body).status()).as("another account is not held back").isEqualTo(404);
        }
        assertThat(walker.api().post(path, body).status()).as("places given back").isEqualTo(404);
        try (var one = heavy.enter("address:127.0.0.1"); var two = heavy.enter("address:127.0.0.1")) {
            assertThat(tp.anonymous().post(path, body).status()).as("anonymous callers count by address").isEqualTo(429);
            assertThat(tp.anonymous().post("/api/v1/resources/screens", "{}").status()).isEqualTo(429);
            assertThat(tp.anonymous().get("/api/v1/health").status()).as("only computing requests are limited").isEqualTo(200);
        }
    }
}
