package org.matdx.optimade.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses an OPTIMADE filter into its concrete syntax tree, following the specification's EBNF
 * ("The Filter Language EBNF Grammar", OPTIMADE v1.2) production by production: one method per
 * rule, character by character, so the tree has the rules and tokens the grammar defines. The
 * grammar needs one character (or one keyword) of lookahead everywhere, so there is no
 * backtracking.
 *
 * <p>Errors name the position of the first character that does not fit and what would have.
 */
public final class FilterParser {
    /** Longer filters are refused: a person does not write them (and a request line holds 8 kB). */
    public static final int MAX_LENGTH = 5_000;
    /** Most comparisons in one filter: each becomes a condition the database plans and tests. */
    public static final int MAX_COMPARISONS = 200;
    /** Deepest nesting of parentheses. */
    public static final int MAX_NESTING = 32;
    /** Recursion of the grammar's rules (chains of AND and OR recurse too): a backstop for the stack. */
    private static final int MAX_DEPTH = 1000;
    private static final String PUNCTUATORS = "!#$%&'()*+,-./:;<=>?@[]^`{|}~";

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private int depth;
    private int nesting;
    private int comparisons;

    private FilterParser(String text) {
        this.text = text;
    }

    /** The whole filter ({@code Filter} rule), or a {@link FilterException} of kind INVALID. */
    public static Cst.Rule parse(String filter) {
        if (filter.length() > MAX_LENGTH) {
            throw FilterException.invalid(filter, MAX_LENGTH, "the filter is longer than " + MAX_LENGTH + " characters");
        }
        FilterParser p = new FilterParser(filter);
        Cst.Rule tree = p.filter();
        if (p.pos < filter.length()) {
            throw p.error("unexpected " + p.describeNext() + "; expected AND, OR, ')' or the end of the filter"
                    + p.hintAfterComplete());
        }
        return tree;
    }

    /** A lone {@code Number} (the grammar's Number sub-grammar), for tests of the number syntax. */
    public static Cst.Rule parseNumber(String number) {
        FilterParser p = new FilterParser(number);
        if (!p.startsNumber()) {
            throw p.error("unexpected " + p.describeNext() + "; expected a number");
        }
        Cst.Rule n = p.number();
        if (p.pos < number.length()) {
            throw p.error("unexpected " + p.describeNext() + "; expected the end of the number");
        }
        return n;
    }

    // ---- expressions ----------------------------------------------------------------------

    private Cst.Rule filter() {
        List<Cst> c = new ArrayList<>();
        if (isSpace(peek())) {
            c.add(spaces());
        }
        c.add(expression());
        return rule("Filter", c);
    }

    private Cst.Rule expression() {
        enter();
        List<Cst> c = new ArrayList<>();
        c.add(expressionClause());
        if (atKeyword("OR")) {
            c.add(keyword("OR"));
            c.add(expression());
        }
        depth--;
        return rule("Expression", c);
    }

    private Cst.Rule expressionClause() {
        enter();
        List<Cst> c = new ArrayList<>();
        c.add(expressionPhrase());
        if (atKeyword("AND")) {
            c.add(keyword("AND"));
            c.add(expressionClause());
        }
        depth--;
        return rule("ExpressionClause", c);
    }

    private Cst.Rule expressionPhrase() {
        List<Cst> c = new ArrayList<>();
        if (atKeyword("NOT")) {
            c.add(keyword("NOT"));
        }
        if (peek() == '(') {
            if (++nesting > MAX_NESTING) {
                throw error("parentheses are nested more than " + MAX_NESTING + " deep; simplify the filter");
            }
            c.add(punct("OpeningBrace"));
            c.add(expression());
            nesting--;
            if (peek() != ')') {
                throw error("unexpected " + describeNext() + "; expected AND, OR or ')' to close the '(' ");
            }
            c.add(punct("ClosingBrace"));
        } else if (startsProperty() || startsOrderedConstant() || atKeyword("TRUE") || atKeyword("FALSE")) {
            c.add(comparison());
        } else {
            throw error("unexpected " + describeNext() + "; expected a comparison (such as nelements > 2), NOT or '('");
        }
        return rule("ExpressionPhrase", c);
    }

    private Cst.Rule comparison() {
        if (++comparisons > MAX_COMPARISONS) {
            throw error("the filter has more than " + MAX_COMPARISONS + " comparisons; split it into several queries");
        }
        return rule("Comparison", List.of(startsProperty() ? propertyFirstComparison() : constantFirstComparison()));
    }

