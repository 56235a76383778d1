package org.matdx.leak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.matdx.core.Role;
import org.matdx.leak.LeakWorld.DatasetSpec;
import org.matdx.leak.LeakWorld.Spec;
import org.matdx.testing.TestPlatform;

/**
 * The leak suite: random people, groups, datasets, access levels, embargo dates (past, today,
 * future), co-workers, model-use-only flags, restricted files and published versions; every
 * endpoint in {@link EndpointProbes#ALL} is asked as every person and as nobody, and must
 * return, count and serve exactly what the access rules allow. New endpoints add a probe.
 */
class AccessLeakPropertyTest {
    static TestPlatform tp;
    static final AtomicInteger WORLDS = new AtomicInteger();

    @BeforeContainer
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterContainer
    static void stop() {
        tp.close();
    }

    /**
     * One world with every level side by side (embargo ahead and past, model-use-only, a reviewer and
     * a co-author), so that every rule is exercised on every run whatever the random worlds hold.
     */
    @Example
    void everyLevelInOneWorld() {
        Map<Integer, Role> lab = Map.of(1, Role.VIEWER, 2, Role.EDITOR);
        nothingHiddenIsReturnedCountedOrServed(new Spec(4, List.of(lab), List.of(
                new DatasetSpec(0, "embargoed", 0, 400, false, Map.of(3, "reviewer"), true, false),
                new DatasetSpec(1, "embargoed", -1, 400, false, Map.of(), true, true),
                new DatasetSpec(2, "embargoed", -1, -3, false, Map.of(), false, false),
                new DatasetSpec(1, "public", -1, 0, true, Map.of(2, "coauthor"), true, true),
                new DatasetSpec(2, "group", 0, 0, false, Map.of(), false, false),
                new DatasetSpec(3, "private", -1, 0, false, Map.of(0, "coauthor", 1, "reviewer"), true, false))));
    }

    // fewer random worlds than before the probes grew: each asks some 50 questions per viewer and dataset,
    // and the fixed world above already holds every level
    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void nothingHiddenIsReturnedCountedOrServed(@ForAll("worlds") Spec spec) {
        LeakWorld world = new LeakWorld(tp, "w" + WORLDS.incrementAndGet(), spec);
        // every probe runs, so that one run names every leak, not the first only
        Map<String, String> failures = new LinkedHashMap<>();
        for (LeakWorld.Viewer v : world.viewers()) {
            for (LeakWorld.Built d : world.datasets) {
                LeakWorld.Sight sight = world.expected(v, d);
                for (EndpointProbes.Probe p : EndpointProbes.ALL) {
                    try {
                        p.check().check(world, v, d, sight);
                    } catch (AssertionError e) {
                        failures.putIfAbsent(p.name(), "as " + v + " expecting " + sight + " of " + d.marker() + " " + d.spec()
                                + ": " + e.getMessage().lines().limit(3).reduce("", (a, b) -> a + " " + b.strip()));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder(failures.size() + " probe(s) failed in " + spec + ":");
            failures.forEach((probe, why) -> sb.append("\n- ").append(probe).append(' ').append(why));
            throw new AssertionError(sb.toString());
        }
    }

    @Provide
    Arbitrary<Spec> worlds() {
        int people = 4;
        Arbitrary<Map<Integer, Role>> group = Arbitraries.maps(Arbitraries.integers().between(0, people - 1),
                Arbitraries.of(Role.OWNER, Role.EDITOR, Role.VIEWER)).ofMaxSize(3);
        Arbitrary<List<Map<Integer, Role>>> groups = group.list().ofMinSize(1).ofMaxSize(2);
        return groups.flatMap(gs -> dataset(people, gs.size()).list().ofMinSize(2).ofMaxSize(4)
                .map(ds -> new Spec(people, gs, ds)));
    }

    static Arbitrary<DatasetSpec> dataset(int people, int groups) {
        Arbitrary<Integer> owner = Arbitraries.integers().between(0, people - 1);
        Arbitrary<String> level = Arbitraries.of("private", "group", "embargoed", "public");
        Arbitrary<Integer> group = Arbitraries.integers().between(-1, groups - 1);
        Arbitrary<Integer> embargo = Arbitraries.oneOf(Arbitraries.integers().between(-800, -1), Arbitraries.just(0),
                Arbitraries.integers().between(1, 1100));
        Arbitrary<Map<Integer, String>> coworkers = Arbitraries.maps(Arbitraries.integers().between(0, people - 1),
                Arbitraries.of("reviewer", "coauthor")).ofMaxSize(2);
        Arbitrary<Boolean> muo = Arbitraries.integers().between(0, 3).map(i -> i == 0);
        return Combinators.combine(owner, level, group, embargo, muo, coworkers, Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((o, l, g, e, m, c, pub, change) -> {
                    int grp = l.equals("group") && g < 0 ? 0 : g;
                    Map<Integer, String> cw = new LinkedHashMap<>(c);
                    cw.remove(o); // the owner is no co-worker of their own dataset
                    return new DatasetSpec(o, l, grp, l.equals("embargoed") ? e : 0, m, cw, pub, change);
                });
    }

    static List<String> probeNames() {
        List<String> n = new ArrayList<>();
        EndpointProbes.ALL.forEach(p -> n.add(p.name()));
        return n;
    }
}
