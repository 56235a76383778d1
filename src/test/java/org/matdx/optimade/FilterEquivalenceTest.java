package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.matdx.core.Caller;
import org.matdx.optimade.OptimadeFixtures.Site;
import org.matdx.optimade.filter.Filter;
import org.matdx.optimade.filter.Filter.Bool;
import org.matdx.optimade.filter.Filter.FuzzyOp;
import org.matdx.optimade.filter.Filter.Literal;
import org.matdx.optimade.filter.Filter.Num;
import org.matdx.optimade.filter.Filter.Op;
import org.matdx.optimade.filter.Filter.Predicate;
import org.matdx.optimade.filter.Filter.Quantifier;
import org.matdx.optimade.filter.Filter.Str;
import org.matdx.query.IndexWalk;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * For many random filters, the structures the SQL translation returns are exactly those a
 * straightforward in-memory evaluation of the filter over the same structures' attributes
 * selects ({@link InMemoryFilter}). Filters are generated type-correctly over every queryable
 * property, with values taken from the data so that comparisons hit as well as miss; unknown
 * values (a nullable Hill formula, a band gap only some structures have, another database's
 * property) are included, since that is where SQL's NULL logic and OPTIMADE's differ.
 */
class FilterEquivalenceTest {
    static TestPlatform tp;
    static Map<String, JsonNode> docs = new LinkedHashMap<>();
    static Map<String, List<Object>> values = new HashMap<>();
    static String hiddenId;

    static final List<String> STRINGS = List.of("id", "chemical_formula_reduced", "chemical_formula_anonymous",
            "chemical_formula_descriptive", "chemical_formula_hill", "_matdx_title", "_matdx_kind", "_matdx_outcome");
    static final List<String> INTEGERS = List.of("nelements", "nsites", "nperiodic_dimensions");
    static final List<String> STRING_LISTS = List.of("elements", "species_at_sites", "structure_features");
    static final List<String> NUMBER_LISTS = List.of("elements_ratios", "dimension_types");
    static final String[] ELEMENTS = {"Li", "O", "Fe", "Mn", "Co", "Ni", "P", "S", "La", "Zr"};

    @BeforeContainer
    static void start() {
        tp = TestPlatform.start().withServer();
        var alice = tp.person("alice");
        String ds = OptimadeFixtures.dataset(alice.api(), "Random structures", "public");
        Random rnd = new Random(20260501);
        for (int i = 0; i < 40; i++) {
            OptimadeFixtures.add(alice.api(), ds, randomStructure(rnd, i));
        }
        String hidden = OptimadeFixtures.dataset(alice.api(), "Hidden", "private");
        hiddenId = OptimadeFixtures.add(alice.api(), hidden, OptimadeFixtures.entry("hidden Li oxide", 4,
                List.of(Site.of("Li", 0, 0, 0), Site.of("O", 0.5, 0.5, 0.5)), "{\"band_gap\": {\"value\": 5.0, \"unit\": \"eV\"}}"));
        OptimadeService.Listing all = tp.platform().optimade().list(org.matdx.core.RequestContext.local(Caller.ANONYMOUS), "structures",
                OptimadeQuery.listing(Map.of("page_limit", List.of("500"), "response_fields", List.of(String.join(",",
                        List.of("id", "last_modified", "elements", "nelements", "elements_ratios", "chemical_formula_descriptive",
                                "chemical_formula_reduced", "chemical_formula_hill", "chemical_formula_anonymous",
                                "dimension_types", "nperiodic_dimensions", "nsites", "species_at_sites", "structure_features",
                                "_matdx_title", "_matdx_kind", "_matdx_outcome", "_matdx_band_gap__ev", "lattice_vectors", "species",
                                "_matdx_hhi_production", "_matdx_cost_usd_per_kg", "_matdx_ghg_kg_co2eq_per_kg"))))));
        assertThat(all.data()).hasSize(40);
        for (JsonNode d : all.data()) {
            JsonNode a = d.get("attributes").deepCopy();
            ((tools.jackson.databind.node.ObjectNode) a).put("id", d.get("id").asString());
            docs.put(d.get("id").asString(), a);
            a.properties().forEach(e -> {
                JsonNode v = e.getValue();
                List<Object> vs = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (v.isArray()) {
                    v.forEach(x -> {
                        if (x.isValueNode()) {
                            vs.add(x.isNumber() ? (Object) x.asDouble() : x.asString());
                        }
                    });
                } else if (v.isValueNode() && !v.isNull()) {
                    vs.add(v.isNumber() ? (Object) v.asDouble() : v.asString());
                }
            });
        }
        assertThat(values.get("chemical_formula_hill")).hasSizeLessThan(40); // some Hill formulas are unknown
        assertThat(values.get("_matdx_band_gap__ev")).hasSizeBetween(10, 35);    // some band gaps are unknown
        assertThat(values.get("_matdx_hhi_production")).hasSizeGreaterThan(30); // scored from the composition
    }

