package org.matdx.formats.xps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.SpectrumSummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VAMAS surface chemical analysis files (ISO 14976), as written by CasaXPS, SpecsLab Prodigy,
 * Kratos, PHI and Thermo software: REGULAR and IRREGULAR scans, every block. One entry per file,
 * one series per block. A kinetic-energy abscissa is turned into binding energy
 * (E<sub>B</sub> = hν − E<sub>K</sub>) when the block gives the source energy; the kinetic axis
 * stays in the block's metadata ({@code abscissa}).
 */
public final class VamasReader implements Reader {
    static final String IDENTIFIER = "VAMAS Surface Chemical Analysis Standard Data Transfer Format";
    private static final Set<String> EXPERIMENT_MODES = Set.of("MAP", "MAPDP", "MAPSV", "MAPSVDP", "NORM", "SDP", "SDPSV", "SEM", "NOEXP");
    private static final Set<String> SPUTTER_TECHNIQUES = Set.of("FABMS", "FABMS ENERGY SPEC", "ISS", "SIMS", "SIMS ENERGY SPEC",
            "SNMS", "SNMS ENERGY SPEC");
    private static final Set<String> SPECTROSCOPIES = Set.of("AES DIFF", "AES DIR", "EDX", "ELS", "UPS", "XPS", "XRF");
    /** ISO 14976 writes this number where a value is not known. */
    private static final double UNKNOWN = 1e37;

    @Override
    public String id() {
        return "xps.vamas";
    }

    @Override
    public String name() {
        return "VAMAS (ISO 14976) XPS/AES";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        if (head != null) {
            String s = new String(head, 0, Math.min(head.length, 256), StandardCharsets.ISO_8859_1);
            if (s.replace("\uFEFF", "").replace("ï»¿", "").stripLeading().startsWith(IDENTIFIER)) {
                return Recognition.CONTENT;
            }
        }
        if (fileName != null) {
            String n = fileName.toLowerCase(Locale.ROOT);
            if (n.endsWith(".vms") || n.endsWith(".vamas")) {
                return Recognition.NAME;
            }
        }
        return Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        String file = fileName == null ? "(unnamed file)" : fileName;
        List<String> all = new BufferedReader(new InputStreamReader(content, StandardCharsets.ISO_8859_1), 1 << 16).lines().toList();
        Lines in = new Lines(file, all);
        Header h = header(in);
        List<Series> series = new ArrayList<>();
        ArrayNode blocks = Json.object().arrayNode();
        Block first = null;
        for (int b = 0; b < h.blocks; b++) {
            ReadBudget.check();
            Block blk = block(in, h, first, b);
            if (first == null) {
                first = blk;
            }
            series.add(blk.series);
            blocks.add(blk.meta);
        }
        int at = in.lineNo();
        String end = in.text("'end of experiment'");
        if (!end.equalsIgnoreCase("end of experiment")) {
            throw in.error(at, "expected 'end of experiment' after " + h.blocks + " blocks, found '" + Lines.clip(end) + "'");
        }
        ObjectNode meta = h.meta;
        meta.set("blocks", blocks);
        ArrayNode desc = meta.putArray("descriptors");
        for (Series s : series) {
            desc.add(SpectrumSummary.of(s));
        }
        String title = first == null ? null : first.sample;
        if (title == null || title.isBlank() || title.equalsIgnoreCase("Not Specified")) {
            title = h.experiment.equalsIgnoreCase("Not Specified") ? null : h.experiment;
        }
        return List.of(new Parsed(EntryKind.MEASUREMENT, title, null, series, null, Map.of(), meta));
    }

    /** The experiment header, up to the number of blocks. */
    private static final class Header {
        String mode;
        String scan;
        String experiment;
        List<String[]> variables = new ArrayList<>();
        boolean[] includedAfterFirst = new boolean[41];
        int futureBlockEntries;
        int blocks;
        ObjectNode meta = Json.object();
    }

