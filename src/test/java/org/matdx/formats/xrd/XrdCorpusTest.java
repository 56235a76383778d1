package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.matdx.core.Axis;
import org.matdx.core.Series;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Every XRD file in {@code ../shared/data/corpus/xrd} (nomad-measurements test files), with values
 * read off the files' own text: point counts, first and last points, wavelengths, operators.
 */
class XrdCorpusTest {
    private static final List<Reader> READERS = List.of(new XrdmlReader(), new RasxReader(), new RasReader(), new BrmlReader(),
            new BrukerRawReader(), new TwoColumnReader());

    private static Path corpus(String name) {
        Path dir = TestFiles.shared("corpus/xrd");
        assumeTrue(dir != null, "../shared/data/corpus/xrd is absent: corpus tests skipped");
        Path p = dir.resolve(name);
        assumeTrue(Files.exists(p), name + " is absent from the corpus: skipped");
        return p;
    }

    private static Parsed read(Reader reader, Path p) throws Exception {
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(64 * 1024);
        }
        assertThat(reader.recognise(p.getFileName().toString(), head)).isEqualTo(Recognition.CONTENT);
        // No other XRD reader claims the file by content.
        for (Reader other : READERS) {
            if (!other.id().equals(reader.id())) {
                assertThat(other.recognise(p.getFileName().toString(), head)).as(other.id()).isNotEqualTo(Recognition.CONTENT);
            }
        }
        try (InputStream in = Files.newInputStream(p)) {
            List<Parsed> all = reader.read(p.getFileName().toString(), in);
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void assertScan(Series s, String xName, int points, double x0, double x1, double y0, double y1, String yUnit) {
        assertThat(s.x().name()).isEqualTo(xName);
        assertThat(s.x().unit()).isEqualTo("deg");
        assertThat(s.points()).isEqualTo(points);
        assertThat(s.x().first()).isCloseTo(x0, within(1e-6));
        assertThat(s.x().last()).isCloseTo(x1, within(1e-6));
        Axis y = s.y().get(0);
        assertThat(y.name()).isEqualTo("intensity");
        assertThat(y.unit()).isEqualTo(yUnit);
        assertThat(y.first()).isCloseTo(y0, within(1e-6));
        assertThat(y.last()).isCloseTo(y1, within(1e-6));
    }

    @Test
    void readsEmpyreanXrdml16() throws Exception {
        Parsed p = read(new XrdmlReader(), corpus("XRD-918-16_10.xrdml"));
        assertThat(p.series()).hasSize(1);
        assertScan(p.series().get(0), "two_theta", 5027, 4.00656514, 69.99936587, 1305, 171, "counts");
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("1.6");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.5405980);
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(1.5444260);
        assertThat(m.at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("scan_axis").asString()).isEqualTo("Gonio");
        assertThat(m.get("two_theta_start").asDouble()).isEqualTo(4.00656514);
        assertThat(m.get("two_theta_end").asDouble()).isEqualTo(69.99936587);
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(39.270);
        assertThat(m.get("operator").asString()).isEqualTo("XRD");
        assertThat(m.get("measured_at").asString()).isEqualTo("2021-03-16T13:10:14+03:00");
        assertThat(m.get("instrument").asString()).isEqualTo("EMPYREAN");
        assertThat(m.get("software").asString()).isEqualTo("Data Collector");
        assertThat(m.get("software_version").asString()).isEqualTo("5.4");
        assertThat(m.has("sample_name")).as("the file's <name> is empty").isFalse();
    }

    @Test
    void readsXpertCountsXrdml21() throws Exception {
        Parsed p = read(new XrdmlReader(), corpus("m54313_om2th_10.xrdml"));
        assertScan(p.series().get(0), "two_theta", 1800, 26.0250, 79.9950, 0, 0, "counts");
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("2.1");
        assertThat(m.get("scan_axis").asString()).isEqualTo("2Theta-Omega");
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(0.5);
        assertThat(m.get("operator").asString()).isEqualTo("User");
        assertThat(m.get("instrument").asString()).isEqualTo("XPERT-PRO");
        assertThat(m.get("software_version").asString()).isEqualTo("6.1");
        assertThat(m.at("/scan_list/0/omega_start").asDouble()).isEqualTo(12.8560);
        assertThat(m.at("/scan_list/0/omega_end").asDouble()).isEqualTo(39.8410);
        assertThat(m.get("step").asDouble()).isCloseTo((79.9950 - 26.0250) / 1799, within(1e-12));
    }

