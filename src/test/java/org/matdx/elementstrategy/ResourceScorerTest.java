package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Elements;

class ResourceScorerTest {
    final ResourceScorer scorer = ResourceScorer.standard();

    static double value(Score s) {
        assertThat(s).as("score should be computable").isInstanceOf(Score.Computed.class);
        return ((Score.Computed) s).score();
    }

    static Score.Computed computed(Score s) {
        assertThat(s).isInstanceOf(Score.Computed.class);
        return (Score.Computed) s;
    }

    @Test
    void li2oReproducesThePublishedHhiValues() {
        // Gaultois et al. 2013 / pymatgen: Li2O HHI_p = 1614.96, HHI_r = 2218.90 (to two decimals, truncated)
        CompositionScores s = scorer.score(Composition.parse("Li2O"));
        assertThat(value(s.hhiProduction())).isCloseTo(1614.96, within(0.01));
        assertThat(value(s.hhiReserve())).isCloseTo(2218.90, within(0.01));
        assertThat(computed(s.hhiProduction()).band()).isEqualTo(SupplyRiskBand.MEDIUM);
        assertThat(computed(s.hhiReserve()).band()).isEqualTo(SupplyRiskBand.MEDIUM);
        // Li: 0.46457 × 2900 = 1347.3 of 1615 → Li dominates supply risk
        assertThat(computed(s.hhiProduction()).dominant()).isEqualTo(Elements.of("Li"));
        assertThat(computed(s.hhiProduction()).dominantShare()).isCloseTo(1347.25 / 1614.97, within(1e-4));
    }

    @Test
    void nd2fe14bIsHighlyConcentratedBecauseOfNeodymium() {
        // w(Nd) = 288.48 / 1081.121 = 0.26684, w(Fe) = 781.83 / 1081.121 = 0.72316, w(B) = 0.01000
        CompositionScores s = scorer.score(Composition.parse("Nd2Fe14B"));
        assertThat(s.massFractions().get(Elements.of("Nd"))).isCloseTo(0.266837, within(1e-5));
        // 0.26684·9500 + 0.72316·2400 + 0.01·2900 = 2534.9 + 1735.6 + 29.0
        assertThat(value(s.hhiProduction())).isCloseTo(4299.54, within(0.01));
        // 0.26684·3100 + 0.72316·1400 + 0.01·2000
        assertThat(value(s.hhiReserve())).isCloseTo(1859.62, within(0.01));
        assertThat(computed(s.hhiProduction()).band()).isEqualTo(SupplyRiskBand.HIGH);
        assertThat(computed(s.hhiReserve()).band()).isEqualTo(SupplyRiskBand.MEDIUM);
        assertThat(computed(s.hhiProduction()).dominant()).isEqualTo(Elements.of("Nd"));
        // EU lists Nd (LREE) and B; USGS and DOE list Nd only; Fe is on no list
        assertThat(s.critical(CriticalList.EU_CRM_2023).massFraction()).isCloseTo(0.266837 + 0.0099998, within(1e-5));
        assertThat(s.critical(CriticalList.USGS_2022).massFraction()).isCloseTo(0.266837, within(1e-5));
        assertThat(s.critical(CriticalList.DOE_2023).elements()).containsExactly(Elements.of("Nd"));
        assertThat(s.critical(CriticalList.EU_CRM_2023).elements()).containsExactly(Elements.of("Nd"), Elements.of("B"));
        // price: 0.26684·57.5 + 0.72316·0.424 + 0.01·3.68
        assertThat(value(s.cost())).isCloseTo(0.266837 * 57.5 + 0.723163 * 0.424 + 0.0099998 * 3.68, within(1e-3));
        assertThat(computed(s.cost()).dominant()).isEqualTo(Elements.of("Nd"));
    }