    private Cst.Rule constantFirstComparison() {
        List<Cst> c = new ArrayList<>();
        if (startsOrderedConstant()) {
            c.add(orderedConstant());
            c.add(valueOpRhs());
        } else {
            c.add(unorderedConstant());
            if (!startsEqualityOperator()) {
                throw error("unexpected " + describeNext() + "; TRUE and FALSE can only be compared with = or !=");
            }
            c.add(valueEqRhs());
        }
        return rule("ConstantFirstComparison", c);
    }

    private Cst.Rule propertyFirstComparison() {
        List<Cst> c = new ArrayList<>();
        c.add(property());
        if (startsEqualityOperator() || startsRelativeOperator()) {
            c.add(valueOpRhs());
        } else if (atKeyword("IS")) {
            c.add(knownOpRhs());
        } else if (atKeyword("CONTAINS") || atKeyword("STARTS") || atKeyword("ENDS")) {
            c.add(fuzzyStringOpRhs());
        } else if (atKeyword("HAS")) {
            c.add(setOpRhs());
        } else if (peek() == ':') {
            c.add(setZipOpRhs());
        } else if (atKeyword("LENGTH")) {
            c.add(lengthOpRhs());
        }
        return rule("PropertyFirstComparison", c);
    }

    private Cst.Rule valueOpRhs() {
        if (startsEqualityOperator()) {
            return rule("ValueOpRhs", List.of(valueEqRhs()));
        }
        if (!startsRelativeOperator()) {
            throw error("unexpected " + describeNext() + "; expected a comparison operator (=, !=, <, <=, >, >=)");
        }
        return rule("ValueOpRhs", List.of(valueRelCompRhs()));
    }

    private Cst.Rule valueEqRhs() {
        return rule("ValueEqRhs", List.of(equalityOperator(), value()));
    }

    private Cst.Rule valueRelCompRhs() {
        return rule("ValueRelCompRhs", List.of(relativeComparisonOperator(), orderedValue()));
    }

    private Cst.Rule knownOpRhs() {
        List<Cst> c = new ArrayList<>();
        c.add(keyword("IS"));
        if (atKeyword("KNOWN")) {
            c.add(keyword("KNOWN"));
        } else if (atKeyword("UNKNOWN")) {
            c.add(keyword("UNKNOWN"));
        } else {
            throw error("unexpected " + describeNext() + "; expected KNOWN or UNKNOWN after IS");
        }
        return rule("KnownOpRhs", c);
    }

    private Cst.Rule fuzzyStringOpRhs() {
        List<Cst> c = new ArrayList<>();
        if (atKeyword("CONTAINS")) {
            c.add(keyword("CONTAINS"));
        } else {
            String k = atKeyword("STARTS") ? "STARTS" : "ENDS";
            c.add(keyword(k));
            if (atKeyword("WITH")) {
                c.add(keyword("WITH"));
            }
        }
        c.add(value());
        return rule("FuzzyStringOpRhs", c);
    }

    private Cst.Rule setOpRhs() {
        List<Cst> c = new ArrayList<>();
        c.add(keyword("HAS"));
        if (atKeyword("ALL") || atKeyword("ANY") || atKeyword("ONLY")) {
            c.add(keyword(atKeyword("ALL") ? "ALL" : atKeyword("ANY") ? "ANY" : "ONLY"));
            c.add(valueList());
        } else if (startsEqualityOperator()) {
            c.add(equalityOperator());
            c.add(value());
        } else if (startsRelativeOperator()) {
            c.add(relativeComparisonOperator());
            c.add(orderedValue());
        } else if (atKeyword("CONTAINS") || atKeyword("STARTS") || atKeyword("ENDS")) {
            c.add(fuzzyStringOpRhs());
        } else if (startsValue()) {
            c.add(value());
        } else {
            throw error("unexpected " + describeNext() + "; expected a value, an operator, ALL, ANY or ONLY after HAS");
        }
        return rule("SetOpRhs", c);
    }