    @Test
    void readsSmartLabPowderRasx() throws Exception {
        Parsed p = read(new RasxReader(), corpus("TwoTheta_scan_powder.rasx"));
        assertScan(p.series().get(0), "two_theta", 2726, 10.0, 119.0, 170.55354309082, 13.8521060943604, "counts");
        JsonNode m = p.metadata();
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.540593);
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(1.544414);
        assertThat(m.at("/wavelength_angstrom/k_beta").asDouble()).isEqualTo(1.392246);
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("scan_axis").asString()).isEqualTo("TwoTheta");
        assertThat(m.get("step").asDouble()).isEqualTo(0.04);
        assertThat(m.get("time_per_step_s").asDouble()).isCloseTo(2.4, within(1e-9)); // 0.04° at 1°/min
        assertThat(m.get("operator").asString()).isEqualTo("Administrator");
        assertThat(m.get("instrument").asString()).isEqualTo("SmartLabXE");
        assertThat(m.get("measured_at").asString()).isEqualTo("2021-05-05T10:35:31Z");
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(45);
        assertThat(m.get("tube_current_ma").asDouble()).isEqualTo(200);
    }

    @Test
    void readsSmartLabOmegaTwoThetaRasx() throws Exception {
        Parsed p = read(new RasxReader(), corpus("Omega-2Theta_scan_high_temperature.rasx"));
        assertScan(p.series().get(0), "two_theta", 1042, 44.0, 48.9968, 2.16424083709717, 0, "counts");
        assertThat(p.metadata().get("scan_axis").asString()).isEqualTo("TwoThetaOmega");
        assertThat(p.metadata().get("measured_at").asString()).isEqualTo("2020-08-03T20:16:09Z");
    }

    @Test
    void readsD8Brml() throws Exception {
        Parsed p = read(new BrmlReader(), corpus("23-012-AG_2thomegascan_long.brml"));
        assertThat(p.series()).hasSize(1);
        assertScan(p.series().get(0), "two_theta", 2001, 44, 48, 3, 2, "counts");
        double[] y = p.series().get(0).y().get(0).values();
        assertThat(Arrays.stream(y).max().orElseThrow()).as("the file's own statistics: Maximum=495559.8").isCloseTo(495560, within(0.5));
        JsonNode m = p.metadata();
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.5406);
        assertThat(m.at("/wavelength_angstrom/k_alpha2").asDouble()).isEqualTo(1.54439);
        assertThat(m.at("/wavelength_angstrom/k_beta").asDouble()).isEqualTo(1.39222);
        assertThat(m.at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("step").asDouble()).isEqualTo(0.002);
        assertThat(m.get("time_per_step_s").asDouble()).isEqualTo(1.0);
        assertThat(m.get("operator").asString()).isEqualTo("Lab Manager");
        assertThat(m.get("sample_name").asString()).isEqualTo("Commander Sample ID");
        assertThat(m.get("measured_at").asString()).isEqualTo("2023-01-26T15:23:09.837152+01:00");
        assertThat(m.get("software_version").asString()).isEqualTo("6.5.0.0");
        assertThat(m.get("instrument").asString()).isEqualTo("Theta_2Theta");
        assertThat(p.title()).isEqualTo("Commander Sample ID");
    }

    @Test
    void readsBrukerRawV4() throws Exception {
        Parsed p = read(new BrukerRawReader(), corpus("TwoTheta_scan_scrambled.raw"));
        assertThat(p.series()).hasSize(1);
        Series s = p.series().get(0);
        // Start 10° and step 0.0105203° as float64 at range offsets 72 and 80; the intensities are
        // scrambled in this public file (some negative), so they are checked as stored.
        assertScan(s, "two_theta", 7134, 10.0, 10.0 + 7133 * 0.010520299896597862, 283.7691955566406, -105.77827453613281, "counts");
        JsonNode m = p.metadata();
        assertThat(m.get("format_version").asString()).isEqualTo("4");
        assertThat(m.at("/wavelength_angstrom/k_alpha1").asDouble()).isCloseTo(1.5406, within(1e-6));
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("scan_axis").asString()).isEqualTo("Locked Coupled");
        assertThat(m.get("operator").asString()).isEqualTo("Administrator");
        assertThat(m.get("sample_name").asString()).isEqualTo("HeOx-1001-nsp-sps-900C-10min-01-poliert");
        assertThat(m.get("site").asString()).isEqualTo("Germany");
        assertThat(m.get("software").asString()).isEqualTo("DIFFRAC.EVA");
        assertThat(m.get("measured_at").asString()).isEqualTo("04/07/2025 20:48:56");
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(40);
        assertThat(m.get("tube_current_ma").asDouble()).isEqualTo(40);
        assertThat(m.get("time_per_step_s").asDouble()).isCloseTo(0.310, within(1e-5));
        assertThat(m.at("/scan_list/0/2theta_start").asDouble()).isEqualTo(10.0);
    }

    @Test
    void everyCorpusFileHasAReader() throws Exception {
        Path dir = TestFiles.shared("corpus/xrd");
        assumeTrue(dir != null, "../shared/data/corpus/xrd is absent: skipped");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("LICENSE")).toList()) {
                byte[] head;
                try (InputStream in = Files.newInputStream(f)) {
                    head = in.readNBytes(64 * 1024);
                }
                long claims = READERS.stream().filter(r -> r.recognise(f.getFileName().toString(), head) == Recognition.CONTENT).count();
                assertThat(claims).as(f.getFileName().toString()).isEqualTo(1);
            }
        }
    }
}
