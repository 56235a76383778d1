package org.matdx.ingest.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Ids;
import org.matdx.core.RequestContext;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.AccessWorld;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Samples follow their home dataset (issue 18, finding 10): linking an entry to a sample needs
 * the sample's data to be readable, and a sample the caller may not read is refused exactly as
 * one that does not exist — never a 500, which told an attacker which ids exist. A link to a
 * sample is shown only to those who may open the sample.
 */
class SampleAccessTest {
    static TestPlatform tp;
    static AccessWorld world;
    /** One sample registered in each of alice's private, group and embargoed datasets. */
    static String privateSample;
    static String groupSample;
    static String embargoedSample;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        world = new AccessWorld(tp);
        privateSample = sample(AccessWorld.Level.PRIVATE, "pu-pellet", "sintered in argon");
        groupSample = sample(AccessWorld.Level.GROUP, "np-pellet", "group notes");
        embargoedSample = sample(AccessWorld.Level.EMBARGOED, "am-pellet", "embargoed notes");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String sample(AccessWorld.Level l, String name, String description) {
        var p = tp.platform();
        UUID id = Ids.newId();
        p.db().run(h -> p.ingest().samples().create(h, RequestContext.local(world.alice.caller(p)),
                p.datasets().get(UUID.fromString(world.datasets.get(l))).orElseThrow(), id, name,
                Composition.parse("PuO2"), description));
        return id.toString();
    }

    static String scratch(ApiClient api) {
        var r = api.post("/api/v1/datasets", "{\"title\": \"mine\", \"access\": \"public\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static ApiClient.Response measure(ApiClient api, String dataset, String sample) {
        return api.post("/api/v1/datasets/" + dataset + "/entries", "{\"title\": \"pellet XRD\", \"sample\": \"" + sample + "\"}");
    }

    @Test
    void anUnknownSampleIsA400NamingTheFieldNeverA500() {
        String mine = scratch(world.carol.api());
        String unknown = Ids.newId().toString();
        var one = measure(world.carol.api(), mine, unknown);
        assertThat(one.status()).as(one.body()).isEqualTo(400);
        assertThat(one.json().at("/errors/0/field").asString()).isEqualTo("sample");
        assertThat(one.json().get("detail").asString()).contains("no sample '" + unknown + "' that you may see");
        var batch = world.carol.api().post("/api/v1/datasets/" + mine + "/entries",
                "{\"entries\": [{\"title\": \"a\"}, {\"title\": \"b\", \"sample\": \"" + unknown + "\"}]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(400);
        assertThat(batch.json().at("/errors/0/field").asString()).isEqualTo("entries[1].sample");
        // all or nothing: neither entry was stored
        assertThat(world.carol.api().get("/api/v1/datasets/" + mine + "/entries").json().get("items")).isEmpty();
    }

    @Test
    void aSampleTheCallerMayNotReadIsRefusedExactlyAsAnUnknownOne() {
        String mine = scratch(world.carol.api());
        String unknown = Ids.newId().toString();
        String asUnknown = measure(world.carol.api(), mine, unknown).body().replace(unknown, "ID");
        // private and group samples are hidden from carol; an embargoed one shows its identity, not its data
        for (String hidden : java.util.List.of(privateSample, groupSample, embargoedSample)) {
            var r = measure(world.carol.api(), mine, hidden);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body().replace(hidden, "ID")).isEqualTo(asUnknown);
        }
        var get = world.carol.api().get("/api/v1/samples/" + privateSample);
        var getUnknown = world.carol.api().get("/api/v1/samples/" + unknown);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.body().replace(privateSample, "ID")).isEqualTo(getUnknown.body().replace(unknown, "ID"));
        // those who read the sample's data measure on it: bob (the group) and dave (reviewer of the private one)
        assertThat(measure(world.bob.api(), scratch(world.bob.api()), groupSample).status()).isEqualTo(201);
        assertThat(measure(world.dave.api(), scratch(world.dave.api()), privateSample).status()).isEqualTo(201);
        assertThat(measure(world.bob.api(), scratch(world.bob.api()), embargoedSample).status()).isEqualTo(400);
    }

