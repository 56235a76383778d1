package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.jobs.JobHandler;

class SubstitutionScreenTest {
    /** The demo's textbook optical band gaps of oxides (eV). */
    static final Map<String, Double> OXIDE_GAPS = Map.ofEntries(
            Map.entry("ZnO", 3.37), Map.entry("TiO2", 3.1), Map.entry("SnO2", 3.6), Map.entry("Ga2O3", 4.8),
            Map.entry("In2O3", 2.9), Map.entry("MgO", 7.8), Map.entry("Al2O3", 8.8), Map.entry("SiO2", 8.9),
            Map.entry("ZrO2", 5.0), Map.entry("HfO2", 5.7), Map.entry("NiO", 3.8), Map.entry("Cu2O", 2.17),
            Map.entry("CuO", 1.2), Map.entry("Fe2O3", 2.1), Map.entry("WO3", 2.7), Map.entry("BaTiO3", 3.2),
            Map.entry("SrTiO3", 3.25), Map.entry("LiNbO3", 3.8), Map.entry("CeO2", 3.2), Map.entry("Y2O3", 5.6),
            Map.entry("CdO", 2.2), Map.entry("Bi2O3", 2.8), Map.entry("V2O5", 2.3), Map.entry("Ta2O5", 4.0),
            Map.entry("MoO3", 3.0), Map.entry("Li7La3Zr2O12", 6.0));

    static LinearBaseline bandGapModel() {
        List<Composition> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        OXIDE_GAPS.forEach((f, g) -> {
            x.add(Composition.parse(f));
            y.add(g);
        });
        return LinearBaseline.fit("baseline:band_gap@test", "band_gap", "eV", x, y);
    }

