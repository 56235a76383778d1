package org.matdx.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.matdx.hostile.HostileRequestsTest.enc;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Finding 6 of issue 18: a property name belongs to nobody. Bob's band gaps {@code zzgap} are in
 * eV; Alice stores a {@code zzgap} in K in her own dataset. Before, that changed how everyone's eV
 * values were served (OPTIMADE's unit, filters, nulls) and made a native sort answer 400 "units of
 * different kinds". Now values of each dimension are compared, sorted and served in that
 * dimension's conventional unit, under a field of their own: nothing Alice stores changes what
 * Bob's values look like to anybody, and nothing hidden shows through /info or an error message.
 */
class PropertyDimensionsTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String hers;

    static String structure(String title, String zzgap) {
        return """
                {"kind": "structure", "formula": "ZnO", "title": "%s", "properties": {"zzgap": %s},
                 "data": {"structure": {"lattice_vectors": [[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]],
                   "sites": [{"label": "Zn", "species": {"Zn": 1.0}, "frac": [0, 0, 0]},
                             {"label": "O", "species": {"O": 1.0}, "frac": [0.5, 0.5, 0.5]}]}}}""".formatted(title, zzgap);
    }

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        String his = bob.api().post("/api/v1/datasets", "{\"title\": \"bob\", \"access\": \"public\"}").json().path("id").asString();
        for (String e : List.of(structure("bob low", "{\"value\": 2.0, \"unit\": \"eV\"}"),
                structure("bob high", "{\"value\": 3500, \"unit\": \"meV\"}"))) {
            assertThat(bob.api().post("/api/v1/datasets/" + his + "/entries", e).status()).isEqualTo(201);
        }
        hers = alice.api().post("/api/v1/datasets", "{\"title\": \"alice\", \"access\": \"private\"}").json().path("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** What a caller gets about Bob's band gaps: /info's field, the values, a filter, a sort and a bare-number search. */
    private static List<String> bobsValuesAsSeenBy(ApiClient who) {
        List<String> seen = new ArrayList<>();
        JsonNode info = who.get("/optimade/v1/info/structures").json().at("/data/properties/_matdx_zzgap__ev");
        seen.add("unit " + info.path("unit").asString() + " " + info.path("x-optimade-type").asString());
        JsonNode page = who.get("/optimade/v1/structures?sort=_matdx_zzgap__ev&response_fields=_matdx_title,_matdx_zzgap__ev&filter="
                + enc("_matdx_zzgap__ev > 1")).json();
        for (JsonNode d : page.path("data")) {
            seen.add(d.at("/attributes/_matdx_title").asString() + "=" + java.math.BigDecimal.valueOf(d.at("/attributes/_matdx_zzgap__ev")
                    .asDouble()).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString());
        }
        var sorted = who.get("/api/v1/search?sort=-properties.zzgap&fields=title&limit=10");
        assertThat(sorted.status()).as(sorted.body()).isEqualTo(200);
        sorted.json().path("items").forEach(i -> {
            if (i.path("title").asString().startsWith("bob")) {
                seen.add("sorted " + i.path("title").asString());
            }
        });
        var bare = who.get("/api/v1/search?property=" + enc("zzgap>3") + "&fields=title");
        assertThat(bare.status()).as(bare.body()).isEqualTo(200);
        bare.json().path("items").forEach(i -> {
            if (i.path("title").asString().startsWith("bob")) {
                seen.add("above 3: " + i.path("title").asString());
            }
        });
        return seen;
    }

    @Test
    void oneUsersPropertyInAnotherDimensionChangesNothingOfAnyoneElsesValues() {
        List<ApiClient> callers = List.of(tp.anonymous(), bob.api(), alice.api());
        List<List<String>> before = callers.stream().map(PropertyDimensionsTest::bobsValuesAsSeenBy).toList();
        assertThat(before.get(0)).containsExactly("unit eV float", "bob low=2", "bob high=3.5", "sorted bob high",
                "sorted bob low", "above 3: bob high");

        var added = alice.api().post("/api/v1/datasets/" + hers + "/entries", structure("alice hot", "{\"value\": 300, \"unit\": \"K\"}"));
        assertThat(added.status()).isEqualTo(201);
        for (int i = 0; i < callers.size(); i++) {
            assertThat(bobsValuesAsSeenBy(callers.get(i))).as("caller %d, her dataset private", i).isEqualTo(before.get(i));
        }
        // her kelvins are a field of their own, for her only while her dataset is private
        JsonNode hersInfo = alice.api().get("/optimade/v1/info/structures").json().at("/data/properties/_matdx_zzgap__k");
        assertThat(hersInfo.path("unit").asString()).isEqualTo("K");
        assertThat(bob.api().get("/optimade/v1/info/structures").json().at("/data/properties").has("_matdx_zzgap__k")).isFalse();
        var wrongKind = bob.api().get("/api/v1/search?property=" + enc("zzgap>3 K"));
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.json().path("detail").asString()).contains("eV").doesNotContain("K (temperature)").doesNotContain("kelvin");
        // a bare number compares each value in its own dimension's conventional unit: 300 K > 3 K, 3.5 eV > 3 eV
        JsonNode mine = alice.api().get("/api/v1/search?property=" + enc("zzgap>3") + "&sort=title&fields=title").json();
        assertThat(mine.path("items")).extracting(i -> i.path("title").asString()).containsExactly("alice hot", "bob high");
        JsonNode hot = alice.api().get("/optimade/v1/structures?response_fields=_matdx_zzgap__k,_matdx_zzgap__ev&filter="
                + enc("_matdx_zzgap__k > 200")).json();
        assertThat(hot.path("data")).hasSize(1);
        assertThat(hot.at("/data/0/attributes/_matdx_zzgap__k").asDouble()).isCloseTo(300, within(1e-9));
        assertThat(hot.at("/data/0/attributes/_matdx_zzgap__ev").isNull()).isTrue();

        assertThat(alice.api().put("/api/v1/datasets/" + hers + "/access", "{\"access\": \"public\"}").status()).isEqualTo(200);
        for (int i = 0; i < callers.size(); i++) {
            assertThat(bobsValuesAsSeenBy(callers.get(i))).as("caller %d, her dataset public", i).isEqualTo(before.get(i));
        }
        assertThat(tp.anonymous().get("/optimade/v1/info/structures").json().at("/data/properties/_matdx_zzgap__k/unit").asString())
                .isEqualTo("K");
    }
}
