package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;

/** Bulk download of a search's files: one zip of exactly what the caller could download one by one. */
class SearchFilesApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        upload("public", "open-scan.xy", scan(1));
        upload("private", "secret-scan.xy", scan(2));
    }

    static String scan(int seed) {
        StringBuilder sb = new StringBuilder("# two-theta intensity\n");
        for (int i = 0; i < 200; i++) {
            sb.append(10 + i * 0.1).append(' ').append(100 + ((i * 37 + seed * 11) % 50) + (i == 80 ? 5000 : 0)).append('\n');
        }
        return sb.toString();
    }

    static void upload(String access, String name, String content) {
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"Scans " + access + "\", \"access\": \"" + access + "\"}");
        String id = d.json().get("id").asString();
        var r = alice.api().upload("/api/v1/datasets/" + id + "/files?filename=" + name, content.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void anonymousGetsThePublicRawFilesWithAManifestThatChecksOut() throws Exception {
        ApiClient.Response r = tp.anonymous().get("/api/v1/search/files.zip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/zip");
        Map<String, byte[]> files = unzip(r.bytes());
        assertThat(files.keySet()).anyMatch(n -> n.endsWith("/open-scan.xy")).noneMatch(n -> n.contains("secret"))
                .contains("MANIFEST.csv");
        // raw files only by default: no plots or thumbnails
        assertThat(files.keySet()).allMatch(n -> n.endsWith(".xy") || n.equals("MANIFEST.csv"));
        String manifest = new String(files.get("MANIFEST.csv"), StandardCharsets.UTF_8);
        String[] row = manifest.lines().skip(1).findFirst().orElseThrow().split(",");
        byte[] open = files.entrySet().stream().filter(e -> e.getKey().endsWith("/open-scan.xy")).findFirst().orElseThrow().getValue();
        assertThat(row[6]).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(open)));
        assertThat(row[3]).isEqualTo("CC-BY-4.0");
        assertThat(new String(open, StandardCharsets.UTF_8)).isEqualTo(scan(1));
    }

    @Test
    void theOwnerGetsHerPrivateFilesTooAndAnotherAccountDoesNot() throws Exception {
        Map<String, byte[]> mine = unzip(alice.api().get("/api/v1/search/files.zip").bytes());
        assertThat(mine.keySet()).anyMatch(n -> n.endsWith("/secret-scan.xy")).anyMatch(n -> n.endsWith("/open-scan.xy"));
        Map<String, byte[]> all = unzip(alice.api().get("/api/v1/search/files.zip?role=all").bytes());
        assertThat(all.keySet()).containsAll(mine.keySet());
        // another account sees what anonymous sees
        Map<String, byte[]> bobs = unzip(bob.api().get("/api/v1/search/files.zip").bytes());
        assertThat(bobs.keySet()).noneMatch(n -> n.contains("secret"));
    }

    @Test
    void nothingToDownloadAndBadRolesAreClearErrors() {
        var none = tp.anonymous().get("/api/v1/search/files.zip?q=nosuchwordanywhere");
        assertThat(none.status()).isEqualTo(404);
        var bad = tp.anonymous().get("/api/v1/search/files.zip?role=everything");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("role");
    }

    @Test
    void fileNamesCannotClimbOutOfTheirFolder() {
        assertThat(SearchFilesApi.safe("../../etc/passwd")).doesNotContain("/").isEqualTo(".._.._etc_passwd");
        assertThat(SearchFilesApi.safe("..")).isEqualTo("file");
        assertThat(SearchFilesApi.safe("a\\b\u0000c")).isEqualTo("a_b_c");
        assertThat(SearchFilesApi.csv("=HYPERLINK(\"x\")")).startsWith("\"'=");
    }
}
