package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.xrd.TwoColumnReader;
import org.matdx.ingest.template.Template;
import tools.jackson.databind.JsonNode;

/**
 * Issue 21: what a two-column file's x axis is, and on what ground — declared by the file, assumed
 * by the .xy convention (and said to be), unknown (and said to be, with no peak search), or stated by
 * the uploader — and that a statement never overrides what the file declares.
 */
class XAxisTest {
    private static final Template XRD = new Template("xrd.xy", "XRD", Map.of("en", "XRD"), null, "xrd.xy", List.of("*.xy"),
            new Template.Produces("measurement", false, List.of("xrd_peaks")), null, "test");
    private static final Structurer STRUCTURER = new Structurer(new Descriptors(PeakFinder.standard()), new Plotter(), null);

    private static Parsed read(String name, String text, XAxis.Stated stated) throws Exception {
        Parsed p = new TwoColumnReader().read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).get(0);
        return XAxis.apply(List.of(p), stated, name).get(0);
    }

    private static JsonNode data(Parsed p) {
        return STRUCTURER.structure(p, XRD, "f", "f").data();
    }

    /** A Bragg-like peak at x = 24 on 400 points from 20 in steps of 0.02. */
    private static String peak(String header) {
        StringBuilder sb = new StringBuilder(header);
        for (int i = 0; i < 400; i++) {
            sb.append(20 + i * 0.02).append(' ').append(50 + 5000 * Math.exp(-Math.pow((i - 200) / 4.0, 2))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aBareXyIsAssumedTwoThetaAndSaysSoWithItsPeaks() throws Exception {
        Parsed p = read("scan.xy", peak(""), null);
        JsonNode ax = p.metadata().get("x_axis");
        assertThat(ax.get("name").asString()).isEqualTo("two_theta");
        assertThat(ax.get("basis").asString()).isEqualTo("assumed");
        assertThat(ax.get("why").asString()).contains(".xy").contains("does not say");
        JsonNode d = data(p);
        assertThat(d.at("/peaks/peaks/0/position").asDouble()).isEqualTo(24.0);
        assertThat(d.at("/notes/0").asString()).contains("assumed 2θ").contains("x_axis=two_theta_deg|q_inv_angstrom");
    }

    @Test
    void aBareDatIsUnknownWithoutPeakSearchUntilTheUploaderSaysWhatItIs() throws Exception {
        Parsed unknown = read("scan.dat", peak(""), null);
        assertThat(unknown.metadata().at("/x_axis/basis").asString()).isEqualTo("unknown");
        assertThat(unknown.metadata().at("/x_axis/name").asString()).isEqualTo("unknown");
        JsonNode d = data(unknown);
        assertThat(d.has("peaks")).isFalse();
        assertThat(d.at("/notes/0").asString()).contains("x axis is unknown").contains("x_axis=");
        // stated at upload: 2θ, with the peak search and the intensity named
        Parsed stated = read("scan.dat", peak(""), XAxis.Stated.TWO_THETA_DEG);
        assertThat(stated.metadata().at("/x_axis/basis").asString()).isEqualTo("stated");
        assertThat(stated.metadata().at("/x_axis/why").asString()).contains("x_axis=two_theta_deg stated at upload");
        assertThat(stated.series().get(0).x().unit()).isEqualTo("deg");
        assertThat(stated.series().get(0).y().get(0).name()).isEqualTo("intensity");
        assertThat(data(stated).at("/peaks/peaks/0/position").asDouble()).isEqualTo(24.0);
        // energy is not a diffraction axis: stored as said, no peak search
        Parsed energy = read("scan.dat", peak(""), XAxis.Stated.ENERGY_EV);
        assertThat(energy.series().get(0).x().name()).isEqualTo("energy");
        assertThat(energy.series().get(0).x().unit()).isEqualTo("eV");
        assertThat(data(energy).has("peaks")).isFalse();
        // Q in 1/Å is a diffraction axis
        assertThat(data(read("scan.dat", peak(""), XAxis.Stated.Q_INV_ANGSTROM)).at("/peaks/count").asInt()).isEqualTo(1);
    }

    @Test
    void theUploaderMayUnassumeTheXyConvention() throws Exception {
        Parsed p = read("scan.xy", peak(""), XAxis.Stated.UNKNOWN);
        assertThat(p.metadata().at("/x_axis/basis").asString()).isEqualTo("unknown");
        assertThat(p.series().get(0).x().name()).isEqualTo("unknown");
        assertThat(p.series().get(0).y().get(0).name()).isEqualTo("unknown");
        assertThat(data(p).has("peaks")).isFalse();
    }

    @Test
    void aStatementThatContradictsTheFileIsRefusedOneThatAgreesIsNoted() throws Exception {
        String q = peak("Q (1/A)\tI\n");
        assertThat(read("q.xy", q, null).metadata().at("/x_axis/basis").asString()).isEqualTo("declared");
        assertThatThrownBy(() -> read("q.xy", q, XAxis.Stated.TWO_THETA_DEG)).isInstanceOf(FormatException.class)
                .hasMessageContaining("x_axis=two_theta_deg").hasMessageContaining("declares its x axis as Q");
        Parsed agrees = read("q.xy", q, XAxis.Stated.Q_INV_ANGSTROM);
        assertThat(agrees.metadata().at("/x_axis/why").asString()).contains("agrees");
        // "unknown" from the uploader does not erase what the file says
        assertThat(read("q.xy", q, XAxis.Stated.UNKNOWN).series().get(0).x().name()).isEqualTo("q");
    }

    @Test
    void statementsAreAClosedList() {
        assertThat(XAxis.Stated.parse(null)).isNull();
        assertThat(XAxis.Stated.parse("auto")).isNull();
        assertThat(XAxis.Stated.parse("Two_Theta_Deg")).isEqualTo(XAxis.Stated.TWO_THETA_DEG);
        assertThatThrownBy(() -> XAxis.Stated.parse("2theta")).hasMessageContaining("two_theta_deg, q_inv_angstrom, d_angstrom");
        assertThatThrownBy(() -> XAxis.Stated.parse("x".repeat(10_000))).hasMessageNotContaining("x".repeat(100));
    }
}