    private static Header header(Lines in) throws FormatException {
        Header h = new Header();
        String id = in.text("the format identifier");
        if (!id.replace("\uFEFF", "").startsWith(IDENTIFIER)) {
            throw in.error(1, "expected the VAMAS identifier '" + IDENTIFIER + " …', found '" + Lines.clip(id) + "'");
        }
        ObjectNode m = h.meta;
        m.put("format", "VAMAS (ISO 14976)");
        m.put("institution", in.text("the institution identifier"));
        m.put("instrument_model", in.text("the instrument model identifier"));
        m.put("operator", in.text("the operator identifier"));
        h.experiment = in.text("the experiment identifier");
        m.put("experiment_id", h.experiment);
        int comments = nonNegative(in, "the number of lines in the experiment comment");
        ArrayNode c = m.putArray("comment");
        for (int i = 0; i < comments; i++) {
            c.add(in.text("experiment comment line " + (i + 1)));
        }
        int at = in.lineNo();
        h.mode = in.text("the experiment mode");
        if (!EXPERIMENT_MODES.contains(h.mode)) {
            throw in.error(at, "expected an experiment mode (MAP, MAPDP, MAPSV, MAPSVDP, NORM, SDP, SDPSV, SEM, NOEXP), found '"
                    + Lines.clip(h.mode) + "'");
        }
        m.put("experiment_mode", h.mode);
        at = in.lineNo();
        h.scan = in.text("the scan mode");
        if (h.scan.equals("MAPPING")) {
            throw in.error(at, "scan mode MAPPING (images) is not supported; REGULAR and IRREGULAR are");
        }
        if (!h.scan.equals("REGULAR") && !h.scan.equals("IRREGULAR")) {
            throw in.error(at, "expected the scan mode REGULAR, IRREGULAR or MAPPING, found '" + Lines.clip(h.scan) + "'");
        }
        m.put("scan_mode", h.scan);
        if (Set.of("MAP", "MAPDP", "NORM", "SDP").contains(h.mode)) {
            m.put("number_of_spectral_regions", in.integer("the number of spectral regions"));
        }
        if (h.mode.equals("MAP") || h.mode.equals("MAPDP")) {
            m.put("number_of_analysis_positions", in.integer("the number of analysis positions"));
            m.put("discrete_x_coordinates", in.integer("the number of discrete x coordinates"));
            m.put("discrete_y_coordinates", in.integer("the number of discrete y coordinates"));
        }
        int vars = nonNegative(in, "the number of experimental variables");
        ArrayNode ev = m.putArray("experimental_variables");
        for (int i = 0; i < vars; i++) {
            String label = in.text("experimental variable label " + (i + 1));
            String unit = in.text("experimental variable unit " + (i + 1));
            h.variables.add(new String[] {label, unit});
            ObjectNode v = ev.addObject();
            v.put("label", label);
            v.put("unit", unit(unit));
        }
        // n > 0: only the listed block parameters follow in blocks after the first; n < 0: all but
        // the listed; n = 0: all. Omitted parameters keep the first block's values (ISO 14976).
        at = in.lineNo();
        int n = in.integer("the number of entries in the parameter inclusion or exclusion list");
        Arrays.fill(h.includedAfterFirst, n <= 0);
        ArrayNode list = Json.object().arrayNode();
        for (int i = 0; i < Math.abs(n); i++) {
            int pat = in.lineNo();
            int p = in.integer("a block parameter number (1-40)");
            if (p < 1 || p > 40) {
                throw in.error(pat, "expected a block parameter number from 1 to 40, found " + p);
            }
            h.includedAfterFirst[p] = n > 0;
            list.add(p);
        }
        ObjectNode inc = m.putObject("parameter_list");
        inc.put("kind", n > 0 ? "inclusion" : n < 0 ? "exclusion" : "all");
        inc.set("parameters", list);
        int manual = nonNegative(in, "the number of manually entered items in a block");
        ArrayNode mi = m.putArray("manually_entered_items");
        for (int i = 0; i < manual; i++) {
            mi.add(in.integer("the number of a manually entered block parameter"));
        }
        int fue = nonNegative(in, "the number of future upgrade experiment entries");
        h.futureBlockEntries = nonNegative(in, "the number of future upgrade block entries");
        m.put("future_upgrade_experiment_entries", fue);
        m.put("future_upgrade_block_entries", h.futureBlockEntries);
        ArrayNode fu = m.putArray("future_upgrade_experiment_values");
        for (int i = 0; i < fue; i++) {
            fu.add(in.text("future upgrade experiment entry " + (i + 1)));
        }
        h.blocks = nonNegative(in, "the number of blocks");
        if (h.blocks == 0 && !h.mode.equals("NOEXP")) {
            throw in.error(in.lineNo() - 1, "the file declares no blocks: there is no data");
        }
        m.put("number_of_blocks", h.blocks);
        return h;
    }

    private static int nonNegative(Lines in, String what) throws FormatException {
        int at = in.lineNo();
        int v = in.integer(what);
        if (v < 0) {
            throw in.error(at, "expected " + what + " (0 or more), found " + v);
        }
        if (v > 50_000_000) {
            throw in.error(at, what + " = " + v + " is not plausible");
        }
        return v;
    }

