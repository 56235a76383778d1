package org.matdx.lca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Elements;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.ElementResources;
import org.matdx.elementstrategy.ResourceScorer;
import tools.jackson.databind.JsonNode;

/**
 * Precursor chemicals with published figures (Istrate et al. 2024) used in a bill of materials instead
 * of the element sum, and the grid mixes for Japan and the United States; every figure hand-computed.
 */
class PrecursorRollupTest {
    final Rollup rollup = new Rollup(ResourceScorer.standard());

    static final String BATCH = """
            {"name": "precursors", "functional_unit": "1 batch", "electricity": "jp",
             "steps": [{"name": "calcination", "electricity_kwh": 2.0}],
             "components": [
               {"name": "lithium", "mass_kg": 0.40, "precursor": "lioh-brine-cl", "recycled_fraction": 0.25},
               {"name": "nickel", "mass_kg": 2.0, "precursor": "niso4-glo"},
               {"name": "cobalt", "mass_kg": 0.25, "precursor": "coso4-cn"}]}
            """;

    @Test
    void theShippedPrecursorsCarryThePublishedFiguresWithTheirSource() {
        // Istrate et al. 2024, data/results/fig2_total_ghgs_30-07-2024.csv, to three significant figures
        assertThat(Precursors.byCode("li2co3-brine-cl").orElseThrow().gwp()).isEqualTo(3.62);
        assertThat(Precursors.byCode("li2co3-spodumene-cn").orElseThrow().gwp()).isEqualTo(24.1);
        assertThat(Precursors.byCode("lioh-brine-cl").orElseThrow().gwp()).isEqualTo(7.70);
        assertThat(Precursors.byCode("lioh-spodumene-cn").orElseThrow().gwp()).isEqualTo(17.2);
        assertThat(Precursors.byCode("niso4-glo").orElseThrow().gwp()).isEqualTo(5.48);
        assertThat(Precursors.byCode("coso4-cn").orElseThrow().gwp()).isEqualTo(15.0);
        assertThat(Precursors.byCode("graphite-natural-cn").orElseThrow().gwp()).isEqualTo(10.6);
        assertThat(Precursors.byCode("graphite-synthetic-cn").orElseThrow().gwp()).isEqualTo(43.9);
        var sources = ElementResources.standard().footprintSources();
        for (Precursors.Precursor p : Precursors.all().values()) {
            assertThat(sources).containsKey(p.source());
            assertThat(p.ced()).as("the study reports no energy demand: unassessed, not zero").isNull();
            assertThat(p.scope()).isNotBlank();
            assertThat(p.boundary()).isEqualTo("cradle-to-gate");
        }
        assertThat(sources.get("istrate2024").identifier()).contains("robyistrate/decarbonization_LIB_raw_materials");
        // the product forms the inventories state: NiSO4·6H2O is 22 % Ni, CoSO4·7H2O 21 % Co, LiOH·H2O at least 16 % Li
        assertThat(ResourceScorer.standard().score(Precursors.byCode("niso4-glo").orElseThrow().composition()).massFractions().get(Elements.of("Ni")))
                .isCloseTo(0.2233, within(5e-4));
        assertThat(ResourceScorer.standard().score(Precursors.byCode("coso4-cn").orElseThrow().composition()).massFractions().get(Elements.of("Co")))
                .isCloseTo(0.2096, within(5e-4));
        assertThat(ResourceScorer.standard().score(Precursors.byCode("lioh-brine-cl").orElseThrow().composition()).massFractions().get(Elements.of("Li")))
                .isCloseTo(0.1654, within(5e-4));
    }

    @Test
    void aPrecursorPartUsesItsPublishedFigureInsteadOfTheElementSum() {
        ProductFootprint f = rollup.of(BatteryCellRollupTest.bom(BATCH), Resolved.FORMULAS_ONLY);
        // lithium: 0.40 kg · (1 − 0.25 recycled, cut-off) · 7.70 = 2.31; nickel 2.0 · 5.48 = 10.96; cobalt 0.25 · 15.0 = 3.75
        assertThat(f.parts().get(0).gwp()).isCloseTo(2.31, within(1e-9));
        assertThat(f.parts().get(1).gwp()).isCloseTo(10.96, within(1e-9));
        assertThat(f.parts().get(2).gwp()).isCloseTo(3.75, within(1e-9));
        assertThat(f.materialsGwp().value()).isCloseTo(17.02, within(1e-9));
        // calcination on Japan's grid: 2.0 kWh · 0.485 kg/kWh (Ember, 2023)
        assertThat(f.processGwp()).isCloseTo(0.970, within(1e-9));
        assertThat(f.gwp().value()).isCloseTo(17.990, within(1e-9));
        ProductFootprint.Part nickel = f.parts().get(1);
        assertThat(nickel.material()).contains("Nickel sulfate hexahydrate").contains("niso4-glo");
        assertThat(nickel.basis()).startsWith("precursor niso4-glo: istrate2024");
        assertThat(f.sources()).contains("istrate2024", "ember2024fundar");
        // element masses still come from the formula: Ni 2.0 · 58.6934 / 262.848 = 0.446598 kg
        assertThat(f.elementMassKg().get(Elements.of("Ni"))).isCloseTo(0.446598, within(1e-5));
        // no energy demand is published for the precursors and the element sum lacks H and S: unassessed, never zero
        assertThat(f.ced().assessed()).isFalse();
        assertThat(f.ced().value()).isNull();
        // recycled content: 0.40 · 0.25 / 2.65
        assertThat(f.recycled().massFraction()).isCloseTo(0.1 / 2.65, within(1e-12));
    }

