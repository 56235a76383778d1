package org.matdx.ingest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template's whole invoice schema — the shared basic and sample parts ({@code
 * invoice-base.json}) with the template's own fields under {@code custom} — and validation that
 * reports every problem field by field, labelled and worded in the user's language (ja/en).
 * Validation is done by networknt's JSON Schema 2020-12 validator, with format assertions on,
 * so a date must be a date.
 */
public final class InvoiceSchema {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonNode BASE = loadBase();
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

    private InvoiceSchema() {
    }

    private static JsonNode loadBase() {
        try (InputStream in = InvoiceSchema.class.getResourceAsStream("/templates/invoice-base.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The complete schema of a template's invoice, as the upload form and API clients see it. */
    public static ObjectNode of(Template t) {
        ObjectNode s = (ObjectNode) BASE.deepCopy();
        ((ObjectNode) s.path("properties")).set("custom", t.invoice());
        if (t.invoice().path("required").isArray() && !t.invoice().path("required").isEmpty()) {
            s.withArray("required").add("custom");
        }
        s.put("title", t.title("en"));
        return s;
    }

    /** Compiles the schema once at start, so a template with an unusable schema is refused then. */
    static void check(Template t) {
        try {
            compiled(t);
        } catch (RuntimeException e) {
            throw Problem.badRequest("template " + t.source() + ": invoice schema: " + e.getMessage());
        }
    }

    private static Schema compiled(Template t) {
        return COMPILED.computeIfAbsent(t.source() + "#" + t.id() + "#" + t.invoice().hashCode(),
                k -> REGISTRY.getSchema(of(t)));
    }

    /**
     * Checks an invoice and reads it; every problem is reported together, each with the field's
     * path ({@code custom.wavelength}) and a message in {@code lang}.
     */
    public static Invoice validate(Template t, JsonNode invoice, String lang) {
        if (invoice == null || !invoice.isObject()) {
            throw Problem.invalid("invoice", ja(lang) ? "送り状は JSON オブジェクトで指定してください" : "must be a JSON object");
        }
        ObjectNode schema = of(t);
        Locale locale = ja(lang) ? Locale.JAPANESE : Locale.ENGLISH;
        List<Error> errors = compiled(t).validate(invoice, ctx -> ctx.executionConfig(
                c -> c.locale(locale).formatAssertionsEnabled(true)));
        List<Problem.Issue> issues = new ArrayList<>();
        for (Error e : errors) {
            String field = field(e);
            String message = message(e, schema, field, lang);
            Problem.Issue issue = new Problem.Issue("invoice." + field, message);
            if (!issues.contains(issue)) {
                issues.add(issue);
            }
        }
        Composition composition = null;
        JsonNode comp = invoice.path("sample").path("composition");
        if (comp.isString() && !comp.asString().isBlank()) {
            try {
                composition = Composition.parse(comp.asString());
            } catch (FormulaException fe) {
                issues.add(new Problem.Issue("invoice.sample.composition", label(schema, "sample.composition", lang) + ": "
                        + fe.getMessage()));
            }
        }
        JsonNode sample = invoice.path("sample");
        if (sample.isObject() && sample.hasNonNull("id") && sample.hasNonNull("name")) {
            issues.add(new Problem.Issue("invoice.sample", ja(lang)
                    ? "既存の試料 ID か新しい試料名のどちらか一方を指定してください"
                    : "give either an existing sample id or a new sample's name, not both"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return Invoice.of(invoice, composition);
    }

    private static boolean ja(String lang) {
        return "ja".equals(lang);
    }

    /** The field an error is about, as a dotted path from the invoice's root. */
    private static String field(Error e) {
        var loc = e.getInstanceLocation();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < loc.getNameCount(); i++) {
            Object el = loc.getElement(i);
            if (el instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(el);
            }
        }
        String at = sb.toString();
        String prop = e.getProperty();
        if (prop != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())
                || "dependentRequired".equals(e.getKeyword()))) {
            at = at.isEmpty() ? prop : at + "." + prop;
        }
        return at.isEmpty() ? "(invoice)" : at;
    }

    /** The schema node of a dotted field path, or a missing node. */
    static JsonNode node(JsonNode schema, String field) {
        JsonNode n = schema;
        for (String part : field.split("\\.")) {
            if (part.matches("\\[\\d+]")) {
                n = n.path("items");
            } else {
                n = n.path("properties").path(part);
            }
        }
        return n;
    }

    static String label(JsonNode schema, String field, String lang) {
        JsonNode l = node(schema, field).path("x-label");
        String fallback = field.substring(field.lastIndexOf('.') + 1);
        return l.isObject() ? l.path(lang).asString(l.path("en").asString(fallback)) : fallback;
    }

    private static String message(Error e, JsonNode schema, String field, String lang) {
        JsonNode s = node(schema, field);
        String unit = s.path("x-unit").asString("");
        String u = unit.isEmpty() ? "" : " " + unit;
        boolean ja = ja(lang);
        String what = switch (e.getKeyword() == null ? "" : e.getKeyword()) {
            case "required" -> ja ? "必須項目です" : "is required";
            case "additionalProperties" -> ja ? "このフォームにない項目です" : "is not a field of this form";
            case "type" -> ja ? typeJa(s.path("type").asString("")) : "must be " + typeEn(s.path("type").asString(""));
            case "minimum" -> ja ? s.path("minimum").asString() + u + " 以上にしてください" : "must be at least " + s.path("minimum").asString() + u;
            case "maximum" -> ja ? s.path("maximum").asString() + u + " 以下にしてください" : "must be at most " + s.path("maximum").asString() + u;
            case "exclusiveMinimum" -> ja ? s.path("exclusiveMinimum").asString() + u + " より大きくしてください"
                    : "must be greater than " + s.path("exclusiveMinimum").asString() + u;
            case "exclusiveMaximum" -> ja ? s.path("exclusiveMaximum").asString() + u + " より小さくしてください"
                    : "must be less than " + s.path("exclusiveMaximum").asString() + u;
            case "minLength" -> s.path("minLength").asInt() <= 1 ? (ja ? "空欄にできません" : "must not be empty")
                    : (ja ? s.path("minLength").asInt() + " 文字以上にしてください" : "needs at least " + s.path("minLength").asInt() + " characters");
            case "maxLength" -> ja ? s.path("maxLength").asInt() + " 文字以内にしてください" : "must be at most " + s.path("maxLength").asInt() + " characters";
            case "enum" -> (ja ? "次のいずれかにしてください: " : "must be one of: ") + String.join(", ",
                    java.util.stream.StreamSupport.stream(s.path("enum").spliterator(), false).map(JsonNode::asString).toList());
            case "pattern" -> ja ? "形式が正しくありません（" + s.path("pattern").asString() + "）" : "does not have the expected form (" + s.path("pattern").asString() + ")";
            case "format" -> switch (s.path("format").asString("")) {
                case "date" -> ja ? "2024-05-01 のような日付にしてください" : "must be a date such as 2024-05-01";
                case "date-time" -> ja ? "2024-05-01T09:00:00Z のような日時にしてください" : "must be a date and time such as 2024-05-01T09:00:00Z";
                case "email" -> ja ? "メールアドレスの形式にしてください" : "must be an e-mail address";
                default -> e.getMessage();
            };
            default -> e.getMessage().replaceFirst("^\\$[^:]*:\\s*", "");
        };
        return label(schema, field, lang) + ": " + what;
    }

    private static String typeEn(String type) {
        return switch (type) {
            case "number" -> "a number";
            case "integer" -> "a whole number";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "a list";
            default -> "of type " + type;
        };
    }

    private static String typeJa(String type) {
        return switch (type) {
            case "number" -> "数値を入力してください";
            case "integer" -> "整数を入力してください";
            case "string" -> "文字列を入力してください";
            case "boolean" -> "true か false を指定してください";
            case "object" -> "オブジェクトを指定してください";
            case "array" -> "リストを指定してください";
            default -> type + " 型にしてください";
        };
    }
}
