package org.matdx.informatics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class MatbenchTest {
    static final Path SHARED = Path.of("../shared/data/matbench");

    @Test
    void reproducesThePublishedDummyScoreOnExperimentalGaps() throws IOException {
        Path csv = SHARED.resolve("matbench_expt_gap.csv");
        Assumptions.assumeTrue(Files.isRegularFile(csv), "skipped: ../shared/data/matbench is not beside the project");
        Matbench.Data d = Matbench.load(csv, SHARED.resolve("matbench_expt_gap_folds.json"));
        assertThat(d.task()).isEqualTo("matbench_expt_gap");
        assertThat(d.kind()).isEqualTo(Task.REGRESSION);
        assertThat(d.ids()).hasSize(4604);
        assertThat(d.testFolds()).hasSize(5);
        assertThat(d.testFolds().stream().mapToInt(List::size).sum()).isEqualTo(4604);
        assertThat(Matbench.dummy(d)).isCloseTo(1.1435, within(5e-5));
        assertThat(Matbench.PUBLISHED_DUMMY).containsEntry("matbench_expt_gap", 1.1435);
    }

    /** A small classification task written here: is the compound an oxide of a metal with Z > 20? */
    @Test
    void runsAnyCompositionTargetTableIncludingClassification(@TempDir Path dir) throws IOException {
        String[] metals = {"Li", "Na", "Mg", "Al", "K", "Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga",
                "Sr", "Y", "Zr", "Nb", "Mo", "Ag", "Cd", "In", "Sn", "Ba", "La", "Ce", "Hf", "Ta", "W", "Pb", "Bi"};
        String[] anions = {"O", "S", "Cl", "F", "N"};
        StringBuilder csv = new StringBuilder("id,composition,heavy\n");
        List<String> ids = new ArrayList<>();
        int n = 0;
        for (String m : metals) {
            for (String a : anions) {
                for (int k = 1; k <= 2; k++) {
                    String id = "row-" + n++;
                    ids.add(id);
                    boolean heavy = org.matdx.core.Elements.of(m).z() > 20;
                    csv.append(id).append(',').append(m).append(k).append(a).append(',').append(heavy ? "True" : "False").append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        StringBuilder folds = new StringBuilder("{\"task\": \"heavy_metal\", \"test_folds\": {");
        for (int k = 0; k < 3; k++) {
            folds.append(k == 0 ? "" : ",").append("\"fold_").append(k).append("\": [");
            List<String> test = new ArrayList<>();
            for (int i = k; i < ids.size(); i += 3) {
                test.add("\"" + ids.get(i) + "\"");
            }
            folds.append(String.join(",", test)).append("]");
        }
        folds.append("}}");
        Files.writeString(dir.resolve("f.json"), folds);
        Matbench.Data d = Matbench.load(dir.resolve("t.csv"), dir.resolve("f.json"));
        assertThat(d.kind()).isEqualTo(Task.CLASSIFICATION);
        assertThat(Matbench.dummy(d)).isEqualTo(0.5); // a constant score ranks nothing
        Recipe r = new Recipe(Task.CLASSIFICATION, new BoostParams(100, 3, 0.2, 1, 1, 1, 1), 1, false);
        Matbench.Report rep = Matbench.run(d, CompositionFeatures.magpie(), r, 2, 1, (done, total, s) -> { });
        assertThat(rep.folds()).hasSize(3);
        assertThat(rep.summary().keySet()).containsExactly("roc_auc", "f1", "accuracy");
        assertThat(rep.summary().get("roc_auc").mean()).isGreaterThan(0.95); // Z is a feature; trees find the cut
    }

    /** Writes {@code id,composition,target} rows (oxides of 30 metals, two stoichiometries) and 3 folds. */
    public static Path table(Path dir, String name, java.util.function.IntFunction<String> target) throws IOException {
        String[] metals = {"Li", "Na", "Mg", "Al", "K", "Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga",
                "Sr", "Y", "Zr", "Nb", "Mo", "Ag", "Cd", "In", "Sn", "Ba", "La", "Hf", "Ta", "W"};
        StringBuilder csv = new StringBuilder("id,composition,target\n");
        List<String> ids = new ArrayList<>();
        for (String m : metals) {
            for (int k = 1; k <= 2; k++) {
                String id = "r" + ids.size();
                csv.append(id).append(',').append(m).append(k).append("O,").append(target.apply(org.matdx.core.Elements.of(m).z()))
                        .append('\n');
                ids.add(id);
            }
        }
        Files.writeString(dir.resolve(name + ".csv"), csv);
        StringBuilder folds = new StringBuilder("{\"test_folds\": {");
        for (int k = 0; k < 3; k++) {
            List<String> test = new ArrayList<>();
            for (int i = k; i < ids.size(); i += 3) {
                test.add("\"" + ids.get(i) + "\"");
            }
            folds.append(k == 0 ? "" : ",").append("\"fold_").append(k).append("\": [").append(String.join(",", test)).append("]");
        }
        Files.writeString(dir.resolve(name + ".json"), folds.append("}}"));
        return dir.resolve(name + ".csv");
    }

    static Matbench.Data load(Path csv, Task requested) throws IOException {
        return Matbench.load(csv, csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".json")), requested);
    }

    /**
     * Matbench's own classification tasks (expt_is_metal, glass) ship their targets as 0/1 in some
     * exports: such a table is a classification, scored by ROC-AUC, never an MAE of 0/1 numbers.
     */
    @Test
    void recognisesAClassificationFromZeroOneTrueFalseAndYesNoTargets(@TempDir Path dir) throws IOException {
        java.util.function.IntPredicate heavy = z -> z > 25;
        String[][] spellings = {{"1", "0"}, {"1.0", "0.0"}, {"True", "False"}, {"yes", "no"}, {"TRUE", "false"}};
        for (String[] s : spellings) {
            Path csv = table(dir, "t" + s[0].replace(".", ""), z -> heavy.test(z) ? s[0] : s[1]);
            Matbench.Data d = load(csv, null);
            assertThat(d.kind()).as(s[0] + "/" + s[1]).isEqualTo(Task.CLASSIFICATION);
            assertThat(d.kindInferred()).isTrue();
            assertThat(d.y()).containsOnly(0.0, 1.0);
            assertThat(d.y()[0]).isEqualTo(0.0); // Li is light
            assertThat(Matbench.dummy(d)).as("Dummy ROC-AUC").isEqualTo(0.5);
        }
        Path zeroOne = dir.resolve("t1.csv");
        Recipe r = new Recipe(Task.CLASSIFICATION, new BoostParams(60, 3, 0.3, 1, 1, 1, 1), 1, false);
        Matbench.Report rep = Matbench.run(load(zeroOne, null), CompositionFeatures.magpie(), r, 1, 1, (done, total, x) -> { });
        assertThat(rep.summary().keySet()).containsExactly("roc_auc", "f1", "accuracy");
        assertThat(rep.summary().get("roc_auc").mean()).isGreaterThan(0.9);
        assertThat(rep.summary().get("accuracy").mean()).isGreaterThan(0.8);

        // asked for explicitly, a 0/1 column may still be treated as numbers
        Matbench.Data asNumbers = load(zeroOne, Task.REGRESSION);
        assertThat(asNumbers.kind()).isEqualTo(Task.REGRESSION);
        assertThat(asNumbers.kindInferred()).isFalse();
        // numbers other than 0 and 1 stay a regression; a 0/1 column with only one class too (nothing to rank)
        assertThat(load(table(dir, "gap", z -> z > 25 ? "0" : Double.toString(z / 10.0)), null).kind()).isEqualTo(Task.REGRESSION);
        assertThat(load(table(dir, "zeros", z -> "0"), null).kind()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void refusesAClassificationItCannotScore(@TempDir Path dir) throws IOException {
        Path gap = table(dir, "gap", z -> Double.toString(z / 10.0));
        assertThatThrownBy(() -> load(gap, Task.CLASSIFICATION))
                .hasMessageContaining("line 2").hasMessageContaining("'0.3' is not a yes/no label");
        Path allYes = table(dir, "yes", z -> "True");
        assertThatThrownBy(() -> load(allYes, null)).hasMessageContaining("every target is yes")
                .hasMessageContaining("needs both classes");
        Path words = table(dir, "words", z -> z > 25 ? "yes" : "no");
        assertThatThrownBy(() -> load(words, Task.REGRESSION)).hasMessageContaining("line 2")
                .hasMessageContaining("'no' is not a number").hasMessageContaining("--task classification");
        Path mixed = table(dir, "mixed", z -> z == 26 ? "maybe" : z > 25 ? "True" : "False");
        assertThatThrownBy(() -> load(mixed, null)).hasMessageContaining("line 22").hasMessageContaining("'maybe' is not a yes/no label");
    }

    @Test
    void namesTheLineOfABadRowAndRejectsForeignFoldIds(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.csv"), "composition,y\nFe2O3,1.0\nQq2,2\n");
        Files.writeString(dir.resolve("f.json"), "{\"test_folds\": {\"fold_0\": [\"0\"], \"fold_1\": [\"1\"]}}");
        assertThatThrownBy(() -> Matbench.load(dir.resolve("a.csv"), dir.resolve("f.json")))
                .hasMessageContaining("line 3").hasMessageContaining("Qq2");
        Files.writeString(dir.resolve("b.csv"), "composition,y\nFe2O3,1.0\nNaCl,x\n");
        assertThatThrownBy(() -> Matbench.load(dir.resolve("b.csv"), dir.resolve("f.json")))
                .hasMessageContaining("line 3").hasMessageContaining("'x' is not a number");
        Files.writeString(dir.resolve("c.csv"), "composition,y\nFe2O3,1.0\nNaCl,2\n");
        Files.writeString(dir.resolve("g.json"), "{\"test_folds\": {\"fold_0\": [\"0\"], \"fold_1\": [\"7\"]}}");
        assertThatThrownBy(() -> Matbench.load(dir.resolve("c.csv"), dir.resolve("g.json")))
                .hasMessageContaining("fold 1 names row '7'");
        Files.writeString(dir.resolve("h.json"), "{\"test_folds\": {\"fold_0\": [\"0\"], \"fold_1\": [\"0\"]}}");
        assertThatThrownBy(() -> Matbench.load(dir.resolve("c.csv"), dir.resolve("h.json")))
                .hasMessageContaining("in the test set of folds 0 and 1");
    }
}
