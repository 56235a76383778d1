package org.matdx.formats.jcamp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.SpectrumSummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JCAMP-DX 4.24 and 5.x spectra (IR, UV-Vis, Raman, NMR, MS, IMS): every block of a file, simple
 * or compound ({@code ##BLOCKS}, {@code DATA TYPE=LINK}), with {@code ##XYDATA=(X++(Y..Y))} in any
 * ASDF form, {@code ##XYPOINTS}, {@code ##PEAK TABLE}, {@code ##PEAK ASSIGNMENTS} and
 * {@code ##NTUPLES} pages (NMR real/imaginary, MS series). One entry per file, one series per
 * data record; pages that share their X values (real and imaginary parts) become one series.
 */
public final class JcampReader implements Reader {
    private static final Set<String> DATA_LABELS = Set.of("XYDATA", "XYPOINTS", "PEAKTABLE", "PEAKASSIGNMENTS", "DATATABLE",
            "ATOMLIST", "BONDLIST", "XYRASTER", "RADATA", "CHARGE", "STEREOCENTER", "STEREOPAIR", "STEREOMOLECULE");
    private static final Set<String> NTUPLE_LISTS = Set.of("VARNAME", "SYMBOL", "VARTYPE", "VARFORM", "VARDIM", "UNITS",
            "FIRST", "LAST", "MIN", "MAX", "FACTOR");
    private static final Pattern XPP = Pattern.compile("\\(\\s*([A-Z0-9]+)\\s*\\+\\+\\s*\\(\\s*([A-Z0-9]+)\\s*\\.\\.\\s*([A-Z0-9]+)\\s*\\)\\s*\\).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUPS = Pattern.compile("\\(\\s*([A-Z0-9]+)\\s*\\.\\.\\s*([A-Z0-9]+)\\s*\\).*", Pattern.CASE_INSENSITIVE);

    @Override
    public String id() {
        return "spectrum.jcamp";
    }

    @Override
    public String name() {
        return "JCAMP-DX spectrum";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head != null && head.length > 0) {
            String s = new String(head, 0, Math.min(head.length, 8192), StandardCharsets.ISO_8859_1);
            String t = s.replace("\uFEFF", "").replace("ï»¿", "").stripLeading().toUpperCase(Locale.ROOT);
            if (t.startsWith("##TITLE") && (t.contains("##JCAMP-DX") || t.contains("##JCAMPDX") || t.contains("##JCAMP_DX")
                    || t.contains("##XYDATA") || t.contains("##NTUPLES") || t.contains("##PEAK TABLE"))) {
                return Recognition.CONTENT;
            }
        }
        if (fileName != null) {
            String n = fileName.toLowerCase(Locale.ROOT);
            if (n.endsWith(".jdx") || n.endsWith(".dx") || n.endsWith(".jcm") || n.endsWith(".jcamp")) {
                return Recognition.NAME;
            }
        }
        return Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String file = fileName == null ? "(unnamed file)" : fileName;
        BufferedReader in = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
        List<JcampLexer.Block> blocks = JcampLexer.blocks(file, in);
        checkLinkBlocks(file, blocks);
        List<Series> series = new ArrayList<>();
        ArrayNode blockMeta = Json.object().arrayNode();
        for (JcampLexer.Block b : blocks) {
            ObjectNode meta = metadata(b);
            List<String> warnings = new ArrayList<>();
            List<Series> found = series(file, b, warnings);
            if (!warnings.isEmpty()) {
                ArrayNode w = meta.putArray("warnings");
                warnings.forEach(w::add);
            }
            ArrayNode desc = meta.putArray("descriptors");
            for (Series s : found) {
                desc.add(SpectrumSummary.of(s));
            }
            series.addAll(found);
            blockMeta.add(meta);
        }
        if (series.isEmpty()) {
            throw FormatException.inFile(file, "no spectral data: none of the " + blocks.size()
                    + " blocks holds ##XYDATA, ##XYPOINTS, ##PEAK TABLE, ##PEAK ASSIGNMENTS or ##NTUPLES");
        }
        JcampLexer.Block first = blocks.get(0);
        ObjectNode meta = Json.object();
        meta.put("format", "JCAMP-DX");
        String version = first.text("JCAMPDX");
        if (version != null) {
            meta.put("jcamp_dx_version", version);
        }
        String title = first.text("TITLE");
        meta.put("title", title);
        meta.put("block_count", blocks.size());
        // The first block that holds data describes the file (in a LINK file the first block is only the link).
        for (var node : blockMeta) {
            if (node.path("descriptors").size() > 0) {
                for (String k : List.of("data_type", "data_class", "origin", "owner", "date", "spectrometer", "x_units", "y_units")) {
                    if (node.has(k)) {
                        meta.set(k, node.get(k));
                    }
                }
                break;
            }
        }
        ArrayNode all = meta.putArray("descriptors");
        for (Series s : series) {
            all.add(SpectrumSummary.of(s));
        }
        meta.set("blocks", blockMeta);
        return List.of(new Parsed(EntryKind.MEASUREMENT, title == null || title.isBlank() ? null : title, null, series, null,
                Map.of(), meta));
    }

    /** A LINK block announces its blocks with ##BLOCKS=n; fewer or more nested blocks mean a damaged compound file. */
    private static void checkLinkBlocks(String file, List<JcampLexer.Block> blocks) throws FormatException {
        for (JcampLexer.Block b : blocks) {
            Ldr declared = b.first("BLOCKS");
            if (declared == null) {
                continue;
            }
            Integer n = intOrNull(declared.value());
            long nested = blocks.stream().filter(o -> o.depth() == b.depth() + 1
                    && o.startLine() > b.startLine() && o.endLine() < b.endLine()).count();
            if (n == null || n != nested) {
                throw FormatException.atLine(file, declared.line(), "##BLOCKS=" + declared.value().strip() + " but the link block holds "
                        + nested + " blocks");
            }
        }
    }

    private static ObjectNode metadata(JcampLexer.Block b) {
        ObjectNode m = Json.object();
        m.put("title", nz(b.text("TITLE")));
        m.put("start_line", b.startLine());
        put(m, "jcamp_dx_version", b.text("JCAMPDX"));
        put(m, "data_type", b.text("DATATYPE"));
        put(m, "data_class", b.text("DATACLASS"));
        put(m, "origin", b.text("ORIGIN"));
        put(m, "owner", b.text("OWNER"));
        String date = b.text("LONGDATE");
        if (date == null || date.isBlank()) {
            date = b.text("DATE");
            String time = b.text("TIME");
            if (date != null && time != null && !time.isBlank()) {
                date = date + " " + time;
            }
        }
        put(m, "date", date);
        put(m, "spectrometer", b.text("SPECTROMETERDATASYSTEM"));
        put(m, "block_id", b.text("BLOCKID"));
        put(m, "x_units", b.text("XUNITS"));
        put(m, "y_units", b.text("YUNITS"));
        ObjectNode records = m.putObject("records");
        for (Ldr l : b.ldrs()) {
            if (DATA_LABELS.contains(l.label()) || l.key().isEmpty()) {
                continue;
            }
            records.put(l.key(), l.fullValue());
        }
        return m;
    }

    private static void put(ObjectNode m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static List<Series> series(String file, JcampLexer.Block b, List<String> warnings) throws FormatException {
        List<Series> out = new ArrayList<>();
        String title = nz(b.text("TITLE"));
        Map<String, String> at = new HashMap<>();
        Map<String, List<String>> ntuples = null;
        Map<String, String> page = null;
        String pageName = null;
        List<Page> pages = new ArrayList<>();
        for (Ldr l : b.ldrs()) {
            switch (l.label()) {
                case "NTUPLES" -> {
                    ntuples = new HashMap<>();
                    pages.clear();
                }
                case "PAGE" -> {
                    page = new HashMap<>();
                    pageName = l.value().strip();
                }
                case "ENDNTUPLES" -> {
                    out.addAll(merge(title, pages));
                    ntuples = null;
                    page = null;
                }
                case "DATATABLE" -> {
                    if (ntuples == null || page == null) {
                        throw FormatException.atLine(file, l.line(), "##DATA TABLE= outside an ##NTUPLES ##PAGE");
                    }
                    Page pg = page(file, l, ntuples, page, pageName);
                    warnings.addAll(pg.values().warnings());
                    pages.add(pg);
                }
                case "XYDATA" -> {
                    Matcher mm = XPP.matcher(l.value().strip());
                    XyData.Values v;
                    if (mm.matches()) {
                        v = XyData.decode(file, l, params(at));
                    } else if (GROUPS.matcher(l.value().strip()).matches()) {
                        // Some exporters write point pairs under ##XYDATA=(XY..XY); read them as XYPOINTS.
                        v = XyData.table(file, l, groupWidth(file, l), factor(at.get("XFACTOR")), factor(at.get("YFACTOR")),
                                intOrNull(at.get("NPOINTS")));
                    } else {
                        throw FormatException.atLine(file, l.line(), "expected ##XYDATA=(X++(Y..Y)), found '" + l.value().strip() + "'");
                    }
                    warnings.addAll(v.warnings());
                    out.add(series(title, v, at.get("XUNITS"), at.get("YUNITS")));
                }
                case "XYPOINTS", "PEAKTABLE" -> {
                    int width = groupWidth(file, l);
                    XyData.Values v = XyData.table(file, l, width, factor(at.get("XFACTOR")), factor(at.get("YFACTOR")),
                            intOrNull(at.get("NPOINTS")));
                    String name = l.label().equals("PEAKTABLE") ? title + " (peak table)" : title;
                    out.add(series(name, v, at.get("XUNITS"), at.get("YUNITS")));
                }
                case "PEAKASSIGNMENTS" -> {
                    XyData.Values v = XyData.assignments(file, l, intOrNull(at.get("NPOINTS")));
                    out.add(series(title + " (peak assignments)", v, at.get("XUNITS"), at.get("YUNITS")));
                }
                default -> {
                    if (ntuples != null && NTUPLE_LISTS.contains(l.label()) && page == null) {
                        ntuples.put(l.label(), Arrays.stream(l.fullValue().split(",", -1)).map(String::strip).toList());
                    } else if (page != null) {
                        page.put(l.label(), l.value());
                    } else {
                        at.put(l.label(), l.value());
                    }
                }
            }
        }
        if (ntuples != null) {
            throw FormatException.atLine(file, b.endLine(), "##NTUPLES without ##END NTUPLES= before ##END=");
        }
        return out;
    }

    private static XyData.Params params(Map<String, String> at) {
        return new XyData.Params(XyData.parseNumber(at.get("FIRSTX")), XyData.parseNumber(at.get("LASTX")),
                XyData.parseNumber(at.get("DELTAX")), factor(at.get("XFACTOR")), factor(at.get("YFACTOR")),
                intOrNull(at.get("NPOINTS")), XyData.parseNumber(at.get("FIRSTY")));
    }

    private static int groupWidth(String file, Ldr l) throws FormatException {
        Matcher m = GROUPS.matcher(l.value().strip());
        if (!m.matches()) {
            throw FormatException.atLine(file, l.line(), "expected a table form such as (XY..XY), found '" + l.value().strip() + "'");
        }
        return m.group(1).length();
    }

    private static double factor(String s) {
        Double d = XyData.parseNumber(s);
        return d == null || d == 0 ? 1 : d;
    }

    private static Integer intOrNull(String s) {
        Double d = XyData.parseNumber(s);
        return d == null ? null : (int) Math.round(d);
    }

    private static Series series(String name, XyData.Values v, String xUnits, String yUnits) {
        JcampUnits.Named x = JcampUnits.x(xUnits);
        JcampUnits.Named y = JcampUnits.y(yUnits);
        return new Series(name, new Axis(x.name(), x.unit(), v.x()), List.of(new Axis(y.name(), y.unit(), v.y())));
    }

    /** One NTUPLES page: its values, the name and units of its dependent variable. */
    private record Page(String name, String yName, XyData.Values values, JcampUnits.Named x, String yUnit) {
    }

    private static Page page(String file, Ldr l, Map<String, List<String>> nt, Map<String, String> page, String pageName)
            throws FormatException {
        List<String> symbols = nt.getOrDefault("SYMBOL", List.of());
        String form = l.value().strip();
        Matcher xpp = XPP.matcher(form);
        Matcher groups = GROUPS.matcher(form);
        String xs;
        String ys;
        if (xpp.matches()) {
            xs = xpp.group(1).toUpperCase(Locale.ROOT);
            ys = xpp.group(2).toUpperCase(Locale.ROOT);
        } else if (groups.matches() && groups.group(1).length() >= 2) {
            xs = groups.group(1).substring(0, 1).toUpperCase(Locale.ROOT);
            ys = groups.group(1).substring(1, 2).toUpperCase(Locale.ROOT);
        } else {
            throw FormatException.atLine(file, l.line(), "expected a data table form such as (X++(R..R)) or (XY..XY), found '" + form + "'");
        }
        int xi = indexOf(symbols, xs);
        int yi = indexOf(symbols, ys);
        if (xi < 0 || yi < 0) {
            throw FormatException.atLine(file, l.line(), "##DATA TABLE= uses symbol " + (xi < 0 ? xs : ys)
                    + " that ##SYMBOL= " + symbols + " does not declare");
        }
        double xf = factor(item(nt, "FACTOR", xi));
        double yf = factor(item(nt, "FACTOR", yi));
        Integer npoints = intOrNull(page.get("NPOINTS"));
        if (npoints == null) {
            npoints = intOrNull(item(nt, "VARDIM", yi));
        }
        if (npoints == null) {
            npoints = intOrNull(item(nt, "VARDIM", xi));
        }
        String units = item(nt, "UNITS", yi);
        JcampUnits.Named xName = JcampUnits.x(item(nt, "UNITS", xi));
        String varName = item(nt, "VARNAME", yi);
        XyData.Values v;
        if (xpp.matches()) {
            Double firstX = XyData.parseNumber(page.getOrDefault("FIRSTX", item(nt, "FIRST", xi)));
            Double lastX = XyData.parseNumber(page.getOrDefault("LASTX", item(nt, "LAST", xi)));
            Double firstY = XyData.parseNumber(page.getOrDefault("FIRSTY", item(nt, "FIRST", yi)));
            v = XyData.decode(file, l, new XyData.Params(firstX, lastX, XyData.parseNumber(page.get("DELTAX")), xf, yf, npoints, firstY));
        } else {
            v = XyData.table(file, l, groups.group(1).length(), xf, yf, intOrNull(page.get("NPOINTS")));
        }
        String yName = varName == null || varName.isBlank() ? JcampUnits.y(units).name() : varName.toLowerCase(Locale.ROOT);
        return new Page(pageName, yName, v, xName, JcampUnits.y(units).unit());
    }

    private static List<Series> merge(String title, List<Page> pages) {
        // Real and imaginary parts (different symbols over the same X) belong in one series; pages
        // of one variable (2-D NMR rows, MS scans) stay separate.
        boolean sameX = pages.size() > 1;
        Set<String> names = new HashSet<>();
        for (Page p : pages) {
            sameX &= Arrays.equals(p.values().x(), pages.get(0).values().x()) && names.add(p.yName());
        }
        if (sameX) {
            Page p0 = pages.get(0);
            List<Axis> ys = new ArrayList<>();
            for (Page p : pages) {
                ys.add(new Axis(p.yName(), p.yUnit(), p.values().y()));
            }
            return List.of(new Series(title, new Axis(p0.x().name(), p0.x().unit(), p0.values().x()), ys));
        }
        List<Series> out = new ArrayList<>();
        for (Page p : pages) {
            out.add(new Series(title + " — page " + p.name(), new Axis(p.x().name(), p.x().unit(), p.values().x()),
                    List.of(new Axis(p.yName(), p.yUnit(), p.values().y()))));
        }
        return out;
    }

    private static int indexOf(List<String> symbols, String s) {
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i).equalsIgnoreCase(s)) {
                return i;
            }
        }
        return -1;
    }

    private static String item(Map<String, List<String>> nt, String label, int i) {
        List<String> l = nt.get(label);
        return l == null || i >= l.size() ? null : l.get(i);
    }
}
