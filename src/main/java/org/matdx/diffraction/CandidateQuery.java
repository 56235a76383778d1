package org.matdx.diffraction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Element;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
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
        JsonFields f = JsonFields.of(n, "candidates", new ArrayList<>());
        CandidateQuery q = read(f);
        f.done();
        return q.checked();
    }

    /**
     * From the reader of a request's {@code candidates} object, its problems recorded with the
     * request's others (then the query returned holds defaults where a value was refused); not
     * {@linkplain JsonFields#present() present}: the default. The search query is not parsed yet:
     * {@link #checked()}.
     */
    public static CandidateQuery read(JsonFields f) {
        if (!f.present()) {
            return DEFAULT;
        }
        List<UUID> datasets = new ArrayList<>(f.ids("datasets", MAX_DATASETS));
        UUID one = f.optionalId("dataset");
        if (one != null) {
            datasets.add(one);
        }
        String query = f.optionalText("query", 2000);
        List<String> elements = f.elements("elements").stream().map(Element::symbol).toList();
        boolean restrictToSample = f.bool("restrict_to_sample", true);
        int limit = f.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        f.refuseUnknown();
        return new CandidateQuery(datasets, query == null || query.isBlank() ? null : query.strip(), elements, restrictToSample, limit);
    }

    /** Most datasets named as candidates: bounded work for a hostile list. */
    private static final int MAX_DATASETS = 10_000;

    /** This query, once its search query parses: one that does not is the caller's error, before any work. */
    public CandidateQuery checked() {
        try {
            SearchRequest.parse(parameters());
        } catch (Problem p) {
            throw new Problem(p.type(), "candidates.query: " + p.getMessage(),
                    p.issues().stream().map(i -> new Problem.Issue("candidates.query." + i.field(), i.message())).toList());
        }
        return this;
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