    private Cst.Rule setZipOpRhs() {
        List<Cst> c = new ArrayList<>();
        c.add(propertyZipAddon());
        if (!atKeyword("HAS")) {
            throw error("unexpected " + describeNext() + "; expected HAS after the list of properties");
        }
        c.add(keyword("HAS"));
        if (atKeyword("ALL") || atKeyword("ANY") || atKeyword("ONLY")) {
            c.add(keyword(atKeyword("ALL") ? "ALL" : atKeyword("ANY") ? "ANY" : "ONLY"));
            c.add(valueZipList());
        } else {
            c.add(valueZip());
        }
        return rule("SetZipOpRhs", c);
    }

    private Cst.Rule propertyZipAddon() {
        List<Cst> c = new ArrayList<>();
        do {
            c.add(punct("Colon"));
            if (!startsProperty()) {
                throw error("unexpected " + describeNext() + "; expected a property name after ':'");
            }
            c.add(property());
        } while (peek() == ':');
        return rule("PropertyZipAddon", c);
    }

    private Cst.Rule lengthOpRhs() {
        List<Cst> c = new ArrayList<>();
        c.add(keyword("LENGTH"));
        if (startsEqualityOperator()) {
            c.add(rule("Operator", List.of(equalityOperator())));
        } else if (startsRelativeOperator()) {
            c.add(rule("Operator", List.of(relativeComparisonOperator())));
        }
        c.add(value());
        return rule("LengthOpRhs", c);
    }

    // ---- values ---------------------------------------------------------------------------

    private Cst.Rule valueList() {
        List<Cst> c = new ArrayList<>();
        c.add(valueListEntry());
        while (peek() == ',') {
            c.add(punct("Comma"));
            c.add(valueListEntry());
        }
        return rule("ValueList", c);
    }

    private Cst.Rule valueZip() {
        List<Cst> c = new ArrayList<>();
        c.add(valueListEntry());
        if (peek() != ':') {
            throw error("unexpected " + describeNext() + "; expected ':' between the values of a zipped comparison");
        }
        while (peek() == ':') {
            c.add(punct("Colon"));
            c.add(valueListEntry());
        }
        return rule("ValueZip", c);
    }

    private Cst.Rule valueZipList() {
        List<Cst> c = new ArrayList<>();
        c.add(valueZip());
        while (peek() == ',') {
            c.add(punct("Comma"));
            c.add(valueZip());
        }
        return rule("ValueZipList", c);
    }

    private Cst.Rule valueListEntry() {
        Cst.Rule inner;
        if (startsEqualityOperator()) {
            inner = valueEqRhs();
        } else if (startsRelativeOperator()) {
            inner = valueRelCompRhs();
        } else if (atKeyword("CONTAINS") || atKeyword("STARTS") || atKeyword("ENDS")) {
            inner = fuzzyStringOpRhs();
        } else {
            inner = value();
        }
        return rule("ValueListEntry", List.of(inner));
    }

    private Cst.Rule value() {
        if (atKeyword("TRUE") || atKeyword("FALSE")) {
            return rule("Value", List.of(unorderedConstant()));
        }
        if (startsOrderedConstant() || startsProperty()) {
            return rule("Value", List.of(orderedValue()));
        }
        throw error("unexpected " + describeNext() + "; expected a value: a \"string\", a number, TRUE, FALSE or a property name");
    }

    private Cst.Rule orderedValue() {
        if (startsOrderedConstant()) {
            return rule("OrderedValue", List.of(orderedConstant()));
        }
        if (startsProperty()) {
            return rule("OrderedValue", List.of(property()));
        }
        throw error("unexpected " + describeNext() + "; expected a \"string\", a number or a property name"
                + (atKeyword("TRUE") || atKeyword("FALSE") ? " (TRUE and FALSE can only be compared with = or !=)" : ""));
    }

    private Cst.Rule orderedConstant() {
        return rule("OrderedConstant", List.of(peek() == '"' ? string() : number()));
    }

    private Cst.Rule unorderedConstant() {
        return rule("UnorderedConstant", List.of(keyword(atKeyword("TRUE") ? "TRUE" : "FALSE")));
    }

    // ---- tokens ---------------------------------------------------------------------------

    private Cst.Rule property() {
        List<Cst> c = new ArrayList<>();
        c.add(identifier());
        while (peek() == '.') {
            c.add(punct("Dot"));
            if (!startsProperty()) {
                throw error("unexpected " + describeNext() + "; expected a property name after '.'");
            }
            c.add(identifier());
        }
        return rule("Property", c);
    }

