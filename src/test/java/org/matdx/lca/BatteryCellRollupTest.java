package org.matdx.lca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.elementstrategy.CriticalList;
import org.matdx.elementstrategy.ResourceScorer;
import tools.jackson.databind.JsonNode;

/**
 * A worked battery cell (NMC811 cathode on Al foil, Li4Ti5O12 anode on Cu foil, Al case; two process
 * steps on two grids) whose figures were computed by hand from the element table
 * (Nuss & Eckelman 2014; O from Zhang et al. 2024) and Ember's 2023 grid intensities.
 */
public class BatteryCellRollupTest {
    static final String CELL = ExampleProducts.batteryCell();

    final Rollup rollup = new Rollup(ResourceScorer.standard());

    static Bom bom(String json) {
        return BomReader.read(Json.readUntrusted(json, ""));
    }

    @Test
    void batteryCellFiguresEqualTheHandComputedOnes() {
        ProductFootprint f = rollup.of(bom(CELL), Resolved.FORMULAS_ONLY);
        // masses: 0.100 + 0.010 + 0.080 + 0.015 + 0.020
        assertThat(f.massKg()).isCloseTo(0.225, within(1e-12));
        // NMC811 mass fractions (IUPAC 2007 weights): Li 0.071350, Ni 0.482668, Mn 0.056473, Co 0.060580, O 0.328929
        // GWP per kg = 0.071350·7.1 + 0.482668·6.5 + 0.056473·1.0 + 0.060580·8.3 + 0.328929·0.322 = 4.30912
        // contribution with 10 % recycled, cut-off: 0.100 · 0.9 · 4.30912 = 0.387821
        ProductFootprint.Part nmc = f.parts().get(0);
        assertThat(nmc.path()).isEqualTo("cell / cathode / active material");
        assertThat(nmc.gwpPerKg()).isCloseTo(4.30912, within(1e-4));
        assertThat(nmc.gwp()).isCloseTo(0.387821, within(1e-5));
        // Al foil 0.010 · 0.5 · 8.2 = 0.041; LTO (Li 0.060476, Ti 0.521323, O 0.418201): 4.78675/kg · 0.080 = 0.382940;
        // Cu foil 0.015 · 2.8 = 0.042; case 0.020 · 8.2 = 0.164
        assertThat(f.parts().get(1).gwp()).isCloseTo(0.041, within(1e-9));
        assertThat(f.parts().get(2).gwp()).isCloseTo(0.382940, within(1e-5));
        assertThat(f.parts().get(3).gwp()).isCloseTo(0.042, within(1e-9));
        assertThat(f.parts().get(4).gwp()).isCloseTo(0.164, within(1e-9));
        assertThat(f.materialsGwp().value()).isCloseTo(1.017762, within(1e-5));
        // process: 0.5 kWh · 0.582 (China) + 0.3 kWh · 0.381 (Germany) = 0.291 + 0.1143
        assertThat(f.processGwp()).isCloseTo(0.4053, within(1e-9));
        assertThat(f.electricityKwh()).isCloseTo(0.8, within(1e-12));
        assertThat(f.gwp().value()).isCloseTo(1.423062, within(1e-5));
        assertThat(f.gwp().assessed()).isTrue();
        assertThat(f.steps()).extracting(ProductFootprint.Step::path).containsExactly("cell", "cell / cathode");
        // recycled content by mass balance: (0.100·0.1 + 0.010·0.5) / 0.225 = 0.066667; declared on 0.110 of 0.225 kg
        assertThat(f.recycled().massFraction()).isCloseTo(0.0666667, within(1e-6));
        assertThat(f.recycled().declaredMassFraction()).isCloseTo(0.488889, within(1e-6));
        // per element: all Co and Ni come from the NMC (10 % recycled); Li also from undeclared LTO:
        // Li recycled = 0.100·0.071350·0.1 / (0.100·0.071350 + 0.080·0.060476) = 0.059592
        assertThat(f.recycled().elementShare().get(Elements.of("Co"))).isCloseTo(0.1, within(1e-9));
        assertThat(f.recycled().elementShare().get(Elements.of("Ni"))).isCloseTo(0.1, within(1e-9));
        assertThat(f.recycled().elementShare().get(Elements.of("Li"))).isCloseTo(0.0595919, within(1e-6));
        // critical raw materials (EU 2023): Li, Ni, Mn, Co, Al, Ti (titanium metal), Cu — O is not listed
        // kg: Li 0.011973 + Ni 0.048267 + Mn 0.005647 + Co 0.006058 + Al 0.030 + Ti 0.041706 + Cu 0.015 = 0.158651
        ProductFootprint.CriticalContent eu = f.critical().get(CriticalList.EU_CRM_2023);
        assertThat(eu.massKg()).isCloseTo(0.158651, within(1e-5));
        assertThat(eu.massFraction()).isCloseTo(0.158651 / 0.225, within(1e-5));
        assertThat(eu.elements()).doesNotContainKey(Elements.of("O"));
        assertThat(f.elementMassKg().get(Elements.of("O"))).isCloseTo(0.066349, within(1e-5));
        // supply risk is mass-weighted over the product's elements and every one of them has an HHI
        assertThat(f.hhiProduction().assessed()).isTrue();
        assertThat(f.sources()).contains("nuss2014", "zhang2024", "ember2024");
    }

