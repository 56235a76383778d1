package org.matdx.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The project's one JSON configuration (Jackson 3), shared by the store, the API and the CLI. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Deepest nesting of objects and arrays accepted from outside (a structure with its sites is 5 deep). */
    public static final int MAX_DEPTH = 64;
    /** Longest number literal accepted from outside: a double needs 25 characters. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Longest string (and object key) accepted from outside, in characters. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Most problems reported for one document: enough to fix them, not a second copy of a hostile one. */
    private static final int MAX_ISSUES = 20;

    /**
     * JSON from outside (request bodies, invoices, imported files): Jackson's own limits stop what
     * would exhaust memory or stack before {@link #readUntrusted} can name the field; they are set
     * above MatDX's, which {@link #readUntrusted} checks itself to say where and what.
     */
    private static final JsonMapper UNTRUSTED = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH + 1)
                            .maxNumberLength(MAX_NUMBER_LENGTH + 1)
                            .maxStringLength(MAX_STRING_LENGTH + 1)
                            .maxNameLength(MAX_STRING_LENGTH + 1)
                            .maxDocumentLength(64L * 1024 * 1024)
                            .build())
                    .build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Reads JSON that came from outside, or throws a 400 {@link Problem} naming each field that is
     * wrong ({@code field} prefixes the path inside the document: {@code "invoice"} gives
     * {@code invoice.basic.date}; {@code ""} names paths from the root, {@code properties.band_gap.value}).
     * Refused: malformed JSON; nesting deeper than {@link #MAX_DEPTH}; numbers that are not finite
     * as a double ({@code 1e309}), that underflow to zero ({@code 1e-400}) or are longer than
     * {@link #MAX_NUMBER_LENGTH} characters; strings and keys longer than {@link #MAX_STRING_LENGTH}
     * or holding a NUL character, which PostgreSQL cannot store in text or jsonb.
     */
    public static JsonNode readUntrusted(String text, String field) {
        List<Problem.Issue> issues = new ArrayList<>();
        try (JsonParser p = UNTRUSTED.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && issues.size() < MAX_ISSUES) {
                String problem = switch (t) {
                    case START_OBJECT, START_ARRAY -> p.streamReadContext().getNestingDepth() > MAX_DEPTH
                            ? "is nested deeper than " + MAX_DEPTH + " levels" : null;
                    case PROPERTY_NAME -> textProblem(p.currentName(), "a key");
                    case VALUE_STRING -> textProblem(p.getString(), "a string");
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numberProblem(p);
                    default -> null;
                };
                if (problem != null) {
                    // a container just opened is named by where it sits in its parent
                    TokenStreamContext at = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                            ? p.streamReadContext().getParent() : p.streamReadContext();
                    issues.add(new Problem.Issue(join(field, path(at)), problem));
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        break; // everything inside is deeper still
                    }
                }
            }
        } catch (StreamConstraintsException e) {
            issues.add(new Problem.Issue(field.isEmpty() ? "body" : field, "exceeds a size limit for JSON (nesting "
                    + MAX_DEPTH + " levels, numbers " + MAX_NUMBER_LENGTH + " and strings " + MAX_STRING_LENGTH + " characters)"));
        } catch (JacksonException e) {
            throw malformed(e, field);
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        try {
            return UNTRUSTED.readTree(text);
        } catch (JacksonException e) {
            throw malformed(e, field);
        }
    }

    /**
     * Checks a tree built in MatDX (by a reader, an import) as {@link #readUntrusted} checks text:
     * NUL characters, numbers that are not finite, nesting; adds one issue per problem (at most
     * {@value #MAX_ISSUES}) under {@code field}. Returns roughly how many characters the tree would
     * take as text, for limits on what is indexed as text.
     */
    public static long check(JsonNode n, String field, List<Problem.Issue> issues) {
        return check(n, field, 0, issues);
    }

    private static long check(JsonNode n, String field, int depth, List<Problem.Issue> issues) {
        if (n == null || issues.size() >= MAX_ISSUES) {
            return 0;
        }
        if (depth > MAX_DEPTH) {
            issues.add(new Problem.Issue(field, "is nested deeper than " + MAX_DEPTH + " levels"));
            return 0;
        }
        if (n.isString()) {
            String problem = textProblem(n.asString(), "a string");
            if (problem != null) {
                issues.add(new Problem.Issue(field, problem));
            }
            return n.asString().length() + 2;
        }
        if (n.isNumber()) {
            if (!Double.isFinite(n.asDouble())) {
                issues.add(new Problem.Issue(field, "must be a finite number, not " + n.asDouble()));
            }
            return 12;
        }
        long size = 2;
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode x = n.get(i);
                if (x.isNumber() && Double.isFinite(x.asDouble())) {
                    size += 13; // a series holds thousands: no path is built for a good number
                } else {
                    size += check(x, field + "[" + i + "]", depth + 1, issues) + 1;
                }
            }
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                String name = e.getKey();
                String problem = textProblem(name, "a key");
                String at = field.isEmpty() ? printable(name) : field + "." + printable(name);
                if (problem != null && issues.size() < MAX_ISSUES) {
                    issues.add(new Problem.Issue(at, problem));
                }
                size += name.length() + 4 + check(e.getValue(), at, depth + 1, issues);
            }
        }
        return size;
    }

    /**
     * The whole number {@code parent.name} of a request, {@code dflt} when absent; an issue naming
     * {@code field} when it is not a whole number from {@code min} to {@code max} (Jackson's
     * {@code asInt()} throws on 1e308 instead).
     */
    public static int wholeNumber(JsonNode parent, String name, String field, int dflt, int min, int max,
                                  List<Problem.Issue> issues) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            issues.add(new Problem.Issue(field, "must be a whole number from " + min + " to " + max));
            return dflt;
        }
        return n.asInt();
    }

    /** Why a text cannot be stored (a NUL character, over {@code max} characters), or null. */
    public static String textProblem(String s, int max) {
        if (s == null) {
            return null;
        }
        if (s.length() > max) {
            return "must be at most " + max + " characters (it has " + s.length() + ")";
        }
        return s.indexOf('\0') >= 0 ? NUL : null;
    }

    private static final String NUL = "holds a NUL character (\\u0000), which MatDX does not store";

    private static Problem malformed(JacksonException e, String field) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return Problem.invalid(field.isEmpty() ? "body" : field, "not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    private static String textProblem(String s, String what) {
        if (s.length() > MAX_STRING_LENGTH) {
            return "is " + what + " longer than " + MAX_STRING_LENGTH + " characters";
        }
        return s.indexOf('\0') >= 0 ? NUL : null;
    }

    private static String numberProblem(JsonParser p) {
        String literal = p.getText();
        if (literal.length() > MAX_NUMBER_LENGTH) {
            return "is a number of more than " + MAX_NUMBER_LENGTH + " characters";
        }
        double d = p.getValueAsDouble();
        if (!Double.isFinite(d)) {
            return "must be a finite number; " + literal + " is beyond double precision (about ±1.8e308)";
        }
        if (d == 0 && literal.chars().takeWhile(c -> c != 'e' && c != 'E').anyMatch(c -> c >= '1' && c <= '9')) {
            return "is too small for double precision: " + literal + " would become 0";
        }
        return null;
    }

    /** {@code entries[3].properties.band_gap.value}: where the parser is, for a person to find it. */
    private static String path(TokenStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.currentName() != null) {
                parts.add("." + printable(c.currentName()));
            }
        }
        Collections.reverse(parts);
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }

    /** {@code invoice.basic.date}; a location such as {@code data.jsonl, line 3} is followed by ": path". */
    /** A key as it can be shown in a message: a NUL as the JSON escape that wrote it. */
    private static String printable(String name) {
        return name.replace("\0", "\\u0000");
    }

    private static String join(String field, String path) {
        if (field.isEmpty()) {
            return path.isEmpty() ? "body" : path;
        }
        if (path.isEmpty()) {
            return field;
        }
        return field.contains(" ") ? field + ": " + path : path.startsWith("[") ? field + path : field + "." + path;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static JsonNode read(String text) {
        return MAPPER.readTree(text);
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** {"Fe": 2.0, "O": 3.0} in formula order. */
    public static ObjectNode composition(Composition c) {
        ObjectNode n = object();
        c.amounts().forEach((e, a) -> n.put(e.symbol(), a));
        return n;
    }

    public static Composition composition(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isEmpty()) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            m.put(e.getKey(), e.getValue().asDouble());
        }
        return Composition.ofSymbols(m);
    }
}
