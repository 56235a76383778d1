package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.informatics.MatbenchTest;

/** {@code matdx bench matbench} says which task it runs and scores it by that task's metrics. */
class MatbenchCommandTest {
    static CliRunner.Run bench(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "bench";
        full[1] = "matbench";
        System.arraycopy(args, 0, full, 2, args.length);
        return CliRunner.offline(full);
    }

    /** The bug of issue 20: a 0/1 table was run as a regression and an MAE printed. */
    @Test
    void runsAZeroOneTableAsAClassificationScoredByRocAuc(@TempDir Path dir) throws Exception {
        Path csv = MatbenchTest.table(dir, "heavy", z -> z > 25 ? "1" : "0");
        String folds = dir.resolve("heavy.json").toString();
        CliRunner.Run r = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("classification (inferred: every target is a yes/no label")
                .contains("Dummy ROC-AUC 0.5000").contains("ROC-AUC:").contains("F1").contains("ACCURACY")
                .doesNotContain("MAE");

        CliRunner.Run asNumbers = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1",
                "--task", "regression");
        assertThat(asNumbers.code()).as(asNumbers.err()).isZero();
        assertThat(asNumbers.out()).contains("regression (--task)").contains("MAE:");

        CliRunner.Run json = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1", "--json");
        assertThat(json.out()).contains("\"kind\" : \"classification\"").contains("\"kind_inferred\" : true")
                .contains("\"roc_auc\"");

        CliRunner.Run bad = bench("--data", csv.toString(), "--folds", folds, "--task", "ranking");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: task must be 'regression' or 'classification'").doesNotContain("\tat ");
    }
}
