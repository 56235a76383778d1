package org.matdx.fair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RO-Crate import does not trust the crate (issue 18, findings 4 and 12). Each crate here is
 * forged by hand the way an attacker would write it: authors who are other local users with
 * their ORCID iDs, a DOI, entries credited to another account, the PID of someone else's next
 * version, the id of a dataset the importer may not see.
 */
class ForgedCrateTest {
    static TestPlatform tp;
    static Person alice;
    static Person bob;
    static Person mallory;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        var accounts = tp.platform().accounts();
        var a = accounts.createUser(Bootstrap.SYSTEM, "alice", "Alice Tanaka", null, "0000-0002-1825-0097", null, false);
        String t = accounts.issueToken(Bootstrap.SYSTEM, a, "t", org.matdx.core.Scope.WRITE, null).secret();
        alice = new Person(a, t, new ApiClient(tp.baseUrl(), t));
        bob = tp.person("bob");
        mallory = tp.person("mallory");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** A crate in the shape MatDX exports, every field chosen by its author. */
    static final class Crate {
        final ObjectNode version = Json.object();
        final Map<String, ObjectNode> entries = new LinkedHashMap<>();

        Crate(UUID dataset, int number, String pid) {
            version.put("format", "matdx-version/1").put("id", UUID.randomUUID().toString()).put("dataset", dataset.toString())
                    .put("number", number).put("pid", pid).put("title", "Forged cathode data").put("description", "")
                    .put("license", "CC-BY-4.0").put("published_at", "2026-01-10T09:00:00Z")
                    .put("dataset_created_at", "2026-01-01T09:00:00Z").put("complete", false);
            version.putArray("authors");
            version.putObject("metadata").put("access", "public").put("publisher", "MatDX");
        }

        Crate author(String username, String name, String orcid, String role) {
            ((ArrayNode) version.get("authors")).addObject().put("username", username).put("name", name).put("orcid", orcid)
                    .put("role", role);
            return this;
        }

        Crate entry(UUID id, String title, UUID createdBy, UUID sample) {
            ObjectNode e = Json.object().put("id", id.toString()).put("dataset", version.get("dataset").asString())
                    .put("kind", "property_row").put("title", title);
            e.set("composition", null);
            e.putObject("properties").putObject("capacity").put("value", 150).put("unit", "mA h/g");
            e.putObject("invoice");
            e.putObject("metadata");
            e.putObject("data");
            e.putArray("files");
            e.put("sample", sample == null ? null : sample.toString()).put("template", (String) null)
                    .put("outcome", "succeeded").put("outcome_reason", "")
                    .put("created_by", createdBy == null ? null : createdBy.toString())
                    .put("created_at", "2026-01-05T09:00:00Z").put("updated_at", "2026-01-05T09:00:00Z");
            entries.put("entries/" + id + ".json", e);
            version.put("entry_count", entries.size());
            return this;
        }