    @Test
    void anElectrolyteWithoutPublishedFiguresMakesTheCellUnassessedWithALowerBound() {
        String withElectrolyte = CELL.replace("{\"name\": \"case\"",
                "{\"name\": \"electrolyte\", \"mass_kg\": 0.030, \"formula\": \"LiPF6\"}, {\"name\": \"case\"");
        ProductFootprint f = rollup.of(bom(withElectrolyte), Resolved.FORMULAS_ONLY);
        assertThat(f.gwp().assessed()).isFalse();
        assertThat(f.gwp().value()).isNull();
        assertThat(f.gwp().unassessed()).singleElement().asString()
                .startsWith("cell / electrolyte: unassessed: no published cradle-to-gate GHG emissions figure for P, F");
        // the lower bound adds the electrolyte's lithium only: 0.030 · w(Li in LiPF6) · 7.1
        double wLi = 6.941 / (6.941 + 30.973762 + 6 * 18.9984032);
        assertThat(f.gwp().lowerBound()).isCloseTo(1.423062 + 0.030 * wLi * 7.1, within(1e-5));
        ProductFootprint.Part e = f.parts().get(4);
        assertThat(e.gwp()).isNull();
        assertThat(e.note()).startsWith("unassessed");
    }

    @Test
    void aDeclaredFootprintReplacesTheElementSumAndNamesItsSource() {
        String declared = CELL.replace("\"formula\": \"Li4Ti5O12\"",
                "\"formula\": \"Li4Ti5O12\", \"declared\": {\"gwp_kg_co2eq_per_kg\": 10, \"source\": \"supplier EPD 2025-17\"}");
        ProductFootprint f = rollup.of(bom(declared), Resolved.FORMULAS_ONLY);
        assertThat(f.parts().get(2).gwp()).isCloseTo(0.8, within(1e-12));
        assertThat(f.parts().get(2).basis()).isEqualTo("declared: supplier EPD 2025-17");
        assertThat(f.gwp().value()).isCloseTo(1.423062 - 0.382940 + 0.8, within(1e-5));
        assertThat(f.sources()).contains("supplier EPD 2025-17");
    }

    @Test
    void withoutAllocationRecycledContentIsReportedButNotCredited() {
        ProductFootprint f = rollup.of(bom(CELL.replace("\"cut-off\"", "\"none\"")), Resolved.FORMULAS_ONLY);
        // NMC and Al foil at full burden: 0.100·4.30912 + 0.010·8.2 instead of 0.387821 + 0.041
        assertThat(f.materialsGwp().value()).isCloseTo(1.017762 + 0.043091 + 0.041, within(1e-5));
        assertThat(f.recycled().massFraction()).isCloseTo(0.0666667, within(1e-6));
    }

    @Test
    void aHiddenMaterialGivesNoFiguresAndRevealsNothing() {
        String withEntry = CELL.replace("\"formula\": \"Li4Ti5O12\"", "\"entry\": \"0190f0a0-0000-7000-8000-000000000001\"");
        ProductFootprint f = rollup.of(bom(withEntry), Resolved.FORMULAS_ONLY);
        ProductFootprint.Part hidden = f.parts().get(2);
        assertThat(hidden.visible()).isFalse();
        assertThat(hidden.material()).isEqualTo("not visible");
        assertThat(hidden.gwp()).isNull();
        assertThat(f.gwp().assessed()).isFalse();
        assertThat(f.hhiProduction().assessed()).isFalse();
        // no Ti: the hidden part's elements are not counted anywhere
        assertThat(f.elementMassKg()).doesNotContainKey(Elements.of("Ti"));
    }

    @Test
    void jsonCarriesEachPartsShareAndTheStatus() {
        JsonNode n = ProductJson.footprint(rollup.of(bom(CELL), Resolved.FORMULAS_ONLY));
        assertThat(n.at("/gwp_kg_co2eq/status").asString()).isEqualTo("assessed");
        assertThat(n.at("/parts/0/gwp_share").asDouble()).isCloseTo(0.387821 / 1.423062, within(1e-5));
        assertThat(n.at("/steps/0/gwp_share").asDouble()).isCloseTo(0.291 / 1.423062, within(1e-5));
        double shares = 0;
        for (JsonNode p : n.get("parts")) {
            shares += p.get("gwp_share").asDouble();
        }
        for (JsonNode s : n.get("steps")) {
            shares += s.get("gwp_share").asDouble();
        }
        assertThat(shares).isCloseTo(1.0, within(1e-9));
    }
}
