package org.matdx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A dataset's description as its owners manage it (issue 29): authors with ORCID iDs and
 * affiliations, keywords, edits checked against the revision they started from, a DOI added
 * after publication — and what careless or hostile callers send.
 */
class DatasetDescriptionApiTest {
    static TestPlatform tp;
    static Person owner;
    static Person reviewer;
    static Person stranger;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        owner = tp.person("hana");
        reviewer = tp.person("riku");
        stranger = tp.person("sora");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient.Response patch(ApiClient api, String path, String json) {
        return api.send(api.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static String dataset(String extra) {
        var r = owner.api().post("/api/v1/datasets", "{\"title\": \"Perovskite films\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void authorsAndKeywordsAreStoredCheckedAndCited() {
        String id = dataset(", \"access\": \"public\", \"authors\": [{\"name\": \"Hana Mori\", \"orcid\": \"https://orcid.org/0000-0002-1825-0097\","
                + " \"affiliation\": \"NIMS\"}, {\"name\": \"<script>alert(1)</script> & Co_1\"}], \"keywords\": [\"perovskite\", \" thin film \", \"perovskite\", \"\"]");
        var d = owner.api().get("/api/v1/datasets/" + id).json();
        assertThat(d.get("authors").get(0).get("orcid").asString()).isEqualTo("0000-0002-1825-0097");
        assertThat(d.get("authors").get(0).get("affiliation").asString()).isEqualTo("NIMS");
        assertThat(d.get("authors").get(1).get("affiliation").isNull()).isTrue();
        assertThat(d.get("keywords").toString()).isEqualTo("[\"perovskite\",\"thin film\"]");
        assertThat(d.get("revision").asInt()).isZero();
        // anyone who sees the dataset sees who made it
        assertThat(stranger.api().get("/api/v1/datasets/" + id).json().get("authors").size()).isEqualTo(2);

        owner.api().post("/api/v1/datasets/" + id + "/entries", "{\"title\": \"film 1\", \"formula\": \"CsPbI3\"}");
        var v = owner.api().post("/api/v1/datasets/" + id + "/versions", "");
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        // the listed authors, in their order, are the version's authors (not the owner's account)
        assertThat(v.json().get("authors").get(0).get("name").asString()).isEqualTo("Hana Mori");
        assertThat(v.json().get("authors").get(0).get("affiliation").asString()).isEqualTo("NIMS");
        assertThat(v.json().get("authors").get(1).get("role").asString()).isEqualTo("author");
        String base = "/api/v1/datasets/" + id + "/versions/1";
        String bib = owner.api().get(base + "/citation?format=bibtex").body();
        assertThat(bib).contains("author = {Mori, Hana and").contains("Co\\_1").contains("\\&}");
        var ris = owner.api().get(base + "/citation?format=ris");
        assertThat(ris.contentType()).startsWith("application/x-research-info-systems");
        assertThat(ris.body()).startsWith("TY  - DATA\r\n").contains("AU  - Mori, Hana\r\n").contains("TI  - Perovskite films\r\n")
                .endsWith("ER  - \r\n");
        var datacite = owner.api().get(base + "/datacite").json();
        assertThat(datacite.get("creators").get(0).get("affiliation").get(0).get("name").asString()).isEqualTo("NIMS");

        // changing only the authors is something new to publish; the same again is not
        assertThat(patch(owner.api(), "/api/v1/datasets/" + id, "{\"authors\": [{\"name\": \"Hana Mori\"}]}").status()).isEqualTo(200);
        assertThat(owner.api().post("/api/v1/datasets/" + id + "/versions", "").status()).isEqualTo(201);
        assertThat(owner.api().post("/api/v1/datasets/" + id + "/versions", "").status()).isEqualTo(409);
    }

    @Test
    void aStaleEditIsRefusedAndChangesNothing() {
        String id = dataset("");
        var first = patch(owner.api(), "/api/v1/datasets/" + id, "{\"title\": \"Perovskite films, annealed\", \"revision\": 0}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("revision").asInt()).isEqualTo(1);
        var stale = patch(owner.api(), "/api/v1/datasets/" + id, "{\"title\": \"Perovskite films, quenched\", \"revision\": 0}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("detail").asString()).contains("revision 1").contains("revision 0");
        assertThat(owner.api().get("/api/v1/datasets/" + id).json().get("title").asString()).isEqualTo("Perovskite films, annealed");
        // the edit is in the audit trail
        var audit = owner.api().get("/api/v1/audit?object=" + id).body();
        assertThat(audit).contains("dataset.describe");
    }

    @Test
    void concurrentEditsFromTheSameRevisionLetExactlyOneWin() throws Exception {
        String id = dataset("");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> patch(owner.api(), "/api/v1/datasets/" + id,
                        "{\"title\": \"edit " + n + "\", \"revision\": 0}").status()));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var f : futures) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(owner.api().get("/api/v1/datasets/" + id).json().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void hostileDescriptionsAreRefusedNamingTheField() {
        String id = dataset("");
        String path = "/api/v1/datasets/" + id;
        ObjectNode body = Json.object();
        ArrayNode authors = body.putArray("authors");
        for (int i = 0; i < 10_000; i++) {
            authors.addObject().put("name", "Author " + i);
        }
        var many = patch(owner.api(), path, Json.write(body));
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().get("errors").get(0).get("field").asString()).isEqualTo("authors");
        assertThat(many.json().get("detail").asString()).contains("at most 1000 authors (found 10000)");

        var huge = patch(owner.api(), path, "{\"title\": \"" + "x".repeat(600) + "\", \"description\": \"" + "y".repeat(20_001) + "\"}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.body()).contains("\"title\"").contains("\"description\"");

        var orcid = patch(owner.api(), path, "{\"authors\": [{\"name\": \"A\"}, {\"name\": \"B\", \"orcid\": \"0000-0002-1825-0098\"}]}");
        assertThat(orcid.status()).isEqualTo(400);
        assertThat(orcid.json().get("errors").get(0).get("field").asString()).isEqualTo("authors[1].orcid");
        assertThat(orcid.json().get("detail").asString()).contains("check digit should be 7");

        var noName = patch(owner.api(), path, "{\"authors\": [{\"orcid\": \"0000-0002-1825-0097\"}], \"keywords\": [\"" + "k".repeat(101) + "\"]}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("authors[0].name").contains("keywords[0]");

        assertThat(patch(owner.api(), path, "{\"license\": \"GPL-but-not-really\"}").status()).isEqualTo(400);
        assertThat(patch(owner.api(), path, "{\"authors\": \"me\"}").status()).isEqualTo(400);
        assertThat(patch(owner.api(), path, "{\"revision\": \"x\"}").status()).isEqualTo(400);
        // nothing of it was stored
        var d = owner.api().get(path).json();
        assertThat(d.get("title").asString()).isEqualTo("Perovskite films");
        assertThat(d.get("authors").size()).isZero();
        assertThat(d.get("revision").asInt()).isZero();
    }

    @Test
    void onlyOwnersDescribeAndForgedIdsAreNotFound() {
        String id = dataset(", \"access\": \"public\"");
        String path = "/api/v1/datasets/" + id;
        tp.platform().sharing().putCoworker(RequestContext.local(org.matdx.platform.Bootstrap.SYSTEM), java.util.UUID.fromString(id), "riku", "reviewer");
        var byReviewer = patch(reviewer.api(), path, "{\"title\": \"mine now\"}");
        assertThat(byReviewer.status()).isEqualTo(403);
        assertThat(byReviewer.json().get("detail").asString()).contains("owner and co-authors");
        assertThat(patch(stranger.api(), path, "{\"title\": \"mine now\"}").status()).isEqualTo(403);
        assertThat(patch(new ApiClient(tp.baseUrl(), null), path, "{\"title\": \"mine now\"}").status()).isEqualTo(401);
        String priv = dataset("");
        assertThat(patch(stranger.api(), "/api/v1/datasets/" + priv, "{\"title\": \"mine now\"}").status()).isEqualTo(404);
        assertThat(patch(owner.api(), "/api/v1/datasets/00000000-0000-0000-0000-000000000000", "{\"title\": \"x\"}").status()).isEqualTo(404);
        assertThat(patch(owner.api(), "/api/v1/datasets/not-an-id", "{\"title\": \"x\"}").status()).isEqualTo(404);
        assertThat(owner.api().get(path).json().get("title").asString()).isEqualTo("Perovskite films");
    }

    @Test
    void aDoiIsAddedAfterPublicationAndNothingElseOfTheVersionChanges() {
        String id = dataset(", \"access\": \"public\"");
        owner.api().post("/api/v1/datasets/" + id + "/entries", "{\"title\": \"film 2\", \"formula\": \"MAPbI3\"}");
        var v1 = owner.api().post("/api/v1/datasets/" + id + "/versions", "").json();
        String path = "/api/v1/datasets/" + id + "/versions/1/doi";
        var bad = owner.api().put(path, "{\"doi\": \"10.12/not a doi\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("doi");
        assertThat(owner.api().put(path, "{}").status()).isEqualTo(400);
        assertThat(stranger.api().put(path, "{\"doi\": \"10.5072/stolen\"}").status()).isEqualTo(403);
        assertThat(owner.api().put("/api/v1/datasets/" + id + "/versions/7/doi", "{\"doi\": \"10.5072/x\"}").status()).isEqualTo(404);

        var ok = owner.api().put(path, "{\"doi\": \"https://doi.org/10.5072/matdx.films.1\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("doi").asString()).isEqualTo("10.5072/matdx.films.1");
        assertThat(ok.json().get("content_sha256").asString()).isEqualTo(v1.get("content_sha256").asString());
        assertThat(owner.api().get("/api/v1/datasets/" + id + "/versions/1/citation?format=bibtex").body())
                .contains("doi = {10.5072/matdx.films.1}");
        assertThat(owner.api().put(path, "{\"doi\": \"10.5072/matdx.films.1-corrected\"}").json().get("doi").asString())
                .isEqualTo("10.5072/matdx.films.1-corrected");
        assertThat(owner.api().get("/api/v1/audit?object=" + id).body()).contains("dataset.version.doi");
        // the database still refuses any other change to a published version
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tp.platform().db().run(h ->
                h.execute("UPDATE dataset_versions SET title = 'rewritten' WHERE dataset_id = ?::uuid", id)))
                .hasMessageContaining("published versions are immutable");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tp.platform().db().run(h ->
                h.execute("UPDATE dataset_versions SET doi = '10.5072/y', entry_count = 99 WHERE dataset_id = ?::uuid", id)))
                .hasMessageContaining("published versions are immutable");
    }
}
