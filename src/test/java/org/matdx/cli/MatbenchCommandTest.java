package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.informatics.MatbenchTest;

/** {@code matdx bench matbench} says which task it runs and scores it by that task's metrics. */
class MatbenchCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run bench(String... args) {
        synchronized (CliRunner.class) { // System.out is shared with the other CLI tests
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                String[] full = new String[args.length + 2];
                full[0] = "bench";
                full[1] = "matbench";
                System.arraycopy(args, 0, full, 2, args.length);
                int code = Main.run(full);
                return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    /** The bug of issue 20: a 0/1 table was run as a regression and an MAE printed. */
    @Test
    void runsAZeroOneTableAsAClassificationScoredByRocAuc(@TempDir Path dir) throws Exception {
        Path csv = MatbenchTest.table(dir, "heavy", z -> z > 25 ? "1" : "0");
        String folds = dir.resolve("heavy.json").toString();
        Run r = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("classification (inferred: every target is a yes/no label")
                .contains("Dummy ROC-AUC 0.5000").contains("ROC-AUC:").contains("F1").contains("ACCURACY")
                .doesNotContain("MAE");

        Run asNumbers = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1",
                "--task", "regression");
        assertThat(asNumbers.code()).as(asNumbers.err()).isZero();
        assertThat(asNumbers.out()).contains("regression (--task)").contains("MAE:");

        Run json = bench("--data", csv.toString(), "--folds", folds, "--members", "1", "--rounds", "50", "--threads", "1", "--json");
        assertThat(json.out()).contains("\"kind\" : \"classification\"").contains("\"kind_inferred\" : true")
                .contains("\"roc_auc\"");

        Run bad = bench("--data", csv.toString(), "--folds", folds, "--task", "ranking");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: task must be 'regression' or 'classification'").doesNotContain("\tat ");
    }
}
