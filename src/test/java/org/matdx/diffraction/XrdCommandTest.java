package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.cli.CliRunner;
import org.matdx.core.Json;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** {@code matdx xrd simulate|identify} against a test platform's database. */
class XrdCommandTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String si;
    static String scans;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        String refs = DiffractionApiTest.dataset(alice, "Reference phases", "public");
        for (String f : new String[] {"licoo2.cif", "co3o4.cif", "coo.cif", "si.cif"}) {
            String id = DiffractionApiTest.ingest(alice, refs, f, new String(DiffractionApiTest.cifBytes(f), java.nio.charset.StandardCharsets.UTF_8), null);
            if (f.equals("si.cif")) {
                si = id;
            }
        }
        scans = DiffractionApiTest.dataset(alice, "Scans", "private");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void simulatePrintsTheLinesOfAStructureEntry() throws Exception {
        var r = CliRunner.matdx(tp, "xrd", "simulate", si, "--radiation", "MoKa1", "--range", "5,40");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Si, MoKa1").contains("12.9892").contains("1 1 1");
        Path profile = Files.createTempFile("si", ".xy");
        var j = CliRunner.matdx(tp, "xrd", "simulate", si, "--json", "--profile", profile.toString());
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode n = Json.read(j.out());
        assertThat(n.get("peaks").get(0).get("two_theta").asDouble()).isBetween(28.43, 28.45);
        assertThat(Files.readAllLines(profile).size()).isGreaterThan(4000);
        var bad = CliRunner.matdx(tp, "xrd", "simulate", si, "--range", "5");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("--range");
    }

    @Test
    void identifyReadsAFileOrAnEntryAndStoresWhenAsked() throws Exception {
        Path scan = Files.createTempFile("lco", ".xy");
        Files.writeString(scan, DiffractionApiTest.scan(21, "licoo2.cif", 0.85, "co3o4.cif", 0.15));
        var r = CliRunner.matdx(tp, "xrd", "identify", scan.toString(), "--candidates", "Reference phases", "--elements", "Li,Co,O");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 phase(s) from 3 candidates").contains("LiCoO2").contains("Co3O4").contains("(fitted)");
        String entry = DiffractionApiTest.ingest(alice, scans, "lco.xy", Files.readString(scan), "LiCoO2");
        var stored = CliRunner.matdx(tp, "xrd", "identify", entry, "--store", "--as", "alice", "--json");
        assertThat(stored.code()).as(stored.err()).isZero();
        JsonNode a = Json.read(stored.out());
        assertThat(a.at("/phases/0/formula").asString()).isEqualTo("LiCoO2");
        assertThat(alice.api().get("/api/v1/entries/" + entry + "/phases").status()).isEqualTo(200);
        var missing = CliRunner.matdx(tp, "xrd", "identify", "/no/such/scan.xy");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("neither a file nor an entry id");
        var fileStore = CliRunner.matdx(tp, "xrd", "identify", scan.toString(), "--store");
        assertThat(fileStore.code()).isNotZero();
        assertThat(fileStore.err()).contains("--store");
    }
}
