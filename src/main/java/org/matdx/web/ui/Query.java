package org.matdx.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page's query string as ordered parameters, so that links (facets, next page, removing a
 * filter) change one thing and keep the rest: the URL is the shareable state of a search.
 */
public record Query(String path, Map<String, List<String>> params) {
    public Query {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, vs) -> {
            List<String> kept = vs.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
            if (!kept.isEmpty()) {
                copy.put(k, kept);
            }
        });
        params = Collections.unmodifiableMap(copy);
    }

    public String first(String name) {
        List<String> vs = params.get(name);
        return vs == null ? "" : vs.get(0);
    }

    /** Comma-separated and repeated values of a list parameter, e.g. elements=Li,O&elements=La. */
    public Set<String> listed(String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    public Query with(String name, String value) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put(name, List.of(value));
        p.remove("cursor");
        return new Query(path, p);
    }

    /** Adds a value to a comma-separated list parameter. */
    public Query adding(String name, String value) {
        Set<String> vs = listed(name);
        vs.add(value);
        return with(name, String.join(",", vs));
    }

    public Query without(String... names) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        for (String n : names) {
            p.remove(n);
        }
        p.remove("cursor");
        return new Query(path, p);
    }

    public Query page(String cursor) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put("cursor", List.of(cursor));
        return new Query(path, p);
    }

    public String url() {
        return path + queryString();
    }

    public String queryString() {
        if (params.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, vs) -> vs.forEach(v -> parts.add(enc(k) + "=" + enc(v))));
        return "?" + String.join("&", parts);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2C", ",");
    }
}
