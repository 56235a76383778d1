package org.matdx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AuditEvent;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/**
 * The audit chain records writes, policy changes, reads of non-public data and failed sign-ins;
 * verification finds an event edited or deleted behind the append-only trigger's back (as the
 * database superuser could) and names it, through the API, the library and the CLI.
 */
class AuditChainTest {
    static TestPlatform tp;
    static Person owner;
    static Person stranger;
    static Person admin;
    static String dataset;
    static String entry;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        owner = tp.person("nora");
        stranger = tp.person("otto");
        admin = tp.person("root-like", org.matdx.core.Scope.ADMIN);
        tp.platform().db().run(h -> h.execute("UPDATE users SET is_admin = true WHERE username = 'root-like'"));
        var r = owner.api().post("/api/v1/datasets", "{\"title\": \"Raman maps\", \"access\": \"private\"}");
        dataset = r.json().get("id").asString();
        entry = owner.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"formula\": \"MoS2\"}").json().get("id").asString();
        owner.api().get("/api/v1/entries/" + entry);
        owner.api().put("/api/v1/datasets/" + dataset + "/access", "{\"access\": \"embargoed\", \"embargo_until\": \"2099-01-01\"}");
        new org.matdx.testing.ApiClient(tp.baseUrl(), "mdx_not-a-token").get("/api/v1/me");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static AuditLog log() {
        return tp.platform().audit();
    }

    @Test
    void everyKindOfEventIsRecordedWithWhoAndWhen() {
        List<String> actions = log().forObjectOrDataset(dataset, 100).stream().map(AuditEvent::action).toList();
        assertThat(actions).containsSubsequence("dataset.create", "entry.create", "entry.read", "dataset.access");
        AuditEvent read = log().forObject("entry", entry).stream().filter(e -> e.action().equals("entry.read")).findFirst().orElseThrow();
        assertThat(read.actor()).isEqualTo("nora");
        assertThat(read.remoteAddress()).isEqualTo("127.0.0.1");
        // an unknown token is about nobody: tallied per hour and address rather than an event each
        assertThat(log().tallies(java.time.Instant.EPOCH, 50)).anyMatch(t -> t.action().equals("login.failed.token")
                && t.remoteAddress().equals("127.0.0.1") && t.count() >= 1);
    }

    @Test
    void ownersAndAdminsReadAnObjectsHistoryOthersGet404() {
        var mine = owner.api().get("/api/v1/audit?object=" + dataset);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("items").findValuesAsString("action")).contains("dataset.create", "entry.create", "dataset.access");
        var ofEntry = owner.api().get("/api/v1/audit?object=" + entry);
        assertThat(ofEntry.json().get("items").findValuesAsString("action")).contains("entry.create", "entry.read");
        assertThat(stranger.api().get("/api/v1/audit?object=" + dataset).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/v1/audit?object=" + entry).status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/audit?object=" + dataset).status()).isEqualTo(404);
        assertThat(admin.api().get("/api/v1/audit?object=" + dataset).status()).isEqualTo(200);
        assertThat(owner.api().get("/api/v1/audit").status()).isEqualTo(400);
        // everyone may read their own account's history
        var self = stranger.api().get("/api/v1/audit?object=" + stranger.user().id());
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.json().get("items").findValuesAsString("action")).contains("user.create", "token.issue");
    }

    @Test
    void tamperingIsFoundAndTheFirstBrokenEventNamed() {
        assertThat(log().verify(null).intact()).isTrue();
        assertThat(cli("audit", "verify").out()).contains("audit trail intact");
        AuditEvent victim = log().forObject("dataset", dataset).stream().filter(e -> e.action().equals("dataset.access"))
                .findFirst().orElseThrow();
        // the trigger stops ordinary edits
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tp.platform().db().run(h -> h.execute(
                "UPDATE audit_events SET actor = 'mallory' WHERE seq = ?", victim.seq()))).hasMessageContaining("append-only");
        // a superuser goes around it: rewrite history so the embargo looks as if it was never set
        tp.platform().db().run(h -> {
            h.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
            h.execute("UPDATE audit_events SET detail = replace(detail, '2099-01-01', '2000-01-01') WHERE seq = ?", victim.seq());
            h.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
        });
        AuditLog.Verification v = log().verify(null);
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBroken().get().seq()).isEqualTo(victim.seq());
        assertThat(v.reason()).contains("was changed after it was recorded");
        assertThat(v.checked()).isEqualTo(victim.seq() - 1);
        var run = cli("audit", "verify");
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("BROKEN at event " + victim.seq()).contains("nora").contains("dataset.access");

        // and an event deleted outright breaks the link of the one after it
        restore(victim);
        assertThat(log().verify(null).intact()).isTrue();
        long last = log().recent(1).get(0).seq();
        AuditEvent before = log().recent(3).get(2);
        tp.platform().db().run(h -> {
            h.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
            h.execute("DELETE FROM audit_events WHERE seq = ?", last - 1);
            h.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
        });
        AuditLog.Verification gone = log().verify(null);
        assertThat(gone.firstBroken().get().seq()).isEqualTo(last);
        assertThat(gone.reason()).contains("does not link");
        assertThat(before.seq()).isEqualTo(last - 2);
    }

    private static void restore(AuditEvent original) {
        tp.platform().db().run(h -> {
            h.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
            h.execute("UPDATE audit_events SET detail = replace(detail, '2000-01-01', '2099-01-01') WHERE seq = ?", original.seq());
            h.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
        });
    }

    @Test
    void showListsWhoDidWhatToAnObject() {
        var run = cli("audit", "show", "--object", dataset);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("nora").contains("dataset.create").contains("entry.create").contains("dataset.access");
        var json = cli("audit", "show", "--object", entry, "--json");
        assertThat(json.out().lines().map(l -> org.matdx.core.Json.read(l).get("action").asString()))
                .contains("entry.create", "entry.read");
    }

    static org.matdx.cli.CliRunner.Run cli(String... args) {
        return org.matdx.cli.CliRunner.matdx(tp, args);
    }
}
