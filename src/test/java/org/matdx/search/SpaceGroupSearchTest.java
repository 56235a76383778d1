package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29 item 4: the space group is searchable — by number, range and crystal system in native
 * search and as {@code space_group_it_number} in OPTIMADE — from what a CIF declares (number or
 * symbol); stored values that are not a space-group number are unknown, never an error; an
 * embargoed entry's space group is data, so only those who may read it find it by it.
 */
public class SpaceGroupSearchTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;

    // rock salt with its symbol only (the number comes from the symbol) and perovskite with its number
    public static final String NACL = """
            data_NaCl
            _cell_length_a 5.64
            _cell_length_b 5.64
            _cell_length_c 5.64
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F m -3 m'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Na1 Na 0 0 0
            Cl1 Cl 0.5 0.5 0.5
            """;
    static final String SRTIO3 = """
            data_SrTiO3
            _cell_length_a 3.905
            _cell_length_b 3.905
            _cell_length_c 3.905
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _space_group_IT_number 221
            _symmetry_space_group_name_H-M 'P m -3 m'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Sr1 Sr 0 0 0
            Ti1 Ti 0.5 0.5 0.5
            O1 O 0.5 0.5 0
            """;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        String open = SearchFixtures.dataset(alice.api(), "Oxides and halides", "public", null);
        upload(open, "nacl.cif", NACL);
        upload(open, "srtio3.cif", SRTIO3);
        // property rows whose metadata says a space group, well or badly: the bad ones are unknown
        SearchFixtures.entries(alice.api(), open, """
                {"entries": [
                 {"formula": "CaTiO3", "title": "perovskite, orthorhombic", "metadata": {"space_group_number": 62}},
                 {"formula": "Al2O3", "title": "corundum", "metadata": {"space_group_number": 167}},
                 {"formula": "ZnO", "title": "number as text", "metadata": {"space_group_number": "186"}},
                 {"formula": "MgO", "title": "out of range", "metadata": {"space_group_number": 999}},
                 {"formula": "TiO2", "title": "not whole", "metadata": {"space_group_number": 136.5}},
                 {"formula": "SiO2", "title": "a list", "metadata": {"space_group_number": [154]}},
                 {"formula": "Fe2O3", "title": "no space group"}
                ]}""");
        String closed = SearchFixtures.dataset(alice.api(), "Unpublished fluorides", "embargoed",
                "\"embargo_until\": \"" + java.time.LocalDate.now().plusYears(5) + "\"");
        SearchFixtures.entries(alice.api(), closed, """
                {"entries": [{"formula": "CaF2", "title": "fluorite (embargoed)", "metadata": {"space_group_number": 225}}]}""");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static void upload(String dataset, String name, String cif) {
        var r = new Multipart().file("file", name, cif.getBytes(StandardCharsets.UTF_8))
                .send(alice.api(), "/api/v1/datasets/" + dataset + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static List<String> titles(TestPlatform.Person who, String query) {
        var r = who == null ? tp.anonymous().get("/api/v1/search?sort=title&" + query) : who.api().get("/api/v1/search?sort=title&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> t = new ArrayList<>();
        r.json().get("items").forEach(i -> t.add(i.get("title").asString()));
        return t;
    }

    @Test
    void findsByNumberRangeAndCrystalSystem() {
        assertThat(titles(null, "space_group=221")).containsExactly("srtio3.cif");
        assertThat(titles(null, "space_group=225")).as("the number named by the symbol 'F m -3 m'").containsExactly("nacl.cif");
        assertThat(titles(null, "space_group=221..230")).containsExactly("nacl.cif", "srtio3.cif");
        assertThat(titles(null, "space_group=62,167")).containsExactly("corundum", "perovskite, orthorhombic");
        assertThat(titles(null, "crystal_system=cubic")).containsExactly("nacl.cif", "srtio3.cif");
        assertThat(titles(null, "crystal_system=trigonal,Orthorhombic")).containsExactly("corundum", "perovskite, orthorhombic");
        assertThat(titles(null, "crystal_system=hexagonal")).as("'186' written as text is not a number").isEmpty();
        // both given: what both allow
        assertThat(titles(null, "crystal_system=cubic&space_group=200..222")).containsExactly("srtio3.cif");
        assertThat(titles(null, "crystal_system=cubic&space_group=62")).isEmpty();
        assertThat(titles(null, "space_group=..230")).as("every entry with a valid space group")
                .containsExactly("corundum", "nacl.cif", "perovskite, orthorhombic", "srtio3.cif");
        assertThat(titles(null, "space_group=225&elements=Cl")).containsExactly("nacl.cif");
    }

    @Test
    void anEmbargoedSpaceGroupIsFoundOnlyByThoseWhoMayReadIt() {
        assertThat(titles(null, "space_group=225")).doesNotContain("fluorite (embargoed)");
        assertThat(titles(tp.person("mallory"), "crystal_system=cubic")).doesNotContain("fluorite (embargoed)");
        assertThat(titles(alice, "space_group=225")).containsExactly("fluorite (embargoed)", "nacl.cif");
        var r = tp.anonymous().get("/optimade/v1/structures?filter=" + enc("space_group_it_number=225"));
        assertThat(r.body()).doesNotContain("CaF2");
    }

    @Test
    void badValuesAreAllNamed() {
        var r = tp.anonymous().get("/api/v1/search?space_group=0,231,abc,5..3&crystal_system=cubik");
        assertThat(r.status()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        List<String> text = new ArrayList<>();
        errors.forEach(e -> text.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(text).hasSize(5);
        assertThat(String.join("\n", text)).contains("'0' is not a space-group number", "'231'", "'abc'", "'5..3'",
                "crystal_system: 'cubik' is not a crystal system; choose from triclinic, monoclinic");
    }

    @Test
    void aCifWithAnImpossibleNumberIsRefusedAtItsLineAndLeavesNothing() {
        String open = SearchFixtures.dataset(alice.api(), "Refused CIFs", "public", null);
        for (String bad : List.of("999", "0", "62.5", "-3")) {
            String cif = SRTIO3.replace("_space_group_IT_number 221", "_space_group_IT_number " + bad)
                    .replace("_symmetry_space_group_name_H-M 'P m -3 m'\n", "");
            var r = new Multipart().file("file", "bad.cif", cif.getBytes(StandardCharsets.UTF_8))
                    .send(alice.api(), "/api/v1/datasets/" + open + "/ingest");
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.body()).contains("_space_group_IT_number " + bad + " is not a space-group number").contains("bad.cif, line 8: ");
        }
        assertThat(titles(alice, "dataset=" + open)).isEmpty();
    }

    @Test
    void optimadeFiltersAndServesTheItNumber() {
        var r = tp.anonymous().get("/optimade/v1/structures?response_fields=space_group_it_number,chemical_formula_reduced&filter="
                + enc("space_group_it_number>=221 AND space_group_it_number<=230"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        r.json().get("data").forEach(d -> found.add(d.get("attributes").get("chemical_formula_reduced").asString() + " "
                + d.get("attributes").get("space_group_it_number").asInt()));
        assertThat(found).containsExactlyInAnyOrder("ClNa 225", "O3SrTi 221");
        var unknown = tp.anonymous().get("/optimade/v1/structures?filter=" + enc("space_group_it_number IS UNKNOWN"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(200);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
