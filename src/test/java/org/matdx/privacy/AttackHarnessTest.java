package org.matdx.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.informatics.Matbench;
import org.matdx.platform.PrivacyHarness;
import org.matdx.testing.SharedData;
import org.matdx.testing.TestPlatform;

/**
 * Issue 19's attack as a test: hidden rows of a table lent as model-use-only, a model trained on
 * them with public rows, and an anonymous caller attacking it over HTTP. The private model must not
 * tell its rows from others (membership AUC ≤ 0.60) nor give their values back more often than a
 * model that never saw them; the model MatDX served before must fail the same attack, so the
 * harness is known to see a leak when there is one.
 */
class AttackHarnessTest {
    static final double MAX_AUC = 0.60;
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /**
     * A table the project makes itself: ternary oxides ABO3 and AB2O4 with a "gap" from the
     * electronegativities plus a per-row deviation no composition feature explains — what a model
     * can only know by having seen the row.
     */
    static List<PrivacyHarness.Row> selfMadeTable() {
        String[] a = {"Li", "Na", "K", "Rb", "Cs", "Be", "Mg", "Ca", "Sr", "Ba", "Sc", "Y", "La", "Ti", "Zr", "Hf", "V",
                "Nb", "Ta", "Cr", "Mo", "W", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Cd", "Al", "Ga", "In", "Si", "Ge", "Sn",
                "Pb", "Bi", "Ce", "Nd", "Gd"};
        Random rnd = new Random(19);
        List<PrivacyHarness.Row> rows = new ArrayList<>();
        double chiO = Elements.of("O").electronegativity();
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                Element x = Elements.of(a[i]);
                Element y = Elements.of(a[j]);
                double base = 1.2 * (chiO - (x.electronegativity() + y.electronegativity()) / 2);
                rows.add(new PrivacyHarness.Row(a[i] + a[j] + "O3", round(Math.max(0.05, base + 0.8 * rnd.nextGaussian()))));
                rows.add(new PrivacyHarness.Row(a[i] + a[j] + "2O4", round(Math.max(0.05, base + 0.3 + 0.8 * rnd.nextGaussian()))));
            }
        }
        return rows;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @Test
    void privateModelResistsTheAttackOnASelfMadeTable() {
        var r = PrivacyHarness.run(tp.platform(), selfMadeTable(), new PrivacyHarness.Setup(200, 200, 400, null,
                new double[] {0, 8}, 2, 2, 7), tp.baseUrl(), "eV", "band_gap");
        System.out.println("self-made table: " + r.toJson());
        assertGoals(r);
    }

    @Test
    void privateModelResistsTheAttackOnMatbenchExptGap() throws Exception {
        Path csv = SharedData.require("matbench/matbench_expt_gap.csv");
        Matbench.Data d = Matbench.load(csv, csv.resolveSibling("matbench_expt_gap_folds.json"));
        List<PrivacyHarness.Row> table = new ArrayList<>();
        for (int i = 0; i < d.y().length; i++) {
            table.add(new PrivacyHarness.Row(d.compositions().get(i).formula(), d.y()[i]));
        }
        var r = PrivacyHarness.run(tp.platform(), table, new PrivacyHarness.Setup(200, 200, 400, null,
                new double[] {0, 12}, 2, 2, 11), tp.baseUrl(), "eV", "band_gap");
        System.out.println("matbench_expt_gap: " + r.toJson());
        assertGoals(r);
    }

    static void assertGoals(PrivacyHarness.Result r) {
        // the harness sees the leak of what MatDX served before (on matbench many hidden values are a
        // metal's 0, which any model recovers, so the leak shows in recovery more than in the AUC) ...
        assertThat(r.before().membershipAuc()).as("membership AUC of the model served before").isGreaterThan(MAX_AUC);
        assertThat(r.before().recovered()).as("hidden values the model served before gives back")
                .isGreaterThan(r.baseline().recovered() + margin(r.before().recovered(), r.baseline().recovered(), r));
        // ... and none in the private model
        assertThat(r.after().membershipAuc()).as("membership AUC of the private model").isLessThanOrEqualTo(MAX_AUC);
        // no better than what needs no hidden row, up to the sampling error of the two shares: the
        // attacker's baseline (a model that never saw them), or the same private model on rows it never
        // saw. The second matters because the private model learns the population from 600 rows where the
        // baseline has 400: it predicts unseen compositions better too (self-made table, one run: hidden
        // 0.165, unseen 0.165, baseline 0.085), and that is the lent data's purpose, not a leak of its rows.
        double withoutTheRows = Math.max(r.baseline().recovered(), r.after().nonMembersRecovered());
        assertThat(r.after().recovered()).as("share of hidden values recovered within 5 %%")
                .isLessThanOrEqualTo(withoutTheRows + margin(r.after().recovered(), withoutTheRows, r));
    }

    /** Two standard errors of the difference of two shares of {@code members} rows each. */
    static double margin(double a, double b, PrivacyHarness.Result r) {
        double p = (a + b) / 2;
        return 2 * Math.sqrt(2 * Math.max(p * (1 - p), 0.01) / r.after().members());
    }
}
