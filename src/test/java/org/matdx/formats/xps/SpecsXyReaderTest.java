package org.matdx.formats.xps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;
import org.matdx.testing.Fuzzing;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;

/** SPECS Prodigy XY exports: the corpus file and fixtures written here. */
class SpecsXyReaderTest {
    private static final SpecsXyReader READER = new SpecsXyReader();

    /** A kinetic-energy export with two scans, transmission and an external channel column. */
    static final String KINETIC = """
            # Created by:        SpecsLab Prodigy, Version 4.100.1-r111001
            #
            # XY-Serializer Export Settings:
            #   Comment Prefix:           #
            #   Energy Axis:              Kinetic Energy
            #   Count Rate:               Counts per Second
            #   Separate Scan Data:       yes
            #   Transmission Function:    yes
            #   External Channel Data:    yes
            #
            # Group:                        wafer 7
            #
            # Region:                       O1s
            # Acquisition Date:             03/14/25 09:30:00 UTC
            # Analysis Method:              XPS
            # Scan Mode:                    FixedAnalyzerTransmission
            # Values/Curve:                 3
            # Dwell Time:                   0.2
            # Excitation Energy:            1486.61
            # Kinetic Energy:               951.61
            # Pass Energy:                  20
            #
            # Cycle: 0
            #
            # Number of Scans: 2

            # Cycle: 0, Curve: 0, Scan: 0
            #
            # ColumnLabels:                 energy counts/s transmission ext1
            #
            951.61  120.5  0.93  1.0
            952.61  300.25  0.94  1.1
            953.61  150  0.95  1.2

            # Cycle: 0, Curve: 0, Scan: 1
            #
            # ColumnLabels:                 energy counts/s transmission ext1
            #
            951.61  118  0.93  1.0
            952.61  310  0.94  1.1
            953.61  149  0.95  1.2
            """;