        byte[] zip() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(bytes)) {
                put(z, "ro-crate-metadata.json", Json.object().putArray("@graph").toString());
                put(z, "matdx-version.json", Json.write(version));
                for (var e : entries.entrySet()) {
                    put(z, e.getKey(), Json.write(e.getValue()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private static void put(ZipOutputStream z, String name, String content) throws IOException {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    static ApiClient.Response importAs(Person who, byte[] crate, String query) {
        return who.api().send(who.api().request("/api/v1/import/rocrate" + query).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(crate)));
    }

    static String publicDataset(Person who, String title) {
        var r = who.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"public\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        assertThat(who.api().post("/api/v1/datasets/" + id + "/entries", "{\"title\": \"" + title + " 1\", \"formula\": \"LiCoO2\"}")
                .status()).isEqualTo(201);
        return id;
    }

    @Test
    void authorsAndDoiOfACrateAreWhatTheCrateClaimsNeverLocalIdentities() {
        Crate c = new Crate(UUID.randomUUID(), 1, "matdx:ds/" + UUID.randomUUID() + "/v1")
                .author("alice", "Alice Tanaka", "0000-0002-1825-0097", "owner")
                .author("bob", "bob", null, "coauthor")
                .entry(UUID.randomUUID(), "stolen glory", alice.user().id(), null);
        c.version.put("doi", "10.5555/alice.real.1");
        var r = importAs(mallory, c.zip(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String ds = r.json().get("dataset").asString();
        JsonNode v = mallory.api().get("/api/v1/datasets/" + ds + "/versions/1").json();
        // the DOI is the crate's claim, kept as provenance, not this version's DOI
        assertThat(v.get("doi").isNull()).as(v.toString()).isTrue();
        assertThat(v.at("/origin/doi").asString()).isEqualTo("10.5555/alice.real.1");
        assertThat(v.at("/origin/claimed").asBoolean()).isTrue();
        assertThat(mallory.api().get("/api/v1/datasets/" + ds + "/versions/1/datacite").json().path("doi").isMissingNode()).isTrue();
        // authors are the crate's text: the names it gives, never linked to alice's or bob's accounts
        assertThat(v.get("authors").findValuesAsString("name")).containsExactly("Alice Tanaka", "bob");
        assertThat(v.get("authors_source").asString()).isEqualTo("crate");
        List<String> usernames = tp.platform().db().read(h -> h.createQuery(
                        "SELECT a ->> 'username' FROM dataset_versions, jsonb_array_elements(metadata -> 'authors') a WHERE dataset_id = :d")
                .bind("d", UUID.fromString(ds)).mapTo(String.class).list());
        assertThat(usernames).noneMatch(u -> u != null && (u.equals("alice") || u.equals("bob")));
        // exported again, the crate names no account of this instance as a person's identifier
        byte[] again = mallory.api().get("/api/v1/datasets/" + ds + "/versions/1/export").bytes();
        assertThat(new String(again, StandardCharsets.ISO_8859_1)).doesNotContain("\"identifier\" : \"alice\"");
        // the entries are the importer's
        List<UUID> creators = tp.platform().db().read(h -> h.createQuery("SELECT created_by FROM entries WHERE dataset_id = :d")
                .bind("d", UUID.fromString(ds)).mapTo(UUID.class).list());
        assertThat(creators).containsOnly(mallory.user().id());
        List<String> snapshotCreators = tp.platform().db().read(h -> h.createQuery("""
                        SELECT e.snapshot ->> 'created_by' FROM dataset_version_entries e JOIN dataset_versions v ON v.id = e.version_id
                        WHERE v.dataset_id = :d""").bind("d", UUID.fromString(ds)).mapTo(String.class).list());
        assertThat(snapshotCreators).containsOnly(mallory.user().id().toString());
        JsonNode entries = mallory.api().get("/api/v1/datasets/" + ds + "/versions/1/entries").json().get("items");
        assertThat(entries.findValuesAsString("created_by")).containsOnly(mallory.user().id().toString());
    }

    @Test
    void aCrateCannotTakeTheIdentifierOfSomeoneElsesNextVersion() {
        String a = publicDataset(alice, "Alice's cathodes");
        assertThat(alice.api().post("/api/v1/datasets/" + a + "/versions", "{}").status()).isEqualTo(201);
        Crate c = new Crate(UUID.randomUUID(), 2, "matdx:ds/" + a + "/v2").author("mallory", "Mallory", null, "owner")
                .entry(UUID.randomUUID(), "squatter", null, null);
        c.version.put("previous_pid", "matdx:ds/" + a + "/v1");
        var r = importAs(mallory, c.zip(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String pid = r.json().get("pid").asString();
        // imported versions live in a namespace of their own, and keep what the crate called them as provenance
        assertThat(pid).startsWith("matdx:import/" + r.json().get("dataset").asString() + "/").doesNotContain(a);
        assertThat(r.json().at("/origin/pid").asString()).isEqualTo("matdx:ds/" + a + "/v2");
        assertThat(tp.anonymous().get("/api/v1/pid?pid=" + pid).status()).isEqualTo(303);
        // alice still publishes her next version under her own identifier
        assertThat(alice.api().post("/api/v1/datasets/" + a + "/entries", "{\"title\": \"more\", \"formula\": \"LiNiO2\"}").status())
                .isEqualTo(201);
        var v2 = alice.api().post("/api/v1/datasets/" + a + "/versions", "{}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().get("pid").asString()).isEqualTo("matdx:ds/" + a + "/v2");
        var resolved = tp.anonymous().get("/api/v1/pid?pid=matdx:ds/" + a + "/v2");
        assertThat(resolved.headers().firstValue("Location")).contains("/api/v1/datasets/" + a + "/versions/2");
    }

    @Test
    void publishingNeverAnswers500WhenAnIdentifierIsAlreadyTaken() {
        // a row left by an import made before this fix: another dataset's version holding alice's next PID
        String a = publicDataset(alice, "Alice's anodes");
        assertThat(alice.api().post("/api/v1/datasets/" + a + "/versions", "{}").status()).isEqualTo(201);
        String squatter = publicDataset(mallory, "squatting");
        tp.platform().db().run(h -> h.execute("""
                INSERT INTO dataset_versions (id, dataset_id, number, pid, title, description, license, entry_count, published_by)
                VALUES (?, ?, 1, ?, 'squatting', '', 'CC-BY-4.0', 0, ?)""", UUID.randomUUID(), UUID.fromString(squatter),
                "matdx:ds/" + a + "/v2", mallory.user().id()));
        assertThat(alice.api().post("/api/v1/datasets/" + a + "/entries", "{\"title\": \"graphite\", \"formula\": \"C\"}").status())
                .isEqualTo(201);
        var v = alice.api().post("/api/v1/datasets/" + a + "/versions", "{}");
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        assertThat(v.json().get("pid").asString()).startsWith("matdx:ds/" + a + "/v").isNotEqualTo("matdx:ds/" + a + "/v2");
        assertThat(v.json().get("previous_pid").asString()).isEqualTo("matdx:ds/" + a + "/v1");
        var listed = alice.api().get("/api/v1/datasets/" + a + "/versions").json().get("items");
        assertThat(listed).hasSize(2);
    }

    @Test
    void importTargetsTheCallerMayNotSeeAnswerExactlyAsAbsentOnes() {
        var b = bob.api().post("/api/v1/datasets", "{\"title\": \"bob's secret\", \"access\": \"private\"}");
        UUID hidden = UUID.fromString(b.json().get("id").asString());
        UUID hiddenEntry = UUID.fromString(bob.api().post("/api/v1/datasets/" + hidden + "/entries",
                "{\"title\": \"secret run\", \"formula\": \"NaCl\"}").json().get("id").asString());
        UUID sample = UUID.randomUUID();
        tp.platform().db().run(h -> h.execute("INSERT INTO samples (id, pid, name, owner_id, dataset_id) VALUES (?, ?, 'hidden', ?, ?)",
                sample, "matdx:sample/" + sample, bob.user().id(), hidden));

        Crate onHidden = new Crate(hidden, 1, "matdx:ds/" + hidden + "/v1").entry(hiddenEntry, "probe", null, sample);
        UUID absent = UUID.randomUUID();
        Crate onAbsent = new Crate(absent, 1, "matdx:ds/" + absent + "/v1").entry(UUID.randomUUID(), "probe", null, sample);
        var r1 = importAs(mallory, onHidden.zip(), "");
        var r2 = importAs(mallory, onAbsent.zip(), "");
        assertThat(r1.status()).as(r1.body()).isEqualTo(201);
        assertThat(r2.status()).as(r2.body()).isEqualTo(201);
        assertThat(shape(r1.json())).isEqualTo(shape(r2.json()));
        // both are new datasets of the importer's; bob's is untouched
        assertThat(r1.json().get("dataset").asString()).isNotEqualTo(hidden.toString());
        assertThat(r2.json().get("dataset").asString()).isNotEqualTo(absent.toString());
        assertThat(bob.api().get("/api/v1/datasets/" + hidden).json().get("title").asString()).isEqualTo("bob's secret");
        assertThat(bob.api().get("/api/v1/datasets/" + hidden).json().get("entry_count").asInt()).isEqualTo(1);
        assertThat(bob.api().get("/api/v1/entries/" + hiddenEntry).json().get("title").asString()).isEqualTo("secret run");
        // and no imported entry points at bob's sample, live or in the version
        String imported = r1.json().get("dataset").asString();
        long linked = tp.platform().db().read(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM entries WHERE sample_id = :s)
                     + (SELECT count(*) FROM dataset_version_entries WHERE snapshot ->> 'sample' = :t)""")
                .bind("s", sample).bind("t", sample.toString()).mapTo(Long.class).one());
        assertThat(linked).isZero();
        assertThat(mallory.api().get("/api/v1/datasets/" + imported + "/entries").json().at("/items/0/title").asString())
                .isEqualTo("probe");

        // a group the importer is not in answers as a group that does not exist
        var lab = tp.group("bobs-lab", bob);
        Crate grouped = new Crate(UUID.randomUUID(), 1, "x").entry(UUID.randomUUID(), "g", null, null);
        ((ObjectNode) grouped.version.get("metadata")).put("access", "group").put("group", lab.name());
        var inGroup = importAs(mallory, grouped.zip(), "");
        ((ObjectNode) grouped.version.get("metadata")).put("group", "no-such-lab");
        var noGroup = importAs(mallory, grouped.zip(), "");
        assertThat(inGroup.status()).isEqualTo(400);
        assertThat(noGroup.status()).isEqualTo(400);
        assertThat(inGroup.json().get("detail").asString().replace(lab.name(), "G"))
                .isEqualTo(noGroup.json().get("detail").asString().replace("no-such-lab", "G"));
    }

    @Test
    void theSameCrateImportedTwiceByItsImporterIsRefusedOthersMayCopyIt() {
        UUID origin = UUID.randomUUID();
        Crate c = new Crate(origin, 1, "matdx:ds/" + origin + "/v1").entry(UUID.randomUUID(), "shared", null, null);
        assertThat(importAs(mallory, c.zip(), "").status()).isEqualTo(201);
        var twice = importAs(mallory, c.zip(), "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString()).contains("already imported");
        // someone else importing the same crate learns nothing of mallory's copy
        assertThat(importAs(bob, c.zip(), "?access=private").status()).isEqualTo(201);
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
    }

    /** The answer's field names and types, without the values. */
    static String shape(JsonNode n) {
        StringBuilder s = new StringBuilder();
        n.properties().forEach(e -> s.append(e.getKey()).append(':').append(e.getValue().getNodeType()).append(';'));
        return s.toString();
    }
}