    /** A block: its 40 parameters as the lines that carry them, the series and the metadata. */
    private record Block(String sample, List<String>[] params, Series series, ObjectNode meta) {
    }

    @SuppressWarnings("unchecked")
    private static Block block(Lines in, Header h, Block first, int index) throws FormatException {
        int startLine = in.lineNo();
        String blockId = in.text("the block identifier");
        String sample = in.text("the sample identifier");
        List<String>[] p = new List[41];
        for (int k = 1; k <= 40; k++) {
            if (first != null && !h.includedAfterFirst[k]) {
                p[k] = first.params()[k];
            } else {
                p[k] = param(in, h, k, p);
            }
        }
        String technique = one(p[9]);
        List<String> fub = new ArrayList<>();
        for (int i = 0; i < h.futureBlockEntries; i++) {
            fub.add(in.text("future upgrade block entry " + (i + 1)));
        }
        List<String> cv = p[32];
        int ncv = Integer.parseInt(cv.get(0));
        int at = in.lineNo();
        int values = in.integer("the number of ordinate values");
        if (values < 0 || (ncv > 0 && values % ncv != 0)) {
            throw in.error(at, "expected a multiple of the " + ncv + " corresponding variables as the number of ordinate values, found " + values);
        }
        if (values > in.remaining()) {
            throw in.error(at, "block '" + blockId + "' declares " + values + " ordinate values but only " + in.remaining()
                    + " lines follow: the file is truncated");
        }
        for (int i = 0; i < 2 * ncv; i++) {
            in.number("the minimum/maximum ordinate of corresponding variable " + (i / 2 + 1));
        }
        double[] data = new double[values];
        for (int i = 0; i < values; i++) {
            data[i] = in.number("ordinate value " + (i + 1) + " of " + values + " in block '" + blockId + "'");
        }
        int points = ncv == 0 ? 0 : values / ncv;
        boolean regular = h.scan.equals("REGULAR");
        if (!regular && ncv < 2) {
            throw in.error(startLine, "an IRREGULAR block needs its abscissa as the first corresponding variable and at least one ordinate; found "
                    + ncv + " corresponding variables");
        }
        String xLabel;
        String xUnit;
        double[] x = new double[points];
        int firstY;
        if (regular) {
            List<String> a = p[31];
            xLabel = a.get(0);
            xUnit = a.get(1);
            double start = parse(in, startLine, a.get(2), "abscissa start");
            double step = parse(in, startLine, a.get(3), "abscissa increment");
            for (int i = 0; i < points; i++) {
                x[i] = clean(start + i * step);
            }
            firstY = 0;
        } else {
            xLabel = cv.get(1);
            xUnit = cv.get(2);
            for (int i = 0; i < points; i++) {
                x[i] = data[i * ncv];
            }
            firstY = 1;
        }
        double source = parse(in, startLine, one(p[14]), "analysis source characteristic energy");
        boolean kinetic = xLabel.toLowerCase(Locale.ROOT).contains("kinetic");
        boolean convert = kinetic && known(source) && source > 0;
        Axis xAxis;
        if (convert) {
            double[] be = new double[points];
            for (int i = 0; i < points; i++) {
                be[i] = clean(source - x[i]);
            }
            xAxis = new Axis(Quantities.BINDING_ENERGY, unit(xUnit), be);
        } else {
            xAxis = new Axis(Quantities.canonicalName(xLabel.toLowerCase(Locale.ROOT)), unit(xUnit), x);
        }
        List<Axis> ys = new ArrayList<>();
        for (int v = firstY; v < ncv; v++) {
            double[] col = new double[points];
            for (int i = 0; i < points; i++) {
                col[i] = data[i * ncv + v];
            }
            ys.add(new Axis(cv.get(1 + 2 * v), unit(cv.get(2 + 2 * v)), col));
        }
        String region = (one(p[29]) + " " + (p[30].isEmpty() ? "" : p[30].get(0))).strip();
        StringBuilder name = new StringBuilder();
        if (!sample.isBlank()) {
            name.append(sample).append(" / ");
        }
        name.append(blockId);
        if (!region.isEmpty() && !region.equalsIgnoreCase(blockId)) {
            name.append(" / ").append(region);
        }
        Series s = new Series(name.toString(), xAxis, ys);

        ObjectNode m = Json.object();
        m.put("block_id", blockId);
        m.put("sample_id", sample);
        m.put("start_line", startLine);
        m.put("region", region);
        putDate(m, p);
        ArrayNode comment = m.putArray("comment");
        for (int i = 1; i < p[8].size(); i++) {
            comment.add(p[8].get(i));
        }
        m.put("technique", technique);
        ArrayNode ev = m.putArray("experimental_variables");
        for (int i = 0; i < h.variables.size() && i < p[11].size(); i++) {
            ObjectNode v = ev.addObject();
            v.put("label", h.variables.get(i)[0]);
            v.put("unit", unit(h.variables.get(i)[1]));
            v.put("value", p[11].get(i));
        }
        m.put("source_label", one(p[12]));
        quantity(m, "source_energy", source, "eV");
        quantity(m, "source_strength", num(one(p[15])), "W");
        quantity(m, "source_polar_angle", num(one(p[19])), "°");
        quantity(m, "source_azimuth", num(one(p[20])), "°");
        m.put("analyser_mode", one(p[21]));
        String mode = one(p[21]).toUpperCase(Locale.ROOT);
        // FAT/CAE: the value is a pass energy; FRR/CRR: a retard ratio.
        quantity(m, mode.contains("FRR") || mode.contains("CRR") ? "retard_ratio" : "pass_energy", num(one(p[22])),
                mode.contains("FRR") || mode.contains("CRR") ? "" : "eV");
        quantity(m, "analyser_work_function", num(one(p[25])), "eV");
        quantity(m, "target_bias", num(one(p[26])), "V");
        if (p[28].size() == 2) {
            quantity(m, "take_off_polar_angle", num(p[28].get(0)), "°");
            quantity(m, "take_off_azimuth", num(p[28].get(1)), "°");
        }
        m.put("species", one(p[29]));
        m.put("transition", p[30].isEmpty() ? "" : p[30].get(0));
        ObjectNode abscissa = m.putObject("abscissa");
        abscissa.put("label", xLabel);
        abscissa.put("unit", unit(xUnit));
        if (regular) {
            abscissa.put("start", parse(in, startLine, p[31].get(2), "abscissa start"));
            abscissa.put("increment", parse(in, startLine, p[31].get(3), "abscissa increment"));
        }
        if (points > 0) {
            abscissa.put("first", x[0]);
            abscissa.put("last", x[points - 1]);
        }
        m.put("binding_energy_from_kinetic", convert);
        ArrayNode cvs = m.putArray("corresponding_variables");
        for (int v = 0; v < ncv; v++) {
            ObjectNode o = cvs.addObject();
            o.put("label", cv.get(1 + 2 * v));
            o.put("unit", unit(cv.get(2 + 2 * v)));
        }
        m.put("signal_mode", one(p[33]));
        quantity(m, "dwell_time", num(one(p[34])), "s");
        double scans = num(one(p[35]));
        if (known(scans)) {
            m.put("number_of_scans", (long) scans);
        }
        if (p[38].size() == 2) {
            quantity(m, "sample_tilt", num(p[38].get(0)), "°");
            quantity(m, "sample_tilt_azimuth", num(p[38].get(1)), "°");
        }
        quantity(m, "sample_rotation", num(one(p[39])), "°");
        ArrayNode extra = m.putArray("additional_parameters");
        for (int i = 1; i + 2 < p[40].size(); i += 3) {
            ObjectNode o = extra.addObject();
            o.put("label", p[40].get(i));
            o.put("unit", unit(p[40].get(i + 1)));
            o.put("value", p[40].get(i + 2));
        }
        ArrayNode fu = m.putArray("future_upgrade_block_values");
        fub.forEach(fu::add);
        m.put("points", points);
        m.set("descriptor", SpectrumSummary.of(s));
        return new Block(sample, p, s, m);
    }

