package org.matdx.formats.jcamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;
import org.matdx.testing.TestFiles;

/**
 * Every file of the JCAMP-DX test suite in {@code ../shared/data/corpus/jcamp} (ISAS Dortmund
 * test files, NIST IR spectra). Expected numbers were read from the files themselves: NPOINTS,
 * FIRSTX/LASTX, the first ordinate of the first data line and the last of the last, times
 * YFACTOR.
 */
class JcampCorpusTest {
    private static final JcampReader READER = new JcampReader();

    static Path corpus() {
        Path dir = TestFiles.shared("corpus/jcamp");
        Assumptions.assumeTrue(dir != null, "../shared/data/corpus/jcamp is absent: skipping the JCAMP-DX corpus tests");
        return dir;
    }

    static Parsed read(String name) throws Exception {
        Path p = corpus().resolve(name);
        Assumptions.assumeTrue(Files.exists(p), p + " is absent: skipping");
        try (InputStream in = Files.newInputStream(p)) {
            List<Parsed> all = READER.read(name, in);
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** file, series index, points, first x, last x, first y, last y, x unit, y name. */
    static Stream<Arguments> spectra() {
        return Stream.of(
                Arguments.of("PE1800.DX", 0, 3301, 4000.0, 700.0, 1.0160, 1.0124, "1/cm", "transmittance"),
                Arguments.of("LABCALC.DX", 0, 3435, 249.741, 3699.742, 1042663104 * 9.31323E-10, 1002329408 * 9.31323E-10, "1/cm", "transmittance"),
                Arguments.of("SPECFILE.DX", 0, 1801, 400.0, 4000.0, 97.74, 82.83, "1/cm", "transmittance"),
                Arguments.of("BRUKER1.JCM", 0, 3735, 4000.655017, 400.1619262, 91.06, 57.64, "1/cm", "transmittance"),
                Arguments.of("BRUKER2.JCM", 0, 3735, 4000.655017, 400.1619262, 0.0406, 0.2390, "1/cm", "absorbance"),
                Arguments.of("BRUKAFFN.DX", 0, 16384, 24038.5, 0.0, 2259260.0, 1505988.0, "Hz", "intensity"),
                Arguments.of("BRUKPAC.DX", 0, 16384, 24038.5, 0.0, 2259260.0, 1505988.0, "Hz", "intensity"),
                Arguments.of("BRUKSQZ.DX", 0, 16384, 24038.5, 0.0, 2259260.0, 1505988.0, "Hz", "intensity"),
                Arguments.of("BRUKDIF.DX", 0, 16384, 24038.5, 0.0, 2254931.0, 1513177.0, "Hz", "intensity"),
                Arguments.of("TEST32.DX", 0, 16384, 24038.5, 0.0, 2259260.0, 1505988.0, "Hz", "intensity"),
                Arguments.of("TESTSPEC.DX", 0, 16384, 24038.5, 0.0, 2254931.4, 1513177.65, "Hz", "intensity"),
                Arguments.of("BRUKNTUP.DX", 0, 16384, 24038.5, 0.0, 2254931.0, 1513177.0, "Hz", "spectrum/real"),
                Arguments.of("TESTNTUP.DX", 0, 16384, 24038.5, 0.0, 2254931.4, 1513177.65, "Hz", "spectrum/real"),
                Arguments.of("TESTFID.DX", 0, 16384, 0.0, 0.6815317, 2980.0, -60242.0, "s", "fid/real"),
                Arguments.of("IMSDEMO.DX", 0, 1000, 0.0, 66.6, 0.0493, 0.1417, "ms", "ion current"),
                Arguments.of("IMS_TEST1.DX", 0, 2400, 0.0, 59.975, 4.491, 5.323, "ms", "ion current"),
                Arguments.of("ISAS_MS1.DX", 0, 26, 50.0, 131.0, 5.84, 2.13, "m/z", "abundance"),
                Arguments.of("ISAS_MS2.DX", 0, 346, 13.998, 6.999, 9953464.4, 471 * 20998.87, "s", "intensity"),
                Arguments.of("ISAS_MS3.DX", 2, 26, 50.0, 109.0, 3.93, 8.55, "m/z", "intensity"),
                Arguments.of("ISAS_CDX.DX", 0, 16, 27.0, 218.4, 1.0, 1.0, "ppm", "intensity"),
                Arguments.of("ethanol_nmr.jdx", 2, 16384, 4200.29101563, -588.39611816, 1136.1, -20.9, "Hz", "intensity"),
                Arguments.of("ir_1-butanol.jdx", 0, 14106, 574.928, 3975.077, 7.676E-07, 4.328E-06, "1/cm", "intensity"),
                Arguments.of("ir_acetone.jdx", 0, 14106, 574.928, 3975.077, 4.096E-08, 1.114E-06, "1/cm", "intensity"),
                Arguments.of("ir_benzene.jdx", 0, 3343, 452.0, 3794.0, 0.8787, 0.8684, "1/cm", "transmittance"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spectra")
    void readsEveryCorpusSpectrumWithItsPointsAndEnds(String file, int index, int points, double x0, double xN, double y0, double yN,
                                                       String xUnit, String yName) throws Exception {
        Parsed p = read(file);
        assertThat(READER.recognise(file, Files.readAllBytes(corpus().resolve(file)))).isEqualTo(Recognition.CONTENT);
        Series s = p.series().get(index);
        assertThat(s.points()).isEqualTo(points);
        assertThat(s.x().first()).isCloseTo(x0, within(1e-6 * Math.max(1, Math.abs(x0))));
        assertThat(s.x().last()).isCloseTo(xN, within(1e-6 * Math.max(1, Math.abs(xN))));
        assertThat(s.x().unit()).isEqualTo(xUnit);
        assertThat(s.y().get(0).name()).isEqualTo(yName);
        assertThat(s.y().get(0).first()).isCloseTo(y0, within(2e-3 * Math.abs(y0)));
        assertThat(s.y().get(0).last()).isCloseTo(yN, within(2e-3 * Math.abs(yN)));
        assertThat(p.metadata().path("descriptors").size()).isEqualTo(p.series().size());
    }

    @Test
    void affnPacSqzAndTheUncompressedFileDecodeToTheSameSpectrum() throws Exception {
        double[] affn = read("BRUKAFFN.DX").series().get(0).y().get(0).values();
        assertThat(read("BRUKPAC.DX").series().get(0).y().get(0).values()).containsExactly(affn);
        assertThat(read("BRUKSQZ.DX").series().get(0).y().get(0).values()).containsExactly(affn);
        assertThat(read("TEST32.DX").series().get(0).y().get(0).values()).containsExactly(affn);
    }

    @Test
    void difDupEqualsTheRealPageOfTheNtuplesFile() throws Exception {
        double[] dif = read("BRUKDIF.DX").series().get(0).y().get(0).values();
        Series ntup = read("BRUKNTUP.DX").series().get(0);
        assertThat(ntup.y()).hasSize(2);
        assertThat(ntup.y().get(0).values()).containsExactly(dif);
        assertThat(ntup.y().get(1).name()).isEqualTo("spectrum/imag");
        assertThat(ntup.y().get(1).first()).isEqualTo(-6966283.0);
        assertThat(ntup.y().get(1).last()).isEqualTo(-7303022.0);
    }

    @Test
    void massSpectraSeriesKeepsOnePagePerRetentionTime() throws Exception {
        Parsed p = read("ISAS_MS3.DX");
        assertThat(p.series()).extracting(Series::name).containsExactly(
                "GC-MS analysis of Phenol, 2-Chlorphenol, and o-Kresol — page T= 272",
                "GC-MS analysis of Phenol, 2-Chlorphenol, and o-Kresol — page T= 301",
                "GC-MS analysis of Phenol, 2-Chlorphenol, and o-Kresol — page T= 333");
        assertThat(p.series()).extracting(Series::points).containsExactly(18, 26, 26);
    }

    @Test
    void linkFileKeepsEveryBlockAndItsSpectrum() throws Exception {
        Parsed p = read("ethanol_nmr.jdx");
        assertThat(p.metadata().path("block_count").asInt()).isEqualTo(5);
        assertThat(p.metadata().path("blocks").get(0).path("data_type").asString()).isEqualTo("LINK");
        assertThat(p.series()).extracting(Series::points).containsExactly(6, 4, 16384);
        assertThat(p.series().get(1).x().unit()).isEqualTo("ppm");
        assertThat(p.series().get(1).x().values()).containsExactly(1.22458, 1.24796, 1.27134, 1.80911);
        assertThat(p.metadata().path("data_type").asString()).isEqualTo("NMR PEAK ASSIGNMENTS");
    }

    @Test
    void extractsTitleOriginOwnerDateSpectrometerAndPeak() throws Exception {
        Parsed p = read("PE1800.DX");
        var m = p.metadata();
        assertThat(p.title()).isEqualTo("Isobutylacrylat 1 ul");
        assertThat(m.path("jcamp_dx_version").asString()).isEqualTo("4.24");
        assertThat(m.path("data_type").asString()).isEqualTo("INFRARED SPECTRUM");
        assertThat(m.path("date").asString()).isEqualTo("91/06/18 10:24.56");
        assertThat(m.path("spectrometer").asString()).isEqualTo("PERKIN-ELMER 1800");
        assertThat(m.path("blocks").get(0).path("records").path("resolution").asString()).isEqualTo("4.00");
        var d = m.path("descriptors").get(0);
        assertThat(d.path("points").asInt()).isEqualTo(3301);
        assertThat(d.path("x_min").asDouble()).isEqualTo(700.0);
        assertThat(d.path("x_max").asDouble()).isEqualTo(4000.0);
        // MAXY=1.0189 in the header: the highest ordinate in the data.
        assertThat(d.path("y_max").asDouble()).isCloseTo(1.0189, within(1e-9));
    }

    @Test
    void spectrafileTrailingCheckLineIsReportedNotSilentlyDropped() throws Exception {
        Parsed p = read("SPECFILE.DX");
        assertThat(p.metadata().path("blocks").get(0).path("warnings").get(0).asString()).startsWith("line 107: trailing Y check value 0");
    }

    @Test
    void filesThatAreNotJcampAreNotRecognisedAndAreRejectedAtLineOne() throws Exception {
        for (String name : List.of("DX-DIR.TXT", "LICENSE.nzhagen-jcamp")) {
            Path p = corpus().resolve(name);
            Assumptions.assumeTrue(Files.exists(p));
            assertThat(READER.recognise(name, Files.readAllBytes(p))).isEqualTo(Recognition.NO);
            try (InputStream in = Files.newInputStream(p)) {
                assertThatThrownBy(() -> READER.read(name, in)).isInstanceOf(FormatException.class)
                        .hasMessageStartingWith(name + ", line 1: expected ##TITLE=");
            }
        }
    }
}
