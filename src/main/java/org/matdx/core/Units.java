package org.matdx.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Physical units as materials scientists write them, and conversion between them with a
 * dimension check: {@code eV}, {@code meV}, {@code K}, {@code °C}, {@code Å}, {@code nm},
 * {@code GPa}, {@code S/cm}, {@code mAh/g}, {@code g/cm^3}, {@code J/(mol K)}, {@code eV/atom},
 * {@code cm2/(V s)}, {@code W m^-1 K^-1}.
 *
 * <p>Syntax: symbols with SI prefixes ({@code k}, {@code M}, {@code m}, {@code µ}/{@code u},
 * {@code n} …), multiplied by a space, {@code *} or {@code ·}, divided by {@code /}, raised to an
 * integer power with {@code ^}, {@code **}, digits written straight after the symbol
 * ({@code cm-1}, {@code m2}) or superscripts ({@code cm⁻¹}); parentheses group. Everything after
 * a {@code /} up to the next {@code /} is the denominator, so {@code J/mol K} reads as
 * {@code J/(mol K)}, as it is meant in the literature.
 *
 * <p>Temperatures: {@code °C} and {@code °F} convert with their offsets when they stand alone;
 * inside a compound unit ({@code J/(mol °C)}, {@code °C/min}) they are temperature differences.
 * Counting units ({@code atom}, {@code f.u.}) are amounts of substance (1/N<sub>A</sub> mol), so
 * {@code eV/atom} converts to {@code kJ/mol} correctly.
 *
 * <p>Constants: SI 2019 exact values (e, N<sub>A</sub>); CODATA 2018 for the atomic mass
 * constant, Bohr radius, Bohr magneton, Rydberg and Hartree energies; thermochemical calorie.
 */
public final class Units {
    private static final double E = 1.602176634e-19;          // elementary charge, C (exact)
    private static final double N_A = 6.02214076e23;          // Avogadro constant, 1/mol (exact)
    private static final double DALTON = 1.66053906660e-27;   // kg, CODATA 2018
    private static final double BOHR = 5.29177210903e-11;     // m, CODATA 2018
    private static final double BOHR_MAGNETON = 9.2740100783e-24; // J/T, CODATA 2018
    private static final double RYDBERG_EV = 13.605693122994; // eV, CODATA 2018
    private static final double HARTREE_EV = 27.211386245988; // eV, CODATA 2018

    /** What a symbol means: its SI factor, dimension, offset (temperatures) and whether it takes SI prefixes. */
    private record Atom(double factor, double offset, Dimension dimension, boolean prefixable) {
    }

    private static final Map<String, Atom> ATOMS = new LinkedHashMap<>();
    private static final Map<String, Double> PREFIXES = new LinkedHashMap<>();
    private static final Map<String, Unit> CACHE = new ConcurrentHashMap<>();

