package org.matdx.core;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON object by type — a request body, or a document the CLI was given —
 * and collects every problem instead of stopping at the first: a wrong type, a null, a number
 * that is not finite or out of range, too long a text, an unknown field each become one
 * {@link Problem.Issue} naming the field (as a person reads it, {@code pattern.two_theta[3]}, and
 * as an RFC 6901 pointer, {@code /pattern/two_theta/3}), what was wrong and what is allowed. A read
 * that fails returns the default (or null) so that reading goes on; {@link #done()} then throws one
 * 400 listing every problem once. Javalin's {@code Validator} is the model.
 *
 * <pre>{@code
 * JsonFields f = JsonFields.of(body);
 * String title = f.text("title", 500);
 * int limit = f.integer("limit", 1, 1000, 50);
 * f.refuseUnknown();
 * f.done();
 * }</pre>
 *
 * A nested object ({@link #object}) or the items of a list ({@link #objects}) are read by readers
 * that share the problems of the one they came from. A reader never throws for what the document
 * holds; it is not thread-safe.
 */
public final class JsonFields {
    /** Most problems one document reports: enough to fix them, not a second copy of a hostile one. */
    public static final int MAX_ISSUES = 50;
    /** Longest field name repeated in a message. */
    private static final int MAX_SHOWN_NAME = 64;

    /** The problems of one document, shared by the readers of its parts; one per field. */
    private static final class Collected {
        final List<Problem.Issue> issues;
        final Set<String> fields = new HashSet<>();

        Collected(List<Problem.Issue> issues) {
            this.issues = issues;
        }
    }

    private final JsonNode node;
    private final String field;
    private final String pointer;
    private final Collected collected;
    private final Set<String> asked = new LinkedHashSet<>();

    private JsonFields(JsonNode node, String field, String pointer, Collected collected) {
        this.node = node;
        this.field = field;
        this.pointer = pointer;
        this.collected = collected;
    }

    /** A reader of a request body, which must be a JSON object (a problem of its own if it is not). */
    public static JsonFields of(JsonNode body) {
        return of(body, "", new ArrayList<>());
    }

    /**
     * A reader whose problems go to {@code issues} (for code that collects problems of its own
     * around it) under {@code field} ({@code ""}: the document's root; {@code "options"}: its
     * fields are {@code options.x}, their pointers {@code /x}).
     */
    public static JsonFields of(JsonNode body, String field, List<Problem.Issue> issues) {
        JsonFields f = new JsonFields(null, field, "", new Collected(issues));
        if (body == null || body.isMissingNode() || body.isNull()) {
            f.record(field.isEmpty() ? "body" : field, "", "is missing: send a JSON object");
        } else if (!body.isObject()) {
            f.record(field.isEmpty() ? "body" : field, "", "must be a JSON object, found " + describe(body));
        } else {
            return new JsonFields(body, field, "", f.collected);
        }
        return f;
    }

    /** Whether this reader has an object to read (false for an absent or refused nested object). */
    public boolean present() {
        return node != null;
    }

    /** Whether the field is given (and not null). */
    public boolean has(String name) {
        asked.add(name);
        JsonNode v = node == null ? null : node.get(name);
        return v != null && !v.isNull();
    }

    /** The field as it was sent, null when absent or null: for a part passed on whole (an invoice, metadata). */
    public JsonNode raw(String name) {
        JsonNode v = value(name);
        return v == null || v.isNull() ? null : v;
    }

    // ---- text

    /** A required text of at most {@link Json#MAX_STRING_LENGTH} characters, not blank. */
    public String text(String name) {
        return text(name, Json.MAX_STRING_LENGTH);
    }

    /** A required text of at most {@code maxLength} characters, not blank. */
    public String text(String name, int maxLength) {
        String s = optionalText(name, maxLength);
        if (s == null && !refused(name)) {
            missing(name, "text");
        } else if (s != null && s.isBlank()) {
            problem(name, "must not be blank");
            return null;
        }
        return s;
    }

    /** A text, null when absent or null. */
    public String optionalText(String name) {
        return optionalText(name, Json.MAX_STRING_LENGTH);
    }

    /** A text of at most {@code maxLength} characters, null when absent or null. */
    public String optionalText(String name, int maxLength) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return text(v, name, -1, maxLength);
    }

    /**
     * One of {@code allowed} (case as given in the list, matched without regard to case),
     * {@code dflt} when absent or null.
     */
    public String oneOf(String name, List<String> allowed, String dflt) {
        String s = optionalText(name, 200);
        if (s == null) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s.strip())) {
                return a;
            }
        }
        problem(name, "must be one of " + String.join(", ", allowed) + ", not '" + shown(s) + "'");
        return dflt;
    }

    /**
     * A constant of {@code type} by its name in lower case ({@code "log_ei"} for {@code LOG_EI}),
     * {@code dflt} when absent or null.
     */
    public <E extends Enum<E>> E enumOf(String name, Class<E> type, E dflt) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String s = oneOf(name, names, null);
        return s == null ? dflt : Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    }

    /** A list of texts of at most {@code maxLength} characters each; empty when absent or null. */
    public List<String> texts(String name, int maxItems, int maxLength) {
        JsonNode v = list(name, maxItems, "texts");
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                String s = text(v.get(i), name, i, maxLength);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    // ---- numbers

    /** A required whole number from {@code min} to {@code max}; {@code min} when it is missing or wrong. */
    public int integer(String name, int min, int max) {
        Integer i = optionalInteger(name, min, max);
        if (i == null && !refused(name)) {
            missing(name, "a whole number from " + min + " to " + max);
        }
        return i == null ? min : i;
    }

    /** A whole number from {@code min} to {@code max}, {@code dflt} when absent (or wrong: the problem is recorded). */
    public int integer(String name, int min, int max, int dflt) {
        Integer i = optionalInteger(name, min, max);
        return i == null ? dflt : i;
    }

    /** A whole number from {@code min} to {@code max}, null when absent or null. */
    public Integer optionalInteger(String name, int min, int max) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        Long l = wholeNumber(v, name, -1, min, max);
        return l == null ? null : (int) (long) l;
    }

    /** A whole number from {@code min} to {@code max} beyond an int's range (a seed), {@code dflt} when absent (or wrong: the problem is recorded). */
    public long longInteger(String name, long min, long max, long dflt) {
        JsonNode v = value(name);
        Long l = v == null || v.isNull() ? null : wholeNumber(v, name, -1, min, max);
        return l == null ? dflt : l;
    }

    /** A required finite number from {@code min} to {@code max}. */
    public double finiteNumber(String name, double min, double max) {
        Double d = optionalNumber(name, min, max);
        if (d == null && !refused(name)) {
            missing(name, "a number from " + num(min) + " to " + num(max));
        }
        return d == null ? min : d;
    }

    /** A finite number from {@code min} to {@code max}, {@code dflt} when absent (or wrong: the problem is recorded). */
    public double finiteNumber(String name, double min, double max, double dflt) {
        Double d = optionalNumber(name, min, max);
        return d == null ? dflt : d;
    }

    /** A finite number from {@code min} to {@code max}, null when absent or null. */
    public Double optionalNumber(String name, double min, double max) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return number(v, name, -1, min, max);
    }

    /** As {@link #numbers}, and a problem when the list is absent. */
    public double[] requiredNumbers(String name, int maxItems, double min, double max) {
        double[] v = numbers(name, maxItems, min, max);
        if (v == null && !refused(name)) {
            missing(name, "a list of numbers");
        }
        return v;
    }

    /** A list of finite numbers from {@code min} to {@code max}, at most {@code maxItems}; null when absent or null. */
    public double[] numbers(String name, int maxItems, double min, double max) {
        JsonNode v = list(name, maxItems, "numbers");
        if (v == null) {
            return null;
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = v.get(i);
            // a series holds thousands: no name is built for a good number
            if (x.isNumber() && Double.isFinite(x.asDouble()) && x.asDouble() >= min && x.asDouble() <= max) {
                out[i] = x.asDouble();
            } else {
                Double d = number(x, name, i, min, max);
                if (d == null) {
                    return null; // one bad item is enough to say; not one problem per item of a hostile list
                }
                out[i] = d;
            }
        }
        return out;
    }

    // ---- true or false

    /** true or false, {@code dflt} when absent or null (or wrong: the problem is recorded). */
    public boolean bool(String name, boolean dflt) {
        Boolean b = optionalBool(name);
        return b == null ? dflt : b;
    }

    /** true or false, null when absent or null. */
    public Boolean optionalBool(String name) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            problem(name, "must be true or false, found " + describe(v));
            return null;
        }
        return v.asBoolean();
    }

    // ---- ids and dates

    /** A required id (UUID). */
    public UUID id(String name) {
        UUID id = optionalId(name);
        if (id == null && !refused(name)) {
            missing(name, "an id (UUID)");
        }
        return id;
    }

    /** An id (UUID), null when absent or null. */
    public UUID optionalId(String name) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return id(v, name, -1);
    }

    /** A list of ids (UUID), at most {@code maxItems}; empty when absent or null. */
    public List<UUID> ids(String name, int maxItems) {
        JsonNode v = list(name, maxItems, "ids (UUID)");
        List<UUID> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                UUID id = id(v.get(i), name, i);
                if (id == null) {
                    break; // one bad item is enough to say
                }
                out.add(id);
            }
        }
        return out;
    }

    /** A calendar date written as ISO 8601 ({@code 2027-04-01}), null when absent or null. */
    public LocalDate optionalDate(String name) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = text(v, name, -1, 40);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            problem(name, "must be a date like 2027-04-01, not '" + shown(s) + "'");
            return null;
        }
    }

    // ---- the values of materials science

    /** A chemical formula ({@code "LiCoO2"}), null when absent or null; a formula that cannot be read is a problem saying where. */
    public Composition optionalComposition(String name) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return composition(v, name, -1);
    }

    /** A list of chemical formulas, at most {@code maxItems}; empty when absent or null. */
    public List<Composition> compositions(String name, int maxItems) {
        JsonNode v = list(name, maxItems, "formulas");
        List<Composition> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                Composition c = composition(v.get(i), name, i);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** A list of element symbols ({@code ["Li", "Co"]}); empty when absent or null. */
    public List<Element> elements(String name) {
        JsonNode v = list(name, 200, "element symbols");
        List<Element> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                String s = text(v.get(i), name, i, 100);
                var element = s == null ? null : Elements.bySymbol(s.strip()).orElse(null);
                if (element != null) {
                    out.add(element);
                } else if (s != null) {
                    report(name, i, "must be an element symbol, not '" + shown(s) + "'");
                }
            }
        }
        return out;
    }

    // ---- objects and lists of objects

    /**
     * The reader of a nested object; absent, null or not an object (a problem recorded then),
     * a reader that is not {@link #present()} and reads nothing.
     */
    public JsonFields object(String name) {
        return object(name, "must be an object");
    }

    /** As {@link #object}; {@code refusal} says what it must be ("must be an object of name → {…}"). */
    public JsonFields object(String name, String refusal) {
        JsonNode v = value(name);
        if (v != null && !v.isNull() && !v.isObject()) {
            problem(name, refusal + ", found " + describe(v));
        }
        return child(v != null && v.isObject() ? v : null, name);
    }

    /** As {@link #object}, and a problem when it is absent: {@code hint} says what it should be. */
    public JsonFields requiredObject(String name, String hint) {
        JsonFields o = object(name);
        if (!o.present() && !refused(name) && node != null) {
            problem(name, "is required: " + hint);
        }
        return o;
    }

    /**
     * Readers of the objects of a list, at most {@code maxItems}; empty when absent or null. An
     * item that is not an object is a problem of its own.
     */
    public List<JsonFields> objects(String name, int maxItems) {
        JsonNode v = list(name, maxItems, "objects");
        List<JsonFields> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode x = v.get(i);
                if (!x.isObject()) {
                    report(name, i, "must be an object, found " + describe(x));
                    continue;
                }
                out.add(new JsonFields(x, join(name + "[" + i + "]"), pointer + "/" + escape(name) + "/" + i, collected));
            }
        }
        return out;
    }

    /**
     * Runs the parser of a part that domain code reads itself ({@code CandidateQuery.parse}) and
     * collects what it refuses — a 400 {@link Problem} (its issues as they are named) or an
     * {@link InvalidInput} — with the other problems of this document; null then. Any other
     * failure is not the sender's and goes on up.
     */
    public <T> T part(String name, Supplier<T> parser) {
        asked.add(name);
        return collect(name, parser);
    }

    /**
     * As {@link #part(String, Supplier)} for a value this object describes as a whole (a parameter
     * whose constructor refuses its bounds): what is refused without a field is a problem of this object.
     */
    public <T> T part(Supplier<T> parser) {
        return collect(null, parser);
    }

    private <T> T collect(String name, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (Problem p) {
            if (p.type() != Problem.Type.BAD_REQUEST) {
                throw p;
            }
            if (p.issues().isEmpty()) {
                problemOf(name, p.getMessage());
            } else {
                p.issues().forEach(i -> record(i.field(), i.pointer(), i.message())); // named by the part's parser
            }
        } catch (InvalidInput e) {
            problemOf(e.field() == null ? name : e.field(), e.getMessage());
        }
        return null;
    }

    private void problemOf(String name, String message) {
        if (name == null) {
            problem(message);
        } else {
            problem(name, message);
        }
    }

    // ---- problems

    /**
     * Refuses every field of this object that was not read (or named in {@code alsoKnown}, for
     * fields read only in some cases), naming each and listing the known ones.
     */
    public void refuseUnknown(String... alsoKnown) {
        if (node == null) {
            return;
        }
        Set<String> known = new LinkedHashSet<>(asked);
        known.addAll(List.of(alsoKnown));
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                String name = e.getKey();
                record(join(shownName(name)), pointer + "/" + escape(shownName(name)),
                        "is not a field here; known: " + String.join(", ", known));
            }
        }
    }

    /** Records a problem of a field of this object found by the caller (a rule across fields). */
    public void problem(String name, String message) {
        record(join(name), pointer + "/" + escape(name), message);
    }

    /** Records a problem of item {@code index} of the list field {@code name} found by the caller. */
    public void problem(String name, int index, String message) {
        report(name, index, message);
    }

    /** Records a problem of this object as a whole. */
    public void problem(String message) {
        record(field.isEmpty() ? "body" : field, pointer, message);
    }

    /** Whether nothing is wrong so far (in this document, nested readers included). */
    public boolean ok() {
        return collected.issues.isEmpty();
    }

    /** The problems found so far, in the order found. */
    public List<Problem.Issue> issues() {
        return List.copyOf(collected.issues);
    }

    /** Throws one 400 {@link Problem} listing every problem found, if any. */
    public void done() {
        if (!collected.issues.isEmpty()) {
            throw Problem.invalid(collected.issues);
        }
    }

    // ---- inside

    /** A problem of the field {@code name}, or of its item {@code index} when that is 0 or more. */
    private void report(String name, int index, String message) {
        if (index < 0) {
            problem(name, message);
        } else {
            record(join(name + "[" + index + "]"), pointer + "/" + escape(name) + "/" + index, message);
        }
    }

    private JsonNode value(String name) {
        asked.add(name);
        return node == null ? null : node.get(name);
    }

    private JsonFields child(JsonNode v, String name) {
        return new JsonFields(v, join(name), pointer + "/" + escape(name), collected);
    }

    /** Whether a problem was already recorded for the field (so a required one is not also "missing"). */
    private boolean refused(String name) {
        return collected.fields.contains(join(name));
    }

    private void missing(String name, String what) {
        if (node != null) { // an absent or refused object: its own problem, if any, is said once
            problem(name, "is required: " + what);
        }
    }

    private String text(JsonNode v, String name, int index, int maxLength) {
        if (!v.isString()) {
            report(name, index, "must be text, found " + describe(v));
            return null;
        }
        String s = v.asString();
        if (s.length() > maxLength) {
            report(name, index, "must be at most " + maxLength + " characters (it has " + s.length() + ")");
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            report(name, index, "holds a NUL character (\\u0000), which MatDX does not store");
            return null;
        }
        return s;
    }

    private Composition composition(JsonNode v, String name, int index) {
        String s = text(v, name, index, 1000);
        if (s == null) {
            return null;
        }
        try {
            return Composition.parse(s);
        } catch (FormulaException e) {
            report(name, index, e.getMessage());
            return null;
        }
    }

    private Long wholeNumber(JsonNode v, String name, int index, long min, long max) {
        String allowed = "a whole number from " + min + " to " + max;
        if (!v.isNumber()) {
            report(name, index, "must be " + allowed + ", found " + describe(v));
            return null;
        }
        long l;
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                report(name, index, "must be " + allowed + ", found " + shown(v.toString()));
                return null;
            }
            l = v.asLong();
        } else {
            double d = v.asDouble();
            // 5.0 is a whole number; 1e309 (if a tree from elsewhere holds it) and 2.5 are not
            if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.0e15) {
                report(name, index, "must be " + allowed + ", found " + shown(v.toString()));
                return null;
            }
            l = (long) d;
        }
        if (l < min || l > max) {
            report(name, index, "must be " + allowed + ", found " + l);
            return null;
        }
        return l;
    }

    private Double number(JsonNode v, String name, int index, double min, double max) {
        String allowed = "a number from " + num(min) + " to " + num(max);
        if (!v.isNumber()) {
            // NaN and Infinity are not JSON: they can only arrive as text
            report(name, index, "must be " + allowed + ", found " + describe(v));
            return null;
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            report(name, index, "must be a finite number (" + allowed + "); " + shown(v.toString()) + " is beyond double precision");
            return null;
        }
        if (d < min || d > max) {
            report(name, index, "must be " + allowed + ", found " + num(d));
            return null;
        }
        return d;
    }

    private UUID id(JsonNode v, String name, int index) {
        UUID id = v.isString() ? Ids.parseOrNull(v.asString().strip()) : null;
        if (id == null) {
            report(name, index, "must be an id (UUID), found " + (v.isString() ? "'" + shown(v.asString()) + "'" : describe(v)));
        }
        return id;
    }

    /** The list field, null when absent, null or refused (not a list, too long). */
    private JsonNode list(String name, int maxItems, String of) {
        JsonNode v = value(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            problem(name, "must be a list of " + of + ", found " + describe(v));
            return null;
        }
        if (v.size() > maxItems) {
            problem(name, "at most " + maxItems + " items (found " + v.size() + ")");
            return null;
        }
        return v;
    }

    private void record(String at, String ptr, String message) {
        // once per field: a field read twice, or by two rules, is one problem to fix
        if (collected.fields.add(at) && collected.issues.size() < MAX_ISSUES) {
            collected.issues.add(new Problem.Issue(at, message, ptr));
        }
    }

    private String join(String name) {
        if (field.isEmpty()) {
            return name;
        }
        return name.startsWith("[") ? field + name : field + "." + name;
    }

    /** RFC 6901: {@code ~} and {@code /} in a name are escaped. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** What a value is, for "found …": never the value itself when it may be large. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            String s = v.asString();
            return s.length() <= 40 ? "the text '" + shown(s) + "'" : "a text of " + s.length() + " characters";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "true" : "false";
        }
        if (v.isNumber()) {
            return "the number " + shown(v.toString());
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object";
        }
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** A text as a message may repeat it: short, and no control characters. */
    private static String shown(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** A field's name as a message may repeat it: never a body's worth of bytes sent back. */
    private static String shownName(String name) {
        return name.length() <= MAX_SHOWN_NAME ? shown(name) : "a name of " + name.length() + " characters";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
