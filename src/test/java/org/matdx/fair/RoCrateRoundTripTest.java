package org.matdx.fair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.CliRunner;
import org.matdx.core.Json;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;
import tools.jackson.databind.JsonNode;

/**
 * A version exported as an RO-Crate from one MatDX and imported into another (two fresh
 * databases) comes back with nothing lost: the same entries and files byte for byte, version
 * number, title, date and authors (as text), and it exports again with the same content. Nothing
 * is claimed either: the copy has ids, a PID (import namespace) and an owner of its own, and the
 * crate's PID, DOI and content hash are kept as its claimed origin.
 */
class RoCrateRoundTripTest {
    static TestPlatform origin;
    static TestPlatform target;
    static Person alice;
    static Person importer;
    static String dataset;
    static byte[] raw = "# 2theta intensity\n10.0 120\n10.02 131\n10.04 128\n".getBytes(StandardCharsets.UTF_8);
    static byte[] secret = "operator notebook: sample came from supplier X".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        origin = TestPlatform.start().withServer();
        target = TestPlatform.start().withServer();
        alice = origin.person("alice");
        importer = target.person("yuki");
        dataset = alice.api().post("/api/v1/datasets", """
                {"title": "XRD of Li-rich cathodes", "description": "Powder patterns, Cu K-alpha", "access": "embargoed",
                 "embargo_until": "2099-04-01", "license": "CC-BY-4.0", "template": "xrd.powder"}""").json().get("id").asString();
        String base = "/api/v1/datasets/" + dataset;
        assertThat(alice.api().upload(base + "/files?filename=scan%2001.xy", raw).status()).isEqualTo(201);
        assertThat(alice.api().upload(base + "/files?filename=notes.txt&restricted=true", secret).status()).isEqualTo(201);
        var e = alice.api().post(base + "/entries", """
                {"kind": "measurement", "title": "Li1.2Mn0.54Ni0.13Co0.13O2 pattern", "formula": "Li1.2Mn0.54Ni0.13Co0.13O2",
                 "template": "xrd.powder",
                 "properties": {"a": {"value": 2.85, "unit": "Å"}, "crystallite_size": {"value": 41.5, "unit": "nm"}},
                 "invoice": {"operator": "A. Tanaka", "instrument": "Rigaku SmartLab", "sample_id": "LR-17"},
                 "metadata": {"reader": "xrd.xy", "reader_version": "1.2.0", "template_version": "3", "wavelength": 1.5406},
                 "data": {"series": [{"x": [10.0, 10.02, 10.04], "y": [120, 131, 128], "x_unit": "deg", "y_unit": "counts"}]},
                 "outcome": "failed", "outcome_reason": "amorphous phase"}""");
        assertThat(e.status()).as(e.body()).isEqualTo(201);
        var v = alice.api().post(base + "/versions", "{\"doi\": \"10.5555/xrd.1\"}");
        assertThat(v.status()).as(v.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        origin.close();
        target.close();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry ze;
            while ((ze = in.getNextEntry()) != null) {
                m.put(ze.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    static byte[] export(ApiClient api, String id) {
        var r = api.get("/api/v1/datasets/" + id + "/versions/1/export");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        return r.bytes();
    }

    @Test
    void theCrateDescribesFilesEntriesLicenceAndProvenance() throws IOException {
        Map<String, byte[]> crate = unzip(export(alice.api(), dataset));
        JsonNode meta = Json.read(new String(crate.get("ro-crate-metadata.json"), StandardCharsets.UTF_8));
        assertThat(meta.get("@context").get(0).asString()).isEqualTo("https://w3id.org/ro/crate/1.1/context");
        assertThat(meta.get("@context").get(1).get("matdx").asString()).isEqualTo(RoCrateExport.NAMESPACE);
        Map<String, JsonNode> graph = new LinkedHashMap<>();
        meta.get("@graph").forEach(n -> graph.put(n.get("@id").asString(), n));
        assertThat(graph.get("ro-crate-metadata.json").at("/conformsTo/@id").asString()).isEqualTo("https://w3id.org/ro/crate/1.1");
        JsonNode root = graph.get("./");
        assertThat(root.get("@type").asString()).isEqualTo("Dataset");
        assertThat(root.get("name").asString()).isEqualTo("XRD of Li-rich cathodes");
        assertThat(root.at("/license/@id").asString()).isEqualTo("https://spdx.org/licenses/CC-BY-4.0");
        assertThat(root.get("identifier").toString()).contains("matdx:ds/" + dataset + "/v1").contains("https://doi.org/10.5555/xrd.1");
        // every part is described, and every described file is in the zip
        for (JsonNode part : root.get("hasPart")) {
            String id = part.get("@id").asString();
            assertThat(graph).containsKey(id);
            assertThat(crate).containsKey(id);
        }
        JsonNode rawFile = graph.values().stream().filter(n -> n.path("name").asString("").equals("scan 01.xy")
                && n.path("additionalType").asString("").equals("matdx:file/raw")).findFirst().orElseThrow();
        assertThat(rawFile.get("@id").asString()).endsWith("/scan%2001.xy");
        assertThat(rawFile.get("contentSize").asString()).isEqualTo(String.valueOf(raw.length));
        assertThat(crate.get(rawFile.get("@id").asString())).isEqualTo(raw);
        // the owner's export holds the restricted file too (it is theirs); nobody else's does
        assertThat(graph.values().stream().anyMatch(n -> n.path("name").asString("").equals("notes.txt")
                && n.path("additionalType").asString("").startsWith("matdx:file/"))).isTrue();
        // provenance: the measurement entry was made by its template and reader, with their versions
        JsonNode measurement = graph.values().stream()
                .filter(n -> n.path("additionalType").asString("").equals("matdx:entry/measurement")).findFirst().orElseThrow();
        assertThat(measurement.at("/matdx:invoice/instrument").asString()).isEqualTo("Rigaku SmartLab");
        JsonNode action = graph.values().stream().filter(n -> n.path("@type").asString("").equals("CreateAction")
                && n.at("/result/@id").asString().equals(measurement.get("@id").asString())).findFirst().orElseThrow();
        assertThat(action.get("instrument").findValuesAsString("@id")).contains("#template-xrd.powder", "#reader-xrd.xy-1.2.0");
        assertThat(graph.get("#reader-xrd.xy-1.2.0").get("version").asString()).isEqualTo("1.2.0");
        assertThat(graph.get("#template-xrd.powder").get("version").asString()).isEqualTo("3");
        // the upload entries are the raw files' provenance records
        JsonNode upload = graph.values().stream().filter(n -> n.path("@type").asString("").equals("CreateAction")
                && n.get("object").findValuesAsString("@id").contains(rawFile.get("@id").asString())).findFirst().orElseThrow();
        assertThat(upload.at("/result/@id").asString()).startsWith("entries/");
        assertThat(graph.values().stream().filter(n -> n.path("@type").asString("").equals("Person")).findFirst()
                .orElseThrow().get("name").asString()).isEqualTo("alice");
    }

    @Test
    void importingIntoAnotherInstanceLosesNothingAndClaimsNothing() throws IOException {
        byte[] first = export(alice.api(), dataset);
        var r = importer.api().send(importer.api().request("/api/v1/import/rocrate?filename=xrd.zip")
                .header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(first)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        // a copy with its provenance: new ids here, the PID in the import namespace, the crate's PID and DOI as its claims
        String copy = r.json().get("dataset").asString();
        assertThat(copy).isNotEqualTo(dataset);
        assertThat(r.json().get("pid").asString()).isEqualTo("matdx:import/" + copy + "/v1");
        assertThat(r.json().at("/origin/pid").asString()).isEqualTo("matdx:ds/" + dataset + "/v1");
        assertThat(r.json().at("/origin/doi").asString()).isEqualTo("10.5555/xrd.1");
        assertThat(r.json().get("entries").asInt()).isEqualTo(3);
        assertThat(r.json().get("files").asInt()).isEqualTo(2);

        // the imported version reads the same at the new home, but for what only its origin may claim
        JsonNode v = importer.api().get("/api/v1/datasets/" + copy + "/versions/1").json();
        JsonNode orig = alice.api().get("/api/v1/datasets/" + dataset + "/versions/1").json();
        for (String f : new String[] {"number", "title", "description", "license", "published_at", "entry_count"}) {
            assertThat(v.get(f)).as(f).isEqualTo(orig.get(f));
        }
        assertThat(v.get("doi").isNull()).isTrue();
        assertThat(v.at("/origin/content_sha256")).isEqualTo(orig.get("content_sha256"));
        assertThat(v.at("/origin/content_verified").asBoolean()).isTrue();
        assertThat(v.get("authors").findValuesAsString("name")).isEqualTo(orig.get("authors").findValuesAsString("name"));
        assertThat(v.get("authors_source").asString()).isEqualTo("crate");
        assertThat(importer.api().get("/api/v1/datasets/" + copy).json().get("embargo_until").asString()).isEqualTo("2099-04-01");
        // entries are live there: searchable, files downloadable, restricted file kept restricted, the importer's
        JsonNode entries = importer.api().get("/api/v1/datasets/" + copy + "/entries").json().get("items");
        assertThat(entries).hasSize(3);
        JsonNode scan = null;
        for (JsonNode e : entries) {
            assertThat(e.get("created_by").asString()).isEqualTo(importer.user().id().toString());
            if (e.get("title").asString().equals("scan 01.xy")) {
                scan = e;
            }
        }
        assertThat(importer.api().get(scan.at("/files/0/url").asString()).bytes()).isEqualTo(raw);
        var stranger = target.person("zed");
        assertThat(stranger.api().get("/api/v1/datasets/" + copy).json().get("visibility").asString()).isEqualTo("metadata");

        // and it exports again with the same entries (but for their ids and who registered them) and files byte for byte
        Map<String, byte[]> a = unzip(first);
        Map<String, byte[]> b = unzip(export(importer.api(), copy));
        assertThat(b.size()).isEqualTo(a.size());
        assertThat(contents(b, "entries/")).isEqualTo(contents(a, "entries/"));
        assertThat(files(b)).isEqualTo(files(a));
        assertThat(target.platform().audit().verify(null).intact()).isTrue();
        assertThat(target.platform().audit().forObjectOrDataset(copy, 100).stream().map(x -> x.action()))
                .contains("entry.create.batch", "dataset.import");
        // the importer imports a crate once
        var twice = importer.api().send(importer.api().request("/api/v1/import/rocrate")
                .header("Content-Type", "application/zip").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(first)));
        assertThat(twice.status()).isEqualTo(409);
    }

    /** The entries of a crate as JSON, without what an import gives anew (ids, dataset, registering account). */
    static java.util.Set<String> contents(Map<String, byte[]> crate, String prefix) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        crate.forEach((name, bytes) -> {
            if (name.startsWith(prefix)) {
                var n = (tools.jackson.databind.node.ObjectNode) Json.read(new String(bytes, StandardCharsets.UTF_8));
                java.util.List.of("id", "dataset", "created_by").forEach(n::remove);
                out.add(Json.write(n));
            }
        });
        return out;
    }

    /** The raw files of a crate by name and content (their paths name the entry, whose id an import changes). */
    static java.util.Set<String> files(Map<String, byte[]> crate) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        crate.forEach((name, bytes) -> {
            if (name.startsWith("files/")) {
                out.add(name.substring(name.lastIndexOf('/') + 1) + "=" + new String(bytes, StandardCharsets.ISO_8859_1));
            }
        });
        return out;
    }

    @Test
    void aDamagedCrateIsRefusedAndLeavesNothingBehind() throws IOException {
        TestPlatform third = TestPlatform.start();
        try {
            Map<String, byte[]> parts = unzip(export(alice.api(), dataset));
            String rawPath = parts.keySet().stream().filter(n -> n.endsWith("scan%2001.xy")).findFirst().orElseThrow();
            parts.put(rawPath, "# 2theta intensity\n10.0 999\n".getBytes(StandardCharsets.UTF_8));
            Path zip = Files.createTempFile("damaged", ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (var e : parts.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            third.person("yuki");
            var run = CliRunner.matdx(third, "import", "rocrate", zip.toString(), "--user", "yuki");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: ").contains(rawPath).contains("does not match the SHA-256")
                    .doesNotContain("Exception");
            long rows = third.platform().db().read(h -> h.createQuery(
                    "SELECT (SELECT count(*) FROM datasets) + (SELECT count(*) FROM entries) + (SELECT count(*) FROM blobs)"
                            + " + (SELECT count(*) FROM dataset_versions)").mapTo(Long.class).one());
            assertThat(rows).isZero();
            try (var files = Files.walk(third.dataDir().resolve("blobs"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
            // the intact crate imports through the CLI as well
            Path good = Files.createTempFile("good", ".zip");
            Files.write(good, export(alice.api(), dataset));
            var ok = CliRunner.matdx(third, "import", "rocrate", good.toString(), "--user", "yuki", "--access", "private");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("imported matdx:import/").contains("3 entries").contains("2 file(s)");
            Files.deleteIfExists(zip);
            Files.deleteIfExists(good);
        } finally {
            third.close();
        }
    }

    @Test
    void othersExportWithoutRestrictedFilesAndCliExportWorks() throws IOException {
        alice.api().put("/api/v1/datasets/" + dataset + "/coworkers/rev", "{}");
        var reviewer = origin.person("rev");
        assertThat(alice.api().put("/api/v1/datasets/" + dataset + "/coworkers/rev", "{\"role\": \"reviewer\"}").status()).isEqualTo(200);
        Map<String, byte[]> crate = unzip(export(reviewer.api(), dataset));
        assertThat(crate.keySet()).noneMatch(n -> n.endsWith("notes.txt"));
        // the entry that holds it is visible (its title), the restricted file is not: not described, not in the zip
        JsonNode meta = Json.read(new String(crate.get("ro-crate-metadata.json"), StandardCharsets.UTF_8));
        meta.get("@graph").forEach(n -> assertThat(n.path("@id").asString()).doesNotEndWith("/notes.txt"));
        assertThat(crate.values().stream().map(b -> new String(b, StandardCharsets.UTF_8))).noneMatch(s -> s.contains("supplier X"));
        Path out = Files.createTempFile("export", ".zip");
        var run = CliRunner.matdx(origin, "export", "rocrate", "--dataset", dataset, "--version", "1", "--user", "alice", "-o", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(unzip(Files.readAllBytes(out)).keySet()).anyMatch(n -> n.endsWith("notes.txt"));
        Files.deleteIfExists(out);
        alice.api().delete("/api/v1/datasets/" + dataset + "/coworkers/rev");
    }
}
