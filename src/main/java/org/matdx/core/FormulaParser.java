package org.matdx.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads chemical formulas as materials scientists write them: nested groups in round or
 * square brackets, fractional amounts, hydrates and adducts with '·', '•', '*' or '.', and
 * D/T for hydrogen isotopes (counted as H, since compositions are by element).
 *
 * <p>A '.' is ambiguous: {@code Fe1.5O2} means 1.5 Fe, {@code CuSO4.5H2O} means CuSO4 with
 * five waters. It is read as an adduct separator only when what follows is an optional
 * coefficient and H2O, D2O or NH3, and the number before it does not start with 0 — the
 * usual hydrates and ammoniates; everywhere else it is a decimal point.
 */
final class FormulaParser {
    /** Longest formula read; a formula that long is a mistake or an attack, not a material. */
    static final int MAX_LENGTH = 1000;
    /** Deepest nesting of brackets; real formulas need three or four. */
    static final int MAX_DEPTH = 20;
    // a hydrate's count does not start with 0 unless it is a fraction (·0.5H2O): "Li1.001H2O" is 1.001 Li
    private static final Pattern ADDUCT_AFTER_DOT = Pattern.compile("^\\s*(?:[1-9]\\d*(?:\\.\\d+)?|0\\.\\d+)?\\s*(?:H2O|D2O|NH3)");

    private final String text;
    private int pos;

    private FormulaParser(String text) {
        this.text = text;
    }

    static Map<Element, Double> parse(String formula) {
        if (formula == null || formula.isBlank()) {
            throw new FormulaException(formula == null ? "" : formula, 0, "the formula is empty");
        }
        if (formula.length() > MAX_LENGTH) {
            throw new FormulaException(formula.substring(0, 40) + "…", MAX_LENGTH,
                    "a formula of more than " + MAX_LENGTH + " characters is not one MatDX reads");
        }
        FormulaParser p = new FormulaParser(formula);
        Map<Element, Double> result = p.formula();
        for (Map.Entry<Element, Double> e : result.entrySet()) {
            if (e.getValue() > Composition.MAX_AMOUNT) {
                throw new FormulaException(formula, 0, "the amount of " + e.getKey().symbol() + " (" + e.getValue()
                        + ") is above " + (long) Composition.MAX_AMOUNT);
            }
        }
        return result;
    }

    private Map<Element, Double> formula() {
        Map<Element, Double> total = new LinkedHashMap<>();
        skipSpace();
        addScaled(total, part(), 1.0);
        while (true) {
            skipSpace();
            if (atEnd()) {
                break;
            }
            if (!atSeparator()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            pos++;
            skipSpace();
            addScaled(total, part(), 1.0);
        }
        return total;
    }

    /** One component of an adduct, with an optional leading coefficient: {@code 5H2O}. */
    private Map<Element, Double> part() {
        double coefficient = 1.0;
        if (!atEnd() && (isAsciiDigit(peek()) || peek() == '.')) {
            coefficient = number();
        }
        Map<Element, Double> group = sequence(0);
        Map<Element, Double> scaled = new LinkedHashMap<>();
        addScaled(scaled, group, coefficient);
        return scaled;
    }

    private Map<Element, Double> sequence(int depth) {
        Map<Element, Double> amounts = new LinkedHashMap<>();
        int start = pos;
        while (true) {
            skipSpace();
            if (atEnd() || peek() == ')' || peek() == ']' || atSeparator()) {
                break;
            }
            char c = peek();
            if (c == '(' || c == '[') {
                if (depth >= MAX_DEPTH) {
                    throw error("brackets nested deeper than " + MAX_DEPTH + " levels");
                }
                int open = pos;
                char close = c == '(' ? ')' : ']';
                pos++;
                Map<Element, Double> inner = sequence(depth + 1);
                skipSpace();
                if (atEnd() || peek() != close) {
                    throw new FormulaException(text, open, "'" + c + "' is never closed");
                }
                pos++;
                addScaled(amounts, inner, optionalNumber());
            } else if (Character.isUpperCase(c)) {
                int symbolStart = pos;
                pos++;
                while (!atEnd() && Character.isLowerCase(peek())) {
                    pos++;
                }
                String symbol = text.substring(symbolStart, pos);
                Element element = element(symbol, symbolStart);
                addScaled(amounts, Map.of(element, 1.0), optionalNumber());
            } else if (Character.isLowerCase(c)) {
                throw error("element symbols start with a capital letter, found '" + c + "'");
            } else {
                throw error("expected an element symbol or '(', found '" + c + "'");
            }
        }
        if (amounts.isEmpty()) {
            if (!atEnd() && (peek() == ')' || peek() == ']') && depth == 0) {
                throw error("'" + peek() + "' has no matching opening bracket");
            }
            throw new FormulaException(text, Math.max(start, Math.min(pos, text.length())),
                    "expected an element symbol");
        }
        if (depth == 0 && !atEnd() && (peek() == ')' || peek() == ']')) {
            throw error("'" + peek() + "' has no matching opening bracket");
        }
        return amounts;
    }

    private Element element(String symbol, int at) {
        if (symbol.equals("D") || symbol.equals("T")) {
            return Elements.of("H");
        }
        return Elements.bySymbol(symbol)
                .orElseThrow(() -> new FormulaException(text, at, "unknown element '" + symbol + "'"));
    }

    private double optionalNumber() {
        skipSpace();
        if (!atEnd() && (isAsciiDigit(peek()) || (peek() == '.' && !atSeparator()))) {
            return number();
        }
        return 1.0;
    }

    private double number() {
        int start = pos;
        while (!atEnd() && isAsciiDigit(peek())) {
            pos++;
        }
        boolean leadingZero = pos > start && text.charAt(start) == '0';
        if (!atEnd() && peek() == '.' && (leadingZero || pos == start || !adductFollowsDot())) {
            pos++;
            int fraction = pos;
            while (!atEnd() && isAsciiDigit(peek())) {
                pos++;
            }
            if (pos == fraction) {
                throw new FormulaException(text, start, "expected digits after the decimal point");
            }
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty()) {
            throw new FormulaException(text, start, "expected a number");
        }
        double value = Double.parseDouble(digits);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new FormulaException(text, start, "an amount must be a positive number, found '" + digits + "'");
        }
        if (value > Composition.MAX_AMOUNT) {
            throw new FormulaException(text, start, "an amount must be at most " + (long) Composition.MAX_AMOUNT
                    + ", found '" + digits + "'");
        }
        return value;
    }

    private boolean atSeparator() {
        if (atEnd()) {
            return false;
        }
        char c = peek();
        if (c == '·' || c == '•' || c == '∙' || c == '⋅' || c == '*') {
            return true;
        }
        return c == '.' && adductFollowsDot();
    }

    private boolean adductFollowsDot() {
        return readsAsAdduct(text.substring(pos + 1));
    }

    /** Whether a '.' followed by {@code afterDot} is read as a hydrate or ammoniate separator. */
    static boolean readsAsAdduct(String afterDot) {
        return ADDUCT_AFTER_DOT.matcher(afterDot).find();
    }

    private static void addScaled(Map<Element, Double> into, Map<Element, Double> from, double factor) {
        from.forEach((e, n) -> into.merge(e, n * factor, Double::sum));
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private FormulaException error(String problem) {
        return new FormulaException(text, pos, problem);
    }

    /** Digits as formulas and units are written: Character.isDigit also takes other scripts' digits, which parseInt and parseDouble refuse. */
    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
