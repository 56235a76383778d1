package org.matdx.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;
import tools.jackson.databind.JsonNode;

/**
 * The metadata form filled at registration (送り状): a basic part, a sample part and the fields
 * the template asks for. An invoice that exists has passed its template's schema.
 *
 * @param raw the invoice as sent, stored with the entry
 */
public record Invoice(Basic basic, SampleRef sample, JsonNode custom, JsonNode raw) {

    public record Basic(String dataName, String owner, String instrument, LocalDate date, String description) {
    }

    /** Which sample was measured: one already registered, a new one, or none given. */
    public sealed interface SampleRef permits Existing, NewSample, NoSample {
    }

    /** A registered sample, by its id or persistent identifier ({@code matdx:sample/…}). */
    public record Existing(String id) implements SampleRef {
    }

    public record NewSample(String name, Composition composition, String description) implements SampleRef {
    }

    public record NoSample() implements SampleRef {
    }

    /**
     * Validates against the template (schema, then the composition through {@link Composition})
     * and builds the invoice; every problem is reported with its field, in {@code lang}.
     */
    public static Invoice parse(JsonNode n, Template t, TemplateLibrary templates, String lang) {
        List<Problem.Issue> issues = new ArrayList<>(templates.validator().validate(t, n, lang));
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        JsonNode b = n.path("basic");
        LocalDate date;
        try {
            date = LocalDate.parse(b.path("date").asString());
        } catch (DateTimeParseException e) {
            // the schema's pattern passes 2026-00-01 and 2026-02-30: the calendar decides
            throw Problem.invalid(List.of(new Problem.Issue("basic.date", "ja".equals(lang)
                    ? "測定日 '" + b.path("date").asString() + "' は暦にない日付です（YYYY-MM-DD）"
                    : "'" + b.path("date").asString() + "' is not a calendar date (YYYY-MM-DD)")));
        }
        Basic basic = new Basic(b.path("data_name").asString().strip(), text(b, "owner"), text(b, "instrument"),
                date, text(b, "description"));
        JsonNode s = n.path("sample");
        SampleRef ref = new NoSample();
        boolean ja = "ja".equals(lang);
        if (s.isObject() && !s.isEmpty()) {
            if (s.has("id")) {
                if (s.has("name") || s.has("composition")) {
                    issues.add(new Problem.Issue("sample.id", ja ? "既存の試料IDか新しい試料（名前と組成）のどちらか一方を指定してください"
                            : "give either an existing sample id or a new sample (name and composition), not both"));
                }
                ref = new Existing(s.get("id").asString().strip());
            } else {
                String name = text(s, "name");
                if (name == null) {
                    issues.add(new Problem.Issue("sample.name", ja ? "「試料名」は必須です（新しい試料の場合）"
                            : "'Sample name' is required for a new sample"));
                }
                Composition c = null;
                String formula = text(s, "composition");
                if (formula != null) {
                    try {
                        c = Composition.parse(formula);
                    } catch (FormulaException e) {
                        issues.add(new Problem.Issue("sample.composition", ja ? "「組成式」を解釈できません: " + e.getMessage()
                                : "'Composition' is not a formula: " + e.getMessage()));
                    }
                }
                ref = new NewSample(name, c, text(s, "description") == null ? "" : text(s, "description"));
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        JsonNode custom = n.path("custom").isObject() ? n.get("custom") : Json.object();
        return new Invoice(basic, ref, custom, n);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() || v.asString().isBlank() ? null : v.asString().strip();
    }
}
