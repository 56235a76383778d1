package org.matdx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.WebSession;

/**
 * The audit trail keeps what matters — reads of closed data, writes, sign-ins — and an anonymous
 * flood cannot grow it: anonymous reads show public data only and are not recorded one by one;
 * made-up accounts, unknown tokens and throttled attempts are tallied per hour and address.
 */
class AuditVolumeTest {
    static final String PASSWORD = "correct horse battery";
    /** Time stands still: a throttle, once engaged, holds for the whole flood. */
    static final org.matdx.testing.MutableClock CLOCK = org.matdx.testing.MutableClock.at("2026-06-01T09:00:00Z");
    static TestPlatform tp;
    static TestPlatform.Person owner;
    static String open;
    static String embargoed;
    static String closed;
    static String openEntry;
    static String embargoedEntry;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(CLOCK)).withServer();
        owner = tp.person("olga");
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "pia", "Pia", null, null, PASSWORD, false);
        open = dataset("{\"title\": \"open\", \"access\": \"public\"}");
        embargoed = dataset("{\"title\": \"embargoed\", \"access\": \"embargoed\", \"embargo_until\": \""
                + LocalDate.of(2027, 6, 1) + "\"}");
        closed = dataset("{\"title\": \"closed\", \"access\": \"private\"}");
        openEntry = entry(open);
        embargoedEntry = entry(embargoed);
        entry(closed);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(String json) {
        ApiClient.Response r = owner.api().post("/api/v1/datasets", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String entry(String dataset) {
        return owner.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"formula\": \"SrTiO3\"}").json().get("id").asString();
    }

    static long events() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM audit_events").mapTo(Long.class).one());
    }

    static long tallied(String action) {
        return tp.platform().db().read(h -> h.createQuery("SELECT COALESCE(sum(count), 0) FROM audit_tallies WHERE action = :a")
                .bind("a", action).mapTo(Long.class).one());
    }

    /** One round of what an anonymous visitor (or script) can do, reads and failed sign-ins alike. */
    static void anonymousRound(int i) {
        ApiClient anon = tp.anonymous();
        for (String path : List.of("/api/v1/datasets/" + open, "/api/v1/datasets/" + embargoed,
                "/api/v1/datasets/" + embargoed + "/entries", "/api/v1/datasets/" + open + "/entries",
                "/api/v1/entries/" + openEntry, "/api/v1/entries/" + embargoedEntry, "/api/v1/search?formula=SrTiO3",
                "/optimade/v1/structures", "/datasets/" + embargoed, "/entries/" + embargoedEntry, "/datasets/" + closed)) {
            assertThat(anon.get(path).status()).as(path).isIn(200, 404);
        }
        // unknown tokens, from an address of their own
        new ApiClient(tp.baseUrl(), "mdx_made-up-" + i).from("127.0.0.61").get("/api/v1/datasets");
        // sign-in attempts: names nobody has, and a real account (throttled after its allowance)
        WebSession b = WebSession.at(tp.baseUrl(), "127.0.0.62");
        assertThat(b.postForm("/login", Map.of("username", "ghost" + i, "password", "whatever it is", "_csrf",
                WebSession.csrfOf(b.get("/login").body()))).status()).isEqualTo(401);
        assertThat(b.postForm("/login", Map.of("username", "pia", "password", "guess " + i, "_csrf",
                WebSession.csrfOf(b.get("/login").body()))).status()).isIn(401, 429);
    }

    @Test
    void anAnonymousFloodAddsABoundedNumberOfEvents() {
        long before = events();
        for (int i = 0; i < 25; i++) {
            anonymousRound(i);
        }
        long warmedUp = events();
        for (int i = 25; i < 75; i++) {
            anonymousRound(i);
        }
        // 25 rounds: pia's five checked failures, the event that throttling her started, the one that
        // throttling the token guesser's address started; fifty rounds more add nothing
        assertThat(warmedUp - before).isEqualTo(7);
        assertThat(events()).isEqualTo(warmedUp);
        // yet nothing went unnoticed: the tallies count what happened, per hour and address
        assertThat(tallied("login.failed.token")).isEqualTo(20);
        assertThat(tallied("login.token.held_back")).isEqualTo(55);
        assertThat(tallied("login.failed.unknown_account")).isEqualTo(75);
        assertThat(tallied("login.held_back")).isEqualTo(70);
        assertThat(tp.platform().audit().tallies(java.time.Instant.EPOCH, 100))
                .allMatch(t -> t.remoteAddress().equals("127.0.0.61") || t.remoteAddress().equals("127.0.0.62"));
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
    }

    @Test
    void readsOfClosedDataWritesAndSignInsAreStillRecorded() {
        var reviewer = tp.person("rex");
        owner.api().put("/api/v1/datasets/" + closed + "/coworkers/rex", "{\"role\": \"reviewer\"}");
        long before = events();
        assertThat(reviewer.api().get("/api/v1/datasets/" + closed).status()).isEqualTo(200);
        assertThat(reviewer.api().get("/api/v1/datasets/" + closed + "/entries").status()).isEqualTo(200);
        assertThat(owner.api().get("/api/v1/entries/" + embargoedEntry).status()).isEqualTo(200);
        var recent = tp.platform().audit().recent(10);
        assertThat(recent.stream().map(e -> e.actor() + " " + e.action()).toList())
                .contains("rex dataset.read", "rex dataset.entries.read", "olga entry.read");
        // a signed-in person reading only what the public sees (an embargoed dataset's description) is not recorded
        long mid = events();
        assertThat(reviewer.api().get("/api/v1/datasets/" + embargoed).status()).isEqualTo(200);
        assertThat(reviewer.api().get("/api/v1/datasets/" + open + "/entries").status()).isEqualTo(200);
        assertThat(events()).isEqualTo(mid);
        assertThat(mid - before).isEqualTo(3);
        // pia signs in at her own desk, whatever was guessed at her account from elsewhere
        WebSession b = new WebSession(tp.baseUrl());
        assertThat(b.login("pia", PASSWORD).status()).isEqualTo(303);
        assertThat(tp.platform().audit().recent(3).stream().map(e -> e.actor() + " " + e.action())).contains("pia login");
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
    }
}
