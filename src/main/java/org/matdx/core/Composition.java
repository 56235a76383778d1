package org.matdx.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a material is made of: an amount of each element. Modelled on pymatgen's
 * {@code Composition}: reduced, anonymous and Hill formulas, atomic and mass fractions,
 * molar mass. A Composition that exists is valid: at least one element, all amounts positive
 * and at most {@link #MAX_AMOUNT}.
 */
public final class Composition {
    /**
     * Largest amount of one element: a billion atoms is beyond any cell or formula unit, and keeps
     * whole-number proportions (amount × denominator ≤ 1000) far inside a 64-bit integer.
     */
    public static final double MAX_AMOUNT = 1e9;
    /** Relative tolerance under which two amounts are the same (floating-point sums of fractions). */
    private static final double RTOL = 1e-8;
    private static final Comparator<Element> BY_ELECTRONEGATIVITY =
            Comparator.comparingDouble(Composition::sortKey).thenComparingInt(Element::z);

    private final Map<Element, Double> amounts;

    private Composition(Map<Element, Double> amounts) {
        if (amounts.isEmpty()) {
            throw new IllegalArgumentException("a composition needs at least one element");
        }
        Map<Element, Double> sorted = new LinkedHashMap<>();
        amounts.keySet().stream().sorted(BY_ELECTRONEGATIVITY).forEach(e -> {
            double n = amounts.get(e);
            if (!(n > 0) || n > MAX_AMOUNT) {
                throw new IllegalArgumentException("amount of " + e + " must be positive and at most 1e9, was " + n);
            }
            sorted.put(e, n);
        });
        this.amounts = Collections.unmodifiableMap(sorted);
    }

    /** Parses a formula such as {@code Fe2O3}, {@code CuSO4·5H2O} or {@code (Al2O3)0.3(SiO2)0.7}. */
    public static Composition parse(String formula) {
        return new Composition(FormulaParser.parse(formula));
    }

    public static Composition of(Map<Element, Double> amounts) {
        return new Composition(new LinkedHashMap<>(amounts));
    }

    /** From symbols to amounts, e.g. {@code {"Li": 2, "O": 1}}. */
    public static Composition ofSymbols(Map<String, ? extends Number> amounts) {
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((s, n) -> m.merge(Elements.of(s), n.doubleValue(), Double::sum));
        return new Composition(m);
    }

    /** Element → amount, ordered by electronegativity as formulas are written (Li, Fe, P, O). */
    public Map<Element, Double> amounts() {
        return amounts;
    }

    public double amount(Element e) {
        return amounts.getOrDefault(e, 0.0);
    }

    /** Elements in formula order (by electronegativity). */
    public List<Element> elements() {
        return List.copyOf(amounts.keySet());
    }

    /** Element symbols in alphabetical order, as OPTIMADE's {@code elements} wants them. */
    public List<String> symbolsAlphabetical() {
        return amounts.keySet().stream().map(Element::symbol).sorted().toList();
    }

    public int numElements() {
        return amounts.size();
    }

    public double numAtoms() {
        return amounts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double atomicFraction(Element e) {
        return amount(e) / numAtoms();
    }

    /** Mass of one formula unit in g/mol. */
    public double molarMass() {
        return amounts.entrySet().stream().mapToDouble(x -> x.getKey().atomicWeight() * x.getValue()).sum();
    }

    public double weightFraction(Element e) {
        return amount(e) * e.atomicWeight() / molarMass();
    }

    /** Atomic fractions summing to 1, in formula order. */
    public Map<Element, Double> atomicFractions() {
        double n = numAtoms();
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, a) -> m.put(e, a / n));
        return Collections.unmodifiableMap(m);
    }

    /** Mass fractions summing to 1, in formula order. */
    public Map<Element, Double> weightFractions() {
        double mass = molarMass();
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, a) -> m.put(e, a * e.atomicWeight() / mass));
        return Collections.unmodifiableMap(m);
    }

    /** True when every amount is a whole number (within floating-point tolerance). */
    public boolean isIntegral() {
        return amounts.values().stream().allMatch(Composition::isWhole);
    }

    /** The factor by which {@link #reduced()} was divided: the gcd of whole amounts, 1 otherwise. */
    public double reductionFactor() {
        if (!isIntegral()) {
            return 1.0;
        }
        long g = 0;
        for (double a : amounts.values()) {
            g = gcd(g, Math.round(a));
        }
        return g == 0 ? 1.0 : g;
    }

    public Composition reduced() {
        double f = reductionFactor();
        if (f == 1.0) {
            return this;
        }
        Map<Element, Double> m = new LinkedHashMap<>();
        amounts.forEach((e, a) -> m.put(e, (double) Math.round(a / f)));
        return new Composition(m);
    }

    /** Full formula in electronegativity order: {@code Fe4O6}. */
    public String formula() {
        return write(amounts.keySet(), this);
    }

    /** Reduced formula in electronegativity order: {@code Fe2O3}, {@code LiFePO4}. */
    public String reducedFormula() {
        Composition r = reduced();
        return write(r.amounts.keySet(), r);
    }

    /** OPTIMADE {@code chemical_formula_reduced}: reduced, elements alphabetical. */
    public String reducedFormulaAlphabetical() {
        Composition r = reduced();
        return write(r.amounts.keySet().stream().sorted(Comparator.comparing(Element::symbol)).toList(), r);
    }

    /** Hill formula: C first, then H, then the rest alphabetically (all alphabetical without carbon). */
    public String hillFormula() {
        List<Element> order = new ArrayList<>(amounts.keySet());
        Element c = Elements.of("C");
        Element h = Elements.of("H");
        order.sort(Comparator.comparing(Element::symbol));
        if (amounts.containsKey(c)) {
            order.remove(c);
            order.remove(h);
            List<Element> hill = new ArrayList<>();
            hill.add(c);
            if (amounts.containsKey(h)) {
                hill.add(h);
            }
            hill.addAll(order);
            order = hill;
        }
        return write(order, this);
    }

    /**
     * OPTIMADE {@code chemical_formula_anonymous}: reduced amounts in descending order labelled
     * A, B, C … ({@code Fe2O3} → {@code A3B2}). Needs whole-number proportions; compositions whose
     * amounts are not whole within a denominator of 1000 have none.
     */
    public Optional<String> anonymousFormula() {
        Optional<long[]> counts = integerProportions();
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        long[] c = counts.get().clone();
        Arrays.sort(c);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            long n = c[c.length - 1 - i];
            sb.append(anonymousLabel(i));
            if (n != 1) {
                sb.append(n);
            }
        }
        return Optional.of(sb.toString());
    }

    /** Smallest whole numbers in the same proportions, in formula order, if any exist with denominator ≤ 1000. */
    public Optional<long[]> integerProportions() {
        for (int k = 1; k <= 1000; k++) {
            final int factor = k;
            if (amounts.values().stream().allMatch(a -> isWhole(a * factor))) {
                long[] c = amounts.values().stream().mapToLong(a -> Math.round(a * factor)).toArray();
                long g = 0;
                for (long x : c) {
                    g = gcd(g, x);
                }
                for (int i = 0; i < c.length; i++) {
                    c[i] /= g;
                }
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Elements joined by '-' in alphabetical order, e.g. {@code Fe-O}: the chemical system. */
    public String chemicalSystem() {
        return String.join("-", symbolsAlphabetical());
    }

    /** The same proportions scaled so the amounts sum to 1. */
    public Composition fractional() {
        return new Composition(atomicFractions());
    }

    public boolean almostEquals(Composition other, double rtol) {
        if (!amounts.keySet().equals(other.amounts.keySet())) {
            return false;
        }
        for (Map.Entry<Element, Double> e : amounts.entrySet()) {
            double a = e.getValue();
            double b = other.amounts.get(e.getKey());
            if (Math.abs(a - b) > rtol * Math.max(Math.abs(a), Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Composition c && almostEquals(c, RTOL);
    }

    @Override
    public int hashCode() {
        // amounts compare with a tolerance, so only the element set can feed the hash
        return amounts.keySet().hashCode();
    }

    @Override
    public String toString() {
        return formula();
    }

    public Set<String> symbols() {
        return amounts.keySet().stream().map(Element::symbol).collect(Collectors.toUnmodifiableSet());
    }

    static String anonymousLabel(int i) {
        // OPTIMADE: A, B, …, Z, Aa, Ba, …, Za, Ab, … — 702 labels, more than there are elements
        String upper = String.valueOf((char) ('A' + i % 26));
        return i < 26 ? upper : upper + (char) ('a' + (i / 26 - 1));
    }

    private static String write(Iterable<Element> order, Composition c) {
        List<String> parts = new ArrayList<>();
        for (Element e : order) {
            parts.add(e.symbol() + formatAmount(c.amounts.get(e)));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int dot = i == 0 ? -1 : parts.get(i - 1).indexOf('.');
            // a decimal amount followed by H2O or NH3 reads as a hydrate ("Li2.5H2O" is Li2·5H2O): the next
            // element goes in brackets ("Li2.5(H2)O"), so that what MatDX writes reads back as it was
            if (dot >= 0 && FormulaParser.readsAsAdduct(parts.get(i - 1).substring(dot + 1) + String.join("", parts.subList(i, parts.size())))) {
                part = "(" + part + ")";
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** "" for 1, "3" for 3.0, "0.62" for 0.62; at most 10 significant digits, so sums of fractions print cleanly. */
    static String formatAmount(double a) {
        if (isWhole(a)) {
            long n = Math.round(a);
            return n == 1 ? "" : Long.toString(n);
        }
        return new BigDecimal(a).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    private static boolean isWhole(double a) {
        return Math.abs(a - Math.rint(a)) <= RTOL * Math.max(1.0, Math.abs(a)) && Math.rint(a) != 0;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }

    private static double sortKey(Element e) {
        double x = e.electronegativity();
        // noble gases have no Pauling value; they go last, as pymatgen writes them
        return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
    }
}