    private static List<Parsed> read(String text) throws Exception {
        return READER.read("fixture.xy", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static FormatException failure(String text) {
        try {
            read(text);
        } catch (FormatException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a FormatException");
    }

    @Test
    void corpusExportHasBothRegionsInBindingEnergy() throws Exception {
        Path dir = TestFiles.shared("corpus/xps");
        Assumptions.assumeTrue(dir != null && Files.exists(dir.resolve("MgFe2O4_small.xy")),
                "../shared/data/corpus/xps/MgFe2O4_small.xy is absent: skipping");
        Path file = dir.resolve("MgFe2O4_small.xy");
        assertThat(READER.recognise("MgFe2O4_small.xy", Files.readAllBytes(file))).isEqualTo(Recognition.CONTENT);
        Parsed p;
        try (InputStream in = Files.newInputStream(file)) {
            p = READER.read("MgFe2O4_small.xy", in).get(0);
        }
        assertThat(p.title()).isEqualTo("1 as-loaded");
        assertThat(p.series()).extracting(Series::name).containsExactly("Survey / cycle 0 / scan 0", "Fe2p / cycle 0 / scan 0");
        Series survey = p.series().get(0);
        assertThat(survey.points()).isEqualTo(1351);
        assertThat(survey.x().name()).isEqualTo("binding_energy");
        assertThat(survey.x().first()).isEqualTo(1350.0);
        assertThat(survey.x().last()).isEqualTo(0.0);
        assertThat(survey.y().get(0).unit()).isEqualTo("counts/s");
        assertThat(survey.y().get(0).first()).isEqualTo(15598.679);
        Series fe = p.series().get(1);
        assertThat(fe.points()).isEqualTo(56);
        assertThat(fe.x().first()).isEqualTo(750.0);
        assertThat(fe.x().last()).isEqualTo(695.0);
        assertThat(fe.y().get(0).last()).isEqualTo(4013.8297);
        JsonNode region = p.metadata().path("regions").get(1);
        assertThat(region.path("region").asString()).isEqualTo("Fe2p");
        assertThat(region.path("excitation_energy").asDouble()).isEqualTo(1486.61);
        assertThat(region.path("pass_energy").asDouble()).isEqualTo(20.0);
        assertThat(region.path("analysis_method").asString()).isEqualTo("XPS");
        assertThat(region.path("acquisition_date").asString()).isEqualTo("08/24/23 14:11:36 UTC");
        assertThat(p.metadata().path("export_settings").path("energy_axis").asString()).isEqualTo("Binding Energy");
        assertThat(p.metadata().path("software").asString()).startsWith("SpecsLab Prodigy, Version 4.100.1");
        assertThat(p.metadata().path("descriptors").get(0).path("x_at_y_max").asDouble()).isEqualTo(306.0);
    }

    @Test
    void kineticExportWithScansTransmissionAndExternalChannel() throws Exception {
        Parsed p = read(KINETIC).get(0);
        assertThat(p.series()).extracting(Series::name).containsExactly("O1s / cycle 0 / scan 0", "O1s / cycle 0 / scan 1");
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("binding_energy");
        assertThat(s.x().values()).containsExactly(535.0, 534.0, 533.0);
        assertThat(s.y()).extracting(a -> a.name()).containsExactly("intensity", "transmission", "ext1");
        assertThat(s.y().get(0).values()).containsExactly(120.5, 300.25, 150);
        assertThat(s.y().get(1).values()).containsExactly(0.93, 0.94, 0.95);
        assertThat(p.series().get(1).y().get(0).values()).containsExactly(118, 310, 149);
        JsonNode region = p.metadata().path("regions").get(0);
        assertThat(region.path("binding_energy_from_kinetic").asBoolean()).isTrue();
        assertThat(region.path("kinetic_energy").asDouble()).isEqualTo(951.61);
        assertThat(region.path("blocks").size()).isEqualTo(2);
        assertThat(region.path("blocks").get(1).path("descriptor").path("x_at_y_max").asDouble()).isEqualTo(534.0);
    }

    /**
     * Issue 21: a constant-final-state XAS region at the O K edge, written by Prodigy on Windows in
     * Latin-1 (the region name ends in "45°", byte 0xB0). Its first column is the photon energy,
     * 525–555 eV; it was stored as "binding energy" 0 to −30 eV (hν − x with hν = 525) and the name
     * mis-decoded.
     */
    @Test
    void constantFinalStateXasIsPhotonEnergyAndLatin1NamesDecode() throws Exception {
        String text = KINETIC.replace("O1s", "O1s_XAS_45°").replace("Analysis Method:              XPS", "Analysis Method:              XAS")
                .replace("FixedAnalyzerTransmission", "ConstantFinalState").replace("1486.61", "525")
                .replace("951.61", "525.0").replace("952.61", "540.0").replace("953.61", "555.0");
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        Parsed p = READER.read("o1s_xas.xy", new ByteArrayInputStream(latin1)).get(0);
        Series s = p.series().get(0);
        assertThat(s.name()).startsWith("O1s_XAS_45° / cycle 0");
        assertThat(s.x().name()).isEqualTo("photon_energy");
        assertThat(s.x().unit()).isEqualTo("eV");
        assertThat(s.x().values()).containsExactly(525.0, 540.0, 555.0);
        assertThat(p.metadata().path("encoding").asString()).isEqualTo("ISO-8859-1");
        assertThat(p.metadata().path("regions").get(0).has("binding_energy_from_kinetic")).isFalse();
        // the same file in UTF-8 decodes as UTF-8
        Parsed utf8 = READER.read("o1s_xas.xy", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).get(0);
        assertThat(utf8.series().get(0).name()).startsWith("O1s_XAS_45° / cycle 0");
        assertThat(utf8.metadata().path("encoding").asString()).isEqualTo("UTF-8");
    }

    @Test
    void recognisedByItsHeaderNotItsName() {
        byte[] head = KINETIC.getBytes(StandardCharsets.UTF_8);
        assertThat(READER.recognise("export.txt", head)).isEqualTo(Recognition.CONTENT);
        assertThat(READER.recognise("scan.xy", "10 100\n10.02 110\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(Recognition.NO);
        assertThat(READER.id()).isEqualTo("xps.specs-xy");
    }

    @Test
    void aRowWithAMissingColumnNamesItsLine() {
        FormatException e = failure(KINETIC.replace("952.61  300.25  0.94  1.1", "952.61  300.25  0.94"));
        assertThat(e.line()).isEqualTo(32);
        assertThat(e.getMessage()).contains("expected 4 columns").contains("found 3");
    }

    @Test
    void aTruncatedCurveIsRejectedAgainstValuesPerCurve() {
        String cut = KINETIC.substring(0, KINETIC.indexOf("953.61  149"));
        FormatException e = failure(cut);
        assertThat(e.getMessage()).contains("declares Values/Curve: 3").contains("holds 2 rows");
        assertThat(e.line()).isEqualTo(40);
    }

    @Test
    void aWordInTheDataNamesLineAndColumn() {
        FormatException e = failure(KINETIC.replace("953.61  150  0.95", "953.61  n/a  0.95"));
        assertThat(e.line()).isEqualTo(33);
        assertThat(e.getMessage()).contains("column 2: expected a number, found 'n/a'");
    }

    @Test
    void aCurveNumberTooLongForAnIntIsAFormatErrorAtItsLine() {
        String huge = KINETIC.replace("Cycle: 0, Curve: 0, Scan: 0", "Cycle: 0, Curve: " + "5".repeat(40) + ", Scan: 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(huge))
                .isInstanceOf(org.matdx.formats.FormatException.class)
                .hasMessageContaining("line").hasMessageContaining("40 digits");
    }

    @Test
    void aCommentLineGivesItsKeyAndValue() {
        assertThat(SpecsXyReader.keyValue("# Region:  Survey")).containsExactly("Region", "Survey");
        assertThat(SpecsXyReader.keyValue("#   Created by:   SpecsLab Prodigy, Version 4.6 ")).containsExactly("Created by", "SpecsLab Prodigy, Version 4.6");
        assertThat(SpecsXyReader.keyValue("# Acquisition Date: 2020-01-01 12:00:00")).containsExactly("Acquisition Date", "2020-01-01 12:00:00");
        assertThat(SpecsXyReader.keyValue("# Empty:")).containsExactly("Empty", "");
        assertThat(SpecsXyReader.keyValue("#  : x")).containsExactly("", "x");
        assertThat(SpecsXyReader.keyValue("#: x")).isNull();
        assertThat(SpecsXyReader.keyValue("# no colon here")).isNull();
        assertThat(SpecsXyReader.keyValue("Region: x")).isNull();
    }

    @Test
    void aCommentLineOfThousandsOfSpacesIsReadAtOnce() {
        // the pattern this replaced took 82 s on 5,000 spaces; the fuzzing property's CPU-time bound is what only a
        // hang exceeds
        String line = "#" + " ".repeat(200_000) + "x";
        Fuzzing.parse("SPECS comment line", line.length(), () -> SpecsXyReader.keyValue(line));
        assertThat(SpecsXyReader.keyValue(line)).isNull();
        Fuzzing.read(new SpecsXyReader(), "long.xy", ("# Region: a\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