    static {
        // longest prefix first so that "da" wins over "d"
        PREFIXES.put("da", 1e1);
        PREFIXES.put("Y", 1e24);
        PREFIXES.put("Z", 1e21);
        PREFIXES.put("E", 1e18);
        PREFIXES.put("P", 1e15);
        PREFIXES.put("T", 1e12);
        PREFIXES.put("G", 1e9);
        PREFIXES.put("M", 1e6);
        PREFIXES.put("k", 1e3);
        PREFIXES.put("h", 1e2);
        PREFIXES.put("d", 1e-1);
        PREFIXES.put("c", 1e-2);
        PREFIXES.put("m", 1e-3);
        PREFIXES.put("µ", 1e-6);
        PREFIXES.put("μ", 1e-6);
        PREFIXES.put("u", 1e-6);
        PREFIXES.put("n", 1e-9);
        PREFIXES.put("p", 1e-12);
        PREFIXES.put("f", 1e-15);
        PREFIXES.put("a", 1e-18);

        Dimension L = Dimension.LENGTH;
        Dimension M = Dimension.MASS;
        Dimension T = Dimension.TIME;
        Dimension I = Dimension.CURRENT;
        Dimension K = Dimension.TEMPERATURE;
        Dimension N = Dimension.AMOUNT;
        Dimension one = Dimension.NONE;
        Dimension energy = L.pow(2).times(M).times(T.pow(-2));
        Dimension pressure = energy.times(L.pow(-3));
        Dimension charge = I.times(T);
        Dimension voltage = energy.times(charge.pow(-1));
        Dimension tesla = M.times(T.pow(-2)).times(I.pow(-1));

        // SI base and derived units
        prefixed("m", 1, L);
        prefixed("g", 1e-3, M);
        prefixed("s", 1, T);
        prefixed("A", 1, I);
        prefixed("K", 1, K);
        prefixed("mol", 1, N);
        prefixed("cd", 1, Dimension.LUMINOUS);
        prefixed("Hz", 1, T.pow(-1));
        prefixed("N", 1, L.times(M).times(T.pow(-2)));
        prefixed("Pa", 1, pressure);
        prefixed("J", 1, energy);
        prefixed("W", 1, energy.times(T.pow(-1)));
        prefixed("C", 1, charge);
        prefixed("V", 1, voltage);
        prefixed("Ω", 1, voltage.times(I.pow(-1)));
        prefixed("ohm", 1, voltage.times(I.pow(-1)));
        prefixed("Ohm", 1, voltage.times(I.pow(-1)));
        prefixed("S", 1, I.times(voltage.pow(-1)));
        prefixed("F", 1, charge.times(voltage.pow(-1)));
        prefixed("H", 1, voltage.times(T).times(I.pow(-1)));
        prefixed("T", 1, tesla);
        prefixed("Wb", 1, tesla.times(L.pow(2)));
        prefixed("L", 1e-3, L.pow(3));
        prefixed("l", 1e-3, L.pow(3));
        prefixed("M", 1e3, N.times(L.pow(-3))); // molar, mol/L
        // units in everyday use in materials science
        plain("Å", 1e-10, L);
        plain("Ang", 1e-10, L);
        plain("angstrom", 1e-10, L);
        plain("Angstrom", 1e-10, L);
        plain("bohr", BOHR, L);
        plain("min", 60, T);
        plain("h", 3600, T);
        plain("hr", 3600, T);
        plain("sec", 1, T);
        plain("day", 86400, T);
        plain("d", 86400, T);
        prefixed("eV", E, energy);
        prefixed("Ry", RYDBERG_EV * E, energy);
        prefixed("Ha", HARTREE_EV * E, energy);
        plain("hartree", HARTREE_EV * E, energy);
        prefixed("cal", 4.184, energy);
        prefixed("erg", 1e-7, energy);
        prefixed("Wh", 3600, energy);
        prefixed("Ah", 3600, charge);
        prefixed("bar", 1e5, pressure);
        plain("atm", 101325, pressure);
        prefixed("Torr", 101325.0 / 760, pressure);
        plain("mmHg", 133.322387415, pressure);
        plain("psi", 6894.757293168, pressure);
        prefixed("Da", DALTON, M);
        plain("u", DALTON, M);
        plain("amu", DALTON, M);
        prefixed("G", 1e-4, tesla);                         // gauss
        prefixed("Oe", 1000 / (4 * Math.PI), I.times(L.pow(-1)));
        prefixed("emu", 1e-3, I.times(L.pow(2)));           // magnetic moment, CGS-Gaussian
        plain("μB", BOHR_MAGNETON, I.times(L.pow(2)));
        plain("µB", BOHR_MAGNETON, I.times(L.pow(2)));
        plain("muB", BOHR_MAGNETON, I.times(L.pow(2)));
        plain("atom", 1 / N_A, N);
        plain("atoms", 1 / N_A, N);
        plain("f.u.", 1 / N_A, N);
        plain("fu", 1 / N_A, N);
        plain("cell", 1 / N_A, N);
        // temperatures with an offset (applied only when the unit stands alone)
        ATOMS.put("°C", new Atom(1, 273.15, K, false));
        ATOMS.put("℃", new Atom(1, 273.15, K, false));
        ATOMS.put("degC", new Atom(1, 273.15, K, false));
        ATOMS.put("°F", new Atom(5.0 / 9, 459.67 * 5.0 / 9, K, false));
        ATOMS.put("degF", new Atom(5.0 / 9, 459.67 * 5.0 / 9, K, false));
        // dimensionless
        plain("%", 1e-2, one);
        plain("‰", 1e-3, one);
        plain("ppm", 1e-6, one);
        plain("ppb", 1e-9, one);
        plain("wt%", 1e-2, one);
        plain("wt.%", 1e-2, one);
        plain("at%", 1e-2, one);
        plain("at.%", 1e-2, one);
        plain("mol%", 1e-2, one);
        plain("vol%", 1e-2, one);
        plain("rad", 1, one);
        plain("deg", Math.PI / 180, one);
        plain("°", Math.PI / 180, one);
    }

    private static void prefixed(String symbol, double factor, Dimension d) {
        ATOMS.put(symbol, new Atom(factor, 0, d, true));
    }

    private static void plain(String symbol, double factor, Dimension d) {
        ATOMS.put(symbol, new Atom(factor, 0, d, false));
    }

    private Units() {
    }

    /**
     * A parsed unit: a value in this unit is {@code value * factor + offset} in coherent SI
     * units of its dimension (J, K, m, Pa, S/m, C/kg …).
     *
     * @param text the unit as written
     */
    public record Unit(String text, double factor, double offset, Dimension dimension) {
        public static final Unit DIMENSIONLESS = new Unit("", 1, 0, Dimension.NONE);

