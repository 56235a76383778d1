package org.matdx.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.Numbers;
import org.matdx.core.Problem;
import org.matdx.core.Quantity;
import org.matdx.core.Units;
import tools.jackson.databind.JsonNode;

/**
 * What an entry must be to be stored, whoever made it: the API, a file's reader, a table, an
 * OPTIMADE or RO-Crate import, a campaign's result. {@link Catalog#insertEntries} is the one way
 * entries reach the database, and it refuses any entry these checks find fault with, so that no
 * value can stop a search, an index, a page or an export later: numbers finite (properties in SI
 * too, see {@link Numbers}), no NUL characters (PostgreSQL refuses them in text and jsonb), and
 * texts short enough for their indexes (a B-tree entry holds about 2,700 bytes, a text-search
 * vector 1 MB).
 */
final class EntryChecks {
    static final int MAX_TITLE = 1000;
    static final int MAX_NAME = 100;
    static final int MAX_INSTRUMENT = 200;
    static final int MAX_REASON = 10_000;
    /** Invoice and extracted metadata are each indexed as full text; together they stay well under 1 MB. */
    static final long MAX_INDEXED_TEXT = 256 * 1024;

    private EntryChecks() {
    }

    static JsonNode nullToEmpty(JsonNode n) {
        return n == null || n.isNull() ? Json.object() : n;
    }

    /** Adds a problem per fault of {@code e}; fields start with {@code prefix} ({@code entries[3].}). */
    static void check(Entry e, String prefix, List<Problem.Issue> issues) {
        text(e.title(), MAX_TITLE, prefix + "title", issues);
        text(e.template(), MAX_NAME, prefix + "template", issues);
        text(e.outcome().reason(), MAX_REASON, prefix + "outcome_reason", issues);
        for (Map.Entry<String, Quantity> p : e.properties().entrySet()) {
            String field = prefix + "properties." + p.getKey();
            text(p.getKey(), MAX_NAME, field, issues);
            text(p.getValue().unit(), Units.MAX_LENGTH, field + ".unit", issues);
            Numbers.quantityProblem(p.getValue().value(), p.getValue().unit())
                    .ifPresent(problem -> issues.add(new Problem.Issue(field + ".value", problem)));
        }
        for (var part : List.of(Map.entry("invoice", nullToEmpty(e.invoice())), Map.entry("metadata", nullToEmpty(e.metadata())))) {
            long size = Json.check(part.getValue(), prefix + part.getKey(), issues);
            if (size > MAX_INDEXED_TEXT) {
                issues.add(new Problem.Issue(prefix + part.getKey(), "is about " + size / 1024 + " kB as text; at most "
                        + MAX_INDEXED_TEXT / 1024 + " kB is indexed for search (put large content in a file)"));
            }
            JsonNode instrument = part.getValue().path("instrument");
            text(instrument.isObject() ? instrument.path("name").asString(null) : instrument.asString(null), MAX_INSTRUMENT,
                    prefix + part.getKey() + ".instrument", issues);
        }
        Json.check(e.data(), prefix + "data", issues);
    }

    /** Every entry of a batch checked; a 400 naming the fields when any is at fault. */
    static void requireStorable(List<Entry> entries) {
        List<Problem.Issue> issues = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            check(entries.get(i), entries.size() == 1 ? "" : "entries[" + i + "].", issues);
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
    }

    private static void text(String s, int max, String field, List<Problem.Issue> issues) {
        String problem = Json.textProblem(s, max);
        if (problem != null) {
            issues.add(new Problem.Issue(field, problem));
        }
    }
}
