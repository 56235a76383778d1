package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.InvalidInput;
import org.matdx.jobs.JobHandler;

/**
 * Substitution screening (元素代替): replace the risky elements of a composition by chemically
 * similar ones, wholly or in part, predict the target property with its uncertainty, score the
 * supply risk, and keep the Pareto front of property against risk.
 */
public final class SubstitutionScreen {
    private static final int BATCH = 256;

    private final ResourceScorer scorer;

    public SubstitutionScreen(ResourceScorer scorer) {
        this.scorer = scorer;
    }

    /** One replacement: fraction {@code x} of element {@code from} becomes {@code to}. */
    public record Step(Element from, Element to, double x) {
        @Override
        public String toString() {
            return from.symbol() + "→" + to.symbol() + " " + percent(x);
        }
    }

    /** A planned substitution: the composition and how it was made. */
    public record Plan(Composition composition, String change) {
    }

    /** The elements a screen replaces when none are named: those whose own risk is worse than the composition's. */
    public List<Element> riskyElements(Composition start, ResourceMetric risk) {
        OptionalDouble whole = risk.of(scorer.score(start));
        if (whole.isEmpty()) {
            throw new InvalidInput("risk", "the risk score " + risk.code() + " cannot be computed for "
                    + start.reducedFormula() + " (" + missing(scorer.score(start), risk)
                    + "); name the elements to replace or choose another risk score");
        }
        List<Element> out = new ArrayList<>();
        for (Element e : start.elements()) {
            OptionalDouble own = risk.of(scorer.score(Composition.of(Map.of(e, 1.0))));
            if (own.isPresent() && badness(risk, own.getAsDouble()) > badness(risk, whole.getAsDouble()) + 1e-12) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every composition the request asks for, without predicting anything (cheap: use it to size a screen). */
    public List<Plan> plan(ScreenRequest r) {
        List<Element> replace = r.replace().isEmpty() ? riskyElements(r.start(), r.risk()) : r.replace();
        Map<String, Plan> plans = new LinkedHashMap<>();
        List<List<Step>> perElement = new ArrayList<>();
        for (Element e : replace) {
            Set<Element> subs = new LinkedHashSet<>(Substitutes.of(e, r.sameGroup(), r.mendeleevWindow()));
            subs.addAll(r.extra());
            subs.remove(e);
            List<Step> mine = new ArrayList<>();
            for (Element s : subs) {
                for (double x : r.fractions()) {
                    Step step = new Step(e, s, x);
                    Composition c = substitute(r.start(), step);
                    mine.add(step);
                    plans.putIfAbsent(key(c), new Plan(c, step.toString()));
                }
            }
            perElement.add(mine);
        }
        if (r.pairs()) {
            for (int i = 0; i < perElement.size(); i++) {
                for (int j = i + 1; j < perElement.size(); j++) {
                    for (Step p : perElement.get(i)) {
                        for (Step q : perElement.get(j)) {
                            if (q.to() == p.from() || p.to() == q.from()) {
                                continue; // would undo or feed the other substitution
                            }
                            Composition c = substitute(substitute(r.start(), p), q);
                            plans.putIfAbsent(key(c), new Plan(c, p + ", " + q));
                        }
                    }
                }
            }
        }
        plans.remove(key(r.start()));
        if (plans.size() > r.maxCandidates()) {
            throw new InvalidInput(null, "this screen would evaluate " + plans.size()
                    + " compositions, more than the limit of " + r.maxCandidates()
                    + "; replace fewer elements, use fewer fractions or a smaller Mendeleev window");
        }
        return List.copyOf(plans.values());
    }

    public ScreenResult run(ScreenRequest r, PropertyPredictor model, JobHandler.Progress progress) {
        List<Element> replaced = r.replace().isEmpty() ? riskyElements(r.start(), r.risk()) : r.replace();
        List<Plan> plans = plan(r);
        ScreenCandidate start = evaluate(r, new Plan(r.start(), "start"), model.predict(r.start()));
        List<ScreenCandidate> all = new ArrayList<>(plans.size() + 1);
        all.add(start);
        for (int i = 0; i < plans.size(); i += BATCH) {
            if (progress.cancelled()) {
                throw new CancellationException("the screen was cancelled");
            }
            List<Plan> batch = plans.subList(i, Math.min(plans.size(), i + BATCH));
            List<Prediction> predictions = model.predict(batch.stream().map(Plan::composition).toList());
            for (int k = 0; k < batch.size(); k++) {
                all.add(evaluate(r, batch.get(k), predictions.get(k)));
            }
            int done = Math.min(plans.size(), i + BATCH);
            progress.report((double) done / Math.max(1, plans.size()), done + " of " + plans.size() + " compositions");
        }
        int unknown = (int) all.stream().filter(c -> !c.riskKnown()).count();
        return new ScreenResult(model.name(), model.property(), model.unit(), r, start, front(all, r.risk()),
                plans.size(), unknown, replaced.stream().map(Element::symbol).toList());
    }

    private ScreenCandidate evaluate(ScreenRequest r, Plan p, Prediction pred) {
        CompositionScores s = scorer.score(p.composition());
        OptionalDouble risk = r.risk().of(s);
        double utility = switch (r.goal()) {
            case MAXIMIZE -> pred.mean() - r.kappa() * pred.std();
            case MINIMIZE -> -(pred.mean() + r.kappa() * pred.std());
            case TARGET -> -(Math.abs(pred.mean() - r.target()) + r.kappa() * pred.std());
        };
        return new ScreenCandidate(p.composition(), p.change(), pred, utility, risk.orElse(Double.NaN), s);
    }

    /**
     * The non-dominated candidates: none other has both a better (or equal) utility and a lower
     * (or equal) risk with at least one strictly better. Lowest risk first.
     */
    public static List<ScreenCandidate> front(List<ScreenCandidate> all, ResourceMetric risk) {
        List<ScreenCandidate> known = new ArrayList<>(all.stream().filter(ScreenCandidate::riskKnown).toList());
        known.sort(Comparator.comparingDouble((ScreenCandidate c) -> badness(risk, c.risk()))
                .thenComparing(Comparator.comparingDouble(ScreenCandidate::utility).reversed()));
        List<ScreenCandidate> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (ScreenCandidate c : known) {
            if (c.utility() > best) {
                front.add(c);
                best = c.utility();
            }
        }
        return front;
    }

    static double badness(ResourceMetric m, double v) {
        return m.lowerIsBetter() ? v : -v;
    }

    static Composition substitute(Composition c, Step s) {
        Map<Element, Double> m = new LinkedHashMap<>(c.amounts());
        double a = m.getOrDefault(s.from(), 0.0);
        if (s.x() >= 1) {
            m.remove(s.from());
        } else {
            m.put(s.from(), a * (1 - s.x()));
        }
        m.merge(s.to(), a * s.x(), Double::sum);
        return Composition.of(m);
    }

    /** The same proportions give the same key: Li0.5Co0.5O and LiCoO2 differ, LiCoO2 and Li2Co2O4 do not. */
    static String key(Composition c) {
        TreeMap<String, String> t = new TreeMap<>();
        c.atomicFractions().forEach((e, f) -> t.put(e.symbol(), String.format(Locale.ROOT, "%.9f", f)));
        return t.toString();
    }

    private static String percent(double x) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * x);
    }

    private static String missing(CompositionScores s, ResourceMetric m) {
        return m.score(s).filter(x -> x instanceof Score.Missing).map(x -> ((Score.Missing) x).message())
                .orElse("missing data");
    }
}