        public double toSi(double value) {
            return value * factor + offset;
        }

        public double fromSi(double si) {
            return (si - offset) / factor;
        }

        /** Whether values in this unit and in {@code other} measure the same kind of thing. */
        public boolean compatible(Unit other) {
            return dimension.equals(other.dimension);
        }

        @Override
        public String toString() {
            return text.isEmpty() ? "(dimensionless)" : text;
        }
    }

    /** Parses a unit expression; the empty string is dimensionless. */
    public static Unit parse(String text) {
        Objects.requireNonNull(text, "unit");
        Unit cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Unit u = new Parser(text).parse();
        if (CACHE.size() < 10_000) {
            CACHE.put(text, u);
        }
        return u;
    }

    /** True when the text is a unit MatDX understands. */
    public static boolean isKnown(String text) {
        try {
            parse(text);
            return true;
        } catch (UnitException e) {
            return false;
        }
    }

    /** Converts a value between units of the same dimension; a clear {@link UnitException} otherwise. */
    public static double convert(double value, String from, String to) {
        return convert(value, parse(from), parse(to));
    }

    public static double convert(double value, Unit from, Unit to) {
        if (!from.compatible(to)) {
            throw new UnitException("cannot convert " + from + " (" + from.dimension().describe() + ") to " + to
                    + " (" + to.dimension().describe() + ")");
        }
        if (from.text().equals(to.text())) {
            return value;
        }
        return to.fromSi(from.toSi(value));
    }

    public static Quantity convert(Quantity q, String to) {
        return Quantity.of(convert(q.value(), q.unit(), to), to);
    }

    /** The value in coherent SI units of its dimension. */
    public static double toSi(Quantity q) {
        return parse(q.unit()).toSi(q.value());
    }

    public static boolean sameDimension(String a, String b) {
        return parse(a).compatible(parse(b));
    }

    /** Longest unit expression read: the longest in use ({@code mW m^-1 K^-1}) is a tenth of it. */
    public static final int MAX_LENGTH = 100;
    /** Units nest a level or two ("J/(mol·K)"); deeper nesting is hostile and would cost stack. */
    private static final int MAX_DEPTH = 8;

    /** Recursive-descent parser over the syntax described on {@link Units}. */
    private static final class Parser {
        private final String text;
        private int pos;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        Unit parse() {
            if (text.length() > MAX_LENGTH) {
                throw new UnitException("a unit of more than " + MAX_LENGTH + " characters is not one MatDX can read");
            }
            skipSpace();
            if (pos == text.length()) {
                return new Unit(text, 1, 0, Dimension.NONE);
            }
            Term t = quotient();
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            // powers of prefixed units reach factors no double holds ((Ym^12)^12 is 1e3456)
            if (!Double.isFinite(t.factor) || t.factor == 0 || Math.abs(Math.log10(t.factor)) > 150) {
                throw new UnitException("unit '" + text + "' is " + t.factor + " times its SI unit, out of the range MatDX "
                        + "converts (1e-150 to 1e150)");
            }
            // an offset survives only for a temperature unit standing alone (see the class comment)
            return new Unit(text, t.factor, t.offset, t.dimension);
        }

        private record Term(double factor, double offset, Dimension dimension) {
            Term times(Term o) {
                return new Term(factor * o.factor, 0, dimension.times(o.dimension));
            }

            Term pow(int n) {
                return new Term(Math.pow(factor, n), n == 1 ? offset : 0, dimension.pow(n));
            }
        }

        /** product ('/' product)* */
        private Term quotient() {
            Term t = product();
            while (true) {
                skipSpace();
                if (peek() == '/') {
                    pos++;
                    Term d = product();
                    t = t.times(d.pow(-1));
                } else {
                    return t;
                }
            }
        }

        /** power ((' ' | '*' | '·') power)* */
        private Term product() {
            Term t = power();
            while (true) {
                int save = pos;
                boolean space = skipSpace();
                char c = peek();
                if (c == '*' && !text.startsWith("**", pos) || c == '·' || c == '⋅' || c == '×') {
                    pos++;
                    skipSpace();
                    t = t.times(power());
                } else if (space && startsFactor(c)) {
                    t = t.times(power());
                } else {
                    pos = save;
                    return t;
                }
            }
        }

        private boolean startsFactor(char c) {
            return c == '(' || isSymbolChar(c) || c == '1';
        }

