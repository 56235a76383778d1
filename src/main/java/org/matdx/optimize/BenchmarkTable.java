package org.matdx.optimize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * A table of experiments already run, used as a pool and an oracle for benchmarking: a directory
 * with {@code config.json} (parameters with their types, measurements, goal — the Olympus format)
 * and {@code data.csv} (one row per experiment: the parameters in order, then the measurements).
 */
public record BenchmarkTable(String name, ParameterSpace space, String objective, boolean maximise,
                             List<String[]> rows, double[] values, double[][] features) {

    public static BenchmarkTable read(Path dir) {
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
        List<Parameter> params = new ArrayList<>();
        int i = 0;
        for (JsonNode p : c.path("parameters")) {
            String where = config.getFileName() + ": parameters[" + i++ + "]";
            String name = p.path("name").asString(null);
            if (name == null) {
                throw Problem.invalid("data", where + " has no name");
            }
            switch (p.path("type").asString("")) {
                case "continuous" -> params.add(new Parameter.Continuous(name, p.path("low").asDouble(), p.path("high").asDouble(),
                        p.path("log").asBoolean(false)));
                case "discrete" -> {
                    List<Double> v = new ArrayList<>();
                    p.path("options").forEach(o -> v.add(o.asDouble()));
                    if (v.isEmpty()) {
                        double step = p.path("stride").asDouble(1);
                        for (double x = p.path("low").asDouble(); x <= p.path("high").asDouble() + 1e-9; x += step) {
                            v.add(x);
                        }
                    }
                    params.add(new Parameter.Discrete(name, v));
                }
                case "categorical" -> {
                    List<String> o = new ArrayList<>();
                    p.path("options").forEach(x -> o.add(x.asString()));
                    params.add(new Parameter.Categorical(name, o));
                }
                default -> throw Problem.invalid("data", where + ": unknown type '" + p.path("type").asString("") + "'");
            }
        }
        JsonNode m0 = c.path("measurements").path(0);
        String objective = m0.path("name").asString("objective");
        String goal = m0.path("goal").asString(c.path("default_goal").asString("maximize"));
        boolean simplex = "simplex".equals(c.path("constraints").path("parameters").asString(""));
        ParameterSpace space = new ParameterSpace(params, simplex);
        int measurements = Math.max(1, c.path("measurements").size());
        List<String[]> rows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<double[]> features = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Problem.invalid("data", data + ": " + e.getMessage());
        }
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != params.size() + measurements) {
                if (ln == 0) {
                    continue; // a header row
                }
                throw Problem.invalid("data", data.getFileName() + ", line " + (ln + 1) + ": expected " + (params.size() + measurements)
                        + " columns (parameters then measurements), found " + f.length);
            }
            try {
                features.add(space.encode(f));
                values.add(Double.parseDouble(f[params.size()].strip()));
                rows.add(f);
            } catch (RuntimeException e) {
                if (ln == 0) {
                    continue;
                }
                throw Problem.invalid("data", data.getFileName() + ", line " + (ln + 1) + ": " + e.getMessage());
            }
        }
        return new BenchmarkTable(dir.getFileName().toString(), space, objective, goal.startsWith("max"), rows,
                values.stream().mapToDouble(Double::doubleValue).toArray(), features.toArray(double[][]::new));
    }

    public int size() {
        return values.length;
    }

    /** Rows whose value is among the best {@code fraction} (ties included). */
    public boolean[] top(double fraction) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int k = Math.max(1, (int) Math.ceil(fraction * sorted.length));
        double threshold = maximise ? sorted[sorted.length - k] : sorted[k - 1];
        boolean[] top = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            top[i] = maximise ? values[i] >= threshold : values[i] <= threshold;
        }
        return top;
    }
}
