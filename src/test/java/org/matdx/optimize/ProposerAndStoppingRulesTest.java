package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/**
 * The proposer and the stopping rules are pure: the campaign's configuration and its trials
 * decide, with no database, caller or clock — so they are tested here on plain records.
 */
class ProposerAndStoppingRulesTest {
    private static final UUID ID = new UUID(7, 11);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Campaign campaign(String stop) {
        CampaignConfig cfg = CampaignConfig.parse(Json.read("""
                {"name": "pure", "parameters": [
                   {"name": "x", "type": "continuous", "low": 0, "high": 1},
                   {"name": "y", "type": "continuous", "low": 0, "high": 1}],
                 "constraints": [{"terms": {"x": 1, "y": 1}, "le": 1.2}],
                 "objective": {"name": "yield", "goal": "maximise"}, "batch": 3, "initial": 4,
                 "stop": %s}""".formatted(stop)));
        return new Campaign(ID, new UUID(1, 1), "pure", cfg, CampaignStatus.ACTIVE, null, null, null, T0, T0);
    }

    private static Trial trial(int seq, int round, double x, double y, TrialStatus status, Double value, Double acquisition) {
        JsonNode params = Json.object().put("x", x).put("y", y);
        JsonNode results = value == null ? null : Json.object().put("yield", value);
        return new Trial(new UUID(3, seq), ID, seq, round, params, status, value, results,
                status == TrialStatus.FAILED ? "clogged" : null, acquisition, null, T0, T0);
    }

    @Test
    void theSameTrialsGiveTheSameBatchAndNothingTriedTwiceOrOutsideTheConstraints() {
        Campaign c = campaign("{\"budget\": 30}");
        List<Trial> trials = new ArrayList<>();
        int seq = 0;
        for (int round = 1; round <= 4; round++) {
            Proposer.Proposal p = Proposer.next(c, trials);
            Proposer.Proposal again = Proposer.next(c, trials);
            assertThat(p.round()).isEqualTo(round);
            assertThat(p.suggestions()).hasSize(3);
            assertThat(again.suggestions().stream().map(s -> s.params().toString()).toList())
                    .isEqualTo(p.suggestions().stream().map(s -> s.params().toString()).toList());
            for (Proposer.Suggestion s : p.suggestions()) {
                double x = s.params().get("x").asDouble();
                double y = s.params().get("y").asDouble();
                assertThat(x + y).as("the linear constraint").isLessThanOrEqualTo(1.2 + 1e-9);
                // a smooth objective peaking at (0.5, 0.5); the second of each batch fails, as runs do
                boolean fails = trials.size() % 3 == 1;
                double v = 1 - (x - 0.5) * (x - 0.5) - (y - 0.5) * (y - 0.5);
                trials.add(trial(++seq, round, x, y, fails ? TrialStatus.FAILED : TrialStatus.COMPLETED, fails ? null : v,
                        s.acquisition()));
            }
        }
        Set<String> seen = new HashSet<>();
        for (Trial t : trials) {
            assertThat(seen.add(t.params().toString())).as("proposed twice: " + t.params()).isTrue();
        }
        // after the initial design the model proposes, with an acquisition value
        assertThat(trials.subList(6, 12)).allMatch(t -> t.acquisition() != null);
    }

    @Test
    void aPoolRunsOutWithAReason() {
        CampaignConfig cfg = CampaignConfig.parse(Json.read("""
                {"name": "pool", "parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1}],
                 "objective": {"name": "yield"}, "batch": 2, "stop": {"budget": 10},
                 "candidates": [{"x": 0.1}, {"x": 0.5}]}"""));
        Campaign c = new Campaign(ID, new UUID(1, 1), "pool", cfg, CampaignStatus.ACTIVE, null, null, null, T0, T0);
        Proposer.Proposal first = Proposer.next(c, List.of());
        assertThat(first.suggestions()).hasSize(2);
        List<Trial> trials = List.of(
                new Trial(new UUID(3, 1), ID, 1, 1, first.suggestions().get(0).params(), TrialStatus.COMPLETED, 1.0,
                        Json.object().put("yield", 1.0), null, null, null, T0, T0),
                new Trial(new UUID(3, 2), ID, 2, 1, first.suggestions().get(1).params(), TrialStatus.ABANDONED, null, null,
                        "furnace fault", null, null, T0, T0));
        Proposer.Proposal next = Proposer.next(c, trials);
        assertThat(next.suggestions()).isEmpty();
        assertThat(next.exhausted()).isEqualTo("every candidate has been tried");
    }

    @Test
    void budgetCountsFailuresButNotOpenOrAbandonedTrials() {
        Campaign c = campaign("{\"budget\": 3}");
        List<Trial> trials = new ArrayList<>(List.of(
                trial(1, 1, 0.1, 0.1, TrialStatus.COMPLETED, 0.5, null),
                trial(2, 1, 0.2, 0.2, TrialStatus.FAILED, null, null),
                trial(3, 1, 0.3, 0.3, TrialStatus.ABANDONED, null, null),
                trial(4, 1, 0.4, 0.4, TrialStatus.RUNNING, null, null)));
        assertThat(StoppingRules.check(c, trials)).isEmpty();
        trials.add(trial(5, 2, 0.6, 0.6, TrialStatus.FAILED, null, null));
        assertThat(StoppingRules.check(c, trials)).contains(new StoppingRules.Stop("budget", "3 experiments run (budget 3)"));
    }

    @Test
    void aTargetStopsBeforeTheBudgetAndNamesTheTrial() {
        Campaign c = campaign("{\"budget\": 2, \"target\": 0.9}");
        var stop = StoppingRules.check(c, List.of(trial(1, 1, 0.1, 0.1, TrialStatus.COMPLETED, 0.5, null),
                trial(2, 1, 0.5, 0.5, TrialStatus.COMPLETED, 0.95, null)));
        assertThat(stop).contains(new StoppingRules.Stop("target", "trial 2 reached yield = 0.9500 (target 0.9)"));
    }

    @Test
    void expectedImprovementMustStayLowForPatienceRounds() {
        Campaign c = campaign("{\"ei_threshold\": 0.01, \"patience\": 2}");
        List<Trial> trials = new ArrayList<>(List.of(
                trial(1, 1, 0.1, 0.1, TrialStatus.COMPLETED, 0.5, 0.2),
                trial(2, 2, 0.2, 0.2, TrialStatus.COMPLETED, 0.6, 0.005)));
        assertThat(StoppingRules.check(c, trials)).isEmpty();
        // an open trial's acquisition does not count until it has run
        trials.add(trial(3, 3, 0.3, 0.3, TrialStatus.APPROVED, null, 0.001));
        assertThat(StoppingRules.check(c, trials)).isEmpty();
        trials.set(2, trial(3, 3, 0.3, 0.3, TrialStatus.COMPLETED, 0.61, 0.001));
        assertThat(StoppingRules.check(c, trials)).map(StoppingRules.Stop::rule).contains("expected_improvement");
    }
}