        /** atom [exponent] */
        private Term power() {
            skipSpace();
            Term base;
            int start = pos;
            char c = peek();
            if (c == '(') {
                if (++depth > MAX_DEPTH) {
                    throw error("parentheses nested deeper than " + MAX_DEPTH);
                }
                pos++;
                Term inner = quotient();
                depth--;
                skipSpace();
                if (peek() != ')') {
                    throw error("expected ')'");
                }
                pos++;
                depth--;
                base = inner;
            } else if (c == '1' && !isSymbolChar(peekAt(pos + 1)) && !Character.isDigit(peekAt(pos + 1))) {
                pos++;
                base = new Term(1, 0, Dimension.NONE);
            } else if (isSymbolChar(c)) {
                while (pos < text.length() && isSymbolChar(text.charAt(pos))) {
                    pos++;
                }
                base = atom(text.substring(start, pos), start);
            } else if (c == 0) {
                throw error("a unit symbol is missing at the end");
            } else {
                throw error("expected a unit symbol, found '" + c + "'");
            }
            Integer exp = exponent();
            if (exp != null) {
                return base.pow(exp);
            }
            return base;
        }

        private Integer exponent() {
            int save = pos;
            if (peek() == '^') {
                pos++;
                return integer(true);
            }
            if (text.startsWith("**", pos)) {
                pos += 2;
                return integer(true);
            }
            char c = peek();
            if (Character.isDigit(c) || (c == '-' || c == '+') && Character.isDigit(peekAt(pos + 1))) {
                return integer(true);
            }
            if (SUPERSCRIPTS.indexOf(c) >= 0) {
                StringBuilder sb = new StringBuilder();
                while (pos < text.length() && SUPERSCRIPTS.indexOf(text.charAt(pos)) >= 0) {
                    sb.append(PLAIN.charAt(SUPERSCRIPTS.indexOf(text.charAt(pos))));
                    pos++;
                }
                try {
                    int v = Integer.parseInt(sb.toString());
                    if (Math.abs(v) > 12) {
                        throw error("exponent " + v + " is out of range");
                    }
                    return v;
                } catch (NumberFormatException e) {
                    pos = save;
                    throw error("cannot read the superscript exponent");
                }
            }
            return null;
        }

        private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺";
        private static final String PLAIN = "0123456789-+";

        private int integer(boolean required) {
            int start = pos;
            if (peek() == '(') {
                // one pair of parentheses around an exponent, as in m^(-2); not a nesting that costs stack
                pos++;
                if (peek() == '(') {
                    throw error("an exponent takes one pair of parentheses");
                }
                int v = integer(true);
                if (peek() != ')') {
                    throw error("expected ')' after the exponent");
                }
                pos++;
                return v;
            }
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            while (Character.isDigit(peek())) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (digits.isEmpty() || digits.equals("-") || digits.equals("+")) {
                pos = start;
                throw error("expected a whole-number exponent");
            }
            if (peek() == '.') {
                throw error("exponents must be whole numbers");
            }
            if (digits.length() > 4) {
                pos = start;
                throw error("exponent " + digits + " is out of range");
            }
            int v = Integer.parseInt(digits);
            if (Math.abs(v) > 12) {
                throw error("exponent " + v + " is out of range");
            }
            return v;
        }

        private Term atom(String symbol, int at) {
            Atom a = ATOMS.get(symbol);
            if (a != null) {
                return new Term(a.factor, a.offset, a.dimension);
            }
            for (Map.Entry<String, Double> p : PREFIXES.entrySet()) {
                if (symbol.length() > p.getKey().length() && symbol.startsWith(p.getKey())) {
                    Atom rest = ATOMS.get(symbol.substring(p.getKey().length()));
                    if (rest != null && rest.prefixable) {
                        return new Term(p.getValue() * rest.factor, 0, rest.dimension);
                    }
                }
            }
            pos = at;
            throw error("unknown unit symbol '" + symbol + "'" + suggestion(symbol));
        }

        private static String suggestion(String symbol) {
            List<String> close = new ArrayList<>();
            for (String s : ATOMS.keySet()) {
                if (s.equalsIgnoreCase(symbol)) {
                    close.add(s);
                }
            }
            if (!close.isEmpty()) {
                return " (unit symbols are case-sensitive; did you mean " + String.join(" or ", close) + "?)";
            }
            return " (known units include eV, meV, J, K, °C, Å, nm, GPa, S/cm, mAh/g, g/cm^3)";
        }

        private boolean skipSpace() {
            boolean any = false;
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
                any = true;
            }
            return any;
        }

        private char peek() {
            return peekAt(pos);
        }

        private char peekAt(int i) {
            return i < text.length() ? text.charAt(i) : 0;
        }

        private static boolean isSymbolChar(char c) {
            return Character.isLetter(c) || c == '°' || c == '℃' || c == '%' || c == '‰' || c == 'Å' || c == 'Ω'
                    || c == '.' || c == 'µ' || c == 'μ';
        }

        private UnitException error(String problem) {
            return new UnitException("unit '" + text + "', position " + (pos + 1) + ": " + problem);
        }
    }
}
