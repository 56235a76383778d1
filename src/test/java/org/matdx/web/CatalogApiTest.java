package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Scope;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

class CatalogApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withMaxUpload(64 * 1024)).withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String createDataset(ApiClient as, String title, String access) {
        var r = as.post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void healthAnswersWithoutCredentials() {
        var r = tp.anonymous().get("/api/v1/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("database").asString()).isEqualTo("up");
    }

    @Test
    void datasetAndEntryRoundTrip() {
        String id = createDataset(alice.api(), "Garnet electrolytes", "public");
        var created = alice.api().post("/api/v1/datasets/" + id + "/entries", """
                {"formula": "Li7La3Zr2O12", "title": "LLZO pellet 3",
                 "properties": {"ionic_conductivity": {"value": 3.1e-4, "unit": "S/cm"}, "relative_density": 0.94},
                 "invoice": {"operator": "alice"}, "outcome": "succeeded"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String entryId = created.json().get("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/entries/" + entryId);

        JsonNode e = tp.anonymous().get("/api/v1/entries/" + entryId).json();
        assertThat(e.get("reduced_formula").asString()).isEqualTo("Li7La3Zr2O12");
        assertThat(e.get("anonymous_formula").asString()).isEqualTo("A12B7C3D2");
        assertThat(e.get("elements").toString()).isEqualTo("[\"La\",\"Li\",\"O\",\"Zr\"]");
        assertThat(e.at("/properties/ionic_conductivity/value").asDouble()).isEqualTo(3.1e-4);
        assertThat(e.at("/properties/ionic_conductivity/unit").asString()).isEqualTo("S/cm");
        assertThat(e.at("/properties/relative_density/unit").asString()).isEmpty();
        assertThat(e.at("/invoice/operator").asString()).isEqualTo("alice");

        JsonNode list = tp.anonymous().get("/api/v1/datasets/" + id + "/entries").json();
        assertThat(list.get("items")).hasSize(1);
        assertThat(tp.anonymous().get("/api/v1/datasets/" + id).json().get("entry_count").asInt()).isEqualTo(1);
    }

    @Test
    void batchOfEntriesIsAllOrNothingWithTheFailingIndexNamed() {
        String id = createDataset(alice.api(), "Batch", "private");
        var r = alice.api().post("/api/v1/datasets/" + id + "/entries", """
                {"entries": [{"formula": "Fe2O3"}, {"formula": "Fe2Qq3"}, {"formula": "ZnO", "outcome": "exploded"}]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors.toString()).contains("entries[1].formula").contains("unknown element 'Qq'")
                .contains("entries[2].outcome");
        assertThat(count("SELECT count(*) FROM entries WHERE dataset_id = '" + id + "'")).isZero();

        var ok = alice.api().post("/api/v1/datasets/" + id + "/entries",
                "{\"entries\": [{\"formula\": \"Fe2O3\"}, {\"formula\": \"ZnO\", \"outcome\": \"failed\", \"outcome_reason\": \"cracked\"}]}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("entries")).hasSize(2);
        assertThat(ok.json().at("/entries/1/outcome").asString()).isEqualTo("failed");
        assertThat(ok.json().at("/entries/1/outcome_reason").asString()).isEqualTo("cracked");
    }

    @Test
    void paginationWalksAllEntriesOnce() {
        String id = createDataset(alice.api(), "Paged", "public");
        StringBuilder sb = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < 23; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"title\": \"e").append(i).append("\"}");
        }
        assertThat(alice.api().post("/api/v1/datasets/" + id + "/entries", sb + "]}").status()).isEqualTo(201);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String next = "/api/v1/datasets/" + id + "/entries?limit=10";
        int pages = 0;
        while (next != null) {
            JsonNode page = tp.anonymous().get(next).json();
            page.get("items").forEach(x -> assertThat(seen.add(x.get("id").asString())).isTrue());
            next = page.get("next").isNull() || page.get("next").isMissingNode() ? null : page.get("next").asString();
            pages++;
        }
        assertThat(seen).hasSize(23);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void uploadedFileIsStoredOnceAndDownloadsIntact() throws Exception {
        String id = createDataset(alice.api(), "Files", "public");
        byte[] content = "# 2theta intensity\n10.0 120\n10.02 131\n".getBytes(StandardCharsets.UTF_8);
        var first = alice.api().upload("/api/v1/datasets/" + id + "/files?filename=scan%201.xy", content);
        var second = alice.api().upload("/api/v1/datasets/" + id + "/files?filename=copy.xy", content);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(first.json().at("/files/0/sha256").asString()).isEqualTo(sha);
        assertThat(first.json().get("kind").asString()).isEqualTo("file");
        assertThat(count("SELECT count(*) FROM blobs WHERE sha256 = '" + sha + "'")).isEqualTo(1);
        assertThat(tp.platform().blobStore().list().filter(sha::equals).count()).isEqualTo(1);

        var download = tp.anonymous().get(first.json().at("/files/0/url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("scan%201.xy");
    }

    @Test
    void tooLargeUploadIsRefusedAndLeavesNothing() {
        String id = createDataset(alice.api(), "Big", "private");
        long blobsBefore = count("SELECT count(*) FROM blobs");
        long filesBefore = tp.platform().blobStore().list().count();
        var r = alice.api().upload("/api/v1/datasets/" + id + "/files?filename=big.raw", new byte[100 * 1024]);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asString()).contains("larger than the limit");
        assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobsBefore);
        assertThat(count("SELECT count(*) FROM entries WHERE dataset_id = '" + id + "'")).isZero();
        assertThat(tp.platform().blobStore().list().count()).isEqualTo(filesBefore);
    }

    @Test
    void restrictedFileIsHiddenFromReadersButNotFromTheOwner() {
        String id = createDataset(alice.api(), "Restricted", "public");
        var r = alice.api().upload("/api/v1/datasets/" + id + "/files?filename=raw.bin&restricted=true", new byte[] {1, 2, 3});
        String entry = r.json().get("id").asString();
        assertThat(tp.anonymous().get("/api/v1/entries/" + entry).json().get("files")).isEmpty();
        assertThat(tp.anonymous().get("/api/v1/entries/" + entry + "/files/raw.bin").status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/entries/" + entry + "/files/raw.bin").status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/entries/" + entry + "/files/raw.bin").bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void privateDatasetIsInvisibleToOthers() {
        String id = createDataset(alice.api(), "Secret", "private");
        alice.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"NdFeB\"}");
        assertThat(bob.api().get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/datasets/" + id + "/entries").status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/datasets").body()).doesNotContain(id);
        assertThat(alice.api().get("/api/v1/datasets").body()).contains(id);
        // writing to it is refused the same way: existence is not revealed
        assertThat(bob.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"Fe\"}").status()).isEqualTo(404);
    }

