package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.core.Structure;
import org.matdx.formats.cif.CifReader;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Simulated patterns agree with pymatgen's XRDCalculator (golden values made by
 * tools/diffraction/pymatgen_golden.py, committed in pymatgen-xrd-golden.json): every one of
 * pymatgen's ten strongest lines is found within 0.01° 2θ with its relative intensity within 2 (on
 * the 0-100 scale), and ours has no strong line pymatgen lacks. The CIFs are the reference phases
 * MatDX ships and those of ../shared/data/corpus/cif (skipped when absent).
 */
class PymatgenGoldenTest {
    static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = PymatgenGoldenTest.class.getResourceAsStream("pymatgen-xrd-golden.json")) {
            return Json.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("cases")) {
            String label = c.get("file").asString() + " " + c.get("radiation").asString() + (c.has("debye_waller") ? " +B" : "");
            out.add(Arguments.of(label, c));
        }
        return out.stream();
    }

    static Structure structure(JsonNode c) throws Exception {
        String file = c.get("file").asString();
        byte[] bytes;
        if (c.get("origin").asString().equals("reference")) {
            try (InputStream in = ReferencePhases.open(file)) {
                bytes = in.readAllBytes();
            }
        } else {
            Path p = TestFiles.shared("corpus/cif/" + file);
            Assumptions.assumeTrue(p != null, "../shared/data/corpus/cif/" + file + " is absent: skipped");
            bytes = Files.readAllBytes(p);
        }
        return new CifReader().read(file, new ByteArrayInputStream(bytes)).get(0).structure();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tenStrongestLinesAgreeWithPymatgen(String label, JsonNode c) throws Exception {
        Structure s = structure(c);
        Map<Element, Double> dw = new HashMap<>();
        if (c.has("debye_waller")) {
            c.get("debye_waller").properties().forEach(e -> dw.put(Elements.of(e.getKey()), e.getValue().asDouble()));
        }
        JsonNode range = GOLDEN.get("two_theta_range");
        StickPattern ours = PowderDiffraction.simulate(s, new Simulation(c.get("wavelength").asDouble(), range.get(0).asDouble(),
                range.get(1).asDouble(), dw, null));
        List<JsonNode> theirs = new ArrayList<>();
        c.get("peaks").forEach(theirs::add);
        theirs.sort(Comparator.comparingDouble((JsonNode p) -> -p.get("intensity").asDouble()));
        for (JsonNode p : theirs.subList(0, Math.min(10, theirs.size()))) {
            double x = p.get("two_theta").asDouble();
            StickPattern.Peak mine = ours.peaks().stream().min(Comparator.comparingDouble(q -> Math.abs(q.twoTheta() - x))).orElseThrow();
            assertThat(mine.twoTheta()).as(label + ": line at %.4f°", x).isCloseTo(x, within(0.01));
            assertThat(mine.relative()).as(label + ": intensity of the line at %.4f°", x)
                    .isCloseTo(p.get("intensity").asDouble(), within(2.0));
            assertThat(mine.d()).as(label + ": d of the line at %.4f°", x).isCloseTo(p.get("d").asDouble(), within(1e-3));
            assertThat(mine.multiplicity()).as(label + ": multiplicity of the line at %.4f°", x).isEqualTo(p.get("multiplicity").asInt());
        }
        // and nothing strong of ours is missing from pymatgen's list
        double tenth = theirs.get(Math.min(9, theirs.size() - 1)).get("intensity").asDouble();
        for (StickPattern.Peak mine : ours.peaks()) {
            if (mine.relative() > tenth + 2) {
                assertThat(theirs).as(label + ": our line at %.4f° (%.1f)", mine.twoTheta(), mine.relative())
                        .anySatisfy(p -> assertThat(p.get("two_theta").asDouble()).isCloseTo(mine.twoTheta(), within(0.01)));
            }
        }
    }
}
