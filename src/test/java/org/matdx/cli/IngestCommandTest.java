package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.core.Json;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** {@code matdx ingest} as a technician runs it: one file, a directory, a zip, a batch sheet, and broken files. */
class IngestCommandTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        tp.person("tanaka");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    record Run(int code, String out, String err) {
        List<JsonNode> lines() {
            return out.lines().filter(l -> l.startsWith("{")).map(Json::read).toList();
        }
    }

    static Run matdx(String... args) {
        CliRunner.Run r = CliRunner.matdx(tp, args);
        return new Run(r.code(), r.out(), r.err());
    }

    static long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static long blobFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tp.dataDir().resolve("blobs"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".staging")).count();
        }
    }

    @Test
    void oneFileWithAnInvoicePrintsJson(@TempDir Path dir) throws IOException {
        Path scan = dir.resolve("tio2.xy");
        Files.writeString(scan, SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.1, 4));
        Path invoice = dir.resolve("invoice.yaml");
        Files.writeString(invoice, """
                basic: {data_name: "Rutile powder", date: "2026-11-21", instrument: "D8"}
                sample: {name: "P25 calcined", composition: "TiO2"}
                custom: {tube_voltage: 40, measurement_mode: reflection}
                """);
        Run r = matdx("ingest", scan.toString(), "--user", "tanaka", "--invoice", invoice.toString(), "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode j = r.lines().get(0);
        assertThat(j.get("file").asString()).isEqualTo("tio2.xy");
        assertThat(j.get("template").asString()).isEqualTo("xrd.xy");
        assertThat(j.get("points").asInt()).isEqualTo(4001);
        assertThat(j.at("/metadata/wavelength").asString()).isEqualTo("1.540598");
        var e = tp.platform().entries().get(UUID.fromString(j.get("entry").asString())).orElseThrow();
        assertThat(e.title()).isEqualTo("Rutile powder");
        assertThat(e.composition().reducedFormula()).isEqualTo("TiO2");
        assertThat(e.data().at("/peaks/peaks/0/position").asDouble()).isCloseTo(27.447, within(0.03));
        assertThat(e.sampleId()).isNotNull();
    }

    @Test
    void directoryRegistersMainFilesAndAttachesTheRest(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("day1"));
        Files.writeString(dir.resolve("day1/si.xy"), SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 1));
        Files.writeString(dir.resolve("day1/si.log"), "goniometer aligned 09:12");
        Files.writeString(dir.resolve("day1/licoo2.xy"), SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.15, 2));
        Files.writeString(dir.resolve("day1/.DS_Store"), "clutter");
        Files.writeString(dir.resolve("day1/Thumbs.db"), "thumbnail cache");
        Files.createDirectories(dir.resolve("__MACOSX/day1"));
        Files.writeString(dir.resolve("__MACOSX/day1/._si.xy"), "resource fork");
        Files.writeString(dir.resolve("runs.csv"), "name,composition,T (K)\nr1,LiCoO2,300\nr2,LiMn2O4,310\n");
        Run r = matdx("ingest", dir.toString(), "--user", "tanaka", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        var byFile = new java.util.HashMap<String, JsonNode>();
        r.lines().stream().filter(l -> l.path("outcome").asString().equals("registered")).forEach(l -> byFile.put(l.get("file").asString(), l));
        assertThat(byFile.keySet()).containsExactlyInAnyOrder("day1/si.xy", "day1/licoo2.xy", "runs.csv");
        assertThat(byFile.get("day1/si.xy").get("attachments").toString()).contains("day1/si.log");
        assertThat(byFile.get("runs.csv").get("template").asString()).isEqualTo("table.csv");
        assertThat(byFile.get("runs.csv").get("entries").size()).isEqualTo(2);
        // issue 21: the log's fate is said — attached to the entry of each main file of its directory — and the hidden file's
        var attached = r.lines().stream().filter(l -> l.path("outcome").asString().equals("attached")).toList();
        assertThat(attached).extracting(l -> l.get("file").asString()).containsExactly("day1/si.log", "day1/si.log");
        assertThat(attached).extracting(l -> l.get("main").asString()).containsExactlyInAnyOrder("day1/si.xy", "day1/licoo2.xy");
        assertThat(attached.get(0).get("entries").get(0).asString()).isEqualTo(byFile.get(attached.get(0).get("main").asString())
                .get("entry").asString());
        var skipped = r.lines().stream().filter(l -> l.path("outcome").asString().equals("skipped")).toList();
        assertThat(skipped).extracting(l -> l.get("file").asString())
                .containsExactlyInAnyOrder("day1/.DS_Store", "day1/Thumbs.db", "__MACOSX/day1/._si.xy");
        assertThat(skipped).extracting(l -> l.get("reason").asString()).allMatch(x -> x.endsWith("not data"));
        assertThat(r.lines()).hasSize(3 + 2 + 3);
        // the same in words
        Run plain = matdx("ingest", dir.toString(), "--user", "tanaka");
        assertThat(plain.out()).contains("attach day1/si.log  → entry ").contains("(with day1/si.xy)")
                .contains("skip   day1/.DS_Store  (macOS Finder folder settings (.DS_Store), not data)")
                .contains("skip   day1/Thumbs.db  (Windows thumbnail cache (Thumbs.db), not data)")
                .contains("skip   __MACOSX/day1/._si.xy  (macOS resource fork")
                .contains("3 of 3 registered in dataset").contains("; 2 attached, 0 not stored with a refused main file, 3 skipped as not data");
    }

    /** Issue 28: a directory with nothing to register is refused as the API refuses such an upload, naming what was skipped. */
    @Test
    void aDirectoryWithNothingToRegisterIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Thumbs.db"), "thumbnail cache");
        Run r = matdx("ingest", dir.toString(), "--user", "tanaka");
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).contains("no data to register: [Thumbs.db is Windows thumbnail cache (Thumbs.db), not data]")
                .doesNotContain("Exception");
    }

    /** Issue 21: --x-axis states what a file that does not say has on its x axis; a value outside the list is refused. */
    @Test
    void theXAxisCanBeStatedForFilesThatDoNotSay(@TempDir Path dir) throws IOException {
        String bare = SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 4).lines().filter(l -> !l.startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve("si.dat"), bare);
        Run unknown = matdx("ingest", dir.resolve("si.dat").toString(), "--user", "tanaka", "--json");
        assertThat(unknown.code()).as(unknown.err() + unknown.out()).isZero();
        assertThat(unknown.lines().get(0).at("/metadata/x_axis/basis").asString()).isEqualTo("unknown");
        Run stated = matdx("ingest", dir.resolve("si.dat").toString(), "--user", "tanaka", "--x-axis", "two_theta_deg", "--json");
        assertThat(stated.code()).as(stated.err() + stated.out()).isZero();
        assertThat(stated.lines().get(0).at("/metadata/x_axis/basis").asString()).isEqualTo("stated");
        assertThat(stated.lines().get(0).at("/metadata/x_axis/name").asString()).isEqualTo("two_theta");
        Run bad = matdx("ingest", dir.resolve("si.dat").toString(), "--user", "tanaka", "--x-axis", "degrees");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.out() + bad.err()).contains("--x-axis").contains("two_theta_deg").doesNotContain("Exception");
    }

    @Test
    void attachmentsOfARefusedMainFileAreSaidNotStored(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("run2"));
        Files.writeString(dir.resolve("run2/cut.xy"), "# 2theta intensity\n10 1\n11 2\n12\n");
        Files.writeString(dir.resolve("run2/notes.txt"), "sample fell off the holder");
        Files.writeString(dir.resolve("stray.bin"), "\u0000\u0001binary");
        Run r = matdx("ingest", dir.toString(), "--user", "tanaka", "--json");
        assertThat(r.code()).isEqualTo(1);
        var byFile = new java.util.HashMap<String, JsonNode>();
        r.lines().forEach(l -> byFile.put(l.get("file").asString(), l));
        assertThat(byFile.keySet()).containsExactlyInAnyOrder("run2/cut.xy", "run2/notes.txt", "stray.bin");
        assertThat(byFile.get("run2/cut.xy").get("outcome").asString()).isEqualTo("refused");
        assertThat(byFile.get("run2/notes.txt").get("outcome").asString()).isEqualTo("refused");
        assertThat(byFile.get("run2/notes.txt").get("reason").asString()).contains("main file was refused");
        assertThat(byFile.get("stray.bin").get("error").asString()).contains("no main file in its directory");
    }

    @Test
    void batchSheetAndBrokenFilesGetOneResultEach(@TempDir Path dir) throws IOException {
        long entries = count("SELECT count(*) FROM entries");
        long blobs = blobFiles();
        Files.writeString(dir.resolve("good.xy"), SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 3));
        Files.writeString(dir.resolve("cut.xy"), "# Sample = x\n10.00 5\n10.02 6\n10.04\n");
        Files.writeString(dir.resolve("sheet.csv"), """
                file,template,data_name,date,tube_voltage
                good.xy,xrd.xy,Good,2026-11-01,40
                cut.xy,xrd.xy,Cut,2026-11-01,40
                good.xy,xrd.xy,Bad date,01/11/2026,40
                """);
        Run r = matdx("ingest", dir.toString(), "--batch", dir.resolve("sheet.csv").toString(), "--user", "tanaka", "--json");
        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).has("entry")).isTrue();
        assertThat(lines.get(1).get("error").asString()).isEqualTo("cut.xy, line 4: expected 2 columns like the first data row, found 1");
        assertThat(lines.get(2).at("/issues/0/field").asString()).isEqualTo("basic.date");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries + 1);
        // one raw file + plot + thumbnail for the good row (the dataset row adds none)
        assertThat(blobFiles()).isEqualTo(blobs + 3);
        // without --json: one line per result and an error line a person can read, no stack trace
        Run plain = matdx("ingest", dir.resolve("cut.xy").toString(), "--user", "tanaka", "--template", "xrd.xy");
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.out()).contains("error: cut.xy, line 4: expected 2 columns").doesNotContain("Exception");
        Run unknown = matdx("ingest", dir.resolve("sheet.csv").toString(), "--user", "tanaka", "--template", "nope");
        assertThat(unknown.out()).contains("no template 'nope'");
    }

    @Test
    void zipArchiveIsUnpackedAndRestrictedFilesStayRestricted(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("beamtime.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("s1/si.xy"));
            z.write(SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 8).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("s1/proposal.pdf"));
            z.write("%PDF-1.4 confidential".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("__MACOSX/s1/._si.xy"));
            z.write(new byte[] {0, 5, 22, 7});
        }
        Run r = matdx("ingest", zip.toString(), "--user", "tanaka", "--restricted", "proposal.pdf", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        JsonNode j = r.lines().get(0);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(1).get("file").asString()).isEqualTo("s1/proposal.pdf");
        assertThat(r.lines().get(1).get("outcome").asString()).isEqualTo("attached");
        // issue 21: the resource fork is said to be skipped, and why
        assertThat(r.lines().get(2).get("file").asString()).isEqualTo("beamtime.zip/__MACOSX/s1/._si.xy");
        assertThat(r.lines().get(2).get("outcome").asString()).isEqualTo("skipped");
        assertThat(r.lines().get(2).get("reason").asString()).contains("macOS resource fork");
        var e = tp.platform().entries().get(UUID.fromString(j.get("entry").asString())).orElseThrow();
        var pdf = e.files().stream().filter(f -> f.name().equals("s1/proposal.pdf")).findFirst().orElseThrow();
        assertThat(pdf.restricted()).isTrue();
        assertThat(e.files().stream().filter(f -> f.name().equals("s1/si.xy")).findFirst().orElseThrow().restricted()).isFalse();
    }

    /** A .tar.gz on the command line is unpacked as a zip is; a link inside it is refused by name and nothing is kept. */
    @Test
    void tarGzArchiveIsUnpackedLikeAZipAndALinkInsideIsRefused(@TempDir Path dir) throws IOException {
        byte[] tgz = org.matdx.testing.ZipBombs.tar("gz", org.matdx.testing.ZipBombs.TarMember.file(org.matdx.testing.ZipBombs.Member.of(
                "s2/si.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 9))),
                org.matdx.testing.ZipBombs.TarMember.file(org.matdx.testing.ZipBombs.Member.of("s2/notes.txt", "beam time notes")));
        Path archive = Files.write(dir.resolve("beamtime.tar.gz"), tgz);
        Run r = matdx("ingest", archive.toString(), "--user", "tanaka", "--json");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.lines().get(0).get("file").asString()).isEqualTo("s2/si.xy");
        assertThat(r.lines().get(0).get("template").asString()).isEqualTo("xrd.xy");
        byte[] evil = org.matdx.testing.ZipBombs.tar("gz", org.matdx.testing.ZipBombs.TarMember.special("s3/passwd.xy",
                org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK, "/etc/passwd"));
        Path bad = Files.write(dir.resolve("evil.tgz"), evil);
        Run refused = matdx("ingest", bad.toString(), "--user", "tanaka", "--json");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err() + refused.out()).contains("evil.tgz, member s3/passwd.xy: a symbolic link (to /etc/passwd)");
    }
}
