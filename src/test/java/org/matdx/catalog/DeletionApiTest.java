package org.matdx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.CliRunner;
import org.matdx.core.Group;
import org.matdx.core.Json;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.References;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;
import tools.jackson.databind.JsonNode;

/**
 * Deleting and retracting (issue 18, finding 2): owners and co-authors delete what no published
 * version holds, and everything derived goes with it (search copy, quantities, files, audit kept);
 * entries of a published version are retracted instead, leaving a tombstone on the version; an
 * administrator removes anything. Refusals follow the access rules: 404 for what the caller may not
 * see, 401/403 for what they see but may not delete, 409 for published entries.
 */
class DeletionApiTest {
    static TestPlatform tp;
    static Person alice;
    static Person bob;
    static Person carol;
    static Person dan;
    static Person erin;
    static Person mallory;
    static Person aliceReadOnly;
    static Person admin;
    static Group lab;
    static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        carol = tp.person("carol");
        dan = tp.person("dan");
        erin = tp.person("erin");
        mallory = tp.person("mallory");
        String ro = tp.platform().accounts().issueToken(Bootstrap.SYSTEM, alice.user(), "ro", Scope.READ, null).secret();
        aliceReadOnly = new Person(alice.user(), ro, new ApiClient(tp.baseUrl(), ro));
        User root = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "Site administrator", null, null, null, true);
        String token = tp.platform().accounts().issueToken(Bootstrap.SYSTEM, root, "admin", Scope.ADMIN, null).secret();
        admin = new Person(root, token, new ApiClient(tp.baseUrl(), token));
        lab = tp.group("lab", alice);
        tp.join(lab, dan, Role.VIEWER);
        tp.join(lab, erin, Role.EDITOR);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(String access) {
        var r = alice.api().post("/api/v1/datasets", "{\"title\": \"Perovskite films " + NAMES.incrementAndGet() + "\", " + access + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String entry(Person who, String dataset, String title, String formula) {
        var r = who.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"title\": \"" + title + "\", \"formula\": \""
                + formula + "\", \"properties\": {\"band_gap\": {\"value\": 1.6, \"unit\": \"eV\"}},"
                + " \"invoice\": {\"operator\": \"" + who.user().username() + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String upload(Person who, String dataset, String name, String content) {
        var r = who.api().upload("/api/v1/datasets/" + dataset + "/files?filename=" + name, content.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String sha(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    static Path blobFile(String sha) {
        return tp.dataDir().resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    static long blobRows(String sha) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blobs WHERE sha256 = :s").bind("s", sha)
                .mapTo(Long.class).one());
    }

    static int searchTotal(ApiClient api, String query) {
        var r = api.get("/api/v1/search?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("total").asInt();
    }

    /** The audit chain is whole and names the removal. */
    static void audited(String objectId, String action) {
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
        assertThat(tp.platform().audit().forObject(objectId).stream().map(e -> e.action())).contains(action);
    }

    @Test
    void anOwnerDeletesAnUnpublishedEntryAndNothingDerivedIsLeft() throws Exception {
        String ds = dataset("\"access\": \"public\"");
        String kept = entry(alice, ds, "MAPbI3 film, kept", "CH6NPbI3");
        String gone = entry(alice, ds, "CsPbBr3 film, deleted", "CsPbBr3");
        String shared = "2theta counts\n10 1\n11 3\n";
        String own = "2theta counts\n10 7\n11 9\n" + ds;
        String keptFile = upload(alice, ds, "a.xy", shared);
        String goneFile = upload(alice, ds, "b.xy", shared);
        String goneOwn = upload(alice, ds, "c.xy", own);
        assertThat(searchTotal(alice.api(), "dataset=" + ds + "&elements=Cs")).isEqualTo(1);
        assertThat(References.to(tp.platform(), gone, Set.of("audit_events"))).containsKeys("entries.id",
                "entry_quantities.entry_id", "entry_search.id");

        var r = alice.api().delete("/api/v1/entries/" + gone);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("deleted").asString()).isEqualTo("entry");
        assertThat(alice.api().get("/api/v1/entries/" + gone).status()).isEqualTo(404);
        assertThat(alice.api().delete("/api/v1/entries/" + gone).status()).isEqualTo(404);
        assertThat(searchTotal(alice.api(), "dataset=" + ds + "&elements=Cs")).isZero();
        assertThat(searchTotal(alice.api(), "dataset=" + ds + "&property=band_gap%3E1%20eV")).isEqualTo(1);
        assertThat(alice.api().get("/api/v1/datasets/" + ds + "/entries.csv").body()).doesNotContain("CsPbBr3").contains("MAPbI3");
        assertThat(References.to(tp.platform(), gone, Set.of("audit_events"))).isEmpty();
        assertThat(alice.api().get("/api/v1/entries/" + kept).status()).isEqualTo(200);
        audited(gone, "entry.delete");

        // a file another entry still holds stays; one nobody holds any more is gone, row and file
        assertThat(alice.api().delete("/api/v1/entries/" + goneFile).status()).isEqualTo(200);
        assertThat(alice.api().delete("/api/v1/entries/" + goneOwn).status()).isEqualTo(200);
        assertThat(blobRows(sha(shared))).isEqualTo(1);
        assertThat(blobFile(sha(shared))).exists();
        assertThat(alice.api().get("/api/v1/entries/" + keptFile + "/files/a.xy").body()).isEqualTo(shared);
        assertThat(blobRows(sha(own))).isZero();
        assertThat(blobFile(sha(own))).doesNotExist();
        assertThat(References.to(tp.platform(), sha(own), Set.of("audit_events"))).isEmpty();
        long left = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = :d")
                .bind("d", java.util.UUID.fromString(ds)).mapTo(Long.class).one());
        assertThat(left).isEqualTo(2);
    }

    @Test
    void deletingIsRefusedToThoseWhoMayNotWithTheRightAnswer() {
        String priv = dataset("\"access\": \"private\"");
        String secret = entry(alice, priv, "unpublished result", "LiFePO4");
        alice.api().put("/api/v1/datasets/" + priv + "/coworkers/carol", "{\"role\": \"reviewer\"}");
        alice.api().put("/api/v1/datasets/" + priv + "/coworkers/bob", "{\"role\": \"coauthor\"}");
        // hidden: exactly as if it did not exist
        var hidden = mallory.api().delete("/api/v1/entries/" + secret);
        var none = mallory.api().delete("/api/v1/entries/" + java.util.UUID.randomUUID());
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(none.status()).isEqualTo(404);
        assertThat(mallory.api().delete("/api/v1/datasets/" + priv).status()).isEqualTo(404);
        assertThat(mallory.api().post("/api/v1/entries/" + secret + "/retract", "{\"reason\": \"x\"}").status()).isEqualTo(404);
        // visible but not theirs to delete
        assertThat(carol.api().delete("/api/v1/entries/" + secret).status()).isEqualTo(403);
        assertThat(carol.api().delete("/api/v1/datasets/" + priv).status()).isEqualTo(403);
        assertThat(aliceReadOnly.api().delete("/api/v1/entries/" + secret).status()).isEqualTo(403);
        String open = dataset("\"access\": \"public\"");
        String openEntry = entry(alice, open, "open result", "LiCoO2");
        assertThat(tp.anonymous().delete("/api/v1/entries/" + openEntry).status()).isEqualTo(401);
        assertThat(tp.anonymous().delete("/api/v1/datasets/" + open).status()).isEqualTo(401);
        assertThat(mallory.api().delete("/api/v1/entries/" + openEntry).status()).isEqualTo(403);
        assertThat(mallory.api().delete("/api/v1/datasets/" + open).status()).isEqualTo(403);
        // group: viewers may not; editors delete what they registered themselves, not the owner's entries
        String shared = dataset("\"access\": \"group\", \"group\": \"lab\"");
        String owners = entry(alice, shared, "owner's run", "NaCl");
        String erins = entry(erin, shared, "erin's run", "KCl");
        assertThat(dan.api().delete("/api/v1/entries/" + erins).status()).isEqualTo(403);
        var editor = erin.api().delete("/api/v1/entries/" + owners);
        assertThat(editor.status()).isEqualTo(403);
        assertThat(editor.json().get("detail").asString()).contains("owner and co-authors");
        assertThat(erin.api().delete("/api/v1/entries/" + erins).status()).isEqualTo(200);
        assertThat(erin.api().delete("/api/v1/datasets/" + shared).status()).isEqualTo(403);
        // nothing refused was changed
        assertThat(alice.api().get("/api/v1/entries/" + secret).status()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/entries/" + openEntry).status()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/entries/" + owners).status()).isEqualTo(200);
        // a co-author deletes like the owner: an entry, then the whole dataset
        assertThat(bob.api().delete("/api/v1/entries/" + secret).status()).isEqualTo(200);
        var whole = bob.api().delete("/api/v1/datasets/" + priv);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/datasets/" + priv).status()).isEqualTo(404);
        assertThat(References.to(tp.platform(), priv, Set.of("audit_events"))).isEmpty();
        audited(priv, "dataset.delete");
    }

    @Test
    void publishedEntriesAreRetractedWithATombstoneOnTheVersion() throws IOException {
        String ds = dataset("\"access\": \"public\"");
        String good = entry(alice, ds, "BaTiO3 ceramic", "BaTiO3");
        String bad = entry(alice, ds, "SrTiO3 with a wrong gap", "SrTiO3");
        String file = upload(alice, ds, "raw.xy", "10 1\n11 2\n" + ds);
        var v1 = alice.api().post("/api/v1/datasets/" + ds + "/versions", "{}");
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);

        var refused = alice.api().delete("/api/v1/entries/" + bad);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("matdx:ds/" + ds + "/v1").contains("retract instead");
        var wholeRefused = alice.api().delete("/api/v1/datasets/" + ds);
        assertThat(wholeRefused.status()).isEqualTo(409);
        assertThat(wholeRefused.json().get("detail").asString()).contains("retract");
        assertThat(alice.api().post("/api/v1/entries/" + bad + "/retract", "{}").status()).isEqualTo(400);
        assertThat(alice.api().post("/api/v1/entries/" + bad + "/retract", "{\"reason\": \"  \"}").status()).isEqualTo(400);
        assertThat(carol.api().post("/api/v1/entries/" + bad + "/retract", "{\"reason\": \"mine now\"}").status()).isEqualTo(403);
        String unpublished = entry(alice, ds, "not in v1", "CaTiO3");
        var notPublished = alice.api().post("/api/v1/entries/" + unpublished + "/retract", "{\"reason\": \"x\"}");
        assertThat(notPublished.status()).isEqualTo(409);
        assertThat(notPublished.json().get("detail").asString()).contains("delete it instead");

        var r = alice.api().post("/api/v1/entries/" + bad + "/retract", "{\"reason\": \"band gap measured on the wrong film\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("reason").asString()).isEqualTo("band gap measured on the wrong film");
        var fileRetracted = alice.api().post("/api/v1/entries/" + file + "/retract", "{\"reason\": \"contains an operator's name\"}");
        assertThat(fileRetracted.status()).isEqualTo(200);

        // gone from everything live, for everyone, the owner included
        for (ApiClient api : new ApiClient[] {alice.api(), tp.anonymous()}) {
            assertThat(api.get("/api/v1/entries/" + bad).status()).isEqualTo(404);
            assertThat(searchTotal(api, "dataset=" + ds)).isEqualTo(2);
            assertThat(searchTotal(api, "elements=Sr&dataset=" + ds)).isZero();
            assertThat(api.get("/api/v1/search?dataset=" + ds + "&facets=elements").body()).doesNotContain("\"Sr\"");
            assertThat(api.get("/api/v1/datasets/" + ds).json().get("entry_count").asInt()).isEqualTo(2);
            assertThat(api.get("/api/v1/datasets/" + ds + "/entries.csv").body()).doesNotContain("SrTiO3");
        }
        // the version stays what it was, says what was retracted, when and why, and serves the rest
        JsonNode v = tp.anonymous().get("/api/v1/datasets/" + ds + "/versions/1").json();
        assertThat(v.get("entry_count").asInt()).isEqualTo(3);
        assertThat(v.get("pid").asString()).isEqualTo("matdx:ds/" + ds + "/v1");
        JsonNode tomb = null;
        for (JsonNode t : v.get("retracted")) {
            if (t.get("entry").asString().equals(bad)) {
                tomb = t;
            }
        }
        assertThat(tomb).as(v.toString()).isNotNull();
        assertThat(tomb.get("title").asString()).isEqualTo("SrTiO3 with a wrong gap");
        assertThat(tomb.get("reason").asString()).isEqualTo("band gap measured on the wrong film");
        assertThat(tomb.get("retracted_at").asString()).isNotBlank();
        assertThat(tomb.get("by").asString()).isEqualTo("owner");
        JsonNode served = tp.anonymous().get("/api/v1/datasets/" + ds + "/versions/1/entries").json().get("items");
        assertThat(served.findValuesAsString("id")).containsExactly(good);
        assertThat(tp.anonymous().get("/api/v1/datasets/" + ds + "/versions/1/datacite").body())
                .contains("Retracted").contains("band gap measured on the wrong film");
        Map<String, byte[]> crate = unzip(alice.api().get("/api/v1/datasets/" + ds + "/versions/1/export").bytes());
        assertThat(crate.keySet()).contains("entries/" + good + ".json").doesNotContain("entries/" + bad + ".json")
                .noneMatch(n -> n.contains(file));
        JsonNode record = Json.read(new String(crate.get("matdx-version.json"), StandardCharsets.UTF_8));
        assertThat(record.get("complete").asBoolean()).isFalse();
        assertThat(record.get("retracted").findValuesAsString("entry")).contains(bad, file);
        String page = tp.anonymous().get("/datasets/" + ds + "/versions/1").body();
        assertThat(page).contains("SrTiO3 with a wrong gap").contains("band gap measured on the wrong film");
        // only the tombstone and the immutable snapshot remember it
        assertThat(References.to(tp.platform(), bad, Set.of("audit_events"))).containsOnlyKeys(
                "retractions.entry_id", "dataset_version_entries.entry_id", "dataset_version_entries.snapshot");
        // the next version is published without it
        var v2 = alice.api().post("/api/v1/datasets/" + ds + "/versions", "{}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().get("entry_count").asInt()).isEqualTo(2);
        audited(bad, "entry.retract");
    }

    @Test
    void anAdministratorRemovesAnythingAudited() {
        String ds = dataset("\"access\": \"private\"");
        String e = entry(alice, ds, "personal data by mistake", "ZnO");
        entry(alice, ds, "fine", "ZnS");
        assertThat(alice.api().post("/api/v1/datasets/" + ds + "/versions", "{}").status()).isEqualTo(201);
        // administrators get no reading rights, but removal rights over everything, with a reason when published
        assertThat(admin.api().get("/api/v1/entries/" + e).status()).isEqualTo(404);
        var noReason = admin.api().delete("/api/v1/entries/" + e);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("detail").asString()).contains("reason");
        var r = admin.api().delete("/api/v1/entries/" + e + "?reason=" + java.net.URLEncoder.encode("GDPR erasure request 2026-14",
                StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // the snapshot's content is purged too; the tombstone stays
        assertThat(References.to(tp.platform(), e, Set.of("audit_events"))).containsOnlyKeys("retractions.entry_id");
        JsonNode tomb = alice.api().get("/api/v1/datasets/" + ds + "/versions/1").json().get("retracted").get(0);
        assertThat(tomb.get("by").asString()).isEqualTo("administrator");
        assertThat(tomb.get("reason").asString()).isEqualTo("GDPR erasure request 2026-14");
        assertThat(tomb.get("removed").asBoolean()).isTrue();

        var whole = admin.api().delete("/api/v1/datasets/" + ds + "?reason=court%20order");
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/datasets/" + ds).status()).isEqualTo(404);
        // the removed version's identifier says it was removed (to those who could see it existed)
        var pid = alice.api().get("/api/v1/pid?pid=matdx:ds/" + ds + "/v1");
        assertThat(pid.status()).isEqualTo(404);
        assertThat(References.to(tp.platform(), ds, Set.of("audit_events", "removed_versions"))).isEmpty();
        audited(ds, "dataset.remove");
        assertThat(admin.api().delete("/api/v1/datasets/" + ds + "?reason=again").status()).isEqualTo(404);

        String open = dataset("\"access\": \"public\"");
        entry(alice, open, "open", "GaN");
        assertThat(alice.api().post("/api/v1/datasets/" + open + "/versions", "{}").status()).isEqualTo(201);
        assertThat(admin.api().delete("/api/v1/datasets/" + open + "?reason=licence%20dispute").status()).isEqualTo(200);
        var gone = tp.anonymous().get("/api/v1/pid?pid=matdx:ds/" + open + "/v1");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("detail").asString()).contains("licence dispute").contains("removed by an administrator");
        assertThat(tp.anonymous().get("/api/v1/datasets/" + open + "/versions/1").status()).isEqualTo(410);
    }

    @Test
    void datasetsGoWithTheirSamplesCampaignsAndModelsKeepTheirProvenance() throws Exception {
        String ds = dataset("\"access\": \"public\"");
        String other = dataset("\"access\": \"public\"");
        String measured = entry(alice, other, "film on a sample of the deleted dataset", "TiO2");
        java.util.UUID sample = java.util.UUID.randomUUID();
        tp.platform().db().run(h -> {
            h.execute("INSERT INTO samples (id, pid, name, owner_id, dataset_id) VALUES (?, ?, 'S-1', ?, ?)", sample,
                    "matdx:sample/" + sample, alice.user().id(), java.util.UUID.fromString(ds));
            h.execute("UPDATE entries SET sample_id = ? WHERE id = ?", sample, java.util.UUID.fromString(measured));
        });
        String campaign = alice.api().post("/api/v1/datasets/" + ds + "/campaigns", """
                {"name": "anneal", "parameters": [{"name": "temperature", "type": "continuous", "low": 300, "high": 1000}],
                 "objective": {"name": "density", "goal": "maximize", "unit": "%"}, "batch": 1, "initial": 2,
                 "stop": {"budget": 3}, "simulator": {"function": "peak", "noise": 0.1}}""").json().get("id").asString();
        assertThat(alice.api().post("/api/v1/campaigns/" + campaign + "/simulate?experiments=3", "{}").status()).isEqualTo(200);
        JsonNode trials = alice.api().get("/api/v1/campaigns/" + campaign).json().get("trials");
        String resultEntry = trials.get(0).get("entry").asString();
        // a trial whose result entry is deleted no longer counts: abandoned, with the reason
        assertThat(alice.api().delete("/api/v1/entries/" + resultEntry + "?reason=thermocouple%20drift").status()).isEqualTo(200);
        JsonNode first = alice.api().get("/api/v1/campaigns/" + campaign).json().get("trials").get(0);
        assertThat(first.get("status").asString()).isEqualTo("abandoned");
        assertThat(first.get("reason").asString()).contains("thermocouple drift");
        assertThat(first.path("entry").isMissingNode() || first.get("entry").isNull()).isTrue();
        assertThat(References.to(tp.platform(), resultEntry, Set.of("audit_events"))).isEmpty();

        // a model trained on the dataset keeps its provenance; what it learned from is no longer served
        StringBuilder rows = new StringBuilder("{\"entries\": [");
        String[][] gaps = {{"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
                {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"}};
        for (int i = 0; i < gaps.length; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"formula\": \"").append(gaps[i][0])
                    .append("\", \"properties\": {\"gap\": {\"value\": ").append(gaps[i][1]).append(", \"unit\": \"eV\"}}}");
        }
        assertThat(alice.api().post("/api/v1/datasets/" + ds + "/entries", rows + "]}").status()).isEqualTo(201);
        var t = alice.api().post("/api/v1/models", "{\"datasets\": [\"" + ds + "\"], \"target\": \"gap\", \"name\": \"gaps\","
                + " \"members\": 2, \"folds\": 3, \"search_seconds\": 0}");
        assertThat(t.status()).as(t.body()).isEqualTo(202);
        String model = waitFor(t.json().get("job").asString()).at("/result/model").asString();
        JsonNode card = alice.api().get("/api/v1/models/" + model).json();
        assertThat(card.at("/cross_validation/out_of_fold/formula").toString()).contains("MgO");
        String mgo = alice.api().get("/api/v1/search?dataset=" + ds + "&formula=MgO").json().at("/items/0/id").asString();
        assertThat(alice.api().delete("/api/v1/entries/" + mgo).status()).isEqualTo(200);
        card = alice.api().get("/api/v1/models/" + model).json();
        assertThat(card.get("training_rows").asInt()).isEqualTo(12);
        assertThat(card.toString()).doesNotContain("MgO");
        assertThat(card.at("/inputs/0/dataset").asString()).isEqualTo(ds);

        var r = alice.api().delete("/api/v1/datasets/" + ds);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("entries").asInt()).isEqualTo(13); // 3 trials - 1 deleted + 12 gaps - MgO
        assertThat(alice.api().get("/api/v1/campaigns/" + campaign).status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/models/" + model).status()).isEqualTo(404);
        assertThat(References.to(tp.platform(), ds, Set.of("audit_events"))).isEmpty();
        // the model's record of what it learned from that dataset stays, in the audit trail
        assertThat(tp.platform().audit().forObject(model).stream().map(e -> e.action())).contains("model.input.removed");
        assertThat(References.to(tp.platform(), sample.toString(), Set.of("audit_events"))).isEmpty();
        // the other dataset's entry is kept, without the link to the sample that is gone
        JsonNode kept = alice.api().get("/api/v1/entries/" + measured).json();
        assertThat(kept.path("sample").isMissingNode() || kept.get("sample").isNull()).as(kept.toString()).isTrue();
    }

    @Test
    void theCommandLineDeletesAndRetracts() {
        String ds = dataset("\"access\": \"public\"");
        String a = entry(alice, ds, "cli a", "CuO");
        String b = entry(alice, ds, "cli b", "Cu2O");
        var run = CliRunner.matdx(tp, "entry", "delete", a, "--user", "alice");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("deleted entry " + a);
        assertThat(alice.api().post("/api/v1/datasets/" + ds + "/versions", "{}").status()).isEqualTo(201);
        var refused = CliRunner.matdx(tp, "entry", "delete", b, "--user", "alice");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("retract instead").doesNotContain("Exception");
        var retract = CliRunner.matdx(tp, "entry", "retract", b, "--user", "alice", "--reason", "mislabelled phase");
        assertThat(retract.code()).as(retract.err()).isZero();
        assertThat(retract.out()).contains("retracted entry " + b).contains("matdx:ds/" + ds + "/v1");
        var stranger = CliRunner.matdx(tp, "dataset", "delete", ds, "--user", "mallory");
        assertThat(stranger.code()).isEqualTo(1);
        var published = CliRunner.matdx(tp, "dataset", "delete", ds, "--user", "alice");
        assertThat(published.code()).isEqualTo(1);
        assertThat(published.err()).contains("published");
        var removed = CliRunner.matdx(tp, "dataset", "delete", ds, "--user", "root", "--reason", "duplicate of another dataset");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(alice.api().get("/api/v1/datasets/" + ds).status()).isEqualTo(404);
        assertThat(CliRunner.matdx(tp, "audit", "verify").code()).isZero();
    }

    static JsonNode waitFor(String job) {
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        while (java.time.Instant.now().isBefore(deadline)) {
            JsonNode s = alice.api().get("/api/v1/jobs/" + job).json();
            String st = s.get("status").asString();
            if (st.equals("succeeded") || st.equals("failed") || st.equals("cancelled")) {
                assertThat(st).as(s.toString()).isEqualTo("succeeded");
                return s;
            }
            tp.platform().worker().nudge();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry ze;
            while ((ze = in.getNextEntry()) != null) {
                m.put(ze.getName(), in.readAllBytes());
            }
        }
        return m;
    }
}
