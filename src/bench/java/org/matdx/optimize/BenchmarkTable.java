package org.matdx.optimize;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * A table of experiments already run, used as a pool and an oracle for benchmarking: a directory
 * with {@code config.json} (parameters with their types, measurements, goal — the Olympus format)
 * and {@code data.csv} (one row per experiment: the parameters in order, then the measurements).
 *
 * <p>Tables as they come from other people are read strictly: a goal may be written as a string
 * or a list (one per measurement), a header row is recognised and skipped, and anything that would
 * change what is optimised — an unknown or contradictory goal, a parameter whose low bound is not
 * below its high bound, a value that is not a number — is refused with the file and field named,
 * never guessed. Row indices count data rows only (blank lines and the header are not rows), as
 * the reference scorer counts them.
 */
public record BenchmarkTable(String name, ParameterSpace space, String objective, boolean maximise,
                             List<String[]> rows, double[] values, double[][] features, List<String> measurements) {

    public BenchmarkTable(String name, ParameterSpace space, String objective, boolean maximise, List<String[]> rows, double[] values,
                          double[][] features) {
        this(name, space, objective, maximise, rows, values, features, List.of(objective));
    }

    /** The table with its first measurement as the objective, as Olympus' own loaders take it. */
    public static BenchmarkTable read(Path dir) {
        return read(dir, null);
    }

    /**
     * The table with the measurement named {@code objective} (null: the first) as the objective.
     * The reference scorer takes the last column of data.csv; a table with several measurements
     * is compared like for like by naming its last.
     */
    public static BenchmarkTable read(Path dir, String objective) {
        Path config = dir.resolve("config.json");
        Path data = dir.resolve("data.csv");
        if (!Files.isRegularFile(config) || !Files.isRegularFile(data)) {
            throw Problem.invalid("data", dir + " must hold config.json and data.csv");
        }
        JsonNode c;
        try {
            c = Json.MAPPER.readTree(Files.readString(config));
        } catch (IOException | RuntimeException e) {
            throw Problem.invalid("data", config + ": not readable JSON (" + e.getMessage() + ")");
        }
        if (c == null || !c.isObject()) {
            throw refuse(config, "(top level)", "must be a JSON object");
        }
        List<Parameter> params = parameters(config, c.path("parameters"));
        JsonNode measurements = c.path("measurements");
        int count = measurements.isArray() ? Math.max(1, measurements.size()) : 1;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            names.add(measurements.path(k).path("name").asString(count == 1 ? "objective" : "measurement " + (k + 1)));
        }
        int m = objective == null ? 0 : names.indexOf(objective);
        if (m < 0) {
            throw refuse(config, "measurements", "no measurement is named '" + objective + "' (there " + (count == 1 ? "is " : "are ")
                    + String.join(", ", names) + ")");
        }
        String name = names.get(m);
        boolean maximise = goal(config, c, count, m);
        boolean simplex = "simplex".equals(c.path("constraints").path("parameters").asString(""));
        ParameterSpace space = new ParameterSpace(params, simplex);
        List<String[]> rows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        int columns = params.size() + count;
        // a byte-order mark (spreadsheet exports) is not part of the first cell
        try (Reader in = new StringReader(Files.readString(data, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", ""));
             CSVParser csv = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(in)) {
            boolean first = true;
            for (CSVRecord r : csv) {
                String[] f = r.values();
                if (f.length == 1 && f[0].isEmpty()) {
                    continue;
                }
                String where = data.getFileName() + ", line " + csv.getCurrentLineNumber();
                if (first) {
                    first = false;
                    if (isHeader(f, params, count)) {
                        continue;
                    }
                }
                if (f.length != columns) {
                    throw Problem.invalid("data", where + ": expected " + columns + " columns (" + params.size()
                            + " parameters then " + count + " measurement" + (count == 1 ? "" : "s") + "), found " + f.length);
                }
                double v;
                double[] x;
                try {
                    x = space.encode(f);
                } catch (RuntimeException e) {
                    throw Problem.invalid("data", where + ": " + e.getMessage());
                }
                int col = params.size() + m;
                try {
                    v = Double.parseDouble(f[col]);
                } catch (NumberFormatException e) {
                    throw Problem.invalid("data", where + ", column " + (col + 1) + " (" + name + "): '" + f[col] + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw Problem.invalid("data", where + ", column " + (col + 1) + " (" + name + "): " + f[col] + " is not a finite value");
                }
                features.add(x);
                values.add(v);
                rows.add(f);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // MalformedInputException (not UTF-8) and the parser's own errors
            throw Problem.invalid("data", data + ": not readable as CSV (" + e.getMessage() + ")");
        }
        if (values.size() < 2) {
            throw Problem.invalid("data", data + ": needs at least two data rows, found " + values.size());
        }
        return new BenchmarkTable(dir.getFileName().toString(), space, name, maximise, rows,
                values.stream().mapToDouble(Double::doubleValue).toArray(), features.toArray(double[][]::new), List.copyOf(names));
    }

    private static Problem refuse(Path file, String field, String message) {
        return Problem.invalid("data", file + ", " + field + ": " + message);
    }

    private static List<Parameter> parameters(Path config, JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw refuse(config, "parameters", "a non-empty list of parameters is required");
        }
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String where = "parameters[" + i + "]";
            String name = p.path("name").isString() ? p.path("name").asString() : null;
            if (name == null || name.isBlank()) {
                throw refuse(config, where + ".name", "missing");
            }
            where += " (" + name + ")";
            String type = p.path("type").asString("");
            try {
                switch (type) {
                    case "continuous" -> {
                        double low = number(config, p, where, "low");
                        double high = number(config, p, where, "high");
                        if (!(low < high)) {
                            throw refuse(config, where + ".low", String.format(Locale.ROOT,
                                    "low (%s) must be below high (%s); swapped or equal bounds are not guessed at", p.get("low"), p.get("high")));
                        }
                        params.add(new Parameter.Continuous(name, low, high, p.path("log").asBoolean(false)));
                    }
                    case "discrete" -> {
                        List<Double> v = new ArrayList<>();
                        for (JsonNode o : p.path("options")) {
                            if (!o.isNumber()) {
                                throw refuse(config, where + ".options", "'" + o + "' is not a number");
                            }
                            v.add(o.asDouble());
                        }
                        if (v.isEmpty()) {
                            double low = number(config, p, where, "low");
                            double high = number(config, p, where, "high");
                            double step = p.has("stride") ? number(config, p, where, "stride") : 1;
                            if (!(low < high) || !(step > 0) || (high - low) / step > 100_000) {
                                throw refuse(config, where + ".low", "low must be below high with a positive stride (at most 100,000 values)");
                            }
                            for (double x = low; x <= high + 1e-9; x += step) {
                                v.add(x);
                            }
                        }
                        params.add(new Parameter.Discrete(name, v));
                    }
                    case "categorical" -> {
                        List<String> o = new ArrayList<>();
                        p.path("options").forEach(x -> o.add(x.asString()));
                        if (o.size() < 2) {
                            throw refuse(config, where + ".options", "a categorical parameter needs at least two options");
                        }
                        params.add(new Parameter.Categorical(name, o));
                    }
                    default -> throw refuse(config, where + ".type", "unknown type '" + type + "' (continuous, discrete or categorical)");
                }
            } catch (IllegalArgumentException e) {
                throw refuse(config, where, e.getMessage());
            }
        }
        return params;
    }

    private static double number(Path config, JsonNode p, String where, String field) {
        JsonNode v = p.path(field);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw refuse(config, where + "." + field, v.isMissingNode() ? "missing" : "'" + v + "' is not a finite number");
        }
        return v.asDouble();
    }

    /**
     * Whether the objective (measurement {@code m}) is maximised: from its own {@code goal} or the
     * table's {@code default_goal}, each a string or a list (one goal, or one per measurement).
     * Both given and different, or neither given, is refused rather than guessed.
     */
    private static boolean goal(Path config, JsonNode c, int measurements, int m) {
        String field = "measurements[" + m + "].goal";
        Boolean own = goalOf(config, c.path("measurements").path(m).path("goal"), field, 1, 0);
        Boolean table = goalOf(config, c.path("default_goal"), "default_goal", measurements, m);
        if (own != null && table != null && !own.equals(table)) {
            throw refuse(config, field, "says " + word(own) + " but default_goal says " + word(table));
        }
        if (own == null && table == null) {
            throw refuse(config, "default_goal", "missing: say whether the objective is to be maximized or minimized");
        }
        return own != null ? own : table;
    }

    private static String word(boolean maximise) {
        return maximise ? "maximize" : "minimize";
    }

    /** The goal {@code g} states for measurement {@code m}: a string, or a list of one or one per measurement. */
    private static Boolean goalOf(Path config, JsonNode g, String field, int measurements, int m) {
        if (g.isMissingNode() || g.isNull()) {
            return null;
        }
        if (g.isArray()) {
            if (g.isEmpty()) {
                return null;
            }
            if (g.size() == measurements && m > 0) {
                return goalOf(config, g.get(m), field + "[" + m + "]", 1, 0);
            }
            Boolean first = goalOf(config, g.get(0), field + "[0]", 1, 0);
            if (g.size() != 1 && g.size() != measurements) {
                // more goals than measurements (Olympus' liquid_dce: one measurement, ["minimize", "minimize"]):
                // unambiguous only when they all say the same
                for (int i = 1; i < g.size(); i++) {
                    if (first == null || !first.equals(goalOf(config, g.get(i), field + "[" + i + "]", 1, 0))) {
                        throw refuse(config, field, "a list of goals needs one goal, or one per measurement (" + measurements
                                + "), found " + g.size() + " that do not agree");
                    }
                }
            }
            return first;
        }
        String s = g.isString() ? g.asString().strip().toLowerCase(Locale.ROOT) : "";
        return switch (s) {
            case "maximize", "maximise", "max", "maximum" -> true;
            case "minimize", "minimise", "min", "minimum" -> false;
            default -> throw refuse(config, field, "'" + (g.isString() ? g.asString() : g.toString())
                    + "' is not a goal (maximize or minimize)");
        };
    }

    /**
     * A first row that names the columns rather than holding an experiment: its cells are the
     * parameter names, or its objective cell is not a number, or the cells are the columns' own
     * numbers 0, 1, 2, … or 1, 2, 3, … (what pandas writes for a frame without column names, as in
     * Olympus' liquid_dce).
     */
    private static boolean isHeader(String[] f, List<Parameter> params, int measurements) {
        if (numbersTheColumns(f, 0) || numbersTheColumns(f, 1)) {
            return true;
        }
        boolean names = f.length >= params.size();
        for (int i = 0; names && i < params.size(); i++) {
            names = f[i].equalsIgnoreCase(params.get(i).name());
        }
        if (names) {
            return true;
        }
        if (f.length != params.size() + measurements) {
            return false;
        }
        try {
            Double.parseDouble(f[params.size()]);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static boolean numbersTheColumns(String[] f, int first) {
        if (f.length < 2) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].equals(Integer.toString(first + i))) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return values.length;
    }

    /**
     * One task of a table that holds several: the rows whose {@code parameter} is {@code value}
     * (or the option with that 1-based number), without that parameter — e.g. one aryl halide of a
     * Buchwald–Hartwig screen, its additives, bases and ligands left to optimise.
     */
    public BenchmarkTable task(String parameter, String value) {
        int col = -1;
        for (int k = 0; k < space.parameters().size(); k++) {
            if (space.parameters().get(k).name().equals(parameter)) {
                col = k;
            }
        }
        if (col < 0) {
            throw Problem.invalid("task", name + " has no parameter '" + parameter + "'");
        }
        String wanted = value;
        if (space.parameters().get(col) instanceof Parameter.Categorical c && value.matches("\\d{1,3}")) {
            int i = Integer.parseInt(value) - 1;
            if (i >= 0 && i < c.options().size()) {
                wanted = c.options().get(i);
            }
        }
        List<Parameter> rest = new ArrayList<>(space.parameters());
        rest.remove(col);
        ParameterSpace sub = new ParameterSpace(rest, space.simplex());
        List<String[]> kept = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            if (r[col].equals(wanted)) {
                List<String> cells = new ArrayList<>(List.of(r));
                cells.remove(col);
                kept.add(cells.toArray(String[]::new));
                v.add(values[i]);
            }
        }
        if (kept.size() < 2) {
            throw Problem.invalid("task", name + ": fewer than two rows have " + parameter + " = " + wanted);
        }
        return new BenchmarkTable(name + "[" + parameter + "=" + value + "]", sub, objective, maximise, kept,
                v.stream().mapToDouble(Double::doubleValue).toArray(), kept.stream().map(sub::encode).toArray(double[][]::new), measurements);
    }

    /** All rows as earlier results for another task of the same space ({@link PoolStrategy.Prior}). */
    public PoolStrategy.Prior asPrior() {
        return new PoolStrategy.Prior(features.clone(), values.clone());
    }

    /** Rows whose value is among the best {@code fraction} (ties included). */
    public boolean[] top(double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = Math.max(1, (int) Math.ceil(fraction * sorted.length));
        double threshold = maximise ? sorted[sorted.length - k] : sorted[k - 1];
        boolean[] top = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            top[i] = maximise ? values[i] >= threshold : values[i] <= threshold;
        }
        return top;
    }
}
