package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Element-strategy scores as search filters and sort keys, and as _matdx_ OPTIMADE properties. */
class ResourceSearchTest {
    static TestPlatform tp;
    static final List<String> FORMULAS = List.of("LiCoO2", "LiFePO4", "Fe2O3", "Nd2Fe14B", "In2O3", "ZnO");
    static final Map<String, Double> HHI = new TreeMap<>();

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        var alice = tp.person("alice");
        String ds = alice.api().post("/api/v1/datasets", "{\"title\": \"Risky and safe\", \"access\": \"public\"}").json().get("id").asString();
        StringBuilder entries = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < FORMULAS.size(); i++) {
            entries.append(i == 0 ? "" : ",").append("{\"kind\": \"structure\", \"title\": \"").append(FORMULAS.get(i))
                    .append(" phase\", \"formula\": \"").append(FORMULAS.get(i)).append("\", \"data\": {\"structure\": ")
                    .append(structure(FORMULAS.get(i))).append("}}");
            HHI.put(FORMULAS.get(i), ResourceScorer.standard().score(Composition.parse(FORMULAS.get(i))).hhiProduction().value().orElseThrow());
        }
        assertThat(alice.api().post("/api/v1/datasets/" + ds + "/entries", entries + "]}").status()).isEqualTo(201);
    }

    /** A cubic cell with one site per atom of the formula unit (positions do not matter here). */
    static String structure(String formula) {
        List<org.matdx.core.Site> sites = new ArrayList<>();
        int k = 0;
        for (var e : Composition.parse(formula).amounts().entrySet()) {
            for (int n = 0; n < Math.round(e.getValue()); n++, k++) {
                sites.add(org.matdx.core.Site.of(e.getKey(), (k * 0.137) % 1, (k * 0.291) % 1, (k * 0.373) % 1));
            }
        }
        return org.matdx.core.Json.write(org.matdx.core.StructureJson.write(new org.matdx.core.Structure(
                org.matdx.core.Lattice.fromParameters(6, 6, 6, 90, 90, 90), sites)));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void nativeSearchFiltersAndSortsOnSupplyRisk() {
        JsonNode r = tp.anonymous().get("/api/v1/search?property=" + enc("hhi_production<2000") + "&sort=properties.hhi_production&fields=reduced_formula").json();
        List<String> got = new ArrayList<>();
        r.get("items").forEach(i -> got.add(i.get("reduced_formula").asString()));
        List<String> expected = HHI.entrySet().stream().filter(e -> e.getValue() < 2000)
                .sorted(Map.Entry.comparingByValue()).map(e -> Composition.parse(e.getKey()).reducedFormula()).toList();
        assertThat(expected).isNotEmpty().hasSizeLessThan(FORMULAS.size());
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void optimadeServesAndFiltersTheScoresAsProviderFields() {
        JsonNode info = tp.anonymous().get("/optimade/v1/info/structures").json();
        assertThat(info.at("/data/properties/_matdx_hhi_production/description").asString()).contains("Herfindahl");
        JsonNode r = tp.anonymous().get("/optimade/v1/structures?filter=" + enc("_matdx_hhi_production > 2500")
                + "&response_fields=chemical_formula_reduced,_matdx_hhi_production,_matdx_critical_fraction_eu").json();
        List<String> got = new ArrayList<>();
        for (JsonNode d : r.get("data")) {
            double h = d.at("/attributes/_matdx_hhi_production").asDouble();
            assertThat(h).isGreaterThan(2500);
            assertThat(d.at("/attributes/_matdx_critical_fraction_eu").isNumber()).isTrue();
            got.add(d.at("/attributes/chemical_formula_reduced").asString());
        }
        long expected = HHI.values().stream().filter(v -> v > 2500).count();
        assertThat(got).hasSize((int) expected);
    }
}
