package org.matdx.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a campaign has reached one of its own stopping rules — a target value, a budget of run
 * experiments (failures count: they cost a run), or expected improvement below a threshold for
 * {@code patience} rounds — and which one, in words for the record. Pure: the trials decide.
 */
final class StoppingRules {
    /** The rule that fired (its config name) and why, as the campaign page and the audit trail say it. */
    record Stop(String rule, String reason) {
    }

    private StoppingRules() {
    }

    static Optional<Stop> check(Campaign c, List<Trial> trials) {
        CampaignConfig.StopRules rules = c.config().stop();
        Optional<Trial> top = c.config().best(trials);
        if (rules.target() != null && top.isPresent()) {
            double best = top.get().value();
            boolean reached = c.config().maximise() ? best >= rules.target() : best <= rules.target();
            if (reached) {
                return Optional.of(new Stop("target", String.format(Locale.ROOT, "trial %d reached %s = %.4g (target %s)",
                        top.get().seq(), c.config().objective(), best, rules.target())));
            }
        }
        long run = trials.stream().filter(t -> t.status().run()).count();
        if (rules.budget() != null && run >= rules.budget()) {
            return Optional.of(new Stop("budget", run + " experiments run (budget " + rules.budget() + ")"));
        }
        if (rules.eiThreshold() != null) {
            // the largest expected improvement of each finished model-based round
            Map<Integer, Double> byRound = new LinkedHashMap<>();
            for (Trial t : trials) {
                if (t.acquisition() != null && !t.open()) {
                    byRound.merge(t.round(), t.acquisition(), Math::max);
                }
            }
            List<Double> last = new ArrayList<>(byRound.values());
            int k = rules.patience();
            if (last.size() >= k && last.subList(last.size() - k, last.size()).stream().allMatch(x -> x < rules.eiThreshold())) {
                return Optional.of(new Stop("expected_improvement", String.format(Locale.ROOT,
                        "expected improvement below %s for %d consecutive rounds (last %.3g)", rules.eiThreshold(), k,
                        last.get(last.size() - 1))));
            }
        }
        return Optional.empty();
    }
}
