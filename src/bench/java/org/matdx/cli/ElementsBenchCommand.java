package org.matdx.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryKind;
import org.matdx.core.Ids;
import org.matdx.core.Outcome;
import org.matdx.elementstrategy.LinearBaseline;
import org.matdx.elementstrategy.ResourceMetric;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.ScreenRequest;
import org.matdx.elementstrategy.SubstitutionScreen;
import org.matdx.jobs.JobHandler;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code matdx elements bench}: throughput of composition scoring, of storing entries with and
 * without their scores (in transactions that are rolled back, so the database is left as it was),
 * and of substitution screening. Figures go to docs/BENCHMARKS.md.
 */
@Command(name = "bench", description = "Measure element-strategy scoring, scoring on insert and screening (leaves no data behind).")
final class ElementsBenchCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--entries", defaultValue = "5000", description = "Entries per insert run (default: ${DEFAULT-VALUE}).")
    int entries;

    private static final String[] POOL = {"Li2O", "LiCoO2", "LiFePO4", "Nd2Fe14B", "LiNi0.8Mn0.1Co0.1O2", "Li7La3Zr2O12",
            "BaTiO3", "SrTiO3", "In1.8Sn0.2O3", "CuInGaSe2", "Bi2Te3", "MgAl2O4", "Y3Al5O12", "SmCo5", "ZnO"};

    /**
     * It measures on a fresh data directory (docs/BENCHMARKS.md) and leaves no data behind. A
     * benchmark is its own wiring, as a test is: it opens the platform itself.
     */
    @Override
    public Integer call() {
        try (Platform p = Platform.start(db.config(true, true).withDemo(false).withWorkers(0))) {
            return run(p);
        }
    }

    private int run(Platform p) {
        ResourceScorer scorer = p.resourceScorer();
        List<Composition> comps = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            comps.add(Composition.parse(POOL[rnd.nextInt(POOL.length)]));
        }
        for (int warm = 0; warm < 3; warm++) {
            comps.forEach(scorer::score);
        }
        long t0 = System.nanoTime();
        int rounds = 10;
        for (int r = 0; r < rounds; r++) {
            comps.forEach(scorer::score);
        }
        double perSecond = rounds * comps.size() / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "score compositions (in memory)       %,12.0f compositions/s%n", perSecond);

        insertRun(p, false); // warm-up
        double plain = insertRun(p, false);
        double scored = insertRun(p, true);
        System.out.printf(Locale.ROOT, "store entries, no scores            %,12.0f entries/s (%d per transaction, rolled back)%n", plain, entries);
        System.out.printf(Locale.ROOT, "store entries with scores (V60)     %,12.0f entries/s (%.0f %% of the plain rate)%n", scored, 100 * scored / plain);

        List<Composition> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        String[][] gaps = {{"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"},
                {"MgO", "7.8"}, {"Al2O3", "8.8"}, {"SiO2", "8.9"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"},
                {"Cu2O", "2.17"}, {"CuO", "1.2"}, {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"BaTiO3", "3.2"}, {"SrTiO3", "3.25"}};
        for (String[] g : gaps) {
            x.add(Composition.parse(g[0]));
            y.add(Double.parseDouble(g[1]));
        }
        LinearBaseline model = LinearBaseline.fit("bench", "band_gap", "eV", x, y);
        ScreenRequest r = new ScreenRequest(Composition.parse("LiNi0.8Mn0.1Co0.1O2"), List.of(), List.of(), true, 3,
                ScreenRequest.DEFAULT_FRACTIONS, true, ResourceMetric.HHI_PRODUCTION,
                ScreenRequest.Goal.MAXIMIZE, Double.NaN, 0, ScreenRequest.DEFAULT_MAX);
        SubstitutionScreen screen = new SubstitutionScreen(scorer);
        JobHandler.Progress quiet = new JobHandler.Progress() {
            @Override
            public void report(double fraction, String message) {
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        screen.run(r, model, quiet); // warm-up
        long s0 = System.nanoTime();
        var result = screen.run(r, model, quiet);
        double secs = (System.nanoTime() - s0) / 1e9;
        System.out.printf(Locale.ROOT, "screen NMC811 (pairs, ±3, 4 fractions) %,10d compositions in %.2f s = %,.0f compositions/s; front %d%n",
                result.evaluated(), secs, result.evaluated() / secs, result.front().size());
        return 0;
    }

    /** Inserts entries in one transaction and rolls it back; returns entries per second. */
    private double insertRun(Platform p, boolean withScores) {
        var admin = Bootstrap.ensureAdmin(p);
        long[] nanos = new long[1];
        try {
            p.db().run(h -> {
                var now = p.config().clock().instant();
                Dataset d = new Dataset(Ids.newId(), "bench (rolled back)", "", "CC0-1.0", admin.id(), null, null,
                        new AccessSettings(AccessLevel.PRIVATE, null, false), now, now);
                p.datasets().insert(h, d);
                List<Entry> batch = new ArrayList<>();
                for (int i = 0; i < entries; i++) {
                    batch.add(new Entry(Ids.newId(), d.id(), EntryKind.PROPERTY_ROW, "bench " + i,
                            Composition.parse(POOL[i % POOL.length]), null, null, null, null, null, null, null,
                            Outcome.SUCCEEDED, admin.id(), now, now));
                }
                long t = System.nanoTime();
                p.entries().insertAll(h, batch, withScores ? List.of(p.resourceIndex().derived()) : List.of());
                nanos[0] = System.nanoTime() - t;
                throw new RollBack();
            });
        } catch (RollBack expected) {
            // the point: nothing stays
        }
        return entries / (nanos[0] / 1e9);
    }

    private static final class RollBack extends RuntimeException {
        RollBack() {
            super("rolled back on purpose", null, false, false);
        }
    }
}
