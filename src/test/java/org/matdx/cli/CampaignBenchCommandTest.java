package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/** {@code matdx bench campaign}: traces the reference scorer reads, the whole table, tables with quirks. */
class CampaignBenchCommandTest {
    private static Path table(Path dir, String config) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config);
        StringBuilder csv = new StringBuilder("x,y,impurity\n"); // a header row, as some tables have
        for (int i = 0; i < 40; i++) {
            double x = (i % 8) / 7.0;
            double y = (i / 8) / 4.0;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.5f%n", x, y, Math.pow(x - 0.6, 2) + Math.pow(y - 0.3, 2)));
        }
        Files.writeString(dir.resolve("data.csv"), csv);
        return dir;
    }

    private static final String CONFIG = """
            {"parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1},
                            {"name": "y", "type": "continuous", "low": 0, "high": 1}],
             "measurements": [{"name": "impurity", "goal": ["minimize"]}], "default_goal": ["minimize"]}""";

    @Test
    void theWholeTableGivesATraceTheReferenceScorerReads(@TempDir Path tmp) throws IOException {
        Path dir = table(tmp.resolve("bowl"), CONFIG);
        Path trace = tmp.resolve("trace.json");
        var r = ElementsCommandTest.run("bench", "campaign", "--data", dir.toString(), "--seeds", "2", "--budget", "all",
                "--trace", trace.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| bowl | 40 | 2 | all |");
        JsonNode t = Json.read(Files.readString(trace));
        assertThat(t.path("seeds").size()).isEqualTo(2);
        // the two smallest impurities: (0.5714, 0.25) and (0.7143, 0.25), rows 12 and 13 of the grid
        Set<Integer> top = Set.of(8 + 4, 8 + 5);
        for (JsonNode seed : t.path("seeds")) {
            Set<Integer> rows = new HashSet<>();
            seed.forEach(n -> rows.add(n.asInt()));
            assertThat(rows).hasSize(seed.size()); // no row twice
            assertThat(rows).allMatch(i -> i >= 0 && i < 40);
            assertThat(rows).containsAll(top);
            // stopped as soon as every top row was found, as the reference does
            assertThat(top).contains(seed.get(seed.size() - 1).asInt());
        }
    }

    @Test
    void aTableWithSeveralMeasurementsSaysWhichIsOptimisedAndTakesAnother(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("two");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1}],
                 "measurements": [{"name": "error"}, {"name": "stdev"}], "default_goal": ["minimize", "minimize"]}""");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            double x = i / 29.0;
            // error is smallest at x = 0.2, stdev at x = 0.9: different top rows
            csv.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f%n", x, Math.abs(x - 0.2), Math.abs(x - 0.9)));
        }
        Files.writeString(dir.resolve("data.csv"), csv);
        var first = ElementsCommandTest.run("bench", "campaign", "--data", dir.toString(), "--seeds", "1", "--budget", "all",
                "--trace", tmp.resolve("first.json").toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("note: two has 2 measurements: optimised error (the first)")
                .contains("pass --objective stdev to compare like for like");
        assertThat(Json.read(Files.readString(tmp.resolve("first.json"))).path("objective").asString()).isEqualTo("error");
        var last = ElementsCommandTest.run("bench", "campaign", "--data", dir.toString(), "--seeds", "1", "--budget", "all",
                "--objective", "stdev", "--trace", tmp.resolve("last.json").toString());
        assertThat(last.code()).as(last.err()).isZero();
        assertThat(last.out()).doesNotContain("note:");
        JsonNode t = Json.read(Files.readString(tmp.resolve("last.json")));
        assertThat(t.path("objective").asString()).isEqualTo("stdev");
        // the run ends on a top row of stdev: the top ⌈5 % of 30⌉ = 2 are rows 26 and 27, nearest x = 0.9 (error's are 6 and 5)
        int lastRow = t.path("seeds").path(0).get(t.path("seeds").path(0).size() - 1).asInt();
        assertThat(lastRow).isIn(26, 27);
        var unknown = ElementsCommandTest.run("bench", "campaign", "--data", dir.toString(), "--seeds", "1", "--objective", "yield");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("no measurement is named 'yield' (there are error, stdev)");
    }

    @Test
    void badBudgetsAndBadTablesAreExplained(@TempDir Path tmp) throws IOException {
        Path dir = table(tmp.resolve("bowl"), CONFIG);
        var budget = ElementsCommandTest.run("bench", "campaign", "--data", dir.toString(), "--budget", "most");
        assertThat(budget.code()).isNotZero();
        assertThat(budget.err()).contains("--budget").contains("'all'").doesNotContain("Exception");
        Path swapped = table(tmp.resolve("swapped"), CONFIG.replace("\"low\": 0, \"high\": 1}]", "\"low\": 1, \"high\": 0}]"));
        var bad = ElementsCommandTest.run("bench", "campaign", "--data", swapped.toString(), "--seeds", "1");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("config.json, parameters[1] (y).low").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