    /** Reads block parameter {@code k} (ISO 14976 numbering) as the lines that carry it. */
    private static List<String> param(Lines in, Header h, int k, List<String>[] p) throws FormatException {
        String tech = p[9] == null ? "" : one(p[9]).toUpperCase(Locale.ROOT);
        String mode = h.mode;
        int lines = switch (k) {
            case 1, 2, 3, 4, 5, 6, 7, 9, 12, 14, 15, 19, 20, 21, 22, 24, 25, 26, 29, 33, 34, 35, 36, 39 -> 1;
            case 10 -> mode.equals("MAP") || mode.equals("MAPDP") ? 2 : 0;
            case 11 -> h.variables.size();
            case 13 -> Set.of("MAPDP", "MAPSVDP", "SDP", "SDPSV").contains(mode) || SPUTTER_TECHNIQUES.contains(tech) ? 3 : 0;
            case 16, 27, 28, 30, 38 -> 2;
            case 17 -> Set.of("MAP", "MAPDP", "MAPSV", "MAPSVDP", "SEM").contains(mode) ? 2 : 0;
            case 18 -> Set.of("MAPSV", "MAPSVDP", "SEM").contains(mode) ? 6 : 0;
            case 23 -> tech.equals("AES DIFF") ? 1 : 0;
            case 31 -> h.scan.equals("REGULAR") ? 4 : 0;
            case 37 -> SPECTROSCOPIES.contains(tech) && Set.of("MAPDP", "MAPSVDP", "SDP", "SDPSV").contains(mode) ? 7 : 0;
            case 8, 32, 40 -> -1;
            default -> throw new IllegalArgumentException("block parameter " + k);
        };
        List<String> out = new ArrayList<>();
        if (lines >= 0) {
            for (int i = 0; i < lines; i++) {
                out.add(in.text(PARAMETER_NAMES[k]));
            }
            return out;
        }
        int count = nonNegative(in, k == 8 ? "the number of lines in the block comment"
                : k == 32 ? "the number of corresponding variables" : "the number of additional numerical parameters");
        out.add(Integer.toString(count));
        int per = k == 8 ? 1 : k == 32 ? 2 : 3;
        for (int i = 0; i < count * per; i++) {
            out.add(in.text(k == 8 ? "block comment line " + (i + 1)
                    : k == 32 ? (i % 2 == 0 ? "a corresponding variable label" : "a corresponding variable unit")
                    : "an additional numerical parameter (label, unit, value)"));
        }
        return out;
    }

