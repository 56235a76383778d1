package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AuditEvent;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/** Owners change access and co-workers over the API; everyone else is refused; all of it is audited. */
class SharingApiTest {
    static MutableClock clock = MutableClock.at("2026-04-01T08:00:00Z");
    static TestPlatform tp;
    static Person owner;
    static Person member;
    static Person stranger;
    static Person reviewer;
    static Person coauthor;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
        owner = tp.person("olga");
        member = tp.person("mika");
        stranger = tp.person("sven");
        reviewer = tp.person("rita");
        coauthor = tp.person("cody");
        var lab = tp.group("xrd-lab", owner);
        tp.join(lab, member, Role.EDITOR);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(String access) {
        var r = owner.api().post("/api/v1/datasets", "{\"title\": \"films\", \"access\": \"" + access + "\", \"group\": \"xrd-lab\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(owner.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"ZnO\"}").status()).isEqualTo(201);
        return id;
    }

    static List<String> actions(String id) {
        return tp.platform().audit().forObjectOrDataset(id, 1000).stream().map(AuditEvent::action).toList();
    }

    @Test
    void ownerChangesLevelEmbargoAndModelUseOnlyAndEachChangeIsAudited() {
        String id = dataset("private");
        assertThat(stranger.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        var r = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"embargoed\", \"embargo_until\": \"2028-04-01\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("access").asString()).isEqualTo("embargoed");
        assertThat(r.json().get("embargo_until").asString()).isEqualTo("2028-04-01");
        var seen = stranger.api().get("/api/v1/datasets/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("visibility").asString()).isEqualTo("metadata");
        assertThat(seen.json().has("entry_count")).isFalse();

        r = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"level\": \"public\", \"model_use_only\": true}");
        assertThat(r.json().get("model_use_only").asBoolean()).isTrue();
        assertThat(stranger.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(member.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);

        var events = tp.platform().audit().forObject("dataset", id).stream().filter(e -> e.action().equals("dataset.access")).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).detail().at("/before/access").asString()).isEqualTo("private");
        assertThat(events.get(0).detail().at("/after/embargo_until").asString()).isEqualTo("2028-04-01");
        assertThat(events.get(1).detail().at("/after/model_use_only").asBoolean()).isTrue();
        assertThat(events.get(1).actor()).isEqualTo("olga");
    }

    @Test
    void movingBetweenGroupLevelAndPrivateChangesGroupAndLevelTogether() {
        String id = dataset("private");
        assertThat(member.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        var g = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"group\", \"group\": \"xrd-lab\"}");
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        assertThat(member.api().get("/api/v1/datasets/" + id + "/entries").status()).isEqualTo(200);
        var p = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"private\", \"group\": null}");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        assertThat(p.json().get("group").isNull()).isTrue();
        assertThat(member.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
    }

    @Test
    void onlyTheOwnerChangesAccessAndBadRequestsNameTheField() {
        String id = dataset("group");
        assertThat(member.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"public\"}").status()).isEqualTo(403);
        assertThat(stranger.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"public\"}").status()).isEqualTo(404);
        // nobody in particular may change anything: 401 before the body is read, the same for every id
        assertThat(tp.anonymous().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"public\"}").status()).isEqualTo(401);
        var readOnly = tp.person("rory", Scope.READ);
        assertThat(readOnly.api().put("/api/v1/datasets/" + id + "/access", "{}").status()).isEqualTo(404);
        var bad = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"embargoed\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("embargo_until");
        var past = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"embargoed\", \"embargo_until\": \"2020-01-01\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("has passed");
        var level = owner.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"secret\"}");
        assertThat(level.json().get("errors").get(0).get("field").asString()).isEqualTo("access");
        assertThat(actions(id)).doesNotContain("dataset.access");
    }

    @Test
    void reviewersReadAndCoauthorsEditUntilRemoved() {
        String id = dataset("private");
        String entries = "/api/v1/datasets/" + id + "/entries";
        assertThat(reviewer.api().get(entries).status()).isEqualTo(404);
        assertThat(owner.api().put("/api/v1/datasets/" + id + "/coworkers/rita", "{\"role\": \"reviewer\"}").status()).isEqualTo(200);
        assertThat(owner.api().put("/api/v1/datasets/" + id + "/coworkers/cody", "{\"role\": \"coauthor\"}").status()).isEqualTo(200);
        assertThat(reviewer.api().get(entries).json().get("items")).hasSize(1);
        assertThat(reviewer.api().post(entries, "{\"formula\": \"TiO2\"}").status()).isEqualTo(403);
        assertThat(coauthor.api().post(entries, "{\"formula\": \"TiO2\"}").status()).isEqualTo(201);
        assertThat(coauthor.api().get(entries).json().get("items")).hasSize(2);
        // co-workers do not manage access: that stays with the owner
        assertThat(coauthor.api().put("/api/v1/datasets/" + id + "/access", "{\"access\": \"public\"}").status()).isEqualTo(403);
        assertThat(reviewer.api().put("/api/v1/datasets/" + id + "/coworkers/sven", "{\"role\": \"reviewer\"}").status()).isEqualTo(403);
        var list = owner.api().get("/api/v1/datasets/" + id + "/coworkers").json().get("items");
        assertThat(list).hasSize(2);
        assertThat(reviewer.api().get("/api/v1/datasets/" + id + "/coworkers").status()).isEqualTo(404);
        assertThat(owner.api().put("/api/v1/datasets/" + id + "/coworkers/rita", "{\"role\": \"admin\"}").status()).isEqualTo(400);
        assertThat(owner.api().put("/api/v1/datasets/" + id + "/coworkers/nobody", "{\"role\": \"reviewer\"}").status()).isEqualTo(404);

        assertThat(owner.api().delete("/api/v1/datasets/" + id + "/coworkers/rita").status()).isEqualTo(204);
        assertThat(owner.api().delete("/api/v1/datasets/" + id + "/coworkers/cody").status()).isEqualTo(204);
        assertThat(owner.api().delete("/api/v1/datasets/" + id + "/coworkers/cody").status()).isEqualTo(404);
        assertThat(reviewer.api().get(entries).status()).isEqualTo(404);
        assertThat(coauthor.api().post(entries, "{\"formula\": \"SnO2\"}").status()).isEqualTo(404);
        assertThat(actions(id)).contains("dataset.coworker.put", "dataset.coworker.remove");
    }

    @Test
    void tokensExpireAndRevocationTakesEffectAtOnce() {
        var accounts = tp.platform().accounts();
        var user = owner.user();
        var expiring = accounts.issueToken(Bootstrap.SYSTEM, user, "short", Scope.READ, clock.instant().plus(Duration.ofDays(1)));
        ApiClient client = new ApiClient(tp.baseUrl(), expiring.secret());
        assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/me").json().get("scope").asString()).isEqualTo("read");
        assertThat(client.post("/api/v1/datasets", "{\"title\": \"x\"}").status()).isEqualTo(403);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        var expired = client.get("/api/v1/me");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).contains("unknown, expired or revoked");

        var revocable = accounts.issueToken(Bootstrap.SYSTEM, user, "revocable", Scope.WRITE, null);
        ApiClient second = new ApiClient(tp.baseUrl(), revocable.secret());
        assertThat(second.get("/api/v1/me").status()).isEqualTo(200);
        accounts.revokeToken(Bootstrap.SYSTEM, revocable.token().id());
        assertThat(second.get("/api/v1/me").status()).isEqualTo(401);
        // the secret is stored only hashed
        long plain = tp.platform().db().read(h -> h.createQuery(
                "SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'escape') LIKE '%' || :s || '%'")
                .bind("s", revocable.secret()).mapTo(Long.class).one());
        assertThat(plain).isZero();
        var failures = tp.platform().audit().recent(20).stream().filter(e -> e.action().equals("login.failed")).toList();
        assertThat(failures).isNotEmpty();
        assertThat(failures.get(0).detail().get("reason").asString()).isEqualTo("expired or revoked token");
    }

    @Test
    void profilesCarryACheckedOrcidId() {
        var r = owner.api().put("/api/v1/me", "{\"orcid\": \"https://orcid.org/0000-0002-1694-233x\", \"display_name\": \"Olga Ito\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("orcid").asString()).isEqualTo("0000-0002-1694-233X");
        var wrong = owner.api().put("/api/v1/me", "{\"orcid\": \"0000-0002-1694-2331\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("orcid");
        assertThat(owner.api().get("/api/v1/me").json().get("orcid").asString()).isEqualTo("0000-0002-1694-233X");
        assertThat(tp.anonymous().put("/api/v1/me", "{}").status()).isEqualTo(401);
    }

    static Instant now() {
        return clock.instant();
    }
}
