package org.matdx.fair;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.MutableClock;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;
import tools.jackson.databind.JsonNode;

/**
 * Publishing immutable versions: persistent ids, later edits in later versions, old versions
 * with their exact entries, citations (BibTeX, CSL-JSON), DataCite metadata, and who may read them.
 */
class VersionsApiTest {
    static MutableClock clock = MutableClock.at("2026-07-15T03:00:00Z");
    static TestPlatform tp;
    static Person alice;
    static Person carol;
    static Person coauthor;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withClock(clock)).withServer();
        var accounts = tp.platform().accounts();
        accounts.createUser(Bootstrap.SYSTEM, "alice", "Alice Tanaka (battery lab)", null, "0000-0002-1825-0097", null, false);
        alice = new Person(tp.platform().users().byUsername("alice").get(),
                accounts.issueToken(Bootstrap.SYSTEM, tp.platform().users().byUsername("alice").get(), "t",
                        org.matdx.core.Scope.WRITE, null).secret(), null);
        alice = new Person(alice.user(), alice.token(), new org.matdx.testing.ApiClient(tp.baseUrl(), alice.token()));
        carol = tp.person("carol");
        coauthor = tp.person("ken");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(String extra) {
        var r = alice.api().post("/api/v1/datasets", "{\"title\": \"Li_2MnO_3 & 50% Ni cathodes\", \"description\": \"Layered oxides\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static Set<String> titles(JsonNode items) {
        Set<String> s = new HashSet<>();
        items.forEach(i -> s.add(i.get("title").asString()));
        return s;
    }

    @Test
    void versionsAreImmutableSnapshotsWithPersistentIds() {
        String id = dataset(", \"access\": \"public\"");
        String base = "/api/v1/datasets/" + id;
        alice.api().post(base + "/entries", "{\"title\": \"first\", \"formula\": \"LiCoO2\", \"properties\": {\"capacity\": {\"value\": 140, \"unit\": \"mA h/g\"}}}");
        var v1 = alice.api().post(base + "/versions", "{\"doi\": \"https://doi.org/10.5555/matdx.demo.1\"}");
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().get("pid").asString()).isEqualTo("matdx:ds/" + id + "/v1");
        assertThat(v1.json().get("doi").asString()).isEqualTo("10.5555/matdx.demo.1");
        assertThat(v1.headers().firstValue("Location")).contains(base + "/versions/1");

        var again = alice.api().post(base + "/versions", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("nothing changed since matdx:ds/" + id + "/v1");

        clock.advance(java.time.Duration.ofDays(3));
        alice.api().post(base + "/entries", "{\"title\": \"second\", \"formula\": \"LiNiO2\"}");
        var v2 = alice.api().post(base + "/versions", "");
        assertThat(v2.status()).isEqualTo(201);
        assertThat(v2.json().get("number").asInt()).isEqualTo(2);
        assertThat(v2.json().get("previous_pid").asString()).isEqualTo("matdx:ds/" + id + "/v1");
        alice.api().post(base + "/entries", "{\"title\": \"third, unpublished\", \"formula\": \"LiMn2O4\"}");

        // each version keeps exactly the entries it was published with, whatever happens later
        assertThat(titles(carol.api().get(base + "/versions/1/entries").json().get("items"))).containsExactly("first");
        assertThat(titles(carol.api().get(base + "/versions/2/entries").json().get("items"))).containsExactlyInAnyOrder("first", "second");
        assertThat(carol.api().get(base + "/versions/1/entries").json().get("items").get(0).at("/properties/capacity/value").asDouble())
                .isEqualTo(140.0);
        assertThat(carol.api().get(base + "/versions").json().get("items")).hasSize(2);
        assertThat(carol.api().get(base + "/versions/1").json().get("entry_count").asInt()).isEqualTo(1);
        // the stored rows cannot be altered
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tp.platform().db().run(h -> h.execute(
                "UPDATE dataset_versions SET title = 'changed' WHERE dataset_id = ?", java.util.UUID.fromString(id))))
                .hasMessageContaining("immutable");

        // the persistent id resolves
        var resolved = carol.api().get("/api/v1/pid?pid=matdx:ds/" + id + "/v2");
        assertThat(resolved.status()).isEqualTo(303);
        assertThat(resolved.headers().firstValue("Location")).contains(base + "/versions/2");
        assertThat(carol.api().get("/api/v1/pid?pid=matdx:ds/" + id + "/v9").status()).isEqualTo(404);
        assertThat(carol.api().get(base + "/versions/3").status()).isEqualTo(404);
    }

    @Test
    void citationsInBibtexAndCslJson() {
        String id = dataset(", \"access\": \"public\"");
        String base = "/api/v1/datasets/" + id;
        alice.api().post(base + "/entries", "{\"formula\": \"LiCoO2\"}");
        alice.api().put(base + "/coworkers/ken", "{\"role\": \"coauthor\"}");
        alice.api().post(base + "/versions", "{\"doi\": \"10.5555/abc\"}");
        var bib = carol.api().get(base + "/versions/1/citation?format=bibtex");
        assertThat(bib.status()).isEqualTo(200);
        assertThat(bib.contentType()).startsWith("application/x-bibtex");
        assertThat(bib.body()).startsWith("@misc{tanaka2026_" + id.substring(0, 8) + "_v1,")
                .contains("author = {Tanaka, Alice and ken}")
                .contains("title = {{Li\\_2MnO\\_3 \\& 50\\% Ni cathodes}}")
                .contains("year = {2026}").contains("month = {jul}").contains("version = {1}")
                .contains("doi = {10.5555/abc}").contains("url = {https://doi.org/10.5555/abc}")
                .contains("matdx:ds/" + id + "/v1");
        var csl = carol.api().get(base + "/versions/1/citation?format=csl");
        JsonNode c = csl.json().get(0);
        assertThat(c.get("type").asString()).isEqualTo("dataset");
        assertThat(c.get("id").asString()).isEqualTo("matdx:ds/" + id + "/v1");
        assertThat(c.get("title").asString()).isEqualTo("Li_2MnO_3 & 50% Ni cathodes");
        assertThat(c.at("/author/0/family").asString()).isEqualTo("Tanaka");
        assertThat(c.at("/author/0/given").asString()).isEqualTo("Alice");
        assertThat(c.at("/author/0/ORCID").asString()).isEqualTo("https://orcid.org/0000-0002-1825-0097");
        assertThat(c.at("/issued/date-parts/0").toString()).isEqualTo("[2026,7,15]");
        assertThat(c.get("DOI").asString()).isEqualTo("10.5555/abc");
        assertThat(carol.api().get(base + "/versions/1/citation?format=endnote").status()).isEqualTo(400);
        assertThat(carol.api().get(base + "/versions/1/citation?format=ris").body()).contains("AU  - Tanaka, Alice\r\n")
                .contains("DO  - 10.5555/abc\r\n");
    }

    @Test
    void dataCiteMetadataFollowsKernel4() {
        String id = dataset(", \"access\": \"embargoed\", \"embargo_until\": \"2028-07-01\", \"license\": \"CC-BY-4.0\"");
        String base = "/api/v1/datasets/" + id;
        alice.api().post(base + "/entries", "{\"formula\": \"NaFePO4\"}");
        alice.api().post(base + "/versions", "");
        alice.api().post(base + "/entries", "{\"formula\": \"NaMnO2\"}");
        alice.api().post(base + "/versions", "");
        JsonNode d = alice.api().get(base + "/versions/2/datacite").json();
        assertThat(d.get("schemaVersion").asString()).isEqualTo("http://datacite.org/schema/kernel-4");
        assertThat(d.at("/types/resourceTypeGeneral").asString()).isEqualTo("Dataset");
        assertThat(d.at("/creators/0/name").asString()).isEqualTo("Tanaka, Alice");
        assertThat(d.at("/creators/0/nameIdentifiers/0/nameIdentifierScheme").asString()).isEqualTo("ORCID");
        assertThat(d.at("/titles/0/title").asString()).isEqualTo("Li_2MnO_3 & 50% Ni cathodes");
        assertThat(d.at("/publisher/name").asString()).isEqualTo("MatDX");
        assertThat(d.get("publicationYear").asString()).isEqualTo("2026");
        assertThat(d.at("/rightsList/0/rightsIdentifier").asString()).isEqualTo("cc-by-4.0");
        assertThat(d.at("/alternateIdentifiers/0/alternateIdentifier").asString()).isEqualTo("matdx:ds/" + id + "/v2");
        assertThat(d.at("/relatedIdentifiers/0/relationType").asString()).isEqualTo("IsNewVersionOf");
        assertThat(d.at("/relatedIdentifiers/0/relatedIdentifier").asString()).endsWith("/api/v1/pid?pid=matdx%3Ads%2F" + id + "%2Fv1");
        assertThat(d.at("/dates/1/dateType").asString()).isEqualTo("Available");
        assertThat(d.at("/dates/1/date").asString()).isEqualTo("2028-07-01");
        assertThat(d.at("/sizes/0").asString()).isEqualTo("2 entries");
        assertThat(d.at("/descriptions/0/descriptionType").asString()).isEqualTo("Abstract");

        // under embargo others see what the version is, not its data or how much of it there is
        var meta = carol.api().get(base + "/versions/2/datacite");
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.json().has("sizes")).isFalse();
        assertThat(carol.api().get(base + "/versions/2").json().has("entry_count")).isFalse();
        assertThat(carol.api().get(base + "/versions/2/citation").status()).isEqualTo(200);
        assertThat(carol.api().get(base + "/versions/2/entries").status()).isEqualTo(404);
        assertThat(carol.api().get(base + "/versions/2/export").status()).isEqualTo(404);
    }

    @Test
    void onlyOwnersPublishAndHiddenDatasetsHideTheirVersions() {
        String priv = dataset("");
        String muo = dataset(", \"access\": \"public\", \"model_use_only\": true");
        for (String id : new String[] {priv, muo}) {
            alice.api().post("/api/v1/datasets/" + id + "/entries", "{\"formula\": \"CuO\"}");
            assertThat(alice.api().post("/api/v1/datasets/" + id + "/versions", "").status()).isEqualTo(201);
            assertThat(carol.api().post("/api/v1/datasets/" + id + "/versions", "").status()).isEqualTo(404);
            for (String path : new String[] {"/versions", "/versions/1", "/versions/1/entries", "/versions/1/citation",
                    "/versions/1/datacite", "/versions/1/export"}) {
                assertThat(carol.api().get("/api/v1/datasets/" + id + path).status()).as(path).isEqualTo(404);
                assertThat(tp.anonymous().get("/api/v1/datasets/" + id + path).status()).as(path).isEqualTo(404);
            }
            assertThat(carol.api().get("/api/v1/pid?pid=matdx:ds/" + id + "/v1").status()).isEqualTo(404);
        }
        String pub = dataset(", \"access\": \"public\"");
        alice.api().post("/api/v1/datasets/" + pub + "/entries", "{\"formula\": \"CuO\"}");
        assertThat(carol.api().post("/api/v1/datasets/" + pub + "/versions", "").status()).isEqualTo(403);
        assertThat(alice.api().post("/api/v1/datasets/" + pub + "/versions", "{\"doi\": \"not-a-doi\"}").status()).isEqualTo(400);
    }
}
