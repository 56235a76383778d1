package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;

class LinearConstraintsTest {
    static final ParameterSpace SPACE = new ParameterSpace(List.of(
            new Parameter.Continuous("x", 0, 10, false),
            new Parameter.Continuous("y", 0, 10, false),
            new Parameter.Continuous("a", 1, 100, true),
            new Parameter.Discrete("b", List.of(0.0, 5.0, 10.0, 50.0)),
            new Parameter.Categorical("solvent", List.of("water", "ethanol"))), false);

    static final List<LinearConstraints.Constraint> TWO = List.of(
            new LinearConstraints.Constraint(terms("x", 1.0, "y", 2.0), 10.0, null),
            new LinearConstraints.Constraint(terms("a", 1.0, "b", -1.0), null, 0.0));

    /** Terms in the order written, as a parsed configuration keeps them. */
    static Map<String, Double> terms(Object... kv) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyCandidateSatisfiesTheConstraintsAndSomeLieOnTheBoundary() {
        LinearConstraints lc = LinearConstraints.of(SPACE, TWO);
        List<String[]> rows = Candidates.feasible(SPACE, lc, 2000, new Random(7), null);
        assertThat(rows).hasSize(2000);
        int onBoundary = 0;
        for (String[] r : rows) {
            double x = Double.parseDouble(r[0]);
            double y = Double.parseDouble(r[1]);
            double a = Double.parseDouble(r[2]);
            double b = Double.parseDouble(r[3]);
            assertThat(x + 2 * y).isLessThanOrEqualTo(10 + 1e-8);
            assertThat(a - b).isGreaterThanOrEqualTo(-1e-8);
            assertThat(x).isBetween(0.0, 10.0);
            assertThat(a).isBetween(1.0, 100.0);
            assertThat(List.of(0.0, 5.0, 10.0, 50.0)).contains(b);
            if (Math.abs(x + 2 * y - 10) < 1e-6) {
                onBoundary++;
            }
        }
        // x + 2y ≤ 10 keeps a quarter of the (x, y) square: four draws of 2,000 fill most of the
        // set, the rest are repaired onto the boundary
        assertThat(onBoundary).isPositive().isLessThan(2000);
    }

    @Test
    void repairHoldsFrozenSettingsAndMovesOnlyContinuousOnes() {
        LinearConstraints lc = LinearConstraints.of(SPACE, TWO);
        String[] row = {"9", "9", "50", "10.0", "water"};
        boolean[] frozen = {true, false, false, false, false};
        String[] fixed = lc.repair(SPACE, row, frozen).orElseThrow();
        assertThat(fixed[0]).isEqualTo("9");
        assertThat(Double.parseDouble(fixed[1])).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-8));
        assertThat(fixed[3]).isEqualTo("10.0");
        assertThat(lc.satisfied(fixed)).isTrue();
        // a ≥ b: a moves up to b = 50; with a frozen, nothing can satisfy it
        assertThat(Double.parseDouble(lc.repair(SPACE, new String[] {"0", "0", "1", "50", "water"}, new boolean[5]).orElseThrow()[2]))
                .isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(lc.repair(SPACE, new String[] {"0", "0", "1", "50", "water"}, new boolean[] {false, false, true, false, false})).isEmpty();
    }

    @Test
    void infeasibleConstraintsAreRejectedNamingTheField() {
        // alone: x + 2y ≥ 40 is impossible when x, y ≤ 10 (at most 30)
        var issues = LinearConstraints.check(SPACE, List.of(new LinearConstraints.Constraint(terms("x", 1.0, "y", 2.0), null, 40.0)));
        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("constraints[0]");
            assertThat(i.message()).contains("x + 2·y ≥ 40").contains("largest value within the parameter ranges is 30");
        });
        // together: x + y ≤ 2 and x − y ≥ 5 each hold somewhere, but not at once
        issues = LinearConstraints.check(SPACE, List.of(new LinearConstraints.Constraint(terms("x", 1.0, "y", 1.0), 2.0, null),
                new LinearConstraints.Constraint(terms("x", 1.0, "y", -1.0), null, 5.0)));
        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("constraints");
            assertThat(i.message()).contains("x + y ≤ 2").contains("x − y ≥ 5").contains("together");
        });
        assertThat(LinearConstraints.check(SPACE, TWO)).isEmpty();
    }

    @Test
    void theConfigurationIsCheckedFieldByField() {
        String cfg = """
                {"name": "c", "parameters": [{"name": "x", "low": 0, "high": 1}, {"name": "y", "low": 0, "high": 1},
                   {"name": "s", "type": "categorical", "options": ["a", "b"]}],
                 "objective": {"name": "q"}, "stop": {"budget": 5},
                 "constraints": [{"terms": {"x": 1, "z": 2}, "le": 1}, {"terms": {"s": 1}, "ge": 0},
                                 {"terms": {"x": "two"}, "le": 1}, {"terms": {"x": 1}}, {"terms": {"x": 1}, "le": 0, "ge": 1},
                                 {"terms": {"y": 1}, "lt": 3}],
                 "batch_fixed": ["x", "w"]}""";
        assertThatThrownBy(() -> CampaignConfig.parse(Json.read(cfg))).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.issues().stream().map(Problem.Issue::field).toList()).containsExactlyInAnyOrder(
                        "constraints[0].terms.z", "constraints[1].terms.s", "constraints[2].terms.x", "constraints[3]",
                        "constraints[4]", "constraints[5].lt", "constraints[5]", "batch_fixed[1]"));
        String infeasible = """
                {"name": "c", "parameters": [{"name": "x", "low": 0, "high": 1}, {"name": "y", "low": 0, "high": 1}],
                 "objective": {"name": "q"}, "stop": {"budget": 5}, "constraints": [{"terms": {"x": 1, "y": 1}, "ge": 3}]}""";
        assertThatThrownBy(() -> CampaignConfig.parse(Json.read(infeasible))).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.issues()).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("constraints[0]")));
        // a mixture's fractions sum to one: Ni + Co ≥ 1.5 cannot hold with them
        String mixture = """
                {"name": "c", "simplex": true, "parameters": [{"name": "Ni", "low": 0, "high": 1}, {"name": "Co", "low": 0, "high": 1},
                   {"name": "Mn", "low": 0, "high": 1}], "objective": {"name": "q"}, "stop": {"budget": 5},
                 "constraints": [{"terms": {"Ni": 1, "Co": 1}, "ge": 0.5}, {"terms": {"Mn": 1}, "ge": 0.6}]}""";
        assertThatThrownBy(() -> CampaignConfig.parse(Json.read(mixture))).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.issues()).singleElement().satisfies(i -> {
                    assertThat(i.field()).isEqualTo("constraints");
                    assertThat(i.message()).contains("summing to 1");
                }));
    }
}