    static final JobHandler.Progress QUIET = new JobHandler.Progress() {
        @Override
        public void report(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    final SubstitutionScreen screen = new SubstitutionScreen(ResourceScorer.standard());

    static Element el(String s) {
        return Elements.of(s);
    }

    @Test
    void baselineLearnsTheBroadTrendWithUncertainty() {
        LinearBaseline m = bandGapModel();
        assertThat(m.trainingSize()).isEqualTo(OXIDE_GAPS.size());
        double mae = OXIDE_GAPS.entrySet().stream()
                .mapToDouble(e -> Math.abs(m.predict(Composition.parse(e.getKey())).mean() - e.getValue())).average().orElseThrow();
        // training-set mean absolute error well under the spread of the data (σ ≈ 2 eV)
        assertThat(mae).isLessThan(1.2);
        assertThat(m.predict(Composition.parse("Al2O3")).mean()).isGreaterThan(m.predict(Composition.parse("CuO")).mean() + 2);
        assertThat(m.predict(Composition.parse("In2O3")).std()).isGreaterThan(0);
        // deterministic: the same fit twice gives the same numbers
        assertThat(bandGapModel().predict(Composition.parse("ZnO"))).isEqualTo(m.predict(Composition.parse("ZnO")));
    }

    @Test
    void riskyElementsAreThoseThatRaiseTheScore() {
        assertThat(screen.riskyElements(Composition.parse("LiCoO2"), ResourceMetric.HHI_PRODUCTION))
                .containsExactlyInAnyOrder(el("Li"), el("Co"));
        assertThat(screen.riskyElements(Composition.parse("Nd2Fe14B"), ResourceMetric.HHI_PRODUCTION)).containsExactly(el("Nd"));
        assertThat(screen.riskyElements(Composition.parse("LiFePO4"), ResourceMetric.CRITICAL_FRACTION_USGS)).containsExactly(el("Li"));
        assertThatThrownBy(() -> screen.riskyElements(Composition.parse("LiOH"), ResourceMetric.HHI_PRODUCTION))
                .hasMessageContaining("no HHI of production for H");
    }

    @Test
    void planSubstitutesBySimilarityAndFraction() {
        ScreenRequest r = new ScreenRequest(Composition.parse("LiCoO2"), List.of(el("Co")), List.of(), true, 0,
                List.of(0.5, 1.0), false, ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE, Double.NaN, 0, 1000);
        List<String> formulas = screen.plan(r).stream().map(p -> p.composition().reducedFormula()).toList();
        // group 9: Rh, Ir (Co's only stable group members); Mt has no stable isotope
        assertThat(formulas).contains("LiRhO2", "LiIrO2", "LiCo0.5Rh0.5O2");
        assertThat(formulas).hasSize(4);
        ScreenRequest near = new ScreenRequest(Composition.parse("LiCoO2"), List.of(el("Co")), List.of(el("Mn")), false, 2,
                List.of(1.0), false, ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE, Double.NaN, 0, 1000);
        List<String> nearFormulas = screen.plan(near).stream().map(p -> p.composition().reducedFormula()).toList();
        // Magpie Mendeleev numbers: Mn 52, Fe 55, Co 58, Rh 59, Ir 60, Ni 61 — within ±2 of Co: Rh, Ir; plus the user's Mn; ±3 adds Fe, Ni, Ru (56) and Os (57)
        assertThat(nearFormulas).contains("LiMnO2", "LiRhO2", "LiIrO2");
        assertThat(nearFormulas).doesNotContain("LiCoO2", "LiFeO2", "LiNiO2");
        ScreenRequest three = new ScreenRequest(Composition.parse("LiCoO2"), List.of(el("Co")), List.of(), false, 3,
                List.of(1.0), false, ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE, Double.NaN, 0, 1000);
        assertThat(screen.plan(three).stream().map(p -> p.composition().reducedFormula()))
                .containsExactlyInAnyOrder("LiRhO2", "LiIrO2", "LiFeO2", "LiNiO2", "LiRuO2", "LiOsO2");
    }

    @Test
    void refusesScreensLargerThanTheLimit() {
        ScreenRequest r = new ScreenRequest(Composition.parse("LiCoO2"), List.of(), List.of(), true, 6,
                ScreenRequest.DEFAULT_FRACTIONS, true, ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE,
                Double.NaN, 0, 50);
        assertThatThrownBy(() -> screen.plan(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the limit of 50");
    }

    @Test
    void in2o3ScreenFindsLowerRiskWideGapOxides() {
        ScreenRequest r = ScreenRequest.of(Composition.parse("In2O3"), ScreenRequest.Goal.MAXIMIZE);
        ScreenResult result = screen.run(r, bandGapModel(), QUIET);
        assertThat(result.replaced()).containsExactly("In");
        assertThat(result.evaluated()).isGreaterThan(10);
        assertThat(result.front()).isNotEmpty();
        // the front is ordered by risk and every step up in risk buys a better predicted gap
        for (int i = 1; i < result.front().size(); i++) {
            assertThat(result.front().get(i).risk()).isGreaterThanOrEqualTo(result.front().get(i - 1).risk());
            assertThat(result.front().get(i).utility()).isGreaterThan(result.front().get(i - 1).utility());
        }
        // In2O3 (HHI_p 2815, high) is dominated: Al2O3 from In→Al 100 % has less risk and a wider gap
        double startRisk = result.start().risk();
        assertThat(startRisk).isGreaterThan(2500);
        assertThat(result.front()).noneMatch(c -> c.change().equals("start"));
        assertThat(result.front().get(0).risk()).isLessThan(1500);
        assertThat(result.front()).allSatisfy(c -> {
            assertThat(c.risk()).isLessThan(startRisk);
            assertThat(c.prediction().std()).isGreaterThan(0);
        });
        assertThat(result.front().stream().map(c -> c.composition().reducedFormula())).contains("Al2O3");
    }

    @Test
    void candidatesWithUncomputableRiskStayOffTheFront() {
        // the user asks for Tc, which has no HHI: such candidates are predicted but cannot be ranked on risk
        ScreenRequest r = new ScreenRequest(Composition.parse("MoO3"), List.of(el("Mo")), List.of(el("Tc")), false, 0,
                List.of(0.5), false, ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE, Double.NaN, 0, 100);
        LinearBaseline model = bandGapModel();
        ScreenResult result = screen.run(r, model, QUIET);
        assertThat(result.evaluated()).isEqualTo(1);
        assertThat(result.riskUnknown()).isEqualTo(1);
        assertThat(result.front()).extracting(ScreenCandidate::change).containsExactly("start");
    }

    @Test
    void pessimismTradesMeanForCertainty() {
        ScreenRequest plain = ScreenRequest.of(Composition.parse("In2O3"), ScreenRequest.Goal.MAXIMIZE);
        ScreenRequest careful = new ScreenRequest(plain.start(), List.of(), List.of(), true, 2, List.of(), false,
                ResourceMetric.HHI_PRODUCTION, ScreenRequest.Goal.MAXIMIZE, Double.NaN, 2.0, 1000);
        ScreenResult a = screen.run(plain, bandGapModel(), QUIET);
        ScreenResult b = screen.run(careful, bandGapModel(), QUIET);
        ScreenCandidate x = b.front().get(0);
        assertThat(x.utility()).isCloseTo(x.prediction().mean() - 2 * x.prediction().std(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(a.front().get(0).utility()).isEqualTo(a.front().get(0).prediction().mean());
    }

    /** Front members are mutually non-dominated and every other candidate is dominated by one of them. */
    @Property(tries = 200)
    void paretoFrontIsExactlyTheNonDominatedSet(@ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 10) Double> utilities,
                                               @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 5000) Double> risks) {
        int n = Math.min(utilities.size(), risks.size());
        Composition c = Composition.parse("ZnO");
        CompositionScores s = ResourceScorer.standard().score(c);
        List<ScreenCandidate> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // coarse values so that ties occur
            double u = Math.rint(utilities.get(i));
            double rk = Math.rint(risks.get(i) / 500) * 500;
            all.add(new ScreenCandidate(c, "c" + i, new Prediction(u, 0), u, rk, s));
        }
        List<ScreenCandidate> front = SubstitutionScreen.front(all, ResourceMetric.HHI_PRODUCTION);
        for (ScreenCandidate f : front) {
            assertThat(all).noneMatch(o -> dominates(o, f));
        }
        for (ScreenCandidate o : all) {
            if (!front.contains(o)) {
                assertThat(front).anyMatch(f -> dominates(f, o) || (f.utility() == o.utility() && f.risk() == o.risk()));
            }
        }
    }

    static boolean dominates(ScreenCandidate a, ScreenCandidate b) {
        return a.utility() >= b.utility() && a.risk() <= b.risk() && (a.utility() > b.utility() || a.risk() < b.risk());
    }
}
