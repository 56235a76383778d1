package org.matdx.cli.bench;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.diffraction.Candidate;
import org.matdx.diffraction.Identification;
import org.matdx.diffraction.MeasuredPattern;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.diffraction.PowderDiffraction;
import org.matdx.diffraction.Profiles;
import org.matdx.diffraction.Radiation;
import org.matdx.diffraction.ReferencePhases;
import org.matdx.diffraction.Simulation;
import org.matdx.diffraction.StickPattern;
import org.matdx.diffraction.SyntheticPatterns;
import org.matdx.formats.cif.CifReader;

/**
 * Phase identification on synthetic mixtures: 1-3 phases drawn from the shipped reference phases,
 * random weight fractions (each at least {@link #MIN_FRACTION}), each phase with its own cell strain,
 * broadening and (for half of them) preferred orientation, Cu Kα1+Kα2, zero shift, displacement,
 * background with an amorphous hump, counting noise. Identified twice: against the references alone,
 * and against the references among decoys (isostructural compounds with other elements and cells
 * 1.5-6 % away, none with its strong lines on a reference's) up to the requested number of candidates.
 * Reports top-1 identification (the phase ranked first is in the mixture), whether it is the main
 * phase, exact phase sets, phases found and false ones, weight-fraction MAE (over every true and
 * reported phase, a missed or false one counting in full) and CPU time per pattern.
 */
public final class XrdBenchmark {
    static final double MIN_FRACTION = 0.05;
    /** Time is measured as the thread's CPU time: the machine is shared, and wall-clock time would measure the neighbours. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private XrdBenchmark() {
    }

    public record Options(int mixtures, int candidates, long seed, boolean verbose, PrintStream out) {
    }

    /** The outcome with one candidate set. */
    public record Result(String label, int candidates, int mixtures, double top1, double mainFirst, double exactSets, double maeWt,
                         double maeWtFound, double msPerPatternMean, double msPerPatternP95, double recallPhases,
                         double falsePhases) {
    }

    /** A mixture and what identification made of it. */
    record Trial(Map<String, Double> truth, Identification found, double millis) {
    }

    public static List<Result> run(Options o) throws Exception {
        Radiation cu = Radiation.CU_KA;
        Simulation sim = new Simulation(cu.kAlpha1(), 8, 92, Map.of(), null);
        List<Candidate> references = new ArrayList<>();
        Map<String, Structure> structures = new LinkedHashMap<>();
        for (ReferencePhases.Reference r : ReferencePhases.all()) {
            Structure s = new CifReader().read(r.file(), new ByteArrayInputStream(ReferencePhases.bytes(r))).get(0).structure();
            structures.put(r.key(), s);
            references.add(new Candidate(r.key(), r.name(), s.composition().reducedFormula(), PowderDiffraction.simulate(s, sim)));
        }
        SplittableRandom rnd = new SplittableRandom(o.seed());
        List<Candidate> decoys = decoys(structures, o.candidates() - references.size(), sim, rnd.split());
        List<Candidate> all = new ArrayList<>(references);
        all.addAll(decoys);
        o.out().printf(Locale.ROOT, "%d reference phases, %d decoys; %d mixtures%n", references.size(), decoys.size(), o.mixtures());
        List<List<SyntheticPatterns.Component>> mixtures = new ArrayList<>();
        List<MeasuredPattern> patterns = new ArrayList<>();
        for (int i = 0; i < o.mixtures(); i++) {
            SplittableRandom r = rnd.split();
            List<SyntheticPatterns.Component> mix = mixture(references, r);
            mixtures.add(mix);
            patterns.add(SyntheticPatterns.pattern(mix, scan(r), r));
        }
        List<Result> results = new ArrayList<>();
        results.add(evaluate("references only", references, mixtures, patterns, o));
        if (!decoys.isEmpty()) {
            results.add(evaluate("references among decoys", all, mixtures, patterns, o));
        }
        return results;
    }

