package org.matdx.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.matdx.hostile.HostileRequestsTest.enc;

import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;

/**
 * Resource bounds on search (issue 18): a 600-word text query took 4 s; filters of any size and
 * depth reached the database. Text queries, conditions, values per parameter and OPTIMADE filters
 * now have limits (docs/SECURITY.md), answered with a 400 that names the parameter and the limit;
 * queries within them still work.
 */
class SearchLimitsTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        var alice = tp.person("alice");
        String d = alice.api().post("/api/v1/datasets", "{\"title\": \"garnets\", \"access\": \"public\"}").json().path("id").asString();
        alice.api().post("/api/v1/datasets/" + d + "/entries", "{\"formula\": \"Li7La3Zr2O12\", \"title\": \"garnet pellet\"}");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    private static ApiClient.Response get(String path) {
        return tp.anonymous().get(path);
    }

    private static void refused(ApiClient.Response r, String parameter, String says) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(parameter).contains(says);
    }

    @Test
    void textQueriesAreBoundedInWordsAndLength() {
        refused(get("/api/v1/search?q=" + enc(String.join(" ", Collections.nCopies(600, "garnet")))), "q", "32 words");
        refused(get("/api/v1/search?q=" + enc(String.join(" ", Collections.nCopies(33, "garnet")))), "q", "32 words");
        refused(get("/api/v1/search?q=" + enc("g".repeat(501))), "q", "500 characters");
        var within = get("/api/v1/search?q=" + enc(String.join(" ", Collections.nCopies(32, "garnet"))));
        assertThat(within.status()).as(within.body()).isEqualTo(200);
        assertThat(within.json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void conditionsAndValuesPerParameterAreBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append("&property=").append(enc("band_gap>" + i + " eV"));
        }
        refused(get("/api/v1/search?" + many.substring(1)), "property", "at most 20");
        String ids = String.join(",", Collections.nCopies(101, "01a243e4-d470-7e3c-8000-60044c2daf3c"));
        refused(get("/api/v1/search?dataset=" + ids), "dataset", "at most 100");
        refused(get("/api/v1/search?limit=501"), "limit", "between 1 and 500");
        refused(get("/api/v1/search?nelements=99999999999"), "nelements", "number");
        assertThat(get("/api/v1/search?" + many.substring(many.indexOf("&property=", 1) + 1)).status()).isEqualTo(200);
    }

    @Test
    void optimadeFiltersAreBoundedInLengthNestingAndComparisons() {
        refused(get("/optimade/v1/structures?filter=" + enc(String.join(" OR ", Collections.nCopies(201, "nelements=2")))),
                "filter", "more than 200 comparisons");
        refused(get("/optimade/v1/structures?filter=" + enc("(".repeat(33) + "nelements=2" + ")".repeat(33))),
                "filter", "nested more than 32");
        refused(get("/optimade/v1/structures?filter=" + enc("chemical_formula_reduced=\"" + "A".repeat(5_000) + "\"")),
                "filter", "longer than 5000");
        StringBuilder fields = new StringBuilder("nelements");
        for (int i = 0; i < 201; i++) {
            fields.append(",_matdx_f").append(i);
        }
        refused(get("/optimade/v1/structures?response_fields=" + enc(fields.toString())), "response_fields", "at most 200");
        var within = get("/optimade/v1/structures?filter=" + enc("(".repeat(32) + String.join(" OR ", Collections.nCopies(200,
                "nelements=4")) + ")".repeat(32)));
        assertThat(within.status()).as(within.body()).isEqualTo(200);
    }
}