    @Test
    void theSameChemicalGivenAsAFormulaIsUnassessedWithoutThePrecursorsFigure() {
        // NiSO4·6H2O by formula: no published figure for S, so the part and the product are unassessed
        ProductFootprint f = rollup.of(BatteryCellRollupTest.bom(BATCH.replace("\"precursor\": \"niso4-glo\"",
                "\"formula\": \"NiSO4·6H2O\"")), Resolved.FORMULAS_ONLY);
        assertThat(f.gwp().assessed()).isFalse();
        assertThat(f.parts().get(1).gwp()).isNull();
        assertThat(f.parts().get(1).note()).contains("S");
        assertThat(f.gwp().lowerBound()).isGreaterThan(2.31 + 3.75);
    }

    @Test
    void aDeclaredFigureStillComesBeforeThePrecursors() {
        ProductFootprint f = rollup.of(BatteryCellRollupTest.bom(BATCH.replace("\"precursor\": \"niso4-glo\"",
                "\"precursor\": \"niso4-glo\", \"declared\": {\"gwp_kg_co2eq_per_kg\": 3.0, \"source\": \"supplier EPD 42\"}")),
                Resolved.FORMULAS_ONLY);
        assertThat(f.parts().get(1).gwp()).isCloseTo(6.0, within(1e-9));
        assertThat(f.parts().get(1).basis()).isEqualTo("declared: supplier EPD 42");
    }

    @Test
    void anUnknownPrecursorOrTwoKindsOfMaterialAre400sNamingTheField() {
        assertThatThrownBy(() -> BatteryCellRollupTest.bom(BATCH.replace("niso4-glo", "NiSO4 (Mars)")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(issues(p))
                        .contains("components[1].precursor").contains("not a listed precursor"));
        assertThatThrownBy(() -> BatteryCellRollupTest.bom(BATCH.replace("\"precursor\": \"niso4-glo\"",
                "\"precursor\": \"niso4-glo\", \"formula\": \"Ni\"")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(issues(p)).contains("only one of"));
        assertThatThrownBy(() -> BatteryCellRollupTest.bom(BATCH.replace("\"niso4-glo\"", "42")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(issues(p)).contains("components[1].precursor"));
    }

    @Test
    void japanAndTheUnitedStatesHaveCitedGridMixes() {
        // Ember's lifecycle intensities, like the other listed mixes
        assertThat(ElectricityMixes.byCode("jp").orElseThrow().gCo2eqPerKwh()).isEqualTo(485);
        assertThat(ElectricityMixes.byCode("us").orElseThrow().gCo2eqPerKwh()).isEqualTo(369);
        assertThat(ElectricityMixes.byCode("gb").orElseThrow().gCo2eqPerKwh()).isEqualTo(238);
        assertThat(ElectricityMixes.byCode("kr").orElseThrow().gCo2eqPerKwh()).isEqualTo(431);
        assertThat(ElectricityMixes.byCode("tw").orElseThrow().gCo2eqPerKwh()).isEqualTo(642);
        assertThat(ElectricityMixes.byCode("jp").orElseThrow().source()).isEqualTo("ember2024fundar");
        // and the official national CO2-only figures, marked as such
        Bom.Electricity jp = ElectricityMixes.byCode("jp-elcs").orElseThrow();
        Bom.Electricity us = ElectricityMixes.byCode("us-eia").orElseThrow();
        assertThat(jp.gCo2eqPerKwh()).isEqualTo(421);  // 311 Mt CO2 / 738.2 TWh sold, fiscal 2023
        assertThat(us.gCo2eqPerKwh()).isEqualTo(366);  // 1,532 Mt CO2 / 4,183,271 GWh, 2023
        assertThat(jp.source()).isEqualTo("elcs2024");
        assertThat(us.source()).isEqualTo("eia2024");
        assertThat(jp.name()).contains("not lifecycle");
        assertThat(us.name()).contains("not lifecycle");
        var sources = ElementResources.standard().footprintSources();
        for (Bom.Electricity m : ElectricityMixes.all().values()) {
            assertThat(sources).as(m.code()).containsKey(m.source());
        }
    }

    @Test
    void elementsWithoutAPublishedFigureStayUnassessed() {
        for (String s : new String[] {"P", "S", "F", "Cl", "Na", "K", "Si", "Br", "I"}) {
            assertThat(ElementResources.standard().footprint(Elements.of(s))).as(s).isEmpty();
        }
        var lfp = ResourceScorer.standard().score(Composition.parse("LiFePO4"));
        assertThat(org.matdx.elementstrategy.ResourceMetric.GHG.of(Composition.parse("LiFePO4"))).isEmpty();
        assertThat(lfp.ghg()).isInstanceOf(org.matdx.elementstrategy.Score.Missing.class);
    }

    @Test
    void theFootprintJsonNamesThePrecursorAndItsSource() {
        JsonNode n = ProductJson.footprint(rollup.of(BatteryCellRollupTest.bom(BATCH), Resolved.FORMULAS_ONLY));
        assertThat(n.at("/parts/0/basis").asString()).startsWith("precursor lioh-brine-cl: istrate2024");
        assertThat(n.at("/gwp_kg_co2eq/value").asDouble()).isCloseTo(17.990, within(1e-9));
        assertThat(n.at("/ced_mj/status").asString()).isEqualTo("unassessed");
    }

    private static String issues(Problem p) {
        return String.valueOf(p.getMessage()) + " " + p.issues();
    }
}
