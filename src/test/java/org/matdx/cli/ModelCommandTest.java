package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** {@code matdx model …} and {@code matdx bench matbench} as an operator runs them. */
class ModelCommandTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        var alice = tp.person("alice").caller(tp.platform());
        var d = tp.platform().catalog().createDataset(RequestContext.cli(alice), new NewDataset("CLI oxide gaps", "", "CC-BY-4.0", "public",
                null, false, null, null));
        String[][] gaps = {{"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"},
                {"MgO", "7.8"}, {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"},
                {"Cu2O", "2.17"}, {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}};
        List<NewEntry> entries = new ArrayList<>();
        for (String[] g : gaps) {
            entries.add(new NewEntry("property_row", g[0], g[0],
                    Map.of("band_gap", Json.object().put("value", Double.parseDouble(g[1])).put("unit", "eV")),
                    null, null, null, null, null, null, null));
        }
        tp.platform().catalog().addEntries(RequestContext.cli(alice), d.id(), entries);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** Runs a command against this class's database (the shared {@link CliRunner}). */
    static CliRunner.Run matdx(String... args) {
        return CliRunner.matdx(tp, args);
    }

    @Test
    void trainsListsAndPredictsFromACsv(@TempDir Path dir) throws IOException {
        var train = matdx("model", "train", "--dataset", "CLI oxide gaps", "--target", "band_gap", "--name", "cli gaps",
                "--members", "2", "--folds", "3", "--search-seconds", "0", "--json");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode card = Json.read(train.out());
        assertThat(card.get("training_rows").asInt()).isEqualTo(15);
        assertThat(card.at("/cross_validation/folds").asInt()).isEqualTo(3);
        assertThat(train.err()).contains("training"); // the progress bar
        UUID id = UUID.fromString(card.get("id").asString());

        var list = matdx("model", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id.toString()).contains("cli gaps").contains("MAE");

        Path csv = dir.resolve("candidates.csv");
        Files.writeString(csv, "formula,comment\nMgO,wide\nCuO,narrow\n");
        var predict = matdx("model", "predict", "--model", "cli gaps", csv.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String> lines = predict.out().strip().lines().toList();
        assertThat(lines.get(0)).isEqualTo("formula,prediction,uncertainty,unit,top_contributions,warnings");
        assertThat(lines).hasSize(3);
        double mgo = Double.parseDouble(lines.get(1).split(",")[1]);
        double expected = tp.platform().models().predict(org.matdx.core.RequestContext.local(org.matdx.core.Caller.ANONYMOUS), id,
                List.of(Composition.parse("MgO"))).get(0).value();
        assertThat(mgo).isCloseTo(expected, within(1e-4));
        assertThat(lines.get(1)).startsWith("MgO,").contains(",eV,");

        // issue 29: formulas on the command line, the model by the name /models shows, and the answers' warnings
        var direct = matdx("model", "predict", "--model", "cli gaps", "--formula", "MgO", "--formula", "Fe");
        assertThat(direct.code()).as(direct.err()).isZero();
        List<String> rows = direct.out().strip().lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("MgO,").doesNotContain("outside");
        assertThat(rows.get(2)).startsWith("Fe,").contains("outside the model's domain")
                .contains("every training composition contains O");
        var idOnly = matdx("model", "show", "cli gaps", "--id");
        assertThat(idOnly.out().strip()).isEqualTo(id.toString());
        var screen = matdx("screen", "In2O3", "--model", "cli gaps", "--goal", "target=3.0", "--replace", "In", "--json");
        assertThat(screen.code()).as(screen.err()).isZero();
        assertThat(screen.out()).contains("model:" + id);
        var unknown = matdx("screen", "In2O3", "--model", "no such model");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no model");

        Files.writeString(csv, "formula\nMgO\nMg(O\n");
        var bad = matdx("model", "predict", "--model", id.toString(), csv.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("error:").contains("line 3").doesNotContain("Exception");
        var hidden = matdx("model", "show", UUID.randomUUID().toString());
        assertThat(hidden.code()).isEqualTo(1);
        assertThat(hidden.err()).contains("no model");
    }

    @Test
    void matbenchRunsOnAnyTableAndExplainsBadFiles(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("composition,y\n");
        String[] metals = {"Li", "Na", "K", "Mg", "Ca", "Sr", "Ba", "Al", "Ga", "In", "Zn", "Cd", "Ti", "Zr", "Hf", "Sn"};
        int n = 0;
        for (String m : metals) {
            for (String a : new String[] {"O", "S", "Se"}) {
                double z = org.matdx.core.Elements.of(m).z() + org.matdx.core.Elements.of(a).z();
                csv.append(m).append(a).append(',').append(z / 10).append('\n');
                n++;
            }
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        StringBuilder folds = new StringBuilder("{\"test_folds\": {\"fold_0\": [");
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (i % 2 == 0 ? a : b).add("\"" + i + "\"");
        }
        folds.append(String.join(",", a)).append("], \"fold_1\": [").append(String.join(",", b)).append("]}}");
        Files.writeString(dir.resolve("f.json"), folds);
        var bare = ElementsCommandTest.run("bench", "matbench", "--data", dir.resolve("t.csv").toString(), "--folds",
                dir.resolve("f.json").toString(), "--members", "1", "--rounds", "100", "--json");
        assertThat(bare.code()).as(bare.err()).isZero();
        JsonNode j = Json.read(bare.out());
        assertThat(j.get("kind").asString()).isEqualTo("regression");
        assertThat(j.get("folds").size()).isEqualTo(2);
        assertThat(j.at("/summary/mae/mean").asDouble()).isLessThan(j.get("dummy").asDouble());
        assertThat(j.has("published_dummy")).isFalse();

        var missing = ElementsCommandTest.run("bench", "matbench", "--data", dir.resolve("nope.csv").toString(),
                "--folds", dir.resolve("f.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("error:").contains("nope.csv").doesNotContain("Exception");
    }
}
