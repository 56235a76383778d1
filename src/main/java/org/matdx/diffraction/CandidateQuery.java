package org.matdx.diffraction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Elements;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.search.SearchRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which structure entries a pattern is compared with: those of some datasets, those a native
 * search query finds, or every structure the caller may read; restricted to the sample's declared
 * elements when it declares them (unless {@code elements} names others, or {@code restrictToSample}
 * is off); at most {@code limit}.
 *
 * @param query a native search query string, e.g. {@code elements=Co&nelements=1..3}
 */
public record CandidateQuery(List<UUID> datasets, String query, List<String> elements, boolean restrictToSample, int limit) {
    public static final int DEFAULT_LIMIT = 2_000;
    public static final int MAX_LIMIT = 5_000;
    public static final CandidateQuery DEFAULT = new CandidateQuery(List.of(), null, List.of(), true, DEFAULT_LIMIT);

    public CandidateQuery {
        datasets = List.copyOf(datasets);
        elements = List.copyOf(elements);
    }

    /**
     * From a request's {@code candidates}: {@code {"datasets": [id, …], "query": "elements=Co",
     * "elements": ["Li", "Co", "O"], "restrict_to_sample": true, "limit": 2000}} (a single
     * {@code "dataset"} works too); null or missing gives the default. Problems name {@code candidates.…}.
     */
    public static CandidateQuery parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return DEFAULT;
        }
        if (!n.isObject()) {
            throw Problem.invalid("candidates", "must be an object such as {\"datasets\": [\"…\"]} or {\"query\": \"elements=Co\"}");
        }
        List<Problem.Issue> issues = new ArrayList<>();
        for (var f : n.properties()) {
            if (!List.of("datasets", "dataset", "query", "elements", "restrict_to_sample", "limit").contains(f.getKey())) {
                issues.add(new Problem.Issue("candidates." + f.getKey(), "unknown; use datasets, query, elements, restrict_to_sample, limit"));
            }
        }
        List<UUID> datasets = new ArrayList<>();
        List<JsonNode> ids = new ArrayList<>();
        n.path("datasets").forEach(ids::add);
        if (n.has("dataset")) {
            ids.add(n.get("dataset"));
        }
        if (n.has("datasets") && !n.get("datasets").isArray()) {
            issues.add(new Problem.Issue("candidates.datasets", "must be a list of dataset ids"));
        }
        for (JsonNode d : ids) {
            UUID id = d.isString() ? Ids.parseOrNull(d.asString()) : null;
            if (id == null) {
                issues.add(new Problem.Issue("candidates.datasets", "'" + d + "' is not a dataset id"));
            } else {
                datasets.add(id);
            }
        }
        String query = null;
        if (n.has("query")) {
            if (!n.get("query").isString() || n.get("query").asString().length() > 2000) {
                issues.add(new Problem.Issue("candidates.query", "must be a native search query string (at most 2000 characters)"));
            } else {
                query = n.get("query").asString().strip();
            }
        }
        List<String> elements = new ArrayList<>();
        if (n.has("elements") && !n.get("elements").isArray()) {
            issues.add(new Problem.Issue("candidates.elements", "must be a list of element symbols"));
        }
        for (JsonNode e : n.path("elements")) {
            if (!e.isString() || Elements.bySymbol(e.asString()).isEmpty()) {
                issues.add(new Problem.Issue("candidates.elements", "'" + e + "' is not an element symbol"));
            } else {
                elements.add(e.asString());
            }
        }
        int limit = DEFAULT_LIMIT;
        if (n.has("limit")) {
            if (!n.get("limit").isIntegralNumber() || n.get("limit").asInt() < 1 || n.get("limit").asInt() > MAX_LIMIT) {
                issues.add(new Problem.Issue("candidates.limit", "must be a whole number from 1 to " + MAX_LIMIT));
            } else {
                limit = n.get("limit").asInt();
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        CandidateQuery q = new CandidateQuery(datasets, query == null || query.isEmpty() ? null : query, elements,
                n.path("restrict_to_sample").asBoolean(true), limit);
        try {
            SearchRequest.parse(q.parameters()); // a query that does not parse is the caller's error, before any work
        } catch (Problem p) {
            throw new Problem(p.type(), "candidates.query: " + p.getMessage(),
                    p.issues().stream().map(i -> new Problem.Issue("candidates.query." + i.field(), i.message())).toList());
        }
        return q;
    }

    /** The query's search parameters; the ones identification sets itself (kind, paging, fields) are refused. */
    Map<String, List<String>> parameters() {
        Map<String, List<String>> params = query == null ? new LinkedHashMap<>() : queryParameters(query);
        for (String reserved : List.of("kind", "limit", "cursor", "fields", "facets", "sort", "count")) {
            if (params.containsKey(reserved)) {
                throw Problem.invalid("candidates.query", "'" + reserved + "' is set by phase identification; leave it out");
            }
        }
        return params;
    }

    /** {@code a=1&b=2,3} (URL-encoded or not) as search parameters. */
    private static Map<String, List<String>> queryParameters(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw Problem.invalid("candidates.query", "'" + part + "' is not name=value");
            }
            String name = decode(part.substring(0, eq));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(decode(part.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("candidates.query", "'" + s + "' is not URL-encoded text");
        }
    }



    /** As stored with an analysis. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        var ds = o.putArray("datasets");
        datasets.forEach(d -> ds.add(d.toString()));
        if (query != null) {
            o.put("query", query);
        }
        var el = o.putArray("elements");
        elements.forEach(el::add);
        return o.put("restrict_to_sample", restrictToSample).put("limit", limit);
    }
}
