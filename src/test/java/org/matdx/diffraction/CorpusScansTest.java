package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.formats.Parsed;
import org.matdx.formats.Readers;
import org.matdx.testing.SharedData;

/**
 * Real scans from ../shared/data/corpus/xrd (skipped when absent), read by the project's readers and
 * identified against the shipped reference phases. The corpus holds no LiCoO2 scan: its powder scan
 * of a phase among the references is XRD-918-16_10.xrdml, α-quartz (PANalytical Empyrean, Cu Kα).
 */
class CorpusScansTest {

    static PhaseAnalyses.Measured read(Path p) throws Exception {
        var readers = Readers.installed();
        var reader = readers.recognise(p.getFileName().toString(), SharedData.head(p)).orElseThrow();
        try (InputStream in = Files.newInputStream(p)) {
            for (Parsed r : reader.read(p.getFileName().toString(), in)) {
                return PhaseAnalyses.measured(r.series(), r.metadata(), r.composition(), true);
            }
        }
        throw new AssertionError("no records in " + p);
    }

    static List<Candidate> references() {
        return ReferencePhases.all().stream().map(r -> Phases.candidate(r.file())).toList();
    }

    @Test
    void theQuartzPowderScanIsIdentifiedAsQuartz() throws Exception {
        PhaseAnalyses.Measured m = read(SharedData.require("corpus/xrd/XRD-918-16_10.xrdml"));
        assertThat(m.pattern().radiation().kAlpha2()).isCloseTo(1.544426, within(1e-6));
        Identification id = PhaseIdentifier.identify(m.pattern(), references(), PhaseIdentifier.Options.DEFAULT);
        assertThat(id.phases()).isNotEmpty();
        assertThat(id.phases().get(0).formula()).isEqualTo("SiO2");
        assertThat(id.phases().get(0).name()).isEqualTo("quartz.cif");
        assertThat(id.phases().get(0).weightFraction()).isGreaterThan(0.7);
        // search-match alone ranks graphite close to quartz (its one strong line sits on quartz's 101); the fit decides
        assertThat(id.ranking().subList(0, 2).stream().map(Identification.Ranked::formula)).contains("SiO2");
        // the refined cell is α-quartz's, within the usual spread of real samples
        assertThat(id.phases().get(0).cell()[0]).isCloseTo(4.913, within(0.02));
        assertThat(id.phases().get(0).cell()[2]).isCloseTo(5.405, within(0.02));
    }
}