    private static Result evaluate(String label, List<Candidate> candidates, List<List<SyntheticPatterns.Component>> mixtures,
                                   List<MeasuredPattern> patterns, Options o) {
        PrintStream out = o.out();
        // one unmeasured run first, so that the JIT has compiled the hot loops
        PhaseIdentifier.identify(patterns.get(0), candidates, PhaseIdentifier.Options.DEFAULT);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            Map<String, Double> truth = new LinkedHashMap<>();
            for (SyntheticPatterns.Component c : mixtures.get(i)) {
                truth.merge(key(c.sticks(), candidates), c.weightFraction(), Double::sum);
            }
            long t0 = CPU.getCurrentThreadCpuTime();
            Identification id = PhaseIdentifier.identify(patterns.get(i), candidates, PhaseIdentifier.Options.DEFAULT);
            double ms = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
            trials.add(new Trial(truth, id, ms));
            if (o.verbose()) {
                StringBuilder sb = new StringBuilder();
                id.phases().forEach(p -> sb.append(String.format(Locale.ROOT, " %s=%.3f", p.id(), p.weightFraction())));
                StringBuilder rk = new StringBuilder();
                id.ranking().stream().limit(5).forEach(p -> rk.append(String.format(Locale.ROOT, " %s:%.0f", p.id(), p.score())));
                StringBuilder tr = new StringBuilder();
                truth.forEach((k, v) -> tr.append(String.format(Locale.ROOT, " %s=%.3f", k, v)));
                out.printf(Locale.ROOT, "%3d truth%s | found%s | Rwp %.3f GoF %.2f | %.0f ms CPU | rank%s%n", i, tr, sb, id.quality().rwp(),
                        id.quality().gof(), ms, rk);
            }
            if ((i + 1) % 50 == 0) {
                out.printf(Locale.ROOT, "  %s: %d of %d patterns%n", label, i + 1, patterns.size());
            }
        }
        int top1 = 0;
        int mainFirst = 0;
        int exact = 0;
        double absErr = 0;
        int counted = 0;
        double absErrFound = 0;
        int countedFound = 0;
        int truePhases = 0;
        int found = 0;
        int falsePhases = 0;
        double[] times = new double[trials.size()];
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            times[i] = t.millis();
            String main = t.truth().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            List<Identification.Phase> ph = t.found().phases();
            if (!ph.isEmpty() && t.truth().containsKey(ph.get(0).id())) {
                top1++;
            }
            if (!ph.isEmpty() && ph.get(0).id().equals(main)) {
                mainFirst++;
            }
            Map<String, Double> got = new HashMap<>();
            ph.forEach(p -> got.merge(p.id(), p.weightFraction(), Double::sum));
            if (got.keySet().equals(t.truth().keySet())) {
                exact++;
            }
            Set<String> union = new HashSet<>(got.keySet());
            union.addAll(t.truth().keySet());
            for (String k : union) {
                absErr += Math.abs(got.getOrDefault(k, 0.0) - t.truth().getOrDefault(k, 0.0));
                counted++;
            }
            for (var e : t.truth().entrySet()) {
                truePhases++;
                if (got.containsKey(e.getKey())) {
                    found++;
                    absErrFound += Math.abs(got.get(e.getKey()) - e.getValue());
                    countedFound++;
                }
            }
            falsePhases += (int) got.keySet().stream().filter(k -> !t.truth().containsKey(k)).count();
        }
        Arrays.sort(times);
        double mean = Arrays.stream(times).average().orElse(0);
        double p95 = times[Math.min(times.length - 1, (int) Math.ceil(0.95 * times.length) - 1)];
        int n = trials.size();
        return new Result(label, candidates.size(), n, (double) top1 / n, (double) mainFirst / n, (double) exact / n, 100 * absErr / counted,
                100 * absErrFound / Math.max(1, countedFound), mean, p95, (double) found / truePhases, (double) falsePhases / n);
    }

    /** The candidate a simulated component came from (by identity of its stick pattern). */
    private static String key(StickPattern s, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.sticks() == s) {
                return c.id();
            }
        }
        throw new IllegalStateException("component without candidate");
    }

    private static List<SyntheticPatterns.Component> mixture(List<Candidate> refs, SplittableRandom r) {
        int n = 1 + r.nextInt(3);
        List<Candidate> pool = new ArrayList<>(refs);
        List<Candidate> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chosen.add(pool.remove(r.nextInt(pool.size())));
        }
        double[] w;
        do {
            w = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                w[i] = -Math.log(Math.max(1e-12, r.nextDouble())); // Dirichlet(1, …, 1)
                sum += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= sum;
            }
        } while (Arrays.stream(w).min().orElse(1) < MIN_FRACTION);
        List<SyntheticPatterns.Component> out = new ArrayList<>();
        int[][] axes = {{0, 0, 1}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {0, 1, 0}};
        for (int i = 0; i < n; i++) {
            boolean po = r.nextBoolean();
            out.add(new SyntheticPatterns.Component(chosen.get(i).sticks(), w[i], (r.nextDouble() - 0.5) * 0.006,
                    r.nextDouble() * 0.08, po ? axes[r.nextInt(axes.length)] : null, po ? 0.8 + 0.2 * r.nextDouble() : 1));
        }
        return out;
    }

    private static SyntheticPatterns.Scan scan(SplittableRandom r) {
        Profiles.Shape shape = new Profiles.Shape((r.nextDouble() - 0.5) * 0.2, (r.nextDouble() - 0.5) * 0.1,
                0.004 + 0.01 * r.nextDouble(), -0.004 * r.nextDouble(), 0.002 + 0.004 * r.nextDouble(), 0.3 + 0.4 * r.nextDouble());
        return new SyntheticPatterns.Scan(10, 90, 0.02, Radiation.CU_KA, shape, 5_000 + 15_000 * r.nextDouble(),
                100 + 400 * r.nextDouble(), 150 * r.nextDouble());
    }

    /** Elements that take each other's places in isostructural compounds (rough chemical families). */
    private static final String[][] FAMILIES = {
            {"Li", "Na", "K", "Rb", "Cs", "Ag", "Cu"}, {"Mg", "Ca", "Sr", "Ba", "Zn", "Cd", "Mn", "Fe", "Co", "Ni"},
            {"Al", "Ga", "In", "Sc", "Y", "Cr", "Fe", "V", "Ti", "Mn", "La", "Nd"}, {"Ti", "Zr", "Hf", "Sn", "Ge", "Si", "Ce", "Mn", "Pb"},
            {"O", "S", "Se"}, {"F", "Cl", "Br", "I"}, {"N", "P", "As", "Sb"}, {"C", "Si", "Ge", "B"},
            {"W", "Mo", "Nb", "Ta", "V", "Cr"}, {"Cu", "Ag", "Au", "Ni", "Pd", "Pt", "Al", "Rh", "Ir"}};

    /**
     * Decoys: each reference's structure with elements swapped for family members and the cell scaled
     * by 1.5-6 % (c/a changed for non-cubic cells), so that no decoy sits on a reference's lines.
     */
    static List<Candidate> decoys(Map<String, Structure> refs, int count, Simulation sim, SplittableRandom r) {
        List<Candidate> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(refs.keySet());
        int attempts = 0;
        while (out.size() < count && attempts++ < 20 * count) {
            String key = keys.get(r.nextInt(keys.size()));
            Structure s = refs.get(key);
            Map<Element, Element> swap = new HashMap<>();
            for (Element e : s.composition().elements()) {
                swap.put(e, substitute(e, r));
            }
            if (swap.entrySet().stream().allMatch(x -> x.getKey() == x.getValue())) {
                continue;
            }
            double f = (r.nextBoolean() ? 1 : -1) * (0.015 + 0.045 * r.nextDouble());
            double stretch = 1 + (r.nextDouble() - 0.5) * 0.06;
            Lattice l = s.lattice();
            boolean cubic = Math.abs(l.a() - l.c()) < 1e-6 && Math.abs(l.a() - l.b()) < 1e-6;
            Lattice moved = Lattice.fromParameters(l.a() * (1 + f), l.b() * (1 + f), l.c() * (1 + f) * (cubic ? 1 : stretch),
                    l.alpha(), l.beta(), l.gamma());
            List<Site> sites = new ArrayList<>();
            for (Site site : s.sites()) {
                Map<Element, Double> occ = new LinkedHashMap<>();
                site.occupancy().forEach((e, x) -> occ.merge(swap.get(e), x, Double::sum));
                sites.add(new Site(site.label(), occ, site.fractional()));
            }
            Structure d = new Structure(moved, sites);
            StickPattern sticks = PowderDiffraction.simulate(d, sim);
            if (sticks.peaks().isEmpty() || refs.values().stream().anyMatch(ref -> sameLines(sticks, ref, sim))) {
                continue;
            }
            out.add(new Candidate("decoy-" + out.size() + "-" + key, "decoy of " + key, d.composition().reducedFormula(), sticks));
        }
        return out;
    }

    private static final Map<Structure, double[]> STRONGEST = new IdentityHashMap<>();

    /**
     * Whether a decoy's strongest lines sit where a reference has lines (four of its six strongest within
     * 1.5 % in d, the cell change a fit may make): such a decoy differs from the reference only in intensities, which chemistry (the
     * sample's elements) rather than a pattern tells apart.
     */
    private static boolean sameLines(StickPattern decoy, Structure ref, Simulation sim) {
        double[] refD = STRONGEST.computeIfAbsent(ref, s -> PowderDiffraction.simulate(s, sim).peaks().stream()
                .filter(p -> p.relative() >= 5).mapToDouble(StickPattern.Peak::d).toArray());
        List<StickPattern.Peak> top = decoy.peaks().stream().sorted((a, b) -> Double.compare(b.intensity(), a.intensity())).limit(6).toList();
        int near = 0;
        for (StickPattern.Peak p : top) {
            for (double d : refD) {
                if (Math.abs(p.d() / d - 1) < 0.015) {
                    near++;
                    break;
                }
            }
        }
        return near >= Math.min(4, top.size());
    }

    private static Element substitute(Element e, SplittableRandom r) {
        List<String> options = new ArrayList<>();
        for (String[] fam : FAMILIES) {
            if (Arrays.asList(fam).contains(e.symbol())) {
                options.addAll(Arrays.asList(fam));
            }
        }
        if (options.isEmpty() || r.nextDouble() < 0.3) {
            return e;
        }
        return Elements.of(options.get(r.nextInt(options.size())));
    }

    public static void print(List<Result> results, PrintStream out) {
        out.printf(Locale.ROOT, "| candidates | mixtures | top-1 | main phase first | exact phase set | phases found | false phases "
                + "per pattern | wt%% MAE (all) | wt%% MAE (found) | CPU ms per pattern (mean) | p95 |%n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s (%d) | %d | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.2f | %.2f | %.2f | %.0f | %.0f |%n", r.label(),
                    r.candidates(), r.mixtures(), 100 * r.top1(), 100 * r.mainFirst(), 100 * r.exactSets(), 100 * r.recallPhases(), r.falsePhases(),
                    r.maeWt(), r.maeWtFound(), r.msPerPatternMean(), r.msPerPatternP95());
        }
    }
}
