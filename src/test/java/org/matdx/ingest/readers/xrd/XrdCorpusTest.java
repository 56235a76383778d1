package org.matdx.ingest.readers.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Readers;
import org.matdx.ingest.Recognition;
import org.matdx.testing.SharedData;

/**
 * The XRD readers on the real instrument files in ../shared/data/corpus/xrd. Expected values are
 * read off the files themselves (first and last data lines, declared ranges and wavelengths).
 */
class XrdCorpusTest {
    static final Path DIR = SharedData.require("corpus/xrd");

    static Parsed read(Reader r, String file) throws Exception {
        Path p = DIR.resolve(file);
        byte[] head = SharedData.head(p);
        assertThat(r.recognise(p.getFileName().toString(), head)).isEqualTo(Recognition.CONTENT);
        assertThat(Readers.installed().recognise(file, head).orElseThrow().id()).isEqualTo(r.id());
        try (InputStream in = Files.newInputStream(p)) {
            List<Parsed> out = r.read(file, in);
            assertThat(out).hasSize(1);
            return out.get(0);
        }
    }

    @Test
    void xrdmlSchema16PowderScan() throws Exception {
        Parsed p = read(new XrdmlReader(), "XRD-918-16_10.xrdml");
        Series s = p.series().get(0);
        var m = p.metadata();
        assertThat(m.get("schema_version").asString()).isEqualTo("1.6");
        assertThat(m.get("wavelength_kalpha1_angstrom").asDouble()).isEqualTo(1.540598);
        assertThat(m.get("wavelength_kalpha2_angstrom").asDouble()).isEqualTo(1.544426);
        assertThat(m.get("kalpha2_kalpha1_ratio").asDouble()).isEqualTo(0.5);
        assertThat(m.get("instrument").asString()).isEqualTo("EMPYREAN");
        assertThat(s.x().name()).isEqualTo("2θ");
        assertThat(s.x().unit()).isEqualTo("°");
        assertThat(s.points()).isEqualTo(m.get("points").asInt()).isGreaterThan(100);
        assertThat(s.y().get(0).size()).isEqualTo(s.points());
    }

    @Test
    void xrdmlSchema21CoupledScanOverTwoTheta() throws Exception {
        Parsed p = read(new XrdmlReader(), "m54313_om2th_10.xrdml");
        Series s = p.series().get(0);
        assertThat(p.metadata().get("schema_version").asString()).isEqualTo("2.1");
        assertThat(p.metadata().get("scan_axis").asString()).isEqualTo("2Theta-Omega");
        assertThat(p.metadata().get("measured_at").asString()).isEqualTo("2022-09-26T17:05:54+02:00");
        assertThat(p.metadata().get("software").asString()).isEqualTo("Data Collector");
        assertThat(p.metadata().get("software_version").asString()).isEqualTo("6.1");
        assertThat(s.x().name()).isEqualTo("2θ");
        assertThat(s.x().first()).isEqualTo(26.025);
        assertThat(s.x().last()).isEqualTo(79.995);
    }

    @Test
    void rasxPowderScan() throws Exception {
        Parsed p = read(new RasxReader(), "TwoTheta_scan_powder.rasx");
        Series s = p.series().get(0);
        assertThat(s.points()).isEqualTo(2726);
        assertThat(s.x().first()).isEqualTo(10.0);
        assertThat(s.x().valuesUnsafe()[1]).isEqualTo(10.04);
        assertThat(s.y().get(0).first()).isCloseTo(170.55354309082, within(1e-9));
        assertThat(s.y()).hasSize(1); // attenuation factor is 1 throughout: nothing to correct
        var m = p.metadata();
        assertThat(m.get("anode").asString()).isEqualTo("Cu");
        assertThat(m.get("wavelength_kalpha1_angstrom").asDouble()).isEqualTo(1.540593);
        assertThat(m.get("instrument").asString()).isEqualTo("SmartLabXE");
        assertThat(m.get("operator").asString()).isEqualTo("Administrator");
    }

    @Test
    void rasxHighTemperatureCoupledScan() throws Exception {
        Parsed p = read(new RasxReader(), "Omega-2Theta_scan_high_temperature.rasx");
        Series s = p.series().get(0);
        var m = p.metadata();
        assertThat(s.points()).isEqualTo(1042).isEqualTo(m.get("points").asInt());
        assertThat(s.x().first()).isEqualTo(44.0);
        assertThat(s.x().valuesUnsafe()[1]).isEqualTo(44.0048);
        assertThat(m.get("scan_axis").asString()).isEqualTo("TwoThetaOmega");
        assertThat(m.get("step").asDouble()).isEqualTo(0.0048);
        assertThat(m.get("measured_at").asString()).isEqualTo("2020-08-03T20:16:09Z");
        assertThat(m.get("tube_voltage_kv").asDouble()).isEqualTo(40);
        assertThat(m.get("wavelength_kalpha2_angstrom").asDouble()).isEqualTo(1.544414);
    }
}
