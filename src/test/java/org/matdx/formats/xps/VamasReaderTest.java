package org.matdx.formats.xps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;

/** VAMAS files from {@code ../shared/data/corpus/xps} (CasaXPS exports of SpecsLab data) and fixtures written here. */
class VamasReaderTest {
    private static final VamasReader READER = new VamasReader();

    private static Parsed corpus(String name) throws Exception {
        Path dir = TestFiles.shared("corpus/xps");
        Assumptions.assumeTrue(dir != null && Files.exists(dir.resolve(name)), "../shared/data/corpus/xps/" + name + " is absent: skipping");
        Path p = dir.resolve(name);
        assertThat(READER.recognise(name, Files.readAllBytes(p))).isEqualTo(Recognition.CONTENT);
        try (InputStream in = Files.newInputStream(p)) {
            List<Parsed> all = READER.read(name, in);
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static Parsed fixture(String text) throws Exception {
        return READER.read("fixture.vms", new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))).get(0);
    }

    private static FormatException failure(String name, byte[] bytes) {
        try {
            READER.read(name, new ByteArrayInputStream(bytes));
        } catch (FormatException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a FormatException");
    }

    @Test
    void regularCorpusFileInBindingEnergyWithItsAcquisitionParameters() throws Exception {
        Parsed p = corpus("regular.vms");
        assertThat(p.series()).hasSize(1);
        Series s = p.series().get(0);
        assertThat(s.name()).isEqualTo("1 as-loaded / Survey");
        assertThat(s.points()).isEqualTo(1351);
        // Kinetic energy 136.61 eV + i·1 eV with Al Kα 1486.61 eV: binding energy 1350 … 0 eV.
        assertThat(s.x().name()).isEqualTo("binding_energy");
        assertThat(s.x().first()).isEqualTo(1350.0);
        assertThat(s.x().last()).isEqualTo(0.0);
        assertThat(s.y()).extracting(a -> a.name()).containsExactly("counts", "Transmission");
        assertThat(s.y().get(0).first()).isEqualTo(1559.87);
        assertThat(s.y().get(1).first()).isEqualTo(78.8103);
        assertThat(s.y().get(0).last()).isEqualTo(18.1529);
        assertThat(s.y().get(1).last()).isEqualTo(23.5611);
        JsonNode m = p.metadata();
        assertThat(m.path("experiment_mode").asString()).isEqualTo("NORM");
        assertThat(m.path("scan_mode").asString()).isEqualTo("REGULAR");
        assertThat(m.path("number_of_blocks").asInt()).isEqualTo(1);
        assertThat(m.path("experimental_variables").get(0).path("label").asString()).isEqualTo("Exp Variable");
        assertThat(m.path("parameter_list").path("kind").asString()).isEqualTo("all");
        assertThat(m.path("future_upgrade_experiment_entries").asInt()).isZero();
        JsonNode b = m.path("blocks").get(0);
        assertThat(b.path("technique").asString()).isEqualTo("XPS");
        assertThat(b.path("source_label").asString()).isEqualTo("Al");
        assertThat(b.path("source_energy").path("value").asDouble()).isEqualTo(1486.61);
        assertThat(b.path("analyser_mode").asString()).isEqualTo("FAT");
        assertThat(b.path("pass_energy").path("value").asDouble()).isEqualTo(100.0);
        assertThat(b.path("analyser_work_function").path("value").asDouble()).isEqualTo(4.1082);
        assertThat(b.path("abscissa").path("label").asString()).isEqualTo("kinetic energy");
        assertThat(b.path("abscissa").path("start").asDouble()).isEqualTo(136.61);
        assertThat(b.path("abscissa").path("increment").asDouble()).isEqualTo(1.0);
        assertThat(b.path("binding_energy_from_kinetic").asBoolean()).isTrue();
        assertThat(b.path("dwell_time").path("value").asDouble()).isEqualTo(0.1);
        assertThat(b.path("number_of_scans").asInt()).isEqualTo(1);
        assertThat(b.path("date_time").asString()).isEqualTo("2023-08-24T14:19:47+00:00");
        assertThat(b.path("comment").size()).isEqualTo(14);
        JsonNode d = m.path("descriptors").get(0);
        assertThat(d.path("y_max").asDouble()).isEqualTo(10836.6);
    }

    @Test
    void irregularCorpusFileTakesItsAbscissaFromTheFirstCorrespondingVariable() throws Exception {
        Parsed p = corpus("irregular.vms");
        Series s = p.series().get(0);
        assertThat(s.name()).isEqualTo("1 as-loaded / Counts per Second / Survey");
        assertThat(s.points()).isEqualTo(4053 / 3);
        assertThat(s.x().first()).isEqualTo(1350.0);
        assertThat(s.x().last()).isEqualTo(0.0);
        assertThat(s.y()).extracting(a -> a.name()).containsExactly("Intensity", "transmission");
        assertThat(s.y().get(0).first()).isEqualTo(15598.7);
        assertThat(s.y().get(0).last()).isEqualTo(181.529);
        JsonNode b = p.metadata().path("blocks").get(0);
        assertThat(b.path("abscissa").path("first").asDouble()).isEqualTo(136.61);
        assertThat(b.has("pass_energy")).as("1e37 means 'not known'").isFalse();
        assertThat(b.path("additional_parameters").get(0).path("label").asString()).isEqualTo("MFP Exponent");
    }

    @Test
    void analysedCasaFileWithFitCommentsReadsItsRegion() throws Exception {
        Parsed p = corpus("FeO_analyzed.vms");
        Series s = p.series().get(0);
        assertThat(s.name()).isEqualTo("FeO / Fe 2p");
        assertThat(s.points()).isEqualTo(1121);
        assertThat(s.x().first()).isEqualTo(750.0);
        assertThat(s.x().last()).isEqualTo(694.0);
        assertThat(s.y().get(0).first()).isEqualTo(12516.9);
        assertThat(s.y().get(0).last()).isEqualTo(2884.3);
        assertThat(p.title()).isEqualTo("FeO");
        assertThat(p.metadata().path("blocks").get(0).path("species").asString()).isEqualTo("Fe");
        assertThat(p.metadata().path("blocks").get(0).path("transition").asString()).isEqualTo("2p");
    }

    @Test
    void vendorCommentFragmentsNamedVmsAreNotVamas() throws Exception {
        Path dir = TestFiles.shared("corpus/xps");
        Assumptions.assumeTrue(dir != null, "../shared/data/corpus/xps is absent: skipping");
        // kratos.vms and phi.vms hold only the vendor comment text that such files carry, not a VAMAS experiment.
        for (String name : List.of("kratos.vms", "phi.vms")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            assertThat(READER.recognise(name, bytes)).isEqualTo(Recognition.NAME);
            FormatException e = failure(name, bytes);
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).startsWith(name + ", line 1: expected the VAMAS identifier");
        }
    }

