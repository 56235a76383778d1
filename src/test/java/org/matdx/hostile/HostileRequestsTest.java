package org.matdx.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;

/**
 * Finding 11 of issue 18 (numbers and structure): NUL characters, numbers beyond double precision,
 * deeply nested JSON and formulas, element counts that saturate, overlong strings and unit
 * expressions, sent to every JSON endpoint and query parameter. Each is a 4xx naming the field —
 * never a 500 — and the server keeps answering.
 */
class HostileRequestsTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;
    static String campaign;
    static String trial;

    static final String DEEP_FORMULA = "(".repeat(5000) + "Fe" + ")".repeat(5000);

    /** Bodies no endpoint may answer with a 500, each with the field it should name when it is the one at fault. */
    static final Map<String, String> BODIES = new LinkedHashMap<>();

    static {
        BODIES.put("nul in a string", "{\"title\": \"a\\u0000b\", \"name\": \"a\\u0000b\", \"formula\": \"Fe\\u0000\", \"reason\": \"x\\u0000\"}");
        BODIES.put("nul in a key", "{\"invoice\": {\"k\\u0000\": 1}, \"a\\u0000\": 1}");
        BODIES.put("number beyond double", "{\"title\": \"x\", \"properties\": {\"x\": 1e309}, \"low\": 1e309, \"results\": {\"y\": 1e999}}");
        BODIES.put("number that underflows", "{\"title\": \"x\", \"properties\": {\"x\": 1e-400}, \"invoice\": {\"n\": -1e-999}}");
        BODIES.put("long number", "{\"title\": \"x\", \"n\": " + "9".repeat(5000) + "}");
        BODIES.put("deep json", "{\"title\": \"x\", \"data\": " + "[".repeat(3000) + "]".repeat(3000) + "}");
        BODIES.put("deep formula", "{\"formula\": \"" + DEEP_FORMULA + "\", \"formulas\": [\"" + DEEP_FORMULA + "\"]}");
        BODIES.put("huge element count", "{\"formula\": \"Fe99999999999999999999O\", \"formulas\": [\"Fe99999999999999999999\"]}");
        BODIES.put("long string", "{\"title\": \"" + "x".repeat(1_100_000) + "\"}");
        BODIES.put("unit bomb", "{\"title\": \"x\", \"properties\": {\"x\": {\"value\": 1, \"unit\": \"" + "(".repeat(500) + "m"
                + ")".repeat(500) + "\"}, \"y\": {\"value\": 1, \"unit\": \"(Ym^12)^12\"}, \"z\": {\"value\": 1, \"unit\": \"m^99999999999\"}}}");
        BODIES.put("huge campaign numbers", "{\"name\": \"c\", \"parameters\": [{\"name\": \"t\", \"type\": \"continuous\", \"low\": -1e308, "
                + "\"high\": 1e308}], \"objective\": {\"name\": \"y\"}, \"batch\": 99999999999, \"initial\": 1e300, \"stop\": {\"budget\": 1e308}}");
    }

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"hostile\", \"access\": \"private\"}").json().path("id").asString();
        var c = alice.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "c", "parameters": [{"name": "temperature", "type": "continuous", "low": 300, "high": 1000}],
                 "objective": {"name": "y", "goal": "maximize"}, "initial": 2, "stop": {"budget": 5}}""");
        campaign = c.json().path("id").asString();
        var next = alice.api().post("/api/v1/campaigns/" + campaign + "/trials/next", "{}");
        trial = next.json().has("id") ? next.json().path("id").asString() : next.json().path("trials").path(0).path("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    private static List<String> jsonEndpoints() {
        String d = "/api/v1/datasets/" + dataset;
        String c = "/api/v1/campaigns/" + campaign;
        return List.of("POST /api/v1/datasets", "POST " + d + "/entries", "POST " + d + "/versions", "POST " + d + "/campaigns",
                "POST " + c + "/suggest", "POST " + c + "/simulate", "POST " + c + "/trials/" + trial + "/result",
                "POST " + c + "/trials/" + trial + "/fail", "POST " + c + "/trials/" + trial + "/abandon",
                "POST /api/v1/models", "POST /api/v1/resources/scores", "POST /api/v1/resources/screens",
                "PUT " + d + "/access", "POST " + d + "/embargo/extend", "PUT " + d + "/coworkers/nobody", "PUT /api/v1/me");
    }

    @Test
    void hostileJsonBodiesAreRefusedWithoutA500AnywhereAndNameTheField() {
        List<String> failures = new ArrayList<>();
        for (String endpoint : jsonEndpoints()) {
            String[] mp = endpoint.split(" ", 2);
            for (Map.Entry<String, String> b : BODIES.entrySet()) {
                ApiClient.Response r = mp[0].equals("PUT") ? alice.api().put(mp[1], b.getValue()) : alice.api().post(mp[1], b.getValue());
                if (r.status() >= 500) {
                    failures.add(endpoint + " with " + b.getKey() + " -> " + r.status() + " " + abbreviate(r.body()));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(alice.api().get("/api/v1/search").status()).isEqualTo(200);
    }

    @Test
    void entryBodiesNameWhatIsWrong() {
        String path = "/api/v1/datasets/" + dataset + "/entries";
        assertField(alice.api().post(path, "{\"title\": \"a\\u0000b\"}"), "title", "NUL");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"invoice\": {\"a\\u0000\": 1}}"), "invoice.a\\u0000", "NUL");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"data\": " + "[".repeat(100) + "]".repeat(100) + "}"), "data" + "[0]".repeat(63), "nested");
        assertField(alice.api().post(path, "{\"formula\": \"" + DEEP_FORMULA.substring(4979, 5023) + "\"}"), "formula", "nested deeper");
        assertField(alice.api().post(path, "{\"formula\": \"Fe99999999999999999999\"}"), "formula", "at most 1000000000");
        assertField(alice.api().post(path, "{\"formula\": \"((Fe1000)1000)1001\"}"), "formula", "above 1000000000");
        assertField(alice.api().post(path, "{\"title\": \"" + "x".repeat(1001) + "\"}"), "title", "at most 1000 characters");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"template\": \"" + "t".repeat(101) + "\"}"), "template", "at most 100");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"invoice\": {\"instrument\": \"" + "i".repeat(300) + "\"}}"),
                "invoice.instrument", "at most 200");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"invoice\": {\"notes\": \"" + "word ".repeat(60_000) + "\"}}"),
                "invoice", "indexed for search");
        assertField(alice.api().post(path, "{\"title\": \"x\", \"properties\": {\"x\": {\"value\": 1, \"unit\": \"" + "m ".repeat(60) + "\"}}}"),
                "properties.x.unit", "at most 100");
        assertField(alice.api().post("/api/v1/datasets", "{\"title\": \"x\", \"description\": \"" + "d".repeat(20_001) + "\"}"),
                "description", "at most 20000");
        long stored = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = CAST(:d AS uuid)")
                .bind("d", dataset).mapTo(Long.class).one());
        assertThat(stored).as("nothing was stored").isZero();
    }

    @Test
    void campaignParametersMustBeStorableNumbersAndAmounts() {
        String path = "/api/v1/datasets/" + dataset + "/campaigns";
        // a range of ±1e308 suggested Infinity; an amount of 1e300 Fe stopped every suggestion with a 500
        assertField(alice.api().post(path, """
                {"name": "c", "parameters": [{"name": "t", "type": "continuous", "low": -1e308, "high": 1e308}],
                 "objective": {"name": "y"}, "stop": {"budget": 5}}"""), "parameters[0].high", "magnitude");
        assertField(alice.api().post(path, """
                {"name": "c", "parameters": [{"name": "Fe", "type": "continuous", "low": 0, "high": 1e12},
                  {"name": "O", "type": "continuous", "low": 1, "high": 2}],
                 "objective": {"name": "hhi_production", "source": "element_strategy"}, "stop": {"budget": 5}}"""),
                "parameters[0].high", "at most 1e9");
        assertField(alice.api().post(path, """
                {"name": "c", "parameters": [{"name": "t", "type": "continuous", "low": 0, "high": 1}],
                 "objective": {"name": "y"}, "stop": {"budget": 1e308}}"""), "stop.budget", "whole number");
    }

    @Test
    void hostileQueryParametersAreRefusedWithoutA500() {
        List<String> values = List.of("a\u0000b", "x".repeat(4000), DEEP_FORMULA.substring(3000, 7002), "Fe99999999999999999999",
                "99999999999999999999", "-1e999", "1e309", "band_gap>1 (((((((((((m)))))))))))", "band_gap>1 m^99999999999",
                "band_gap>1e308 GeV", "band_gap>1 (Ym^12)^12", "nelements=999999999999", "1..99999999999999");
        List<String> params = List.of("q", "formula", "elements", "property", "nelements", "chemical_system", "anonymous_formula",
                "dataset", "sample", "created_after", "sort", "limit", "cursor", "fields", "facets", "owner");
        List<String> failures = new ArrayList<>();
        for (String p : params) {
            for (String v : values) {
                check(failures, "/api/v1/search?" + p + "=" + enc(v));
                check(failures, "/?" + p + "=" + enc(v));
            }
        }
        for (String v : values) {
            check(failures, "/optimade/v1/structures?filter=" + enc("nelements=" + v));
            check(failures, "/optimade/v1/structures?filter=" + enc("chemical_formula_reduced=\"" + v + "\""));
            check(failures, "/optimade/v1/structures?page_limit=" + enc(v));
            check(failures, "/optimade/v1/structures?page_offset=" + enc(v));
            check(failures, "/optimade/v1/structures?sort=" + enc(v));
            check(failures, "/optimade/v1/structures?response_fields=" + enc(v));
            check(failures, "/api/v1/resources/scores?formula=" + enc(v));
            check(failures, "/api/v1/datasets?cursor=" + enc(v));
            check(failures, "/api/v1/datasets?limit=" + enc(v));
            check(failures, "/api/v1/pid?pid=" + enc(v));
            check(failures, "/api/v1/audit?object=" + enc(v));
            check(failures, "/api/v1/samples/" + enc(v));
            check(failures, "/elements?p=" + enc(v));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void nulInAQueryOrPathIsA400NamingTheParameter() {
        var search = alice.api().get("/api/v1/search?q=" + enc("a\u0000b"));
        assertThat(search.status()).isEqualTo(400);
        assertThat(search.json().path("errors").path(0).path("field").asString()).isEqualTo("q");
        var optimade = alice.api().get("/optimade/v1/structures?filter=" + enc("chemical_formula_reduced=\"Fe\u0000\""));
        assertThat(optimade.status()).isEqualTo(400);
        assertThat(optimade.json().path("errors").path(0).path("detail").asString()).contains("filter").contains("NUL");
        assertThat(alice.api().get("/api/v1/samples/SMP%00").status()).isEqualTo(400);
        // a binary file sent as a form (curl --data-binary's default type): refused without echoing the body
        byte[] zip = new byte[2000];
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        var form = alice.api().send(alice.api().request("/api/v1/resources/scores").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body()).doesNotContain("PK").contains("not shown").contains("application/octet-stream").hasSizeLessThan(1000);
    }

    /** A 5xx is a failure, except OPTIMADE's 501 for numbers beyond double precision, which its specification requires. */
    private static void check(List<String> failures, String path) {
        ApiClient.Response r = alice.api().get(path);
        boolean specified = r.status() == 501 && path.startsWith("/optimade") && r.body().contains("outside the range");
        if (r.status() >= 500 && !specified) {
            failures.add("GET " + abbreviate(path) + " -> " + r.status() + " " + abbreviate(r.body()));
        }
    }

    private static void assertField(ApiClient.Response r, String field, String says) {
        assertThat(r.status()).as(abbreviate(r.body())).isEqualTo(400);
        assertThat(r.json().path("errors")).as(abbreviate(r.body())).anySatisfy(e -> {
            assertThat(e.path("field").asString()).isEqualTo(field);
            assertThat(e.path("message").asString()).contains(says);
        });
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
