package org.matdx.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The phase diagram over HTTP: the figures of ConvexHullTest (pymatgen's), units converted, and a
 * hull that is the caller's own — a hidden phase neither appears nor moves anybody's figures.
 */
class PhaseDiagramApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person carol;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        carol = tp.person("carol");
        // the public Li-Fe-O phases of ConvexHullTest; Fe2O3 in kJ/mol (-1.70 eV/atom)
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (ConvexHullTest.Golden g : ConvexHullTest.PYMATGEN) {
            ObjectNode e = entries.addObject().put("formula", g.formula()).put("title", g.formula() + " " + g.energy());
            ObjectNode q = e.putObject("properties").putObject("formation_energy_per_atom");
            if (g.formula().equals("Fe2O3")) {
                q.put("value", -1.70 * 96.48533212331).put("unit", "kJ/mol");
            } else {
                q.put("value", g.energy()).put("unit", "eV/atom");
            }
        }
        entries.addObject().put("formula", "LiCoO2").putObject("properties").putObject("formation_energy_per_atom")
                .put("value", -1.9).put("unit", "eV/atom");
        entries.addObject().put("formula", "Fe2O3").put("title", "no energy").putObject("properties").putObject("band_gap")
                .put("value", 2.1).put("unit", "eV");
        post(alice, "Li-Fe-O energies", "public", entries);
        // a company's very stable lithium ferrite, private: would put every public ternary further above the hull
        ArrayNode secret = Json.MAPPER.createArrayNode();
        secret.addObject().put("formula", "LiFeO2").put("title", "secret ferrite").putObject("properties")
                .putObject("formation_energy_per_atom").put("value", -2.5).put("unit", "eV/atom");
        post(carol, "Company energies", "private", secret);
    }

    static void post(TestPlatform.Person who, String title, String access, ArrayNode entries) {
        var d = who.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        var r = who.api().post("/api/v1/datasets/" + d.json().get("id").asString() + "/entries", Json.object().set("entries", entries));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static Map<String, JsonNode> byTitle(JsonNode diagram) {
        Map<String, JsonNode> out = new HashMap<>();
        diagram.get("phases").forEach(p -> out.put(p.get("title").asString(), p));
        return out;
    }

    @Test
    void anonymousCallersGetPymatgensFiguresFromThePublicEntries() {
        var r = tp.anonymous().get("/api/v1/phase-diagram?system=Li-Fe-O");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> phases = byTitle(r.json());
        assertThat(phases).hasSize(ConvexHullTest.PYMATGEN.size()).doesNotContainKey("secret ferrite");
        for (ConvexHullTest.Golden g : ConvexHullTest.PYMATGEN) {
            JsonNode p = phases.get(g.formula() + " " + g.energy());
            assertThat(p.get("e_above_hull").asDouble()).as(g.formula()).isCloseTo(g.above(), within(2e-6));
            assertThat(p.get("formation_energy_per_atom").asDouble()).as(g.formula()).isCloseTo(g.energy(), within(2e-6));
        }
        JsonNode feo = phases.get("FeO -1.4");
        assertThat(feo.get("stable").asBoolean()).isFalse();
        assertThat(feo.get("decomposition").findValuesAsString("formula")).containsExactlyInAnyOrder("Fe3O4", "Fe");
        assertThat(phases.get("Fe2O3 -1.7").get("stable").asBoolean()).isTrue();
        assertThat(r.json().get("stable_count").asInt()).isEqualTo(5);
        assertThat(r.body()).doesNotContain("LiCoO2").doesNotContain("no energy");
    }

    @Test
    void aHiddenPhaseMovesOnlyItsOwnersHull() {
        JsonNode anonymous = tp.anonymous().get("/api/v1/phase-diagram?system=O-Li-Fe").json();
        JsonNode bob = tp.person("bob").api().get("/api/v1/phase-diagram?system=Li-Fe-O").json();
        JsonNode owner = carol.api().get("/api/v1/phase-diagram?system=Li-Fe-O").json();
        // to everyone else the private phase does not exist: identical figures
        assertThat(bob.get("phases")).isEqualTo(anonymous.get("phases"));
        assertThat(Json.write(bob)).doesNotContain("secret");
        // its owner sees it on the hull, and the public ferrite further above it
        Map<String, JsonNode> mine = byTitle(owner);
        assertThat(mine.get("secret ferrite").get("stable").asBoolean()).isTrue();
        assertThat(mine.get("LiFeO2 -1.8").get("e_above_hull").asDouble()).isCloseTo(0.7, within(1e-6));
    }

    @Test
    void aSystemThatCannotBeReadIsRefusedNamingTheField() {
        for (String bad : new String[] {"", "Li", "Li-Xx-O", "Li-Li-O", "H-He-Li-Be-B-C-N", "Li-Fe-O-" + "x".repeat(100), "Li;DROP-O"}) {
            var r = tp.anonymous().get("/api/v1/phase-diagram?system=" + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("system");
        }
        assertThat(tp.anonymous().get("/api/v1/phase-diagram").status()).isEqualTo(400);
    }
}