    @AfterContainer
    static void stop() {
        tp.close();
    }

    static String randomStructure(Random rnd, int i) {
        int n = 1 + rnd.nextInt(4);
        Set<String> els = new TreeSet<>();
        while (els.size() < n) {
            els.add(ELEMENTS[rnd.nextInt(ELEMENTS.length)]);
        }
        List<Site> sites = new ArrayList<>();
        for (String el : els) {
            int count = 1 + rnd.nextInt(3);
            for (int k = 0; k < count; k++) {
                sites.add(Site.of(el, rnd.nextInt(4) / 4.0, rnd.nextInt(4) / 4.0, rnd.nextInt(4) / 4.0));
            }
        }
        if (rnd.nextInt(5) == 0) {
            // a disordered site: two elements sharing it, or a vacancy
            String a = ELEMENTS[rnd.nextInt(ELEMENTS.length)];
            sites.add(rnd.nextBoolean() ? new Site("X" + i, Map.of(a, 0.5, "O", 0.5), 0.5, 0.5, 0.5)
                    : new Site(a + "v", Map.of(a, 0.75), 0.25, 0.75, 0.5));
        }
        String props = rnd.nextInt(10) < 6 ? "{\"band_gap\": {\"value\": " + (rnd.nextInt(8) * 0.5 + rnd.nextInt(3) * 0.25)
                + ", \"unit\": \"eV\"}}" : null;
        String json = OptimadeFixtures.entry("structure " + (char) ('A' + i % 26) + i, 3 + rnd.nextInt(5), sites, props);
        if (rnd.nextInt(4) == 0) {
            json = json.replace("\"kind\": \"structure\"", "\"kind\": \"calculation\", \"outcome\": \""
                    + (rnd.nextBoolean() ? "failed" : "succeeded") + "\"");
        }
        return json;
    }

    @Property(tries = 400)
    void sqlSelectsExactlyWhatTheFilterMeans(@ForAll("filters") Filter filter) {
        String text = filter.toString();
        Set<String> expected = new TreeSet<>();
        docs.forEach((id, a) -> {
            if (InMemoryFilter.matches(filter, a)) {
                expected.add(id);
            }
        });
        OptimadeService.Listing l = tp.platform().optimade().list(org.matdx.core.RequestContext.local(Caller.ANONYMOUS), "structures",
                OptimadeQuery.listing(Map.of("filter", List.of(text), "page_limit", List.of("500"),
                        "response_fields", List.of("nelements"))));
        Set<String> actual = new TreeSet<>();
        l.data().forEach(d -> actual.add(d.get("id").asString()));
        net.jqwik.api.statistics.Statistics.collect(expected.isEmpty() ? "matches none" : expected.size() == docs.size()
                ? "matches all" : "matches some");
        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(l.returned()).as(text).isEqualTo(expected.size());
        assertThat(actual).doesNotContain(hiddenId);
    }

    /**
     * Counts read the narrow copy of entries ({@link org.matdx.query.SearchTable}) and test numeric
     * properties within its rows, where pages read entries and look properties up: an exact count
     * beside a one-entry page must be the number of matches all the same.
     */
    @Property(tries = 250)
    void exactCountsAreTheNumberOfMatches(@ForAll("filters") Filter filter) {
        String text = filter.toString();
        long expected = docs.values().stream().filter(a -> InMemoryFilter.matches(filter, a)).count();
        OptimadeService.Listing l = tp.platform().optimade().list(org.matdx.core.RequestContext.local(Caller.ANONYMOUS), "structures",
                OptimadeQuery.listing(Map.of("filter", List.of(text), "page_limit", List.of("1"),
                        OptimadeQuery.COUNT_PARAM, List.of("exact"), "response_fields", List.of("nelements"))));
        assertThat((long) l.returned()).as(text).isEqualTo(expected);
    }

