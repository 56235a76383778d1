package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.matdx.catalog.Catalog;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.query.Facets;
import org.matdx.search.SearchQuery;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/search}: native search (syntax in docs/search.md). */
final class SearchApi {
    /** Fields a result can be trimmed to with {@code fields=…}; {@code properties.<name>} picks one property. */
    static final Set<String> FIELDS = Set.of("id", "dataset", "kind", "title", "formula", "reduced_formula",
            "anonymous_formula", "chemical_system", "molar_mass", "elements", "composition", "outcome", "outcome_reason",
            "template", "created_at", "visibility", "properties", "invoice", "metadata", "data", "sample", "created_by", "files");

    private final SearchService search;

    SearchApi(SearchService search) {
        this.search = search;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/search", this::search);
    }

    private void search(Context ctx) {
        Map<String, List<String>> params = ctx.queryParamMap();
        SearchQuery q = SearchRequest.parse(params);
        if (q.fields() != null) {
            List<Problem.Issue> issues = new ArrayList<>();
            for (String f : q.fields()) {
                if (!FIELDS.contains(f) && !(f.startsWith("properties.") && f.length() > 11)) {
                    issues.add(new Problem.Issue("fields", "'" + f + "' is not a result field; choose from "
                            + String.join(", ", new TreeSet<>(FIELDS)) + " or properties.<name>"));
                }
            }
            if (!issues.isEmpty()) {
                throw Problem.invalid(issues);
            }
        }
        SearchService.SearchResult result = search.search(Requests.context(ctx), q);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (Catalog.EntryView v : result.items()) {
            items.add(project(Views.entry(v), q.fields()));
        }
        body.put("total", result.total());
        body.put("total_exact", result.totalExact());
        // entries of embargoed datasets match too: listed, never counted (an embargo hides how much data there is)
        body.put("uncounted", result.uncounted());
        body.put("next_cursor", result.nextCursor());
        body.put("next", result.nextCursor() == null ? null : nextLink(ctx, result.nextCursor()));
        if (!result.facets().isEmpty()) {
            body.put("facets_exact", result.facetsExact());
            ObjectNode facets = body.putObject("facets");
            result.facets().forEach((facet, counts) -> {
                ArrayNode a = facets.putArray(facet.code());
                for (Facets.Count c : counts) {
                    ObjectNode o = a.addObject().put("value", c.value()).put("count", c.count());
                    if (!c.label().equals(c.value())) {
                        o.put("label", c.label());
                    }
                }
            });
        }
        ctx.json(body);
    }

    /** The entry trimmed to the requested fields (id always stays, so results can be fetched in full). */
    private static ObjectNode project(ObjectNode entry, List<String> fields) {
        if (fields == null) {
            return entry;
        }
        ObjectNode out = Json.object().put("id", entry.get("id").asString());
        for (String f : fields) {
            if (f.startsWith("properties.")) {
                JsonNode props = entry.get("properties");
                String name = f.substring("properties.".length());
                if (props != null && props.has(name)) {
                    ObjectNode p = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
                    p.set(name, props.get(name));
                }
            } else if (entry.has(f)) {
                out.set(f, entry.get(f));
            }
        }
        return out;
    }

    private static String nextLink(Context ctx, String cursor) {
        StringBuilder sb = new StringBuilder(ctx.path()).append("?");
        ctx.queryParamMap().forEach((k, vs) -> {
            if (!k.equals("cursor")) {
                for (String v : vs) {
                    sb.append(enc(k)).append('=').append(enc(v)).append('&');
                }
            }
        });
        return sb.append("cursor=").append(cursor).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
