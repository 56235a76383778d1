package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matdx.core.CrystalSystem;
import org.matdx.core.Problem;
import org.matdx.query.Facets;
import org.matdx.search.SearchQuery;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import org.matdx.web.Requests;
import org.matdx.web.SearchFilesApi;

/**
 * The search page. Its query string is exactly the native search API's, so a search in the
 * browser is the same search as {@code GET /api/v1/search} with that query, and the URL can be
 * shared. Problems in the query are shown next to the form, not as an error page.
 */
public final class SearchPage {
    static final List<String> FACETS = List.of("elements", "template", "instrument", "kind", "outcome", "year");

    /** What the template shows. {@code mode} is which element parameter the picker writes: all, any or only. */
    public record View(Query query, String mode, Set<String> include, Set<String> exclude, SearchService.SearchResult result,
                List<Problem.Issue> problems) {
        public boolean included(String symbol) {
            return include.contains(symbol);
        }

        public boolean excluded(String symbol) {
            return exclude.contains(symbol);
        }

        public String apiUrl() {
            return "/api/v1/search" + query.queryString();
        }

        /** The raw files of what this search finds, as one zip (readable ones only; see docs/search.md). */
        public String filesUrl() {
            return "/api/v1/search/files.zip" + query.without("cursor", "limit").queryString();
        }

        /** Whether the files of this search can be downloaded as one zip: it finds some, and not too many. */
        public boolean filesDownloadable() {
            return result != null && result.total() > 0 && result.totalExact() && result.total() <= SearchFilesApi.MAX_ENTRIES;
        }

        /** The crystal systems, for the search form's select. */
        public List<String> crystalSystems() {
            return Arrays.stream(CrystalSystem.values()).map(CrystalSystem::label).toList();
        }

        /** The link a facet value leads to: the same search narrowed to that value. */
        public String facetUrl(String facet, String value) {
            return switch (facet) {
                case "elements" -> query.adding(mode.equals("all") ? "elements" : mode + "_elements", value).url();
                case "year" -> query.with("created_after", value + "-01-01")
                        .with("created_before", (Integer.parseInt(value) + 1) + "-01-01").url();
                default -> query.with(facet, value).url();
            };
        }

        /** Outcomes and kinds are words we translate; other facet values are names from the data. */
        public String facetLabel(Page page, String facet, Facets.Count count) {
            return facet.equals("outcome") || facet.equals("kind") ? page.t(facet + "." + count.value()) : count.label();
        }

        /**
         * The choices of the sort select, the URL's own sort among them: a link or script may sort by
         * any property ({@code sort=-properties.band_gap}), and the select must then show that sort
         * rather than fall back to its first option and misstate the order of the results.
         */
        public List<SortOption> sortOptions(Page page) {
            String current = query.first("sort").strip();
            List<SortOption> options = new ArrayList<>();
            options.add(new SortOption("", page.t("search.sort_newest"), current.isEmpty()));
            for (String s : SORTS) {
                options.add(new SortOption(s, page.t("search.sort." + s), s.equals(current)));
            }
            if (!current.isEmpty() && !SORTS.contains(current)) {
                boolean desc = current.startsWith("-");
                String name = desc || current.startsWith("+") ? current.substring(1) : current;
                name = name.startsWith("properties.") ? name.substring("properties.".length()) : name;
                options.add(new SortOption(current, page.t(desc ? "search.sort.by_desc" : "search.sort.by_asc", name), true));
            }
            return options;
        }

        public boolean hasFilters() {
            return !query.without("sort", "limit", "cursor", "facets").isEmpty();
        }
    }

    static final List<String> SORTS = List.of("created_at", "title", "formula", "nelements", "-nelements");

    /** One choice of the sort select. */
    public record SortOption(String value, String label, boolean selected) {
    }

    private final SearchService search;

    SearchPage(SearchService search) {
        this.search = search;
    }

    void show(Context ctx) {
        Map<String, List<String>> raw = new LinkedHashMap<>(ctx.queryParamMap());
        Query query = new Query("/", raw);
        String mode = query.params().containsKey("only_elements") ? "only"
                : query.params().containsKey("any_elements") ? "any" : "all";
        Set<String> include = query.listed(mode.equals("all") ? "elements" : mode + "_elements");
        Set<String> exclude = query.listed("exclude_elements");

        Map<String, List<String>> params = new LinkedHashMap<>(query.params());
        params.put("facets", FACETS);
        SearchService.SearchResult result = null;
        List<Problem.Issue> problems = new ArrayList<>();
        try {
            SearchQuery q = SearchRequest.parse(params);
            result = search.search(Requests.context(ctx), q);
        } catch (Problem p) {
            if (p.type() != Problem.Type.BAD_REQUEST) {
                throw p;
            }
            problems.addAll(p.issues().isEmpty() ? List.of(new Problem.Issue("", p.getMessage())) : p.issues());
            ctx.status(400);
        }
        Pages.render(ctx, "search.jte", Map.of("view", new View(query, mode, include, exclude, result, problems),
                "cells", PeriodicGrid.cells()));
    }
}