    private static final String[] PARAMETER_NAMES = {"",
            "the year", "the month", "the day of month", "the hours", "the minutes", "the seconds",
            "the number of hours in advance of GMT", "the block comment", "the technique", "the x, y coordinates",
            "the experimental variable values", "the analysis source label", "the sputtering ion or atom",
            "the analysis source characteristic energy", "the analysis source strength", "the analysis source beam width",
            "the field of view", "the linescan coordinates", "the analysis source polar angle of incidence",
            "the analysis source azimuth", "the analyser mode", "the analyser pass energy or retard ratio",
            "the differential width", "the magnification of the analyser transfer lens", "the analyser work function",
            "the target bias", "the analysis width", "the analyser take-off polar angle and azimuth", "the species label",
            "the transition label and charge of detected particle", "the abscissa label, units, start and increment",
            "the corresponding variables", "the signal mode", "the signal collection time", "the number of scans",
            "the signal time correction", "the sputtering source parameters", "the sample normal tilt",
            "the sample rotation angle", "the additional numerical parameters"};

    private static void putDate(ObjectNode m, List<String>[] p) {
        try {
            int y = Integer.parseInt(one(p[1]));
            int mo = Integer.parseInt(one(p[2]));
            int d = Integer.parseInt(one(p[3]));
            int hh = Integer.parseInt(one(p[4]));
            int mi = Integer.parseInt(one(p[5]));
            int ss = Integer.parseInt(one(p[6]));
            double gmt = Double.parseDouble(one(p[7]));
            if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
                String date = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, hh, mi, ss);
                if (known(gmt) && Math.abs(gmt) <= 14) {
                    int minutes = (int) Math.round(gmt * 60);
                    date += String.format(Locale.ROOT, "%s%02d:%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
                }
                m.put("date_time", date);
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // A date written as text or left blank is kept out; the block is still valid.
        }
    }

    /** Energies are written to at most µeV; rounding there removes binary noise such as 1349.9999999999998. */
    static double clean(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }

    private static String one(List<String> l) {
        return l == null || l.isEmpty() ? "" : l.get(0);
    }

    private static double parse(Lines in, int line, String s, String what) throws FormatException {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw in.error(line, "block starting here: expected " + what + " (a number), found '" + Lines.clip(s) + "'");
        }
    }

    private static double num(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean known(double v) {
        return !Double.isNaN(v) && Math.abs(v) < UNKNOWN * 0.999;
    }

    private static void quantity(ObjectNode m, String key, double value, String unit) {
        if (known(value)) {
            ObjectNode q = m.putObject(key);
            q.put("value", value);
            q.put("unit", unit);
        }
    }

    /** VAMAS writes {@code d} for dimensionless. */
    static String unit(String u) {
        return u == null || u.equals("d") ? "" : u.strip();
    }
}