    @Test
    void nd2fe14bFootprintIsTheMassWeightedSumOfNussAndEckelmansFigures() {
        // Nuss & Eckelman 2014: Nd 17.6, Fe 1.5, B 1.5 kg CO2-eq/kg; CED Nd 344, Fe 23.1, B 27.3 MJ/kg.
        // By hand: 0.266834·17.6 + 0.723166·1.5 + 0.0099998·1.5 = 4.69628 + 1.08475 + 0.01500 = 5.79603
        //          0.266834·344 + 0.723166·23.1 + 0.0099998·27.3 = 91.7909 + 16.7051 + 0.2730 = 108.769
        CompositionScores s = scorer.score(Composition.parse("Nd2Fe14B"));
        assertThat(value(s.ghg())).isCloseTo(5.79603, within(1e-4));
        assertThat(value(s.ced())).isCloseTo(108.769, within(1e-2));
        assertThat(computed(s.ghg()).dominant()).isEqualTo(Elements.of("Nd"));
        assertThat(computed(s.ghg()).dominantShare()).isCloseTo(4.69628 / 5.79603, within(1e-4));
        assertThat(s.unassessedFraction()).isZero();
        assertThat(ResourceMetric.GHG.of(s).getAsDouble()).isCloseTo(5.79603, within(1e-4));
        // every figure behind it names its source, year, scope and boundary
        for (String el : new String[]{"Nd", "Fe", "B"}) {
            ElementFootprint f = scorer.data().footprint(Elements.of(el)).orElseThrow();
            assertThat(f.source()).isEqualTo("nuss2014");
            assertThat(f.year()).isEqualTo(2008);
            assertThat(f.boundary()).isEqualTo("cradle-to-gate");
            assertThat(f.scope()).contains("2008 global production mix");
        }
    }

    @Test
    void anElementWithoutAPublishedFootprintIsUnassessedNeverZero() {
        // phosphorus has no open published figure in the table: LiFePO4 is unassessed, not a smaller number
        CompositionScores s = scorer.score(Composition.parse("LiFePO4"));
        assertThat(s.ghg()).isInstanceOf(Score.Missing.class);
        Score.Missing m = (Score.Missing) s.ghg();
        assertThat(m.unassessed()).isTrue();
        assertThat(m.elements()).containsExactly(Elements.of("P"));
        assertThat(m.message()).startsWith("unassessed: no published cradle-to-gate GHG emissions figure for P");
        assertThat(m.unassessedFraction()).isCloseTo(0.196338, within(1e-5));
        // the assessed elements give a lower bound, reported beside, never as the score
        // Li 0.043998·7.1 + Fe 0.353992·1.5 + O 0.405672·0.322
        assertThat(m.assessedPart()).isCloseTo(0.043998 * 7.1 + 0.353992 * 1.5 + 0.405672 * 0.322, within(1e-3));
        assertThat(ResourceMetric.GHG.of(s)).isEmpty();
        assertThat(s.unassessedFraction()).isCloseTo(0.196338, within(1e-5));
        // an element without any figure is unassessed whatever it is: silicon has none
        assertThat(scorer.score(Composition.parse("Si")).ghg()).isInstanceOf(Score.Missing.class);
        assertThat(scorer.data().footprint(Elements.of("Si"))).isEmpty();
    }

    @Test
    void licoo2RiskAndCarbonAreDominatedByCobalt() {
        // w(Li) = 6.941/97.8730 = 0.07092, w(Co) = 58.9332/97.8730 = 0.60214, w(O) = 0.32694
        CompositionScores s = scorer.score(Composition.parse("LiCoO2"));
        assertThat(value(s.hhiProduction())).isCloseTo(0.0709184 * 2900 + 0.6021395 * 3100 + 0.3269421 * 500, within(0.01));
        assertThat(value(s.hhiProduction())).isCloseTo(2235.77, within(0.01));
        assertThat(value(s.hhiReserve())).isCloseTo(2087.11, within(0.01));
        assertThat(computed(s.hhiProduction()).dominant()).isEqualTo(Elements.of("Co"));
        // 0.07092·7.1 + 0.60214·8.3 + 0.32694·0.322 = 0.5035 + 4.9978 + 0.1053 (oxygen from air separation, Zhang 2024)
        assertThat(value(s.ghg())).isCloseTo(5.6066, within(1e-3));
        assertThat(computed(s.ghg()).dominant()).isEqualTo(Elements.of("Co"));
        assertThat(s.unassessedFraction()).isZero();
        // no source gives oxygen's energy demand: CED is unassessed, naming O
        assertThat(((Score.Missing) s.ced()).elements()).containsExactly(Elements.of("O"));
        assertThat(s.critical(CriticalList.EU_CRM_2023).massFraction()).isCloseTo(0.6730579, within(1e-6));
        // abundance: 10^(0.07092·log 20 + 0.60214·log 25 + 0.32694·log 461000); lithium (20 mg/kg) is scarcer than cobalt (25)
        assertThat(value(s.abundance())).isCloseTo(610.55, within(0.01));
        assertThat(computed(s.abundance()).dominant()).isEqualTo(Elements.of("Li"));
    }

