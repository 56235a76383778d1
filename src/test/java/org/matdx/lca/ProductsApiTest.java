package org.matdx.lca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Products over HTTP against a real PostgreSQL: access through the gate, validation, what-if, signed passports. */
class ProductsApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String cells;        // alice's public dataset
    static String lab;          // alice's private dataset
    static String privateLto;   // an entry in it: Li4Ti5O12

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        cells = dataset("Cells", "public");
        lab = dataset("Lab notebook", "private");
        var r = alice.api().post("/api/v1/datasets/" + lab + "/entries", "{\"entries\": [{\"formula\": \"Li4Ti5O12\", \"title\": \"LTO batch 7\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        privateLto = r.json().at("/entries/0/id").asString(r.json().at("/items/0/id").asString(""));
        assertThat(privateLto).as(r.body()).isNotEmpty();
    }

    static String dataset(String title, String access) {
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        assertThat(d.status()).as(d.body()).isEqualTo(201);
        return d.json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String create(ApiClient who, String dataset, String bom) {
        var r = who.post("/api/v1/datasets/" + dataset + "/products", bom);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void theWorkedCellIsStoredAndEveryReaderGetsTheHandComputedFootprint() {
        String id = create(alice.api(), cells, BatteryCellRollupTest.CELL);
        for (ApiClient who : List.of(alice.api(), bob.api(), tp.anonymous())) {
            var r = who.get("/api/v1/products/" + id);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode f = r.json().get("footprint");
            assertThat(f.at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(1.423062, within(1e-5));
            assertThat(f.at("/gwp_kg_co2eq/status").asString()).isEqualTo("assessed");
            assertThat(f.at("/recycled_content/mass_fraction").asDouble()).isCloseTo(0.0666667, within(1e-6));
            assertThat(f.at("/parts/0/path").asString()).isEqualTo("cell / cathode / active material");
        }
        assertThat(tp.platform().audit().forObject("product", id)).anyMatch(e -> e.action().equals("product.create"));
        var list = bob.api().get("/api/v1/products?dataset=" + cells);
        assertThat(list.json().get("items")).anyMatch(x -> x.get("id").asString().equals(id));
    }

    @Test
    void aPrivateEntryInAPublicProductIsShownOnlyToThoseWhoMaySeeIt() {
        String bom = BatteryCellRollupTest.CELL.replace("\"formula\": \"Li4Ti5O12\"", "\"entry\": \"" + privateLto + "\"");
        String id = create(alice.api(), cells, bom);
        JsonNode mine = alice.api().get("/api/v1/products/" + id).json().get("footprint");
        assertThat(mine.at("/parts/2/material").asString()).contains("Li4Ti5O12");
        assertThat(mine.at("/element_mass_kg/Ti").asDouble()).isGreaterThan(0);
        assertThat(mine.at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(1.423062, within(1e-5));
        for (ApiClient who : List.of(bob.api(), tp.anonymous())) {
            var r = who.get("/api/v1/products/" + id);
            assertThat(r.status()).isEqualTo(200);
            JsonNode f = r.json().get("footprint");
            assertThat(f.at("/parts/2/visible").asBoolean()).isFalse();
            assertThat(f.at("/parts/2/material").asString()).isEqualTo("not visible");
            assertThat(f.at("/element_mass_kg").has("Ti")).isFalse();
            assertThat(f.at("/gwp_kg_co2eq/value").isNull()).isTrue();
            assertThat(f.at("/hhi_production/value").isNull()).isTrue();
            // nothing derived from the hidden part: the lower bound is the visible parts' sum
            assertThat(f.at("/gwp_kg_co2eq/lower_bound").asDouble()).isCloseTo(1.423062 - 0.382940, within(1e-5));
            assertThat(r.body()).doesNotContain("Li4Ti5O12").doesNotContain("LTO batch 7");
        }
        // bob cannot name alice's private entry in a product of his own
        String bobs = dataset2(bob, "Bob's cells");
        var refused = bob.api().post("/api/v1/datasets/" + bobs + "/products", bom);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("components[1].components[0].entry").contains("that you may see");
        // a passport alice exports draws on the private entry: bob is not shown it
        var p = alice.api().post("/api/v1/products/" + id + "/passports", "");
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        assertThat(alice.api().get("/api/v1/products/" + id + "/passports/1").status()).isEqualTo(200);
        assertThat(bob.api().get("/api/v1/products/" + id + "/passports/1").status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/products/" + id + "/passports").json().get("items")).isEmpty();
    }

    static String dataset2(TestPlatform.Person who, String title) {
        var d = who.api().post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"public\"}");
        return d.json().get("id").asString();
    }

    @Test
    void aProductInAPrivateDatasetIsNotFoundByOthersAndOnlyWritersChangeIt() {
        String id = create(alice.api(), lab, BatteryCellRollupTest.CELL);
        assertThat(bob.api().get("/api/v1/products/" + id).status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/products/" + id).status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/products").json().get("items")).noneMatch(x -> x.get("id").asString().equals(id));
        assertThat(bob.api().put("/api/v1/products/" + id, BatteryCellRollupTest.CELL).status()).isEqualTo(404);
        String open = create(alice.api(), cells, BatteryCellRollupTest.CELL);
        assertThat(bob.api().put("/api/v1/products/" + open, BatteryCellRollupTest.CELL).status()).isEqualTo(403);
        assertThat(tp.anonymous().post("/api/v1/datasets/" + cells + "/products", BatteryCellRollupTest.CELL).status()).isEqualTo(401);
        assertThat(bob.api().post("/api/v1/products/" + open + "/passports", "").status()).isEqualTo(403);
    }

    @Test
    void cyclesThroughSubProductsAreRefused() {
        String magnet = create(alice.api(), cells, "{\"name\": \"magnet\", \"components\": [{\"name\": \"NdFeB\", \"mass_kg\": 0.1, \"formula\": \"Nd2Fe14B\"}]}");
        String motor = create(alice.api(), cells, "{\"name\": \"motor\", \"components\": [{\"name\": \"rotor magnet\", \"mass_kg\": 0.2, \"product\": \""
                + magnet + "\"}, {\"name\": \"winding\", \"mass_kg\": 0.5, \"formula\": \"Cu\"}]}");
        JsonNode f = alice.api().get("/api/v1/products/" + motor).json().get("footprint");
        // 0.2 kg of magnet at 5.79603 kg CO2-eq/kg + 0.5 kg Cu · 2.8
        assertThat(f.at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(0.2 * 5.79603 + 1.4, within(1e-4));
        var cycle = alice.api().put("/api/v1/products/" + magnet, "{\"name\": \"magnet\", \"components\": [{\"name\": \"NdFeB\", \"mass_kg\": 0.1, \"product\": \""
                + motor + "\"}]}");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.body()).contains("would contain itself");
        // deleting the magnet: the motor's part becomes not visible, never a 500; bob may not delete
        assertThat(bob.api().delete("/api/v1/products/" + magnet).status()).isEqualTo(403);
        String spare = create(alice.api(), cells, "{\"name\": \"spare\", \"components\": [{\"name\": \"m\", \"mass_kg\": 0.2, \"product\": \""
                + magnet + "\"}]}");
        assertThat(alice.api().post("/api/v1/products/" + spare + "/passports", "").status()).isEqualTo(201);
        var gone = alice.api().delete("/api/v1/products/" + spare);
        assertThat(gone.status()).as(gone.body()).isEqualTo(204);
        assertThat(alice.api().get("/api/v1/products/" + spare).status()).isEqualTo(404);
        assertThat(tp.platform().audit().forObject("product", spare)).anyMatch(e -> e.action().equals("product.delete"));
        var self = alice.api().put("/api/v1/products/" + magnet, "{\"name\": \"magnet\", \"components\": [{\"name\": \"x\", \"mass_kg\": 0.1, \"product\": \""
                + magnet + "\"}]}");
        assertThat(self.status()).isEqualTo(400);
        assertThat(alice.api().delete("/api/v1/products/" + magnet).status()).isEqualTo(204);
        JsonNode orphan = alice.api().get("/api/v1/products/" + motor).json().get("footprint");
        assertThat(orphan.at("/parts/0/visible").asBoolean()).isFalse();
        assertThat(orphan.at("/gwp_kg_co2eq/status").asString()).isEqualTo("unassessed");
        assertThat(orphan.at("/gwp_kg_co2eq/lower_bound").asDouble()).isCloseTo(1.4, within(1e-9));
    }

    static String fanOut(String name, String part) {
        StringBuilder b = new StringBuilder("{\"name\": \"" + name + "\", \"components\": [");
        for (int i = 0; i < BomReader.MAX_COMPONENTS; i++) {
            b.append(i == 0 ? "" : ",").append("{\"name\": \"p").append(i).append("\", \"mass_kg\": 1, ").append(part).append("}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aTreeNamingOneSubProductThousandsOfTimesIsExpandedOnce() {
        // three levels of 2 000 parts each naming the level below: 2 000³ expansions if each were evaluated per mention
        String r = create(alice.api(), cells, "{\"name\": \"iron\", \"components\": [{\"name\": \"x\", \"mass_kg\": 1, \"formula\": \"Fe\"}]}");
        String q = create(alice.api(), cells, fanOut("q", "\"product\": \"" + r + "\""));
        String p = create(alice.api(), cells, fanOut("p", "\"product\": \"" + q + "\""));
        String top = create(alice.api(), cells, fanOut("top", "\"product\": \"" + p + "\""));
        var got = bob.api().get("/api/v1/products/" + top);
        assertThat(got.status()).isEqualTo(200);
        // 2 000 kg of a product that is iron all the way down: 2 000 · 1.5 kg CO2-eq
        assertThat(got.json().at("/footprint/gwp_kg_co2eq/value").asDouble()).isCloseTo(3000, within(1e-6));
        assertThat(got.json().at("/footprint/element_mass_kg/Fe").asDouble()).isCloseTo(2000, within(1e-6));
    }

    @Test
    void hostileBillsOfMaterialsAnswer400NamingTheField() {
        var neg = alice.api().post("/api/v1/datasets/" + cells + "/products",
                "{\"name\": \"p\", \"components\": [{\"name\": \"a\", \"mass_kg\": -3, \"formula\": \"Fe\"}]}");
        assertThat(neg.status()).isEqualTo(400);
        assertThat(neg.json().at("/errors/0/field").asString()).isEqualTo("components[0].mass_kg");
        var inf = alice.api().post("/api/v1/datasets/" + cells + "/products",
                "{\"name\": \"p\", \"components\": [{\"name\": \"a\", \"mass_kg\": 1e400, \"formula\": \"Fe\"}]}");
        assertThat(inf.status()).isEqualTo(400);
        // 20 levels of parts pass the JSON reader (40 levels of nesting) and meet the bill of materials' own limit;
        // 40 levels of parts are refused by the JSON reader before any of it is built
        for (int levels : new int[]{20, 40}) {
            StringBuilder deep = new StringBuilder("{\"name\": \"x\", \"mass_kg\": 1, \"formula\": \"Fe\"}");
            for (int i = 0; i < levels; i++) {
                deep.insert(0, "{\"name\": \"l\", \"components\": [").append("]}");
            }
            var d = alice.api().post("/api/v1/datasets/" + cells + "/products", "{\"name\": \"p\", \"components\": [" + deep + "]}");
            assertThat(d.status()).isEqualTo(400);
            assertThat(d.body()).contains(levels == 20 ? "nested more than " + BomReader.MAX_DEPTH : "nested deeper than 64");
        }
        assertThat(alice.api().post("/api/v1/product-footprints", "[1, 2]").status()).isEqualTo(400);
        // a draft is rolled up without being stored, for anyone
        var draft = tp.anonymous().post("/api/v1/product-footprints", BatteryCellRollupTest.CELL);
        assertThat(draft.status()).as(draft.body()).isEqualTo(200);
        assertThat(draft.json().at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(1.423062, within(1e-5));
        assertThat(alice.api().post("/api/v1/products/" + java.util.UUID.randomUUID() + "/what-if", "{}").status()).isIn(400, 404);
    }

    @Test
    void whatIfShowsBothProductsSideBySide() {
        String id = create(alice.api(), cells, BatteryCellRollupTest.CELL);
        var r = alice.api().post("/api/v1/products/" + id + "/what-if",
                "{\"component\": \"cell / cathode / active material\", \"material\": {\"formula\": \"LiMn2O4\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode w = r.json();
        assertThat(w.at("/base/gwp_kg_co2eq/value").asDouble()).isCloseTo(1.423062, within(1e-5));
        // LiMn2O4: (6.941·7.1 + 2·54.938·1.0 + 4·15.9994·0.322) / 180.815 = 0.994191 per kg; 0.1 kg, 10 % recycled kept
        assertThat(w.at("/variant/parts/0/gwp_kg_co2eq").asDouble()).isCloseTo(0.0894772, within(1e-5));
        assertThat(w.at("/change/gwp_kg_co2eq").asDouble()).isCloseTo(0.0894772 - 0.387821, within(1e-5));
        assertThat(w.at("/variant/element_mass_kg").has("Co")).isFalse();
        assertThat(w.at("/change/hhi_production").isNumber()).isTrue();
        var bad = alice.api().post("/api/v1/products/" + id + "/what-if",
                "{\"component\": \"cell / cathode\", \"material\": {\"formula\": \"LiMn2O4\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("is an assembly");
        var nowhere = alice.api().post("/api/v1/products/" + id + "/what-if",
                "{\"component\": \"cell / nothing\", \"material\": {\"formula\": \"Fe\"}}");
        assertThat(nowhere.status()).isEqualTo(400);
    }

    static final String[][] GAPS = {
            {"ZnO", "3.37"}, {"TiO2", "3.1"}, {"SnO2", "3.6"}, {"Ga2O3", "4.8"}, {"In2O3", "2.9"}, {"MgO", "7.8"},
            {"Al2O3", "8.8"}, {"ZrO2", "5.0"}, {"HfO2", "5.7"}, {"NiO", "3.8"}, {"Cu2O", "2.17"}, {"CuO", "1.2"},
            {"Fe2O3", "2.1"}, {"WO3", "2.7"}, {"BaTiO3", "3.2"}, {"SrTiO3", "3.25"}, {"CeO2", "3.2"}, {"Y2O3", "5.6"},
            {"CdO", "2.2"}, {"Bi2O3", "2.8"}, {"V2O5", "2.3"}, {"Ta2O5", "4.0"}, {"MoO3", "3.0"}};

    @Test
    void aPartsSubstitutionScreenIsEvaluatedInTheWholeProduct() {
        StringBuilder entries = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < GAPS.length; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"formula\": \"").append(GAPS[i][0])
                    .append("\", \"properties\": {\"band_gap\": {\"value\": ").append(GAPS[i][1]).append(", \"unit\": \"eV\"}}}");
        }
        String gaps = dataset("Band gaps", "public");
        assertThat(alice.api().post("/api/v1/datasets/" + gaps + "/entries", entries.append("]}").toString()).status()).isEqualTo(201);
        String panel = create(alice.api(), cells, """
                {"name": "panel", "components": [
                  {"name": "transparent electrode", "mass_kg": 0.0002, "formula": "In1.8Sn0.2O3"},
                  {"name": "substrate", "mass_kg": 0.01, "formula": "Al2O3"}]}""");
        var r = alice.api().post("/api/v1/products/" + panel + "/substitutions", "{\"component\": \"panel / transparent electrode\", "
                + "\"screen\": {\"model\": {\"baseline\": {\"dataset\": \"" + gaps + "\", \"property\": \"band_gap\"}}, "
                + "\"goal\": {\"target\": 3.6}, \"with\": [\"Zn\", \"Sn\"], \"fractions\": [0.5, 1]}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode n = r.json();
        assertThat(n.get("start").asString()).isEqualTo("In1.8Sn0.2O3");
        assertThat(n.at("/screen/replaced/0").asString()).isEqualTo("In");
        assertThat(n.get("candidates").size()).isPositive();
        double base = n.at("/base/gwp_kg_co2eq/value").asDouble();
        for (JsonNode c : n.get("candidates")) {
            // each candidate's product figures are those of a what-if swap of the same formula
            var w = alice.api().post("/api/v1/products/" + panel + "/what-if", "{\"component\": \"panel / transparent electrode\", "
                    + "\"material\": {\"formula\": \"" + c.get("formula").asString() + "\"}}").json();
            assertThat(c.at("/change/hhi_production").asDouble()).isCloseTo(w.at("/change/hhi_production").asDouble(), within(1e-9));
            if (c.at("/gwp_kg_co2eq/value").isNumber()) {
                assertThat(c.at("/change/gwp_kg_co2eq").asDouble()).isCloseTo(c.at("/gwp_kg_co2eq/value").asDouble() - base, within(1e-12));
            }
        }
        // the part must be a composition; a screen larger than the synchronous limit is refused, not queued
        var bad = alice.api().post("/api/v1/products/" + panel + "/substitutions", "{\"component\": \"panel\", \"screen\": {}}");
        assertThat(bad.status()).isEqualTo(400);
    }

    static Schema schema() throws Exception {
        try (InputStream in = Passport.class.getResourceAsStream(Passport.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(Json.MAPPER.readTree(in));
        }
    }

    @Test
    void precursorsAndGridMixesAreListedWithTheirSourcesAndAProductUsingThemSaysWhichFigureItUsed() throws Exception {
        JsonNode pre = tp.anonymous().get("/api/v1/precursors").json().get("items");
        JsonNode nickel = null;
        for (JsonNode x : pre) {
            if (x.get("code").asString().equals("niso4-glo")) {
                nickel = x;
            }
        }
        assertThat(nickel).as(pre.toString()).isNotNull();
        assertThat(nickel.get("gwp_kg_co2eq_per_kg").asDouble()).isEqualTo(5.48);
        assertThat(nickel.get("ced_mj_per_kg").isNull()).isTrue();
        assertThat(nickel.get("source").asString()).isEqualTo("istrate2024");
        assertThat(nickel.at("/citation/identifier").asString()).contains("robyistrate/decarbonization_LIB_raw_materials");
        assertThat(nickel.get("scope").asString()).contains("NiSO4·6H2O");
        JsonNode mixes = tp.anonymous().get("/api/v1/electricity-mixes").json().get("items");
        assertThat(mixes).anyMatch(m -> m.get("code").asString().equals("jp") && m.get("g_co2eq_per_kwh").asDouble() == 485
                && m.get("source").asString().equals("ember2024fundar"));
        assertThat(mixes).anyMatch(m -> m.get("code").asString().equals("jp-elcs") && m.get("g_co2eq_per_kwh").asDouble() == 421
                && m.get("source").asString().equals("elcs2024"));
        assertThat(mixes).anyMatch(m -> m.get("code").asString().equals("us-eia") && m.get("g_co2eq_per_kwh").asDouble() == 366
                && m.get("source").asString().equals("eia2024"));

        String id = create(alice.api(), cells, PrecursorRollupTest.BATCH);
        JsonNode f = bob.api().get("/api/v1/products/" + id).json().get("footprint");
        assertThat(f.at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(17.990, within(1e-9));
        assertThat(f.at("/parts/1/basis").asString()).startsWith("precursor niso4-glo: istrate2024");
        assertThat(f.get("sources")).anyMatch(x -> x.asString().equals("istrate2024"));
        var exported = alice.api().post("/api/v1/products/" + id + "/passports", "");
        assertThat(exported.status()).as(exported.body()).isEqualTo(201);
        JsonNode passport = exported.json().get("passport");
        assertThat(schema().validate(passport)).as(passport.toString()).isEmpty();
        assertThat(passport.at("/carbon_footprint/contributions/1/basis").asString()).startsWith("precursor niso4-glo: istrate2024");
        assertThat(passport.at("/carbon_footprint/sources")).anyMatch(x -> x.asString().equals("istrate2024"));
        // a swap from the element sum to a precursor in the what-if
        var w = alice.api().post("/api/v1/products/" + id + "/what-if",
                "{\"component\": \"precursors / lithium\", \"material\": {\"precursor\": \"lioh-spodumene-cn\"}}");
        assertThat(w.status()).as(w.body()).isEqualTo(200);
        // 0.40 · 0.75 · (17.2 − 7.70) = 2.85
        assertThat(w.json().at("/change/gwp_kg_co2eq").asDouble()).as(w.body()).isCloseTo(2.85, within(1e-9));
        var bad = alice.api().post("/api/v1/datasets/" + cells + "/products",
                PrecursorRollupTest.BATCH.replace("niso4-glo", "nickel from the moon"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("components[1].precursor");
    }

    @Test
    void passportsValidateAgainstTheirSchemaAreVersionedAndTheSignatureCatchesTampering() throws Exception {
        String id = create(alice.api(), cells, BatteryCellRollupTest.CELL);
        var first = alice.api().post("/api/v1/products/" + id + "/passports", "");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode export = first.json();
        JsonNode passport = export.get("passport");
        Schema schema = schema();
        assertThat(schema.validate(passport)).as(passport.toString()).isEmpty();
        assertThat(passport.at("/schema_version").asString()).isEqualTo("1.0");
        assertThat(passport.at("/passport_version").asInt()).isEqualTo(1);
        assertThat(passport.at("/carbon_footprint/total_kg_co2eq").asDouble()).isCloseTo(1.423062, within(1e-5));
        assertThat(passport.at("/circularity/recycled_content/article_8_elements/Co/recycled_share").asDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(passport.at("/circularity/recycled_content/article_8_elements/Pb/present").asBoolean()).isFalse();
        assertThat(passport.at("/general_information/manufacturer_identification").isNull()).isTrue();
        assertThat(passport.get("to_fill")).anyMatch(x -> x.asString().equals("general_information.manufacturer_identification"));
        assertThat(passport.at("/materials_and_composition/critical_raw_materials")).anyMatch(x -> x.get("element").asString().equals("Co"));
        // the schema is strict enough to catch a wrong document
        ObjectNode broken = (ObjectNode) passport.deepCopy();
        ((ObjectNode) broken.get("carbon_footprint")).put("status", "probably fine");
        assertThat(schema.validate(broken)).isNotEmpty();

        var ok = tp.anonymous().post("/api/v1/passports/verify", export.toString());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("valid").asBoolean()).as(ok.body()).isTrue();

        ObjectNode tampered = (ObjectNode) export.deepCopy();
        ((ObjectNode) tampered.at("/passport/carbon_footprint")).put("total_kg_co2eq", 0.5);
        JsonNode t = tp.anonymous().post("/api/v1/passports/verify", tampered.toString()).json();
        assertThat(t.get("valid").asBoolean()).isFalse();
        assertThat(t.get("reason").asString()).contains("altered");

        // key order and whitespace do not matter: the signature is over the canonical text
        String reordered = "{\"signature\": " + export.get("signature") + ",\n \"passport\": " + Json.MAPPER
                .writerWithDefaultPrettyPrinter().writeValueAsString(passport) + "}";
        assertThat(tp.anonymous().post("/api/v1/passports/verify", reordered).json().get("valid").asBoolean()).isTrue();

        ObjectNode forged = (ObjectNode) export.deepCopy();
        ((ObjectNode) forged.get("signature")).put("value", "AAAA");
        assertThat(tp.anonymous().post("/api/v1/passports/verify", forged.toString()).json().get("valid").asBoolean()).isFalse();
        ((ObjectNode) forged.get("signature")).put("key_id", "ed25519:0000000000000000");
        assertThat(tp.anonymous().post("/api/v1/passports/verify", forged.toString()).json().get("reason").asString())
                .contains("not a key of this hub");
        assertThat(tp.anonymous().post("/api/v1/passports/verify", "{\"passport\": 1}").json().get("valid").asBoolean()).isFalse();

        // a second export is version 2; the first stays retrievable and verifiable
        alice.api().put("/api/v1/products/" + id, BatteryCellRollupTest.CELL.replace("0.020, \"formula\": \"Al\"", "0.025, \"formula\": \"Al\""));
        var second = alice.api().post("/api/v1/products/" + id + "/passports", "");
        assertThat(second.json().at("/passport/passport_version").asInt()).isEqualTo(2);
        assertThat(second.json().at("/passport/product/revision").asInt()).isEqualTo(2);
        var again = alice.api().get("/api/v1/products/" + id + "/passports/1");
        assertThat(again.json()).isEqualTo(export);
        assertThat(alice.api().get("/api/v1/products/" + id + "/passports").json().get("items")).hasSize(2);
        assertThat(tp.platform().audit().forObject("product", id)).filteredOn(e -> e.action().equals("product.passport")).hasSize(2);
        assertThat(alice.api().get("/api/v1/passports/schema").json().get("$id").asString()).contains("product-passport/1.0");
    }
}