    @Test
    void anInvoiceNamingAHiddenSampleFailsAsForAnUnknownOne() {
        String mine = scratch(world.carol.api());
        String xy = SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 5);
        String invoice = """
                {"basic": {"data_name": "scan", "date": "2026-11-20"}, "sample": {"id": "matdx:sample/%s"}}""";
        String unknown = Ids.newId().toString();
        var u = new Multipart().file("file", "a.xy", xy).field("invoice", invoice.formatted(unknown))
                .send(world.carol.api(), "/api/v1/datasets/" + mine + "/ingest");
        var h = new Multipart().file("file", "a.xy", xy).field("invoice", invoice.formatted(embargoedSample))
                .send(world.carol.api(), "/api/v1/datasets/" + mine + "/ingest");
        assertThat(u.status()).as(u.body()).isEqualTo(422);
        assertThat(h.status()).isEqualTo(422);
        assertThat(h.json().at("/errors/0/field").asString()).isEqualTo("sample.id");
        assertThat(h.body().replace(embargoedSample, "ID")).isEqualTo(u.body().replace(unknown, "ID"));
    }

    @Test
    void anEmbargoedSampleShowsItsIdentityAndCompositionNotItsNotes() {
        JsonNode asCarol = world.carol.api().get("/api/v1/samples/" + embargoedSample).json();
        assertThat(asCarol.get("pid").asString()).isEqualTo("matdx:sample/" + embargoedSample);
        assertThat(asCarol.get("reduced_formula").asString()).isEqualTo("PuO2");
        assertThat(asCarol.get("visibility").asString()).isEqualTo("metadata");
        assertThat(asCarol.has("name")).isFalse();
        assertThat(asCarol.has("description")).isFalse();
        assertThat(asCarol.toString()).doesNotContain("am-pellet").doesNotContain("embargoed notes");
        String page = world.carol.api().get("/samples/" + embargoedSample).body();
        assertThat(page).doesNotContain("am-pellet").doesNotContain("embargoed notes").contains("matdx:sample/" + embargoedSample);
        JsonNode asOwner = world.alice.api().get("/api/v1/samples/" + embargoedSample).json();
        assertThat(asOwner.get("name").asString()).isEqualTo("am-pellet");
        assertThat(asOwner.get("description").asString()).isEqualTo("embargoed notes");
    }

    @Test
    void aLinkToASampleIsShownOnlyToThoseWhoMayOpenIt() {
        // alice measures in her public dataset on her private sample; dave reviews the private dataset
        String entry = measure(world.alice.api(), world.datasets.get(AccessWorld.Level.PUBLIC), privateSample).json()
                .get("id").asString();
        assertThat(world.alice.api().get("/api/v1/entries/" + entry).json().get("sample").asString()).isEqualTo(privateSample);
        assertThat(world.dave.api().get("/api/v1/entries/" + entry).json().get("sample").asString()).isEqualTo(privateSample);
        for (String who : java.util.List.of("carol", "anonymous")) {
            var e = world.api(who).get("/api/v1/entries/" + entry);
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.json().get("sample").isNull()).as(who + " sees the link").isTrue();
            assertThat(e.body()).doesNotContain(privateSample);
            assertThat(world.api(who).get("/entries/" + entry).body()).doesNotContain(privateSample);
            // nor can the link be found by searching for the sample
            assertThat(world.api(who).get("/api/v1/search?sample=" + privateSample).json().get("total").asLong()).isZero();
            assertThat(world.api(who).get("/api/v1/search?dataset=" + world.datasets.get(AccessWorld.Level.PUBLIC)
                    + "&limit=100").body()).doesNotContain(privateSample);
            assertThat(world.api(who).get("/api/v1/datasets/" + world.datasets.get(AccessWorld.Level.PUBLIC)
                    + "/entries.csv").body()).doesNotContain(privateSample);
        }
        for (var reader : java.util.List.of(world.alice, world.dave)) {
            assertThat(reader.api().get("/api/v1/search?sample=" + privateSample).body()).contains(entry);
        }
    }
}
