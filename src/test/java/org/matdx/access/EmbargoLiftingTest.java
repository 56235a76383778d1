package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AccessLevel;
import org.matdx.core.AuditEvent;
import org.matdx.jobs.Job;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/**
 * Embargoes end on their date (the daily job, driven here by a clock the test moves), early at
 * the owner's word, or a year later on request — once. Each change is in the audit trail.
 */
class EmbargoLiftingTest {
    static MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    static TestPlatform tp;
    static Person owner;
    static Person stranger;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
        owner = tp.person("aiko");
        stranger = tp.person("bert");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String embargoed(String until) {
        var r = owner.api().post("/api/v1/datasets", "{\"title\": \"XRD of thin films\", \"access\": \"embargoed\", \"embargo_until\": \"" + until + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        owner.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"Ga2O3\", \"properties\": {\"band_gap\": {\"value\": 4.8, \"unit\": \"eV\"}}}");
        return id;
    }

    static AccessLevel level(String id) {
        return tp.platform().datasets().get(UUID.fromString(id)).orElseThrow().access().level();
    }

    static String entriesVisibility(String id) {
        return stranger.api().get("/api/v1/datasets/" + id + "/entries").json().get("items").get(0).get("visibility").asString();
    }

    @Test
    void theDailyJobLiftsEmbargoesWhoseDateHasComeAndNoOthers() throws Exception {
        String soon = embargoed("2026-03-03");
        String later = embargoed("2027-03-01");
        assertThat(entriesVisibility(soon)).isEqualTo("metadata");
        // one daily run is queued for shortly after the coming midnight
        var queued = tp.platform().db().read(h -> h.createQuery(
                "SELECT id, run_after FROM jobs WHERE kind = :k AND status = 'queued'").bind("k", EmbargoLifter.JOB_KIND)
                .map((rs, ctx) -> new Object[] {rs.getObject("id", UUID.class), rs.getObject("run_after", java.time.OffsetDateTime.class)}).list());
        assertThat(queued).hasSize(1);
        assertThat(((java.time.OffsetDateTime) queued.get(0)[1]).toInstant()).isEqualTo(Instant.parse("2026-03-02T00:05:00Z"));

        // the job runs on 2 March: nothing is due yet
        clock.set(Instant.parse("2026-03-02T00:06:00Z"));
        tp.platform().worker().nudge();
        Job first = tp.platform().jobs().awaitFinished((UUID) queued.get(0)[0], Duration.ofSeconds(60));
        assertThat(first.status()).isEqualTo(Job.Status.SUCCEEDED);
        assertThat(first.result().get("lifted").asInt()).isZero();
        assertThat(level(soon)).isEqualTo(AccessLevel.EMBARGOED);

        // on 3 March the next run lifts the first embargo only
        clock.set(Instant.parse("2026-03-03T00:06:00Z"));
        UUID next = tp.platform().db().read(h -> h.createQuery("SELECT id FROM jobs WHERE kind = :k AND status = 'queued'")
                .bind("k", EmbargoLifter.JOB_KIND).mapTo(UUID.class).one());
        tp.platform().worker().nudge();
        Job second = tp.platform().jobs().awaitFinished(next, Duration.ofSeconds(60));
        assertThat(second.result().get("lifted").asInt()).isEqualTo(1);
        assertThat(second.result().get("datasets").get(0).asString()).isEqualTo(soon);
        assertThat(level(soon)).isEqualTo(AccessLevel.PUBLIC);
        assertThat(level(later)).isEqualTo(AccessLevel.EMBARGOED);
        assertThat(entriesVisibility(soon)).isEqualTo("full");
        AuditEvent lift = tp.platform().audit().forObject("dataset", soon).stream()
                .filter(e -> e.action().equals("dataset.embargo.lift")).findFirst().orElseThrow();
        assertThat(lift.actor()).isEqualTo("system:embargo");
        assertThat(lift.detail().get("embargo_until").asString()).isEqualTo("2026-03-03");
    }

    @Test
    void embargoesLiftedAtStartWhenTheServerWasDown() {
        String id = embargoed("2026-03-10");
        clock.set(Instant.parse("2026-04-01T12:00:00Z"));
        assertThat(tp.platform().embargoes().liftDue()).extracting(d -> d.id().toString()).contains(id);
        assertThat(level(id)).isEqualTo(AccessLevel.PUBLIC);
        assertThat(tp.platform().embargoes().liftDue()).isEmpty();
    }

    @Test
    void ownerLiftsEarlyOrExtendsOnceByAYear() {
        clock.set(Instant.parse("2026-05-01T09:00:00Z"));
        String id = embargoed("2028-05-01");
        assertThat(stranger.api().post("/api/v1/datasets/" + id + "/embargo/extend", "").status()).isEqualTo(403);
        var extended = owner.api().post("/api/v1/datasets/" + id + "/embargo/extend", "");
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
        assertThat(extended.json().get("embargo_until").asString()).isEqualTo("2029-05-01");
        var again = owner.api().post("/api/v1/datasets/" + id + "/embargo/extend", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already extended");

        assertThat(stranger.api().post("/api/v1/datasets/" + id + "/embargo/lift", "").status()).isEqualTo(403);
        var lifted = owner.api().post("/api/v1/datasets/" + id + "/embargo/lift", "");
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(lifted.json().get("access").asString()).isEqualTo("public");
        assertThat(owner.api().post("/api/v1/datasets/" + id + "/embargo/lift", "").status()).isEqualTo(409);
        var events = tp.platform().audit().forObject("dataset", id);
        var extend = events.stream().filter(e -> e.action().equals("dataset.embargo.extend")).findFirst().orElseThrow();
        assertThat(extend.actor()).isEqualTo("aiko");
        assertThat(extend.detail().get("from").asString()).isEqualTo("2028-05-01");
        assertThat(events.stream().filter(e -> e.action().equals("dataset.embargo.lift")).findFirst().orElseThrow()
                .detail().get("reason").asString()).isEqualTo("lifted early by the owner");
    }
}