    @Test
    void tinyIrregularFixtureWithAnInclusionListInheritsOmittedParametersFromTheFirstBlock() throws Exception {
        var c1s = new VamasFixture.Region("C 1s scan", "sample A", "C", "1s",
                new double[] {1196.6, 1196.7, 1196.85, 1197.0}, new double[] {100, 250, 900, 120}, 2024, 10);
        var o1s = new VamasFixture.Region("O 1s scan", "sample A", "O", "1s",
                new double[] {955.0, 955.5, 956.5}, new double[] {40, 80, 60}, 2025, 11);
        // Blocks after the first give only the date, comment, species/transition and corresponding variables.
        String text = VamasFixture.write("IRREGULAR", List.of(c1s, o1s), Set.of(1, 4, 8, 29, 30, 32), 2);
        Parsed p = fixture(text);
        assertThat(p.series()).extracting(Series::name).containsExactly("sample A / C 1s scan / C 1s", "sample A / O 1s scan / O 1s");
        Series o = p.series().get(1);
        assertThat(o.x().values()).containsExactly(531.6, 531.1, 530.1);
        assertThat(o.y().get(0).values()).containsExactly(40, 80, 60);
        assertThat(p.series().get(0).x().values()).containsExactly(290.0, 289.9, 289.75, 289.6);
        JsonNode m = p.metadata();
        assertThat(m.path("parameter_list").path("kind").asString()).isEqualTo("inclusion");
        assertThat(m.path("parameter_list").path("parameters").size()).isEqualTo(6);
        assertThat(m.path("future_upgrade_experiment_entries").asInt()).isEqualTo(2);
        assertThat(m.path("future_upgrade_experiment_values").get(1).asString()).isEqualTo("future 1");
        assertThat(m.path("comment").get(1).asString()).isEqualTo("second comment line");
        assertThat(m.path("experimental_variables").get(0).path("unit").asString()).isEqualTo("K");
        JsonNode b2 = m.path("blocks").get(1);
        assertThat(b2.path("date_time").asString()).isEqualTo("2025-03-14T11:05:09+01:00");
        assertThat(b2.path("source_label").asString()).isEqualTo("Al K alpha");
        assertThat(b2.path("source_energy").path("value").asDouble()).isEqualTo(1486.6);
        assertThat(b2.path("pass_energy").path("value").asDouble()).isEqualTo(20.0);
        assertThat(b2.path("dwell_time").path("value").asDouble()).isEqualTo(0.05);
        assertThat(b2.path("number_of_scans").asInt()).isEqualTo(3);
        assertThat(b2.path("comment").get(0).asString()).isEqualTo("block comment of O 1s scan");
        assertThat(b2.path("experimental_variables").get(0).path("value").asString()).isEqualTo("298");
        assertThat(b2.path("descriptor").path("y_max").asDouble()).isEqualTo(80.0);
        assertThat(b2.path("descriptor").path("x_at_y_max").asDouble()).isEqualTo(531.1);
    }