    @Test
    void readersOfPublicDataCannotWriteToIt() {
        String id = createDataset(alice.api(), "Open", "public");
        var r = bob.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"Fe\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(tp.anonymous().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"Fe\"}").status()).isEqualTo(401);
    }

    @Test
    void authenticationFailuresAreClearAndAudited() {
        var bad = new ApiClient(tp.baseUrl(), "mdx_not-a-real-token").get("/api/v1/datasets");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("detail").asString()).contains("unknown, expired or revoked");
        assertThat(bad.headers().firstValue("WWW-Authenticate")).isPresent();
        var notBearer = tp.anonymous().send(tp.anonymous().request("/api/v1/datasets").header("Authorization", "Basic abc"));
        assertThat(notBearer.status()).isEqualTo(401);
        assertThat(count("SELECT COALESCE(sum(count), 0) FROM audit_tallies WHERE action = 'login.failed.token'")).isGreaterThanOrEqualTo(1);
        assertThat(tp.anonymous().post("/api/v1/datasets", "{\"title\": \"x\"}").status()).isEqualTo(401);
    }

    @Test
    void revokedAndReadOnlyTokensAreHonoured() {
        var reader = tp.person("reader", Scope.READ);
        var r = reader.api().post("/api/v1/datasets", "{\"title\": \"nope\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("read-only");
        var tokens = tp.platform().users().tokens(reader.user().id());
        tp.platform().accounts().revokeToken(org.matdx.platform.Bootstrap.SYSTEM, tokens.get(0).id());
        assertThat(reader.api().get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void badRequestsGetProblemDetailsAndStoreNothing() {
        long datasets = count("SELECT count(*) FROM datasets");
        var broken = alice.api().post("/api/v1/datasets", "{\"title\": \"x\",");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asString()).contains("not valid JSON").contains("line 1");
        var invalid = alice.api().post("/api/v1/datasets", "{\"title\": \"\", \"license\": \"GPL-9\", \"access\": \"secret\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").toString()).contains("\"title\"").contains("\"license\"").contains("\"access\"");
        var embargo = alice.api().post("/api/v1/datasets", "{\"title\": \"e\", \"access\": \"embargoed\"}");
        assertThat(embargo.json().get("errors").toString()).contains("embargo_until");
        assertThat(count("SELECT count(*) FROM datasets")).isEqualTo(datasets);

        assertThat(alice.api().get("/api/v1/datasets/not-a-uuid").status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/entries/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/datasets?limit=abc").json().get("errors").toString()).contains("limit");
        assertThat(alice.api().get("/api/v1/datasets?cursor=zzz").status()).isEqualTo(400);
        var unknown = alice.api().get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void everyWriteIsAudited() {
        String id = createDataset(alice.api(), "Audited", "public");
        String entry = alice.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"ZnO\"}").json().get("id").asString();
        var events = tp.platform().audit().forObject(id);
        assertThat(events).extracting(e -> e.action()).contains("dataset.create");
        assertThat(events.get(0).actor()).isEqualTo("alice");
        assertThat(tp.platform().audit().forObject(entry)).extracting(e -> e.action()).containsExactly("entry.create");
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
    }
}