    @Test
    void lifepo4IsLowerRiskThanLicoo2() {
        CompositionScores s = scorer.score(Composition.parse("LiFePO4"));
        // 0.04400·2900 + 0.35399·2400 + 0.19634·2000 + 0.40567·500
        assertThat(value(s.hhiProduction())).isCloseTo(1572.69, within(0.01));
        assertThat(value(s.hhiReserve())).isCloseTo(1884.54, within(0.01));
        assertThat(computed(s.hhiProduction()).band()).isEqualTo(SupplyRiskBand.MEDIUM);
        assertThat(value(s.hhiProduction())).isLessThan(value(scorer.score(Composition.parse("LiCoO2")).hhiProduction()));
        // EU lists Li and phosphorus; the US lists only Li
        assertThat(s.critical(CriticalList.EU_CRM_2023).massFraction()).isCloseTo(0.043998 + 0.196338, within(1e-5));
        assertThat(s.critical(CriticalList.USGS_2022).elements()).containsExactly(Elements.of("Li"));
        assertThat(value(s.cost())).isCloseTo(4.3221, within(1e-3));
        assertThat(computed(s.cost()).dominant()).isEqualTo(Elements.of("Li"));
    }

    @Test
    void uncomputableScoresNameTheMissingElement() {
        CompositionScores s = scorer.score(Composition.parse("LiOH"));
        assertThat(s.hhiProduction()).isInstanceOf(Score.Missing.class);
        Score.Missing m = (Score.Missing) s.hhiProduction();
        assertThat(m.elements()).containsExactly(Elements.of("H"));
        assertThat(m.message()).isEqualTo("no HHI of production for H");
        assertThat(ResourceMetric.HHI_PRODUCTION.of(s)).isEmpty();
        // what can be computed still is
        assertThat(s.cost().value()).isPresent();
        assertThat(s.critical(CriticalList.EU_CRM_2023).massFraction()).isGreaterThan(0);

        CompositionScores tc = scorer.score(Composition.parse("TcO2"));
        assertThat(((Score.Missing) tc.hhiReserve()).elements()).containsExactly(Elements.of("Tc"));
        assertThat(((Score.Missing) tc.abundance()).elements()).containsExactly(Elements.of("Tc"));
    }

    @Test
    void metricsGiveCampaignsOneNumberPerScore() {
        Composition c = Composition.parse("Li2O");
        assertThat(ResourceMetric.HHI_PRODUCTION.of(c).getAsDouble()).isCloseTo(1614.96, within(0.01));
        assertThat(ResourceMetric.byCode("hhi_p")).contains(ResourceMetric.HHI_PRODUCTION);
        assertThat(ResourceMetric.byCode("critical_fraction_doe")).contains(ResourceMetric.CRITICAL_FRACTION_DOE);
        assertThat(ResourceMetric.ABUNDANCE.lowerIsBetter()).isFalse();
        assertThat(ResourceMetric.GHG.optimadeName()).isEqualTo("_matdx_ghg_kg_co2eq_per_kg");
    }

    @Test
    void bandsFollowTheDojThresholds() {
        assertThat(SupplyRiskBand.of(1499.9)).isEqualTo(SupplyRiskBand.LOW);
        assertThat(SupplyRiskBand.of(1500)).isEqualTo(SupplyRiskBand.MEDIUM);
        assertThat(SupplyRiskBand.of(2500)).isEqualTo(SupplyRiskBand.MEDIUM);
        assertThat(SupplyRiskBand.of(2500.1)).isEqualTo(SupplyRiskBand.HIGH);
    }
}