    /**
     * A broad search's page may come from a walk of the id index with a budget ({@link IndexWalk}):
     * with a count capped at 2, every filter with more matches takes that path, and budgets from a
     * few rows to all of them make walks both find the page and give up. Either way the page is
     * the first matches in id order.
     */
    @Property(tries = 250)
    void pagesOfBroadSearchesAreTheFirstMatchesInIdOrder(@ForAll("filters") Filter filter,
                                                        @ForAll @IntRange(min = 0, max = 4) int offset,
                                                        @ForAll("budgets") int budget) {
        String text = filter.toString();
        List<String> expected = new ArrayList<>();
        docs.forEach((id, a) -> {
            if (InMemoryFilter.matches(filter, a)) {
                expected.add(id);
            }
        });
        java.util.Collections.sort(expected);
        OptimadeService capped = new OptimadeService(tp.platform().db(), tp.platform().policy(), tp.platform().quantities(),
                2, tp.platform().audit());
        IndexWalk.tryAlways(budget);
        try {
            OptimadeService.Listing l = capped.list(org.matdx.core.RequestContext.local(Caller.ANONYMOUS), "structures", OptimadeQuery.listing(Map.of(
                    "filter", List.of(text), "page_limit", List.of("3"), "page_offset", List.of(String.valueOf(offset)),
                    "response_fields", List.of("nelements"))));
            List<String> actual = l.data().stream().map(d -> d.get("id").asString()).toList();
            assertThat(actual).as(text).isEqualTo(expected.subList(Math.min(offset, expected.size()),
                    Math.min(offset + 3, expected.size())));
            assertThat(l.more()).as(text).isEqualTo(expected.size() > offset + 3);
        } finally {
            IndexWalk.tryAlways(0);
        }
    }

    @Provide
    Arbitrary<Integer> budgets() {
        return Arbitraries.of(1, 4, 10, 25, 100);
    }

    // ---- generators -----------------------------------------------------------------------

    @Provide
    Arbitrary<Filter> filters() {
        return filter(3);
    }

