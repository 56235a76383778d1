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

class MatbenchTest {
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
