package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Quantity;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Readers;
import org.matdx.testing.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * Every file of ../shared/data/corpus/em (HyperSpy's test files) is read or refused with a sentence,
 * and what is read matches HyperSpy's own reading of it — shapes, axis scales, offsets, units,
 * names, navigation flags, sums of the data and the key acquisition settings — within 1e-6 relative.
 * The golden values come from {@code tools/em/hyperspy_golden.py} (HyperSpy 1.7.3, Debian); the EMD
 * files' entries were made by the same run (HyperSpy's emd plugin: Velox and NCEM/prismatic readers).
 */
class EmCorpusTest {
    static final double TOL = 1e-6;
    static final Readers READERS = Readers.installed();

    /** Files HyperSpy reads and MatDX still refuses, with the reason its refusal gives. */
    static final Map<String, String> KNOWN_GAPS = Map.of("tiff_files/test_rgba16.zip", "16-bit colour TIFF");

    static JsonNode golden() throws IOException {
        try (InputStream in = EmCorpusTest.class.getResourceAsStream("hyperspy-golden.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** A file as an upload would present it: zip members one by one, a .gz decompressed. */
    record Part(String name, String member, byte[] bytes) {
    }

    static List<Part> parts(Path p) throws IOException {
        String name = p.getFileName().toString();
        byte[] bytes = Files.readAllBytes(p);
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return List.of(new Part(name.substring(0, name.length() - 3), null, in.readAllBytes()));
            }
        }
        if (name.endsWith(".zip")) {
            List<Part> out = new ArrayList<>();
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        out.add(new Part(e.getName(), e.getName(), z.readAllBytes()));
                    }
                }
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            return out;
        }
        return List.of(new Part(name, null, bytes));
    }

    /** What MatDX makes of one part: records, or the sentence it refuses the file with. */
    record Outcome(Reader reader, List<Parsed> records, String refusal) {
    }

    static Outcome read(Part part) throws IOException {
        byte[] head = Arrays.copyOf(part.bytes(), Math.min(part.bytes().length, Readers.HEAD_BYTES));
        Optional<Reader> r = READERS.recognise(part.name(), head);
        if (r.isEmpty()) {
            return new Outcome(null, List.of(), READERS.unrecognised(part.name()));
        }
        try {
            return new Outcome(r.get(), r.get().read(part.name(), new ByteArrayInputStream(part.bytes())), null);
        } catch (FormatException e) {
            return new Outcome(r.get(), List.of(), e.getMessage());
        }
    }

    @Test
    void everyCorpusFileIsReadAsHyperSpyReadsItOrRefusedWithASentence() throws IOException {
        Path root = SharedData.require("corpus/em");
        JsonNode golden = golden().path("files");
        Map<String, String> matched = new TreeMap<>();
        Map<String, String> refused = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("COPYRIGHT")).sorted().toList();
        }
        assertTrue(files.size() >= 150, "the corpus holds " + files.size() + " files");
        for (Path p : files) {
            String rel = root.relativize(p).toString();
            JsonNode g = golden.path(rel);
            List<JsonNode> expected = new ArrayList<>();
            g.path("signals").forEach(expected::add);
            List<Parsed> got = new ArrayList<>();
            String refusal = null;
            Reader reader = null;
            for (Part part : parts(p)) {
                Outcome o = read(part);
                if (o.refusal() != null) {
                    refusal = o.refusal();
                }
                reader = o.reader() != null ? o.reader() : reader;
                got.addAll(o.records());
            }
            if (refusal != null) {
                assertTrue(refusal.length() > 20 && !refusal.contains("Exception"), rel + ": refused without a clear sentence: " + refusal);
                refused.put(rel, refusal);
                if (KNOWN_GAPS.containsKey(rel)) {
                    assertTrue(refusal.contains(KNOWN_GAPS.get(rel)), rel + ": " + refusal);
                } else if (reader != null && !expected.isEmpty()) {
                    failures.add(rel + ": HyperSpy reads it but " + reader.id() + " refuses: " + refusal);
                }
                continue;
            }
            if (expected.isEmpty()) {
                matched.put(rel, "read (HyperSpy cannot: " + g.path("error").asString("") + ")");
                continue;
            }
            String problem = compare(rel, expected, got, reader.id().equals("em.tia"));
            if (problem != null) {
                failures.add(problem);
            } else {
                matched.put(rel, reader.id() + ": " + got.size() + " signal(s) as HyperSpy");
            }
        }
        System.out.println("em corpus: " + matched.size() + " read as HyperSpy reads them, " + refused.size() + " refused");
        matched.forEach((k, v) -> System.out.println("  read    " + k + " — " + v));
        refused.forEach((k, v) -> System.out.println("  refused " + k + " — " + v.substring(0, Math.min(160, v.length()))));
        if (!failures.isEmpty()) {
            fail(failures.size() + " files differ from HyperSpy:\n" + String.join("\n", failures));
        }
        // the formats MatDX claims: every DM, EMSA and TIFF file HyperSpy reads is read exactly as it reads it
        for (Path p : files) {
            String rel = root.relativize(p).toString();
            String n = rel.toLowerCase(java.util.Locale.ROOT);
            boolean claimed = n.endsWith(".dm3") || n.endsWith(".dm4") || n.endsWith(".msa") || n.startsWith("tiff_files/")
                    || n.endsWith(".ser") || n.endsWith(".spx") || n.endsWith(".eds") || n.endsWith(".emd") || n.endsWith(".bcf");
            if (claimed && golden.path(rel).has("signals") && !KNOWN_GAPS.containsKey(rel)) {
                assertTrue(matched.containsKey(rel), rel + " is not read as HyperSpy reads it: " + refused.get(rel));
            }
        }
        assertEquals(55, matched.keySet().stream().filter(k -> k.endsWith(".dm3") || k.endsWith(".dm4")).count());
        assertEquals(14, matched.keySet().stream().filter(k -> k.endsWith(".ser")).count()); // every TIA series (its .emi: the next test)
        assertEquals(2, matched.keySet().stream().filter(k -> k.endsWith(".spx")).count());
        assertEquals(1, matched.keySet().stream().filter(k -> k.endsWith(".EDS")).count());
        assertEquals(8, matched.keySet().stream().filter(k -> k.endsWith(".emd")).count()); // the ninth HyperSpy cannot read either
        assertTrue(refused.getOrDefault("emd_files/example_object_dtype_data.emd", "").contains("not numbers"), refused.toString());
        assertEquals(3, matched.keySet().stream().filter(k -> k.endsWith(".bcf")).count()); // Nope.bcf is no container
        assertTrue(refused.getOrDefault("bruker_data/Nope.bcf", "").contains("AAMVHFSS"), refused.toString());
        assertEquals(93, matched.size()); // 65 before the TIA, SPX and JEOL EDS readers, 82 before the EMD reader, 90 before BCF
    }

    /**
     * TIA series read together with their .emi, as an upload holding both presents them: compared
     * with HyperSpy's reading of the .emi (which opens the {@code _N.ser} files beside it), so the
     * microscope settings and the real/reciprocal units the EMI decides are checked too.
     */
    @Test
    void tiaSeriesWithTheirEmiAreReadAsHyperSpyReadsTheEmi() throws IOException {
        Path root = SharedData.require("corpus/em");
        JsonNode golden = golden().path("files");
        Reader tia = READERS.byId("em.tia").orElseThrow();
        List<String> compared = new ArrayList<>();
        for (var it = golden.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            String rel = e.getKey();
            if (!rel.endsWith(".emi") || !e.getValue().has("signals")) {
                continue;
            }
            Path emi = root.resolve(rel);
            String stem = emi.getFileName().toString().replaceAll("\\.emi$", "");
            List<Path> series;
            try (Stream<Path> s = Files.list(emi.getParent())) {
                series = s.filter(q -> q.getFileName().toString().matches(java.util.regex.Pattern.quote(stem) + "_\\d\\.ser")).sorted().toList();
            }
            byte[] emiBytes = Files.readAllBytes(emi);
            List<Parsed> got = new ArrayList<>();
            for (Path ser : series) {
                try (InputStream in = Files.newInputStream(ser)) {
                    got.addAll(tia.read(ser.getFileName().toString(), in,
                            name -> name.equalsIgnoreCase(emi.getFileName().toString()) ? emiBytes : null));
                } catch (FormatException ex) {
                    fail(rel + ": " + ex.getMessage());
                }
            }
            List<JsonNode> expected = new ArrayList<>();
            e.getValue().path("signals").forEach(expected::add);
            String problem = compare(rel, expected, got, true);
            assertTrue(problem == null, problem);
            compared.add(rel);
        }
        System.out.println("TIA series with their .emi as HyperSpy reads them: " + compared);
        assertEquals(11, compared.size(), compared.toString());
    }

    static String compare(String rel, List<JsonNode> expected, List<Parsed> got) {
        return compare(rel, expected, got, false);
    }

    /**
     * @param metreOffsets HyperSpy 1.7.3's TIA reader turns a scale in metres into nm but leaves the
     *                     offset in metres (and 1/m likewise): its offsets are converted before comparing
     */
    static String compare(String rel, List<JsonNode> expected, List<Parsed> got, boolean metreOffsets) {
        if (expected.size() != got.size()) {
            return rel + ": HyperSpy finds " + expected.size() + " signals, MatDX " + got.size();
        }
        for (int i = 0; i < got.size(); i++) {
            JsonNode e = expected.get(i);
            Parsed p = got.get(i);
            if (p.signals().size() != 1) {
                return rel + "#" + i + ": no signal";
            }
            Signal s = p.signals().get(0);
            String at = rel + "#" + i + ": ";
            List<Integer> shape = new ArrayList<>();
            e.path("shape").forEach(n -> shape.add(n.asInt()));
            List<Integer> ours = Arrays.stream(s.shape()).boxed().toList();
            if (!shape.equals(ours)) {
                return at + "shape " + ours + ", HyperSpy " + shape;
            }
            String dtype = e.path("dtype").asString();
            String ourType = s.isColour() ? "rgba8" : s.dtype();
            // HyperSpy reads Velox images into a float64 array whatever the file stores; MatDX keeps the stored type
            boolean veloxWidened = dtype.equals("float64") && p.metadata().path("format").asString("").equals("velox")
                    && ourType.matches("u?int\\d+");
            if (!(dtype.equals(ourType) || veloxWidened || (s.isColour() && dtype.contains("'R'")))) {
                return at + "dtype " + ourType + ", HyperSpy " + dtype;
            }
            List<JsonNode> axes = new ArrayList<>();
            e.path("axes").forEach(axes::add);
            axes.sort((a, b) -> Integer.compare(a.path("index_in_array").asInt(), b.path("index_in_array").asInt()));
            for (int k = 0; k < axes.size(); k++) {
                JsonNode ax = axes.get(k);
                SignalAxis a = s.axes().get(k);
                String an = at + "axis " + k + " ";
                if (ax.path("size").asInt() != a.size()) {
                    return an + "size " + a.size() + ", HyperSpy " + ax.path("size");
                }
                double offset = ax.path("offset").asDouble();
                if (metreOffsets) {
                    String u = ax.path("units").asString();
                    offset = u.equals("nm") ? offset * 1e9 : u.equals("1 / nm") ? offset / 1e9 : offset;
                }
                // HyperSpy 1.7.3 gives a BCF hypermap's width the pixel height DY; MatDX gives it DX, as the overview images
                // (BcfReaderTest checks that)
                boolean bcfWidth = p.metadata().path("format").asString("").equals("bcf") && a.navigate() && a.name().equals("width");
                if (!(close(ax.path("scale").asDouble(), a.scale()) || bcfWidth)
                        || !(close(offset, a.offset()) || veloxOffset(p, offset, a.offset()))) {
                    return an + "scale/offset " + a.scale() + "/" + a.offset() + ", HyperSpy " + ax.path("scale") + "/" + ax.path("offset");
                }
                String units = ax.path("units").asString();
                if (!(units.equals(a.units()) || (units.equals("<undefined>") && a.units().isEmpty()))) {
                    return an + "units '" + a.units() + "', HyperSpy '" + units + "'";
                }
                if (!ax.path("name").asString().equals(a.name())) {
                    return an + "name '" + a.name() + "', HyperSpy '" + ax.path("name").asString() + "'";
                }
                if (ax.path("navigate").asBoolean() != a.navigate()) {
                    return an + "navigate " + a.navigate() + ", HyperSpy " + ax.path("navigate");
                }
            }
            JsonNode d = e.path("data");
            if (!d.path("structured").asBoolean(false)) {
                double[] re = s.values();
                double[] im = s.imaginary();
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < re.length; k++) {
                    double v = im == null ? re[k] : Math.hypot(re[k], im[k]);
                    if (Double.isFinite(v)) {
                        sum += v;
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                double first = im == null ? re[0] : Math.hypot(re[0], im[0]);
                double last = im == null ? re[re.length - 1] : Math.hypot(re[re.length - 1], im[re.length - 1]);
                if (!close(d.path("sum").asDouble(), sum) || !close(d.path("min").asDouble(), min) || !close(d.path("max").asDouble(), max)
                        || !close(d.path("first").asDouble(), first) || !close(d.path("last").asDouble(), last)) {
                    return at + "data sum/min/max/first/last " + sum + "/" + min + "/" + max + "/" + first + "/" + last + ", HyperSpy " + d;
                }
            }
            JsonNode m = e.path("metadata");
            if (!m.path("title").asString("").equals(s.title())) {
                return at + "title '" + s.title() + "', HyperSpy '" + m.path("title").asString("") + "'";
            }
            if (m.has("quantity") && !m.path("quantity").isNull() && !m.path("quantity").asString().equals(s.quantity())) {
                return at + "quantity '" + s.quantity() + "', HyperSpy '" + m.path("quantity").asString() + "'";
            }
            String problem = property(at, m, "beam_energy", p, "beam_energy");
            problem = problem != null ? problem : property(at, m, "magnification", p, "magnification");
            problem = problem != null ? problem : property(at, m, "camera_length", p, "camera_length");
            problem = problem != null ? problem : property(at, m, "dwell_time", p, "dwell_time");
            problem = problem != null ? problem : property(at, m, "working_distance", p, "working_distance");
            if (problem != null) {
                return problem;
            }
            if (m.has("microscope") && !m.path("microscope").asString().equals("None")
                    && !m.path("microscope").asString().equals(p.metadata().path("instrument").asString(""))) {
                return at + "instrument '" + p.metadata().path("instrument").asString("") + "', HyperSpy '" + m.path("microscope").asString() + "'";
            }
        }
        return null;
    }

    /**
     * HyperSpy 1.7.3's Velox reader gives a length offset its own SI prefix (the offset made compact
     * on its own) while the axis states the scale's unit; MatDX gives both in the scale's unit. The
     * offsets agree when they differ by a power of 1000 alone.
     */
    static boolean veloxOffset(Parsed p, double golden, double ours) {
        if (!p.metadata().path("format").asString("").equals("velox")) {
            return false;
        }
        for (int k = -8; k <= 8; k++) {
            if (k != 0 && close(golden * Math.pow(1000, k), ours)) {
                return true;
            }
        }
        return false;
    }

    static String property(String at, JsonNode m, String golden, Parsed p, String name) {
        if (!m.has(golden) || !m.path(golden).isNumber()) {
            return null;
        }
        Quantity q = p.properties().get(name);
        if (q == null || !close(m.path(golden).asDouble(), q.value())) {
            return at + name + " " + q + ", HyperSpy " + m.path(golden);
        }
        return null;
    }

    static boolean close(double expected, double actual) {
        if (expected == actual) {
            return true;
        }
        return Math.abs(expected - actual) <= TOL * Math.max(Math.abs(expected), Math.abs(actual)) || Math.abs(expected - actual) < 1e-12;
    }

    @Test
    void goldenValuesCoverTheCorpus() throws IOException {
        JsonNode g = golden();
        assertEquals("1.7.3", g.path("hyperspy").asString());
        assertTrue(g.path("files").size() >= 150);
    }
}
