package org.matdx.testing.readers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Recognition;

/**
 * Test-only stand-in for the {@code xrd.xy} reader (written in parallel on another branch), so
 * the pipeline tests have an instrument format with a plot and peaks: comment lines start with
 * {@code #}, {@code ;} or {@code !}; data lines hold 2θ and intensity separated by commas or blanks.
 * Registered through src/test/resources/META-INF/services; when the real reader lands, this
 * file and that registration are to be deleted.
 */
public final class TestXyReader implements Reader {
    @Override
    public String id() {
        return "xrd.xy";
    }

    @Override
    public String name() {
        return "two-column XRD text (test reader)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "");
        int numeric = 0;
        for (String l : text.lines().limit(50).toList()) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";") || s.startsWith("!")) {
                continue;
            }
            String[] p = s.split("[,;\\s]+");
            if (p.length >= 2 && isNumber(p[0]) && isNumber(p[1])) {
                numeric++;
            } else if (!isNumber(p[0])) {
                return Recognition.NO; // text where data should be: not this format (a short last line may be cut by the head)
            }
        }
        if (numeric >= 1) {
            return Recognition.CONTENT;
        }
        String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".xy") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String text = new String(content.readAllBytes(), StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        var meta = Json.object();
        int line = 0;
        for (String l : text.split("\r?\n", -1)) {
            line++;
            String s = l.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("#") || s.startsWith(";") || s.startsWith("!")) {
                String c = s.substring(1).strip();
                int eq = c.indexOf('=');
                if (eq > 0) {
                    meta.put(c.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace(' ', '_'), c.substring(eq + 1).strip());
                }
                continue;
            }
            String[] p = s.split("[,;\\s]+");
            if (p.length < 2) {
                throw FormatException.atLine(fileName, line, "expected 2 columns (2θ, intensity), found " + p.length);
            }
            if (!isNumber(p[0]) || !isNumber(p[1])) {
                throw FormatException.atLine(fileName, line, "expected numbers, found '" + s + "'");
            }
            x.add(Double.parseDouble(p[0]));
            y.add(Double.parseDouble(p[1]));
        }
        if (x.size() < 2) {
            throw FormatException.inFile(fileName, "holds fewer than 2 data points");
        }
        double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
        Series s = new Series("scan", new Axis("2θ", "°", xs), List.of(new Axis("intensity", "counts", ys)));
        meta.put("points", xs.length);
        return List.of(new Parsed(EntryKind.MEASUREMENT, meta.path("sample").asString(null), null, List.of(s), null, null, meta));
    }

    private static boolean isNumber(String s) {
        return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }
}