    private Arbitrary<Filter> filter(int depth) {
        if (depth == 0) {
            return atom();
        }
        Arbitrary<Filter> sub = Arbitraries.lazy(() -> filter(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, atom()),
                net.jqwik.api.Tuple.of(2, Combinators.combine(sub, sub).as(Filter.And::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(sub, sub).as(Filter.Or::new)),
                net.jqwik.api.Tuple.of(1, sub.map(Filter.Not::new)));
    }

    private Arbitrary<Filter> atom() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, stringCompare()),
                net.jqwik.api.Tuple.of(3, numberCompare()),
                net.jqwik.api.Tuple.of(1, timestampCompare()),
                net.jqwik.api.Tuple.of(2, known()),
                net.jqwik.api.Tuple.of(2, fuzzy()),
                net.jqwik.api.Tuple.of(3, hasStrings()),
                net.jqwik.api.Tuple.of(2, hasNumbers()),
                net.jqwik.api.Tuple.of(1, zip()),
                net.jqwik.api.Tuple.of(2, length()),
                net.jqwik.api.Tuple.of(1, propertyToProperty()),
                net.jqwik.api.Tuple.of(1, foreign()),
                net.jqwik.api.Tuple.of(1, constants()));
    }

    private static Filter.Property prop(String name) {
        return new Filter.Property(List.of(name), 0);
    }

    private static Arbitrary<Op> ops() {
        return Arbitraries.of(Op.values());
    }

    private static Arbitrary<String> stringsOf(String property) {
        List<String> seen = new ArrayList<>();
        values.getOrDefault(property, List.of()).forEach(v -> {
            if (v instanceof String str) {
                seen.add(str);
            }
        });
        seen.addAll(List.of("", "A", "Fe2O3", "LiO", "structure M", "zzz"));
        return Arbitraries.of(new ArrayList<>(new LinkedHashSet<>(seen)));
    }

    private static Arbitrary<Double> numbersOf(String property, double... extra) {
        Set<Double> seen = new LinkedHashSet<>();
        values.getOrDefault(property, List.of()).forEach(v -> seen.add((Double) v));
        for (double x : extra) {
            seen.add(x);
        }
        return Arbitraries.of(new ArrayList<>(seen));
    }

    private static Num num(double d) {
        return new Num(new BigDecimal(Double.toString(d)), 0);
    }

    /** Constant-first half the time: {@code 3 < nelements} is {@code nelements > 3}. */
    private static Filter compare(String property, Op op, Literal v, boolean flip) {
        return flip ? new Filter.Compare(v, op.flipped(), prop(property)) : new Filter.Compare(prop(property), op, v);
    }

    private Arbitrary<Filter> stringCompare() {
        return Arbitraries.of(STRINGS).flatMap(p -> Combinators.combine(ops(), stringsOf(p), Arbitraries.of(true, false))
                .as((op, v, flip) -> compare(p, op, new Str(v, 0), flip)));
    }

    private Arbitrary<Filter> numberCompare() {
        Arbitrary<Filter> ints = Arbitraries.of(INTEGERS).flatMap(p -> Combinators.combine(ops(),
                numbersOf(p, 0, 2, 3.5, 12), Arbitraries.of(true, false)).as((op, v, flip) -> compare(p, op, num(v), flip)));
        Arbitrary<Filter> gaps = Combinators.combine(ops(), numbersOf("_matdx_band_gap__ev", 0, 1.75, 3.0, 9.99),
                Arbitraries.of(true, false)).as((op, v, flip) -> compare("_matdx_band_gap__ev", op, num(v), flip));
        // element-strategy scores: computed columns, some unknown (no GHG figure for several elements)
        Arbitrary<Filter> scores = Arbitraries.of(SCORES).flatMap(p -> Combinators.combine(ops(), numbersOf(p, 0, 1500, 2500.5, 30),
                Arbitraries.of(true, false)).as((op, v, flip) -> compare(p, op, num(v), flip)));
        return Arbitraries.oneOf(ints, gaps, scores);
    }

    static final List<String> SCORES = List.of("_matdx_hhi_production", "_matdx_cost_usd_per_kg", "_matdx_ghg_kg_co2eq_per_kg");

    private Arbitrary<Filter> timestampCompare() {
        return Combinators.combine(ops(), stringsOf("last_modified").filter(s -> s.matches("\\d{4}.*"))
                        .injectDuplicates(0.3), Arbitraries.of("2001-01-01T00:00:00Z", "2999-01-01T00:00:00+09:00"))
                .as((op, v, fixed) -> (Filter) new Filter.Compare(prop("last_modified"), op, new Str(v.hashCode() % 3 == 0 ? fixed : v, 0)));
    }

    private Arbitrary<Filter> known() {
        List<String> all = new ArrayList<>(STRINGS);
        all.addAll(INTEGERS);
        all.addAll(STRING_LISTS);
        all.addAll(NUMBER_LISTS);
        all.addAll(List.of("_matdx_band_gap__ev", "last_modified", "_exmpl_band_gap", "lattice_vectors", "species"));
        all.addAll(SCORES);
        return Combinators.combine(Arbitraries.of(all), Arbitraries.of(0, 1, 2)).as((p, kind) -> (Filter) switch (kind) {
            case 0 -> new Filter.Known(prop(p), true);
            case 1 -> new Filter.Known(prop(p), false);
            default -> new Filter.Bare(prop(p));
        });
    }

    private Arbitrary<Filter> fuzzy() {
        return Arbitraries.of(STRINGS).flatMap(p -> Combinators.combine(Arbitraries.of(FuzzyOp.values()), stringsOf(p),
                Arbitraries.integers().between(0, 3)).as((op, v, cut) -> {
                    String x = switch (op) {
                        case STARTS_WITH -> v.substring(0, Math.min(v.length(), cut + 1));
                        case ENDS_WITH -> v.substring(Math.max(0, v.length() - cut - 1));
                        case CONTAINS -> v.length() > 2 ? v.substring(1, Math.min(v.length(), 2 + cut)) : v;
                    };
                    return new Filter.Fuzzy(prop(p), op, new Str(x, 0));
                }));
    }

    private Arbitrary<Filter> hasStrings() {
        return Arbitraries.of(STRING_LISTS).flatMap(p -> {
            Arbitrary<String> vals = Arbitraries.oneOf(stringsOf(p), Arbitraries.of("O", "Li", "disorder", "Xx"));
            Arbitrary<Predicate> pred = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(4, vals.map(v -> Predicate.equalTo(new Str(v, 0)))),
                    net.jqwik.api.Tuple.of(1, Combinators.combine(ops(), vals).as((op, v) -> new Predicate(op, null, new Str(v, 0)))),
                    net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of(FuzzyOp.values()), vals)
                            .as((op, v) -> new Predicate(null, op, new Str(v.isEmpty() ? v : v.substring(0, 1), 0)))));
            return has(List.of(p), pred.map(List::of));
        });
    }

    private Arbitrary<Filter> hasNumbers() {
        return Arbitraries.of(NUMBER_LISTS).flatMap(p -> {
            Arbitrary<Predicate> pred = Combinators.combine(Arbitraries.of(Op.EQ, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE),
                    numbersOf(p, 0, 0.5, 1)).as((op, v) -> new Predicate(op, null, num(v)));
            return has(List.of(p), pred.map(List::of));
        });
    }

    private Arbitrary<Filter> zip() {
        Arbitrary<Predicate> el = Arbitraries.oneOf(stringsOf("elements"), Arbitraries.of("O", "Li")).map(v -> Predicate.equalTo(new Str(v, 0)));
        Arbitrary<Predicate> ratio = Combinators.combine(Arbitraries.of(Op.values()), numbersOf("elements_ratios", 0.25, 0.5,
                        0.05, 0.6, 0.95, 1.0, 0.0, -0.1, 1.2)) // edges of the indexed twentieths (V35) and beyond
                .as((op, v) -> new Predicate(op, null, num(v)));
        // either order of the pair: the index prefilter must find the element and the ratio wherever they stand
        return Arbitraries.of(true, false).flatMap(ratioFirst -> ratioFirst
                ? has(List.of("elements_ratios", "elements"), Combinators.combine(ratio, el).as(List::of))
                : has(List.of("elements", "elements_ratios"), Combinators.combine(el, ratio).as(List::of)));
    }

    private static Arbitrary<Filter> has(List<String> props, Arbitrary<List<Predicate>> tuple) {
        return Combinators.combine(Arbitraries.of(Quantifier.values()), tuple.list().ofMinSize(1).ofMaxSize(3))
                .as((q, tuples) -> new Filter.Has(props.stream().map(FilterEquivalenceTest::prop).toList(), q,
                        q == Quantifier.ONE ? tuples.subList(0, 1) : tuples));
    }

    private Arbitrary<Filter> length() {
        List<String> lists = new ArrayList<>(STRING_LISTS);
        lists.addAll(NUMBER_LISTS);
        return Combinators.combine(Arbitraries.of(lists), ops(), Arbitraries.integers().between(0, 6))
                .as((p, op, n) -> new Filter.Length(prop(p), op, num(n)));
    }

    private Arbitrary<Filter> propertyToProperty() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(INTEGERS), ops(), Arbitraries.of(INTEGERS))
                        .as((a, op, b) -> new Filter.Compare(prop(a), op, prop(b))),
                Combinators.combine(Arbitraries.of("chemical_formula_reduced", "chemical_formula_hill"), ops(),
                        Arbitraries.of("chemical_formula_descriptive", "chemical_formula_hill"))
                        .as((a, op, b) -> new Filter.Compare(prop(a), op, prop(b))));
    }

    private Arbitrary<Filter> foreign() {
        return Combinators.combine(ops(), Arbitraries.of(0.0, 3.0)).as((op, v) -> new Filter.Compare(prop("_exmpl_band_gap"), op, num(v)));
    }

    private Arbitrary<Filter> constants() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(1.0, 2.0), ops(), Arbitraries.of(1.0, 2.0))
                        .as((a, op, b) -> new Filter.Compare(num(a), op, num(b))),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(Op.EQ, Op.NE), Arbitraries.of(true, false))
                        .as((a, op, b) -> new Filter.Compare(new Bool(a, 0), op, new Bool(b, 0))));
    }
}