    private Cst.Rule identifier() {
        List<Cst> c = new ArrayList<>();
        c.add(rule("LowercaseLetter", List.of(take())));
        while (isLowercase(peek()) || isDigit(peek())) {
            c.add(rule(isDigit(peek()) ? "Digit" : "LowercaseLetter", List.of(take())));
        }
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule("Identifier", c);
    }

    private Cst.Rule string() {
        int start = pos;
        List<Cst> c = new ArrayList<>();
        c.add(take()); // opening quote
        while (true) {
            char ch = peek();
            if (pos >= text.length()) {
                throw errorAt(start, "this string is never closed; end it with '\"' (write \\\" for a quote inside it)");
            }
            if (ch == '"') {
                break;
            }
            if (ch == '\\') {
                char next = peekAt(pos + 1);
                if (next != '"' && next != '\\') {
                    throw error("unexpected escape '\\" + (next == 0 ? "" : String.valueOf(next))
                            + "' in a string; only \\\" and \\\\ are escapes");
                }
                c.add(rule("EscapedChar", List.of(take(), take())));
            } else {
                c.add(rule("EscapedChar", List.of(rule("UnescapedChar", List.of(unescapedChar())))));
            }
        }
        c.add(take()); // closing quote
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule("String", c);
    }

    private Cst unescapedChar() {
        char ch = peek();
        if (isLowercase(ch)) {
            return rule("Letter", List.of(rule("LowercaseLetter", List.of(take()))));
        }
        if (ch >= 'A' && ch <= 'Z') {
            return rule("Letter", List.of(rule("UppercaseLetter", List.of(take()))));
        }
        if (isDigit(ch)) {
            return rule("Digit", List.of(take()));
        }
        if (isSpace(ch)) {
            return space();
        }
        if (PUNCTUATORS.indexOf(ch) >= 0) {
            return rule("Punctuator", List.of(take()));
        }
        if (ch > 0x7F) {
            int cp = text.codePointAt(pos);
            return rule("UnicodeHighChar", List.of(take(Character.charCount(cp))));
        }
        throw error("the control character U+" + String.format("%04X", (int) ch) + " cannot appear in a string");
    }

    private Cst.Rule number() {
        List<Cst> c = new ArrayList<>();
        if (peek() == '+' || peek() == '-') {
            c.add(rule("Sign", List.of(take())));
        }
        if (isDigit(peek())) {
            c.add(digits());
            if (peek() == '.') {
                c.add(take());
                if (isDigit(peek())) {
                    c.add(digits());
                }
            }
        } else if (peek() == '.') {
            c.add(take());
            if (!isDigit(peek())) {
                throw error("unexpected " + describeNext() + "; expected a digit after '.' in a number");
            }
            c.add(digits());
        } else {
            throw error("unexpected " + describeNext() + "; expected a digit or '.' in a number");
        }
        // 'E' starting the keyword ENDS is not an exponent (the reference tokenizer reads ENDS whole)
        if ((peek() == 'e' || peek() == 'E') && !text.startsWith("ENDS", pos)) {
            List<Cst> e = new ArrayList<>();
            e.add(take());
            if (peek() == '+' || peek() == '-') {
                e.add(rule("Sign", List.of(take())));
            }
            if (!isDigit(peek())) {
                throw error("unexpected " + describeNext() + "; expected the digits of the exponent");
            }
            e.add(digits());
            c.add(rule("Exponent", e));
        }
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule("Number", c);
    }

    private Cst.Rule digits() {
        List<Cst> c = new ArrayList<>();
        while (isDigit(peek())) {
            c.add(rule("Digit", List.of(take())));
        }
        return rule("Digits", c);
    }

    private Cst.Rule equalityOperator() {
        List<Cst> c = new ArrayList<>();
        if (peek() == '!') {
            c.add(take());
            if (peek() != '=') {
                throw error("unexpected " + describeNext() + "; '!' must be followed by '='");
            }
        }
        c.add(take());
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule("EqualityOperator", c);
    }

    private Cst.Rule relativeComparisonOperator() {
        List<Cst> c = new ArrayList<>();
        c.add(take());
        if (peek() == '=') {
            c.add(take());
        }
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule("RelativeComparisonOperator", c);
    }

    private Cst.Rule keyword(String k) {
        List<Cst> c = new ArrayList<>();
        c.add(take(k.length()));
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule(k, c);
    }