    @Test
    void regularFixtureWithAllParametersInEveryBlock() throws Exception {
        var c1s = new VamasFixture.Region("C1s", "S1", "C", "1s", new double[] {1190.0, 1190.5, 1191.0}, new double[] {5, 6, 7}, 2024, 9);
        Parsed p = fixture(VamasFixture.write("REGULAR", List.of(c1s, c1s), null, 0));
        assertThat(p.series()).hasSize(2);
        assertThat(p.series().get(1).x().values()).containsExactly(296.6, 296.1, 295.6);
        assertThat(p.metadata().path("blocks").get(1).path("abscissa").path("increment").asDouble()).isEqualTo(0.5);
    }

    @Test
    void truncatedFileFailsAtTheLineWhereDataStop() {
        var r = new VamasFixture.Region("C1s", "S1", "C", "1s", new double[] {1190.0, 1190.5, 1191.0}, new double[] {5, 6, 7}, 2024, 9);
        String text = VamasFixture.write("IRREGULAR", List.of(r), null, 0);
        String[] lines = text.split("\r\n");
        String cut = String.join("\r\n", java.util.Arrays.copyOf(lines, lines.length - 3));
        FormatException e = failure("cut.vms", cut.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.line()).isEqualTo(lines.length - 2);
        assertThat(e.getMessage()).contains("ordinate value 5 of 6").contains("truncated");
    }

    @Test
    void aWordWhereANumberBelongsNamesTheLineAndTheParameter() {
        var r = new VamasFixture.Region("C1s", "S1", "C", "1s", new double[] {1190.0, 1190.5}, new double[] {5, 6}, 2024, 9);
        String text = VamasFixture.write("REGULAR", List.of(r), null, 0).replace("\r\n1\r\ncounts\r\n", "\r\none\r\ncounts\r\n");
        FormatException e = failure("bad.vms", text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.getMessage()).contains("expected the number of corresponding variables (an integer), found 'one'");
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(e.line()).isEqualTo(lines.indexOf("one") + 1);
    }

    @Test
    void mappingScansAreRefusedClearly() {
        var r = new VamasFixture.Region("C1s", "S1", "C", "1s", new double[] {1190.0}, new double[] {5}, 2024, 9);
        String text = VamasFixture.write("REGULAR", List.of(r), null, 0).replace("\r\nREGULAR\r\n", "\r\nMAPPING\r\n");
        FormatException e = failure("map.vms", text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.getMessage()).contains("MAPPING (images) is not supported");
    }

    @Test
    void recognisesByContentWhateverTheName() {
        byte[] head = "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(READER.recognise("export.txt", head)).isEqualTo(Recognition.CONTENT);
        assertThat(READER.recognise("export.txt", "1 2\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Recognition.NO);
        assertThat(READER.id()).isEqualTo("xps.vamas");
    }
}
