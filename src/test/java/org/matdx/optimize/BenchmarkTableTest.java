package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.core.Problem;

/** Olympus tables as other people write them: goals as lists, header rows, bad bounds. */
class BenchmarkTableTest {
    @TempDir
    Path dir;

    private static final String PARAMS = """
            "parameters": [{"name": "temperature", "type": "continuous", "low": 75.0, "high": 90.0},
                           {"name": "pd_mol", "type": "continuous", "low": 0.5, "high": 5.0}]""";
    private static final String ROWS = "75.0,0.5,2.4\n80.0,1.0,9.5\n90.0,5.0,4.1\n";

    private Path table(String config, String csv) throws IOException {
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("data.csv"), csv);
        return dir;
    }

    private static String config(String goals) {
        return "{" + PARAMS + ", " + goals + "}";
    }

    @Test
    void aGoalWrittenAsAListIsHonoured() throws IOException {
        var t = BenchmarkTable.read(table(config("""
                "measurements": [{"name": "impurity", "type": "continuous"}], "default_goal": ["minimize"]"""), ROWS));
        assertThat(t.maximise()).isFalse();
        assertThat(t.top(0.3)).containsExactly(true, false, false);
        var own = BenchmarkTable.read(table(config("""
                "measurements": [{"name": "impurity", "goal": ["minimise"]}, {"name": "yield", "goal": ["maximize"]}],
                "default_goal": ["minimize", "maximize"]"""), "75.0,0.5,2.4,1\n80.0,1.0,9.5,2\n"));
        assertThat(own.maximise()).isFalse();
        assertThat(own.objective()).isEqualTo("impurity");
        // more goals than measurements, all the same (Olympus' liquid_dce and liquid_water): that goal
        assertThat(BenchmarkTable.read(table(config("\"measurements\": [{\"name\": \"error\"}], \"default_goal\": [\"minimize\", \"minimize\"]"), ROWS))
                .maximise()).isFalse();
        // spelt in capitals, as some configs are
        assertThat(BenchmarkTable.read(table(config("\"measurements\": [{\"name\": \"y\"}], \"default_goal\": \"Minimize\""), ROWS))
                .maximise()).isFalse();
    }

    @Test
    void anyMeasurementCanBeTheObjectiveWithItsOwnGoal() throws IOException {
        // as Olympus' liquid_* and suzuki_i: several measurements, a goal each; the reference scorer takes the last column
        Path dir = table(config("""
                "measurements": [{"name": "error"}, {"name": "stdev"}], "default_goal": ["minimize", "maximize"]"""),
                "75.0,0.5,2.4,0.1\n80.0,1.0,9.5,0.3\n90.0,5.0,4.1,0.2\n");
        var first = BenchmarkTable.read(dir);
        assertThat(first.objective()).isEqualTo("error");
        assertThat(first.maximise()).isFalse();
        assertThat(first.values()).containsExactly(2.4, 9.5, 4.1);
        assertThat(first.measurements()).containsExactly("error", "stdev");
        var last = BenchmarkTable.read(dir, "stdev");
        assertThat(last.objective()).isEqualTo("stdev");
        assertThat(last.maximise()).isTrue();
        assertThat(last.values()).containsExactly(0.1, 0.3, 0.2);
        assertThatThrownBy(() -> BenchmarkTable.read(dir, "yield")).isInstanceOf(Problem.class)
                .hasMessageContaining("config.json, measurements").hasMessageContaining("no measurement is named 'yield' (there are error, stdev)");
        // a measurement's own goal, for the one asked for
        var own = BenchmarkTable.read(table(config("""
                "measurements": [{"name": "error", "goal": "minimize"}, {"name": "stdev", "goal": "maximize"}]"""),
                "75.0,0.5,2.4,x\n80.0,1.0,9.5,\n"), "error");
        // only the objective's column has to be a number
        assertThat(own.values()).containsExactly(2.4, 9.5);
        assertThat(own.maximise()).isFalse();
    }

    @Test
    void goalsThatCannotBeReadAreRefusedNamingFileAndField() throws IOException {
        assertThatThrownBy(() -> BenchmarkTable.read(table(config("""
                "measurements": [{"name": "y", "goal": "minimize"}], "default_goal": "maximize\""""), ROWS)))
                .isInstanceOf(Problem.class).hasMessageContaining("config.json").hasMessageContaining("measurements[0].goal")
                .hasMessageContaining("default_goal says maximize");
        assertThatThrownBy(() -> BenchmarkTable.read(table(config("\"measurements\": [{\"name\": \"y\"}], \"default_goal\": \"lowest\""), ROWS)))
                .isInstanceOf(Problem.class).hasMessageContaining("config.json, default_goal").hasMessageContaining("'lowest' is not a goal");
        assertThatThrownBy(() -> BenchmarkTable.read(table(config("\"measurements\": [{\"name\": \"y\"}], \"default_goal\": [\"max\", \"min\"]"), ROWS)))
                .isInstanceOf(Problem.class).hasMessageContaining("default_goal").hasMessageContaining("one per measurement (1), found 2");
        assertThatThrownBy(() -> BenchmarkTable.read(table(config("\"measurements\": [{\"name\": \"y\"}]"), ROWS)))
                .isInstanceOf(Problem.class).hasMessageContaining("config.json, default_goal: missing");
    }

    @Test
    void aTableDeclaredASimplexIsReadAsProportionsOfItsAmounts() throws IOException {
        // as Olympus' colors_bob: five dye amounts, "constraints": {"parameters": "simplex"}
        String mix = """
                {"constraints": {"parameters": "%s"},
                 "parameters": [{"name": "red", "type": "continuous", "low": 0, "high": 1},
                                {"name": "blue", "type": "continuous", "low": 0, "high": 1},
                                {"name": "green", "type": "continuous", "low": 0, "high": 1}],
                 "measurements": [{"name": "difference"}], "default_goal": "minimize"}""";
        String rows = "0.8,0.4,0.4,0.3\n0.2,0.1,0.1,0.2\n0.5,0.25,0.25,0.1\n";
        var t = BenchmarkTable.read(table(mix.formatted("simplex"), rows));
        // three rows, one mixture: the model sees one point (and its three results)
        assertThat(t.features()[0]).containsExactly(0.5, 0.25, 0.25);
        assertThat(t.features()[1]).containsExactly(t.features()[0]);
        assertThat(t.features()[2]).containsExactly(t.features()[0]);
        // the table's rows are kept as written, for the trace and the reader
        assertThat(t.rows().get(0)).containsExactly("0.8", "0.4", "0.4", "0.3");
        assertThat(BenchmarkTable.read(table(mix.formatted("none"), rows)).features()[0]).containsExactly(0.8, 0.4, 0.4);
    }

    @Test
    void aHeaderRowIsNotAnExperiment() throws IOException {
        String goals = "\"measurements\": [{\"name\": \"yield\"}], \"default_goal\": \"maximize\"";
        for (String header : new String[] {"temperature,pd_mol,yield\n", "\uFEFF\"Temperature\",\"pd_mol\",\"yield (%)\"\n",
                "\ntemp,pd,yield\n"}) {
            var t = BenchmarkTable.read(table(config(goals), header + ROWS));
            assertThat(t.size()).as(header).isEqualTo(3);
            assertThat(t.values()).containsExactly(2.4, 9.5, 4.1);
            assertThat(t.features()[0]).containsExactly(0.0, 0.0);
        }
        // the columns' own numbers, as pandas writes a frame without names (Olympus' liquid_dce)
        for (String header : new String[] {"1,2,3\n", "0,1,2\n"}) {
            var t = BenchmarkTable.read(table(config(goals), header + ROWS));
            assertThat(t.size()).as(header).isEqualTo(3);
            assertThat(t.values()).containsExactly(2.4, 9.5, 4.1);
        }
        assertThat(BenchmarkTable.read(table(config(goals), "1,2,4\n" + ROWS)).size()).as("an experiment that happens to be small").isEqualTo(4);
        // a second header, or text where a number belongs, is refused with its line
        assertThatThrownBy(() -> BenchmarkTable.read(table(config(goals), "temperature,pd_mol,yield\n" + ROWS + "temperature,pd_mol,yield\n")))
                .isInstanceOf(Problem.class).hasMessageContaining("data.csv, line 5");
        assertThatThrownBy(() -> BenchmarkTable.read(table(config(goals), ROWS + "80,1,Infinity\n")))
                .isInstanceOf(Problem.class).hasMessageContaining("data.csv, line 4, column 3 (yield)").hasMessageContaining("not a finite value");
    }

    @Test
    void aParameterWithLowAboveHighIsRefusedNamingFileAndField() throws IOException {
        String bad = """
                {"parameters": [{"name": "temperature", "type": "continuous", "low": 75.0, "high": 90.0},
                                {"name": "pd_mol", "type": "continuous", "low": 5.0, "high": 0.5}],
                 "measurements": [{"name": "yield"}], "default_goal": "maximize"}""";
        assertThatThrownBy(() -> BenchmarkTable.read(table(bad, ROWS))).isInstanceOf(Problem.class)
                .hasMessageContaining("config.json, parameters[1] (pd_mol).low").hasMessageContaining("low (5.0) must be below high (0.5)");
        String missing = bad.replace("\"low\": 5.0, ", "");
        assertThatThrownBy(() -> BenchmarkTable.read(table(missing, ROWS))).isInstanceOf(Problem.class)
                .hasMessageContaining("parameters[1] (pd_mol).low: missing");
    }

    @Test
    void quotedFieldsKeepTheirCommas() throws IOException {
        String cfg = """
                {"parameters": [{"name": "solvent", "type": "categorical", "options": ["water", "1,4-dioxane"]},
                                {"name": "t", "type": "continuous", "low": 0, "high": 1}],
                 "measurements": [{"name": "yield"}], "default_goal": "maximize"}""";
        var t = BenchmarkTable.read(table(cfg, "water,0.5,1\n\"1,4-dioxane\",0.25,3\n"));
        assertThat(t.features()[1]).containsExactly(0.0, 1.0, 0.25);
        assertThat(t.values()).containsExactly(1.0, 3.0);
    }
}
