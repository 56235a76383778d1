package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.formats.Parsed;
import org.matdx.formats.xrd.TwoColumnReader;
import org.matdx.ingest.template.Template;
import tools.jackson.databind.JsonNode;

/** Issue 21: the XRD template's peak search runs on diffraction patterns only, and stored axes use the vocabulary. */
class PeakSearchOnlyOnDiffractionTest {
    private static final Template XRD = new Template("xrd.xy", "XRD", Map.of("en", "XRD"), null, "xrd.xy", List.of("*.xy"),
            new Template.Produces("measurement", false, List.of("xrd_peaks")), null, "test");
    private static final Structurer STRUCTURER = new Structurer(new Descriptors(PeakFinder.standard()), new Plotter(), null);

    private static JsonNode structured(String name, String text) throws Exception {
        Parsed p = new TwoColumnReader().read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).get(0);
        return STRUCTURER.structure(p, XRD, name, name).data();
    }

    private static String peakShaped(String header, double from, double step) {
        StringBuilder sb = new StringBuilder(header);
        for (int i = 0; i < 400; i++) {
            double x = from + i * step;
            double y = 50 + 5000 * Math.exp(-Math.pow((i - 200) / 4.0, 2));
            sb.append(x).append(' ').append(y).append('\n');
        }
        return sb.toString();
    }

    @Test
    void sampleHeightScanGetsNoPeakListButANote() throws Exception {
        JsonNode d = structured("height.xy", peakShaped("Scantype: \"Z\"\n", -2, 0.01));
        assertThat(d.has("peaks")).isFalse();
        assertThat(d.at("/notes/0").asString()).contains("no diffraction peak search").contains("'z'");
        assertThat(d.at("/series/0/x/name").asString()).isEqualTo("z");
    }

    @Test
    void declaredTwoThetaScanGetsItsPeak() throws Exception {
        JsonNode d = structured("scan.xy", peakShaped("# 2theta intensity\n", 20, 0.02));
        assertThat(d.at("/peaks/count").asInt()).isEqualTo(1);
        assertThat(d.at("/peaks/peaks/0/position").asDouble()).isEqualTo(24.0);
        assertThat(d.at("/series/0/x/name").asString()).isEqualTo("two_theta");
        assertThat(d.at("/series/0/x/unit").asString()).isEqualTo("deg");
    }

    @Test
    void unknownAxisGetsNoPeakList() throws Exception {
        assertThat(structured("table.dat", peakShaped("", 156, 0.25)).has("peaks")).isFalse();
    }
}
