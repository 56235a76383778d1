package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.testing.ApiClient;

/** Structures for OPTIMADE tests, written as MatDX entries with a stored structure. */
final class OptimadeFixtures {
    private OptimadeFixtures() {
    }

    /** A site: its label, occupancy and fractional coordinates. */
    record Site(String label, Map<String, Double> species, double x, double y, double z) {
        static Site of(String el, double x, double y, double z) {
            return new Site(el, Map.of(el, 1.0), x, y, z);
        }
    }

    /** JSON of a structure entry; {@code properties} is a JSON object body or null. */
    static String entry(String title, double a, List<Site> sites, String properties) {
        StringBuilder formula = new StringBuilder();
        Map<String, Double> amounts = new java.util.LinkedHashMap<>();
        for (Site s : sites) {
            s.species().forEach((el, occ) -> amounts.merge(el, occ, Double::sum));
        }
        amounts.forEach((el, n) -> formula.append(el).append(n == Math.rint(n) ? Long.toString(Math.round(n)) : Double.toString(n)));
        List<String> siteJson = new ArrayList<>();
        for (Site s : sites) {
            List<String> occ = new ArrayList<>();
            s.species().forEach((el, o) -> occ.add("\"" + el + "\": " + o));
            siteJson.add(String.format(Locale.ROOT, "{\"label\": \"%s\", \"species\": {%s}, \"frac\": [%s, %s, %s]}",
                    s.label(), String.join(", ", occ), s.x(), s.y(), s.z()));
        }
        return String.format(Locale.ROOT, """
                {"kind": "structure", "title": "%s", "formula": "%s"%s,
                 "data": {"structure": {"lattice_vectors": [[%s, 0, 0], [0, %s, 0], [0, 0, %s]], "sites": [%s]}}}""",
                title, formula, properties == null ? "" : ", \"properties\": " + properties, a, a, a,
                String.join(", ", siteJson));
    }

    static String add(ApiClient as, String dataset, String entryJson) {
        var r = as.post("/api/v1/datasets/" + dataset + "/entries", entryJson);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String dataset(ApiClient as, String title, String access) {
        var r = as.post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}