    private Cst.Rule punct(String name) {
        List<Cst> c = new ArrayList<>();
        c.add(take());
        if (isSpace(peek())) {
            c.add(spaces());
        }
        return rule(name, c);
    }

    private Cst.Rule spaces() {
        List<Cst> c = new ArrayList<>();
        while (isSpace(peek())) {
            c.add(space());
        }
        return rule("Spaces", c);
    }

    private Cst.Rule space() {
        char ch = peek();
        String special = switch (ch) {
            case '\t' -> "tab";
            case '\n' -> "nl";
            case '\r' -> "cr";
            case '\u000B' -> "vt";
            case '\f' -> "ff";
            default -> null;
        };
        Cst.Token t = take();
        return special == null ? rule("Space", List.of(t)) : rule("Space", List.of(rule(special, List.of(t))));
    }

    // ---- lookahead ------------------------------------------------------------------------

    private boolean startsProperty() {
        return isLowercase(peek());
    }

    private boolean startsOrderedConstant() {
        return peek() == '"' || startsNumber();
    }

    private boolean startsNumber() {
        char c = peek();
        return isDigit(c) || c == '.' || c == '+' || c == '-';
    }

    private boolean startsValue() {
        return startsOrderedConstant() || startsProperty() || atKeyword("TRUE") || atKeyword("FALSE");
    }

    private boolean startsEqualityOperator() {
        return peek() == '=' || peek() == '!';
    }

    private boolean startsRelativeOperator() {
        return peek() == '<' || peek() == '>';
    }

    private boolean atKeyword(String k) {
        return text.startsWith(k, pos);
    }

    private static boolean isLowercase(char c) {
        return c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f';
    }

    private char peek() {
        return peekAt(pos);
    }

    private char peekAt(int i) {
        return i < text.length() ? text.charAt(i) : 0;
    }

    private Cst.Token take() {
        return take(1);
    }

    private Cst.Token take(int n) {
        Cst.Token t = new Cst.Token(text.substring(pos, pos + n), pos, line, column);
        for (int i = 0; i < n; i++) {
            if (text.charAt(pos) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            pos++;
        }
        return t;
    }

    private static Cst.Rule rule(String name, List<Cst> children) {
        return new Cst.Rule(name, children);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("the filter nests or chains more than " + MAX_DEPTH + " levels deep; simplify it");
        }
    }

    // ---- errors ---------------------------------------------------------------------------

    private static final String[] KEYWORDS = {"UNKNOWN", "CONTAINS", "LENGTH", "STARTS", "KNOWN", "FALSE", "ENDS",
            "WITH", "ONLY", "TRUE", "AND", "NOT", "HAS", "ALL", "ANY", "OR", "IS"};

    private String describeNext() {
        if (pos >= text.length()) {
            return "end of filter";
        }
        for (String k : KEYWORDS) {
            if (text.startsWith(k, pos)) {
                return "'" + k + "'";
            }
        }
        char c = peek();
        if (c >= 'A' && c <= 'Z') {
            int end = pos;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(pos, end) + "'";
        }
        if (isSpace(c)) {
            return "whitespace";
        }
        if (c < 0x20) {
            return "control character U+" + String.format("%04X", (int) c);
        }
        return "'" + text.substring(pos, pos + Character.charCount(text.codePointAt(pos))) + "'";
    }

    /** After a complete comparison, explain the usual slips: lowercase keywords and single quotes. */
    private String hintAfterComplete() {
        String rest = text.substring(pos);
        for (String k : new String[] {"and", "or", "not", "has", "contains", "is", "length", "starts", "ends"}) {
            if (rest.startsWith(k) && (rest.length() == k.length() || !isLowercase(rest.charAt(k.length())) && !isDigit(rest.charAt(k.length())))) {
                return " (operators are upper-case: write " + k.toUpperCase(Locale.ROOT) + ")";
            }
        }
        if (peek() >= 'A' && peek() <= 'Z') {
            return " (property names are lower-case)";
        }
        return "";
    }

    private FilterException error(String problem) {
        return errorAt(pos, problem);
    }

    private FilterException errorAt(int at, String problem) {
        String hint = "";
        if (at < text.length() && text.charAt(at) == '\'') {
            hint = " (strings are written in double quotes: \"…\")";
        }
        return FilterException.invalid(text, at, problem + hint);
    }
}
