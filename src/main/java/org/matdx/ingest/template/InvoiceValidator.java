package org.matdx.ingest.template;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks an invoice against the base invoice schema (basic and sample parts) with the template's
 * schema as its {@code custom} part, using networknt's JSON Schema 2020-12 validator, and turns
 * each error into a sentence about one field, in Japanese or English, using the field's
 * {@code x-label} and {@code x-unit}.
 */
public final class InvoiceValidator {
    /** 2020-12 with MatDX's annotation keywords (labels and units), so they are known rather than warned about. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            Dialect.builder(Dialects.getDraft202012())
                    .keyword(new AnnotationKeyword("x-label"))
                    .keyword(new AnnotationKeyword("x-unit")).build());
    private static final JsonNode BASE = loadBase();

    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    private record Compiled(JsonNode schema, Schema validator) {
    }

    /** The complete invoice schema of a template: base parts plus its own fields under {@code custom}. */
    public JsonNode fullSchema(Template t) {
        return compile(t).schema();
    }

    Compiled compile(Template t) {
        return compiled.computeIfAbsent(t.id(), id -> {
            ObjectNode full = (ObjectNode) BASE.deepCopy();
            ObjectNode custom = (ObjectNode) t.invoiceSchema().deepCopy();
            custom.remove("$schema"); // only the root names the dialect
            if (!custom.has("type")) {
                custom.put("type", "object");
            }
            if (!custom.has("x-label")) {
                custom.set("x-label", Json.object().put("ja", "テンプレート固有項目").put("en", "Template fields"));
            }
            ((ObjectNode) full.get("properties")).set("custom", custom);
            if (custom.path("required").isArray() && !custom.path("required").isEmpty()) {
                ((ArrayNode) full.get("required")).add("custom"); // its required fields make it required
            }
            try {
                return new Compiled(full, REGISTRY.getSchema(full));
            } catch (RuntimeException e) {
                throw new IllegalStateException("template " + t.source() + ": invoice_schema is not a usable JSON Schema: "
                        + e.getMessage());
            }
        });
    }

