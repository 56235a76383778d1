package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.WebSession;

/**
 * Password guessing against the sign-in form and the bearer-token check, as an attacker would
 * try it: many wrong passwords at once, from one address or many, against one account or several.
 * Clients connect from different loopback addresses (127.0.0.x) so the server sees them apart.
 */
class SignInThrottleTest {
    static final String PASSWORD = "correct horse battery";
    /** Wrong passwords checked for one account from one address before sign-in is held back (docs/SECURITY.md). */
    static final int PAIR_ALLOWANCE = 5;
    static MutableClock clock = MutableClock.at("2026-06-01T09:00:00Z");
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static void account(String name) {
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, name, name, null, null, PASSWORD, false);
    }

    static WebSession at(String address) {
        return WebSession.at(tp.baseUrl(), address);
    }

    static ApiClient.Response attempt(WebSession b, String user, String password) {
        return b.postForm("/login", Map.of("username", user, "password", password, "_csrf",
                WebSession.csrfOf(b.get("/login").body()), "next", "/datasets"));
    }

    @Test
    void aBurstOfWrongPasswordsIsCheckedOnlyUpToTheAllowanceAndTheRightOneIsHeldBackToo() throws Exception {
        account("bella");
        account("boris");
        int burst = 40;
        List<WebSession> browsers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            WebSession b = at("127.0.0.11");
            tokens.add(WebSession.csrfOf(b.get("/login").body()));
            browsers.add(b);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                WebSession b = browsers.get(i);
                String token = tokens.get(i);
                String guess = "guess number " + i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return b.postForm("/login", Map.of("username", "bella", "password", guess, "_csrf", token)).status();
                }, pool));
            }
            go.countDown();
            // the right password arrives while the burst is still being checked: as soon as one guess is held back
            CompletableFuture<Void> firstHeldBack = new CompletableFuture<>();
            answers.forEach(f -> f.thenAccept(s -> {
                if (s == 429) {
                    firstHeldBack.complete(null);
                }
            }));
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> firstHeldBack.complete(null));
            firstHeldBack.get(120, TimeUnit.SECONDS);
            ApiClient.Response right = attempt(at("127.0.0.11"), "bella", PASSWORD);
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
            long checked = statuses.stream().filter(s -> s == 401).count();
            assertThat(checked).as("wrong passwords actually checked, of %d sent at once: %s", burst, statuses)
                    .isBetween(1L, (long) PAIR_ALLOWANCE);
            assertThat(statuses).containsOnly(401, 429);
            assertThat(right.status()).as("the right password in the same burst").isEqualTo(429);
            assertThat(right.body()).contains("Too many failed sign-ins");
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
        } finally {
            pool.shutdownNow();
        }
        // nobody else at that address is locked out by it
        assertThat(attempt(at("127.0.0.11"), "boris", PASSWORD).status()).isEqualTo(303);
        // nor is bella herself at her own desk
        assertThat(attempt(at("127.0.0.12"), "bella", PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void twoServersSharingTheDatabaseCountTogether() throws Exception {
        // what two `up` processes have: separate connection pools, one PostgreSQL
        var config = tp.platform().config();
        try (var other = org.matdx.store.Database.connect(config.dbUrl(), config.dbUser(), config.dbPassword(), 8)) {
            SignInThrottle[] servers = {
                    new SignInThrottle(new org.matdx.store.ThrottleStore(tp.platform().db()), clock),
                    new SignInThrottle(new org.matdx.store.ThrottleStore(other), clock)};
            int burst = 30;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(burst);
            try {
                List<CompletableFuture<Boolean>> admitted = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    SignInThrottle server = servers[i % 2];
                    admitted.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                            server.admitPassword("shared", "192.0.2.7");
                            return true;
                        } catch (SignInThrottle.HeldBack b) {
                            return false;
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }, pool));
                }
                go.countDown();
                assertThat(admitted.stream().filter(CompletableFuture::join).count()).isEqualTo(PAIR_ALLOWANCE);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anAttackerAtOneAddressDoesNotLockTheOwnerOutElsewhere() {
        account("xena");
        WebSession attacker = at("127.0.0.21");
        for (int i = 0; i < 30; i++) {
            attempt(attacker, "xena", "try " + i);
        }
        assertThat(attempt(attacker, "xena", PASSWORD).status()).isEqualTo(429);
        assertThat(attempt(at("127.0.0.22"), "xena", PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void theWaitDoublesWithEveryFurtherFailureAndASuccessEndsIt() {
        account("dora");
        WebSession b = at("127.0.0.31");
        for (int i = 0; i < PAIR_ALLOWANCE; i++) {
            assertThat(attempt(b, "dora", "wrong " + i).status()).isEqualTo(401);
        }
        List<Long> waits = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            ApiClient.Response held = attempt(b, "dora", PASSWORD);
            assertThat(held.status()).isEqualTo(429);
            long wait = Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
            waits.add(wait);
            clock.advance(Duration.ofSeconds(wait));
            assertThat(attempt(b, "dora", "wrong again " + round).status()).isEqualTo(401);
        }
        assertThat(waits.get(1)).isEqualTo(2 * waits.get(0));
        assertThat(waits.get(2)).isEqualTo(2 * waits.get(1));
        assertThat(waits.get(3)).isEqualTo(2 * waits.get(2));
        clock.advance(Duration.ofSeconds(Long.parseLong(attempt(b, "dora", PASSWORD).headers().firstValue("Retry-After").orElseThrow())));
        assertThat(attempt(b, "dora", PASSWORD).status()).isEqualTo(303);
        // after a success the count starts again
        WebSession later = at("127.0.0.31");
        for (int i = 0; i < PAIR_ALLOWANCE - 1; i++) {
            assertThat(attempt(later, "dora", "slip " + i).status()).isEqualTo(401);
        }
        assertThat(attempt(later, "dora", PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void guessesFromManyAddressesHoldTheAccountBackButNotWhereItsOwnerSignedInBefore() {
        account("mona");
        assertThat(attempt(at("127.0.0.41"), "mona", PASSWORD).status()).isEqualTo(303);
        for (int a = 0; a < 12; a++) {
            WebSession bot = at("127.0.0." + (50 + a));
            for (int i = 0; i < PAIR_ALLOWANCE; i++) {
                attempt(bot, "mona", "bot " + a + " try " + i);
            }
        }
        // a new address is held back: the account as a whole is being guessed at
        assertThat(attempt(at("127.0.0.70"), "mona", PASSWORD).status()).isEqualTo(429);
        // where mona signed in before, she still gets in
        assertThat(attempt(at("127.0.0.41"), "mona", PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void unknownBearerTokensAreThrottledPerAddressAndAThrottledAddressLearnsNothing() {
        var person = tp.person("tomas");
        ApiClient guesser = new ApiClient(tp.baseUrl(), "mdx_notARealToken").from("127.0.0.81");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(new ApiClient(tp.baseUrl(), "mdx_guess" + i).from("127.0.0.81").get("/api/v1/me").status());
        }
        assertThat(statuses).contains(429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(20);
        // while held back, even a real token from there is not checked: the answer reveals nothing
        ApiClient.Response real = person.api().from("127.0.0.81").get("/api/v1/me");
        assertThat(real.status()).isEqualTo(429);
        assertThat(real.headers().firstValue("Retry-After")).isPresent();
        assertThat(guesser.get("/api/v1/me").json().get("detail").asString()).containsIgnoringCase("too many");
        // the same token from elsewhere works
        assertThat(person.api().from("127.0.0.82").get("/api/v1/me").status()).isEqualTo(200);
    }
}
