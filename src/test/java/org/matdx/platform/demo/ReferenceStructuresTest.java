package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Scope;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** The demo's structures: what {@code matdx up} serves through OPTIMADE, to whom. */
class ReferenceStructuresTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withDemo(true)).withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    @Test
    void anonymousSeesThePublicReferenceStructures() {
        JsonNode doc = tp.anonymous().get("/optimade/v1/structures?page_limit=100&response_fields=_matdx_title,_matdx_band_gap__ev,nsites,lattice_vectors,cartesian_site_positions").json();
        // the ten reference structures, the facility's rutile CIF registered through the pipeline, and the
        // 44 reference phases the powder-diffraction demo identifies scans against
        assertThat(doc.at("/meta/data_returned").asInt()).isEqualTo(11 + 44);
        JsonNode wide = tp.anonymous().get("/optimade/v1/structures?sort=-_matdx_band_gap__ev&page_limit=3&response_fields=_matdx_title&filter="
                + f("_matdx_band_gap__ev > 3 AND nelements = 2")).json();
        assertThat(wide.at("/data/0/attributes/_matdx_title").asString()).isEqualTo("NaCl (rock salt)");
        int rockSaltMgO = 0;
        for (JsonNode d : doc.get("data")) {
            if (d.at("/attributes/_matdx_title").asString().equals("MgO (rock salt)")) { // the demo's, not the XRD reference phase
                rockSaltMgO++;
                // rock salt: the first O sits half a lattice constant from the first Mg
                JsonNode o = d.at("/attributes/cartesian_site_positions/4");
                assertThat(Math.hypot(o.get(0).asDouble(), Math.hypot(o.get(1).asDouble(), o.get(2).asDouble())))
                        .isCloseTo(4.212 / 2, within(1e-9));
                assertThat(d.at("/attributes/_matdx_band_gap__ev").asDouble()).isEqualTo(7.8);
            }
        }
        assertThat(rockSaltMgO).isEqualTo(1);
    }

    @Test
    void theBatteryLabSeesItsCathodesTooWithTheMixedSite() {
        var bob = tp.platform().users().byUsername("bob").orElseThrow();
        String token = tp.platform().accounts().issueToken(org.matdx.platform.Bootstrap.SYSTEM, bob, "t", Scope.READ, null).secret();
        ApiClient api = new ApiClient(tp.baseUrl(), token);
        assertThat(api.get("/optimade/v1/structures").json().at("/meta/data_returned").asInt()).isEqualTo(13 + 44);
        JsonNode nmc = api.get("/optimade/v1/structures?filter=" + f("structure_features HAS \"disorder\"")).json();
        assertThat(nmc.at("/data/0/attributes/chemical_formula_reduced").asString()).isEqualTo("CoLi10MnNi8O20");
        assertThat(nmc.at("/data/0/attributes/species/1/chemical_symbols").toString()).contains("Ni", "Co", "Mn");
        // the public sees cobalt only in the powder-diffraction reference phases (LiCoO2, Co3O4, CoO), never the lab's
        // NMC cathode (a reference phase may be disordered too: Li4Ti5O12's mixed site)
        assertThat(tp.anonymous().get("/optimade/v1/structures?filter=" + f("elements HAS \"Co\"")).json()
                .at("/meta/data_returned").asInt()).isEqualTo(3);
        assertThat(tp.anonymous().get("/optimade/v1/structures?filter=" + f("elements HAS ALL \"Co\",\"Ni\"")).json()
                .at("/meta/data_returned").asInt()).isZero();
    }

    @Test
    void theDemoDrawsRealHullsFromItsFormationEnthalpies() {
        JsonNode fe = tp.anonymous().get("/api/v1/phase-diagram?system=Fe-O").json();
        java.util.Map<String, JsonNode> byFormula = new java.util.HashMap<>();
        fe.get("phases").forEach(ph -> byFormula.put(ph.get("formula").asString(), ph));
        // wüstite decomposes into iron and magnetite below 570 °C: 0.039 eV/atom above the hull at 298 K
        assertThat(byFormula.get("FeO").get("e_above_hull").asDouble()).isCloseTo(0.039, within(0.001));
        assertThat(byFormula.get("Fe3O4").get("stable").asBoolean()).isTrue();
        assertThat(byFormula.get("Fe2O3").get("stable").asBoolean()).isTrue();
        JsonNode mn = tp.anonymous().get("/api/v1/phase-diagram?system=Mn-O").json();
        assertThat(mn.get("stable_count").asInt()).isEqualTo(4);
    }
}