    /** Field-by-field problems with the invoice, in the language asked for ({@code ja} or {@code en}); empty when valid. */
    public List<Problem.Issue> validate(Template t, JsonNode invoice, String lang) {
        Compiled c = compile(t);
        boolean ja = "ja".equals(lang);
        List<Problem.Issue> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Error e : c.validator().validate(invoice == null ? Json.object() : invoice)) {
            List<String> path = new ArrayList<>();
            var loc = e.getInstanceLocation();
            for (int i = 0; i < loc.getNameCount(); i++) {
                path.add(loc.getName(i));
            }
            String keyword = e.getKeyword();
            if ("required".equals(keyword) || "additionalProperties".equals(keyword)) {
                String prop = e.getProperty();
                if (prop != null) {
                    path.add(prop);
                }
            }
            String field = path.isEmpty() ? "invoice" : String.join(".", path);
            JsonNode fieldSchema = schemaAt(c.schema(), path);
            String msg = message(keyword, fieldSchema, e, ja);
            if (seen.add(field + "\u0000" + msg)) {
                out.add(new Problem.Issue(field, msg));
            }
        }
        return out;
    }

    /** The schema of the field at this instance path (following properties and items), or a missing node. */
    static JsonNode schemaAt(JsonNode schema, List<String> path) {
        JsonNode s = schema;
        for (String p : path) {
            if (s.path("properties").has(p)) {
                s = s.path("properties").get(p);
            } else if (s.has("items") && p.chars().allMatch(Character::isDigit)) {
                s = s.get("items");
            } else {
                return Json.MAPPER.missingNode();
            }
        }
        return s;
    }

    /** The label of a field in a language, falling back to the last path element. */
    static String label(JsonNode fieldSchema, String fallback, boolean ja) {
        JsonNode l = fieldSchema.path("x-label");
        String v = l.path(ja ? "ja" : "en").asString("");
        return v.isEmpty() ? fallback : v;
    }

    private static String message(String keyword, JsonNode s, Error e, boolean ja) {
        String name = label(s, lastName(e), ja);
        String unit = s.path("x-unit").asString("");
        String u = unit.isEmpty() ? "" : " " + unit;
        String q = ja ? "「" + name + "」" : "'" + name + "'";
        return switch (keyword == null ? "" : keyword) {
            case "required" -> ja ? q + "は必須です" : q + " is required";
            case "type" -> ja ? q + "は" + typeJa(s.path("type").asString("")) + "で入力してください"
                    : q + " must be " + typeEn(s.path("type").asString(""));
            case "minimum" -> ja ? q + "は " + num(s.get("minimum")) + u + " 以上にしてください"
                    : q + " must be at least " + num(s.get("minimum")) + u;
            case "maximum" -> ja ? q + "は " + num(s.get("maximum")) + u + " 以下にしてください"
                    : q + " must be at most " + num(s.get("maximum")) + u;
            case "exclusiveMinimum" -> ja ? q + "は " + num(s.get("exclusiveMinimum")) + u + " より大きくしてください"
                    : q + " must be greater than " + num(s.get("exclusiveMinimum")) + u;
            case "exclusiveMaximum" -> ja ? q + "は " + num(s.get("exclusiveMaximum")) + u + " より小さくしてください"
                    : q + " must be less than " + num(s.get("exclusiveMaximum")) + u;
            case "enum" -> ja ? q + "は次のいずれかにしてください: " + choices(s)
                    : q + " must be one of " + choices(s);
            case "minLength" -> ja ? q + "を入力してください" + (s.path("minLength").asInt() > 1 ? "（" + s.path("minLength").asInt() + " 文字以上）" : "")
                    : q + " must not be empty" + (s.path("minLength").asInt() > 1 ? " (at least " + s.path("minLength").asInt() + " characters)" : "");
            case "maxLength" -> ja ? q + "は " + s.path("maxLength").asInt() + " 文字以内にしてください"
                    : q + " must be at most " + s.path("maxLength").asInt() + " characters";
            case "pattern", "format" -> {
                String fmt = s.path("format").asString("");
                if ("date".equals(fmt)) {
                    yield ja ? q + "は 2026-04-01 のような日付にしてください" : q + " must be a date like 2026-04-01";
                }
                yield ja ? q + "の形式が正しくありません" : q + " is not in the expected form";
            }
            case "additionalProperties" -> ja ? q + "はこのテンプレートの送り状にない項目です"
                    : q + " is not a field of this template's invoice";
            default -> ja ? q + "が正しくありません: " + e.getMessage() : q + " is not valid: " + e.getMessage();
        };
    }

    private static String lastName(Error e) {
        if (e.getProperty() != null) {
            return e.getProperty();
        }
        var loc = e.getInstanceLocation();
        return loc.getNameCount() == 0 ? "invoice" : loc.getName(loc.getNameCount() - 1);
    }

    private static String num(JsonNode n) {
        if (n == null) {
            return "?";
        }
        double v = n.asDouble();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String choices(JsonNode s) {
        List<String> c = new ArrayList<>();
        s.path("enum").forEach(x -> c.add(x.asString()));
        return String.join(", ", c);
    }

    private static String typeJa(String t) {
        return switch (t) {
            case "number" -> "数値";
            case "integer" -> "整数";
            case "string" -> "文字列";
            case "boolean" -> "真偽値 (true/false)";
            case "object" -> "項目のまとまり";
            case "array" -> "リスト";
            default -> "正しい型";
        };
    }

    private static String typeEn(String t) {
        return switch (t) {
            case "number" -> "a number";
            case "integer" -> "a whole number";
            case "string" -> "text";
            case "boolean" -> "true or false";
            case "object" -> "a group of fields";
            case "array" -> "a list";
            default -> "of the right type";
        };
    }

    /** The language from an explicit {@code lang} or an Accept-Language header: Japanese when it comes first, else English. */
    public static String language(String lang, String acceptLanguage) {
        String l = lang != null && !lang.isBlank() ? lang : acceptLanguage;
        if (l == null) {
            return "en";
        }
        return l.strip().toLowerCase(Locale.ROOT).startsWith("ja") ? "ja" : "en";
    }

    private static JsonNode loadBase() {
        try (InputStream in = InvoiceValidator.class.getResourceAsStream("/templates/invoice-base.schema.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
