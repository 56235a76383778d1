package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;

/** A campaign's config from a request is read by {@code JsonFields}; one stored by earlier code still loads. */
class CampaignConfigReadingTest {
    /**
     * A config as {@code CampaignStore} keeps it (the request body as sent), in spellings the reader
     * of 2026-12-05 accepted: a name and an acquisition not sent as text, "true" as a text, a number as
     * a text in a discrete list, a null stop target, fields MatDX never read.
     */
    static final String STORED = """
            {"name": 2024, "notes": "furnace B",
             "parameters": [{"name": "T", "type": "continuous", "low": 600, "high": 1400, "log": "no", "comment": "°C"},
                            {"name": "n", "type": "discrete", "values": [1, "2", 3]},
                            {"name": "atmosphere", "type": "categorical", "options": ["air", "argon", 7]}],
             "objective": {"name": "density", "goal": "MAXIMISE", "unit": "%", "colour": "red"},
             "stop": {"budget": 20, "ei_threshold": null}, "approval": "true", "batch": 2, "simulator": null}""";

    @Test
    void aConfigStoredByEarlierCodeStillLoads() {
        CampaignConfig c = CampaignConfig.parse(Json.read(STORED));
        assertThat(c.name()).isEqualTo("2024");
        assertThat(c.space().parameters()).hasSize(3);
        assertThat(c.approval()).isTrue(); // Jackson reads the text "true" as true
        assertThat(c.batch()).isEqualTo(2);
        assertThat(c.maximise()).isTrue();
        assertThat(c.stop().budget()).isEqualTo(20);
        assertThat(c.simulator()).isNotNull(); // "simulator": null was read as the default peak
        // a "budget": null was read as 0 (a campaign that stopped at once); it still loads so
        CampaignConfig stopped = CampaignConfig.parse(Json.read("""
                {"name": "x", "parameters": [{"name": "t", "low": 0, "high": 1}], "objective": {"name": "y"},
                 "stop": {"budget": null}}"""));
        assertThat(stopped.stop().budget()).isZero();
    }

    @Test
    void aRequestIsReadStrictlyEveryProblemOnceWithItsPointer() {
        assertThatThrownBy(() -> CampaignConfig.read(Json.read(STORED))).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.issues()).extracting(Problem.Issue::pointer).containsExactly("/name", "/parameters/0/log",
                        "/parameters/0/comment", "/parameters/1/values/1", "/parameters/2/options/2", "/objective/colour",
                        "/approval", "/notes"));
        // the problems of every part in one answer, each once: before, the first of several throws stopped the others
        String body = """
                {"name": "sintering", "batch": 0, "composition_base": "Xx2",
                 "parameters": [{"name": "Li", "low": 0, "high": 1}, {"name": "x", "low": 0, "high": 1},
                                {"name": "y", "low": "0", "high": 1e300, "unit": "a unit of more than twenty characters"},
                                {"name": "z", "low": 2, "high": 1}],
                 "objective": {"name": "density", "goal": "sideways"},
                 "stop": {"target": "high", "patience": 0},
                 "constraints": [{"terms": {"x": 1, "w": 2}, "le": "ten", "lt": 3}],
                 "resource_limits": [{"metric": "hhi_production"}],
                 "transfer": ["9b2f0c1e-0000-4000-8000-000000000000", "earlier"]}""";
        assertThatThrownBy(() -> CampaignConfig.read(Json.read(body))).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.issues()).extracting(Problem.Issue::field).containsExactly("parameters[2].unit",
                    "parameters[2].low", "parameters[2].high", "parameters[3]", "objective.goal", "batch", "stop.target",
                    "stop.patience", "constraints[0].terms.w", "constraints[0].le", "constraints[0].lt", "composition_base",
                    "resource_limits", "transfer[1]");
            assertThat(p.issues()).extracting(Problem.Issue::pointer).contains("/parameters/2/low", "/parameters/3",
                    "/constraints/0/terms/w", "/transfer/1");
            assertThat(p.issues()).filteredOn(i -> i.field().equals("parameters[3]")).singleElement()
                    .satisfies(i -> assertThat(i.message()).isEqualTo("z: high must be above low"));
        });
        // a pool row that is not in the space is said where it is
        String pool = """
                {"name": "p", "parameters": [{"name": "x", "low": 0, "high": 1}, {"name": "s", "type": "categorical",
                 "options": ["a", "b"]}], "objective": {"name": "y"}, "stop": {"budget": 3},
                 "candidates": [[0.5, "a"], ["half", "b"], [0.1, "c"]]}""";
        assertThatThrownBy(() -> CampaignConfig.read(Json.read(pool))).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.issues()).extracting(Problem.Issue::field).containsExactly("candidates[1]", "candidates[2]"));
    }
}
