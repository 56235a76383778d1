package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.CliRunner;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/**
 * After a forged crate import, deletions, retractions and an administrator's removal — and a
 * process that died between committing a deletion and removing the files it released — MatDX
 * starts again, its audit trail verifies, nothing is orphaned and the owner still publishes
 * (issue 18: "`./matdx up` after each hostile input still starts, and `./matdx audit verify` is intact").
 */
class HostileRestartTest {
    static TestPlatform tp;
    static Person alice;
    static Person mallory;
    static Person admin;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        mallory = tp.person("mallory");
        User root = tp.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
        String t = tp.platform().accounts().issueToken(Bootstrap.SYSTEM, root, "t", Scope.ADMIN, null).secret();
        admin = new Person(root, t, new ApiClient(tp.baseUrl(), t));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static byte[] forgedCrate(String victimDataset, UUID victimUser) throws Exception {
        String entry = UUID.randomUUID().toString();
        String version = """
                {"format": "matdx-version/1", "id": "%s", "dataset": "%s", "number": 2, "pid": "matdx:ds/%s/v2",
                 "doi": "10.5555/not.yours", "title": "forged", "description": "", "license": "CC-BY-4.0",
                 "published_at": "2026-01-10T09:00:00Z", "entry_count": 1, "complete": false,
                 "authors": [{"username": "alice", "name": "alice", "orcid": "0000-0002-1825-0097", "role": "owner"}],
                 "metadata": {"access": "public"}}""".formatted(UUID.randomUUID(), victimDataset, victimDataset);
        String e = """
                {"id": "%s", "dataset": "%s", "kind": "property_row", "title": "forged entry", "composition": null,
                 "properties": {"gap": {"value": 1.5, "unit": "eV"}}, "invoice": {}, "metadata": {}, "data": {}, "files": [],
                 "sample": null, "template": null, "outcome": "succeeded", "outcome_reason": "", "created_by": "%s",
                 "created_at": "2026-01-05T09:00:00Z", "updated_at": "2026-01-05T09:00:00Z"}""".formatted(entry, victimDataset, victimUser);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String[] part : new String[][] {{"ro-crate-metadata.json", "{}"}, {"matdx-version.json", version},
                    {"entries/" + entry + ".json", e}}) {
                z.putNextEntry(new ZipEntry(part[0]));
                z.write(part[1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void startsAgainWithAnIntactTrailAfterHostileImportsDeletionsAndACrash() throws Exception {
        String ds = created(alice.api().post("/api/v1/datasets", "{\"title\": \"Alice's electrolytes\", \"access\": \"public\"}"));
        String base = "/api/v1/datasets/" + ds;
        String kept = created(alice.api().post(base + "/entries", "{\"title\": \"LLZO\", \"formula\": \"Li7La3Zr2O12\"}"));
        String wrong = created(alice.api().post(base + "/entries", "{\"title\": \"LATP, wrong\", \"formula\": \"Li1.3Al0.3Ti1.7P3O12\"}"));
        assertThat(alice.api().post(base + "/versions", "{}").status()).isEqualTo(201);
        String draft = created(alice.api().upload(base + "/files?filename=draft.txt", "draft notes".getBytes(StandardCharsets.UTF_8)));

        var imported = mallory.api().send(mallory.api().request("/api/v1/import/rocrate").header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(forgedCrate(ds, alice.user().id()))));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(alice.api().delete("/api/v1/entries/" + draft).status()).isEqualTo(200);
        assertThat(alice.api().post("/api/v1/entries/" + wrong + "/retract", "{\"reason\": \"wrong phase\"}").status()).isEqualTo(200);
        String doomed = created(mallory.api().post("/api/v1/datasets", "{\"title\": \"spam\", \"access\": \"public\"}"));
        created(mallory.api().post("/api/v1/datasets/" + doomed + "/entries", "{\"title\": \"spam\", \"formula\": \"NaCl\"}"));
        assertThat(mallory.api().post("/api/v1/datasets/" + doomed + "/versions", "{}").status()).isEqualTo(201);
        assertThat(admin.api().delete("/api/v1/datasets/" + doomed + "?reason=spam").status()).isEqualTo(200);

        // a process killed after committing a deletion, before removing the file it released: the
        // release is queued in the database, the blob row and file still there
        String orphanSha = stageReleasedBlob("released but never removed");
        String stillUsed = tp.platform().db().read(h -> h.createQuery("SELECT sha256 FROM entry_files LIMIT 1")
                .mapTo(String.class).findOne().orElse(null));
        tp.platform().db().run(h -> h.execute("INSERT INTO blob_releases (sha256) VALUES (?)", orphanSha));
        if (stillUsed != null) {
            tp.platform().db().run(h -> h.execute("INSERT INTO blob_releases (sha256) VALUES (?) ON CONFLICT DO NOTHING", stillUsed));
        }

        tp.restart();

        assertThat(CliRunner.matdx(tp, "audit", "verify").code()).isZero();
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
        assertThat(blobRows(orphanSha)).isZero();
        assertThat(blobPath(orphanSha)).doesNotExist();
        if (stillUsed != null) {
            assertThat(blobRows(stillUsed)).isEqualTo(1);
            assertThat(blobPath(stillUsed)).exists();
        }
        long queued = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blob_releases").mapTo(Long.class).one());
        assertThat(queued).isZero();
        // every blob row has its file, every file its row
        tp.platform().db().read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list())
                .forEach(s -> assertThat(blobPath(s)).as(s).exists());
        try (var files = Files.walk(tp.dataDir().resolve("blobs"))) {
            files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".staging"))
                    .forEach(p -> assertThat(blobRows(p.getFileName().toString())).as(p.toString()).isEqualTo(1));
        }
        // the owner goes on: reads, edits and publishes her next version under her own identifier
        assertThat(alice.api().get("/api/v1/entries/" + kept).status()).isEqualTo(200);
        assertThat(alice.api().get("/api/v1/datasets/" + ds + "/versions/1").json().get("retracted").get(0).get("reason").asString())
                .isEqualTo("wrong phase");
        created(alice.api().post(base + "/entries", "{\"title\": \"LiPON\", \"formula\": \"Li3PO4\"}"));
        var v2 = alice.api().post(base + "/versions", "{}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().get("pid").asString()).isEqualTo("matdx:ds/" + ds + "/v2");
        assertThat(tp.anonymous().get("/api/v1/search?property=gap%3E1%20eV").status()).isEqualTo(200);
        assertThat(CliRunner.matdx(tp, "audit", "verify").code()).isZero();
    }

    static String stageReleasedBlob(String content) {
        var staged = tp.platform().blobStore().stage(new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 1000);
        tp.platform().db().run(h -> h.execute("INSERT INTO blobs (sha256, size) VALUES (?, ?)", staged.sha256(), staged.size()));
        tp.platform().blobStore().commit(staged);
        return staged.sha256();
    }

    static long blobRows(String sha) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blobs WHERE sha256 = :s").bind("s", sha)
                .mapTo(Long.class).one());
    }

    static Path blobPath(String sha) {
        return tp.dataDir().resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }
}
