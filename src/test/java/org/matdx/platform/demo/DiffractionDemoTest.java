package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.search.SearchRequest;
import org.matdx.testing.TestPlatform;

/** The demo's reference phases, and the facility's scans identified against them, searchable by phase. */
class DiffractionDemoTest {

    @Test
    void facilityScansAreIdentifiedAgainstTheReferencePhases() {
        try (TestPlatform tp = TestPlatform.start()) {
            var p = tp.platform();
            DemoContext ctx = p.demoContext();
            new DemoPeople().load(ctx);
            new FacilityInstrumentData().load(ctx);
            new DiffractionDemo().load(ctx);
            long structures = p.db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE template = 'structure.cif'")
                    .mapTo(Long.class).one());
            assertThat(structures).isGreaterThanOrEqualTo(40);
            Map<String, Double> fractions = p.db().read(h -> h.createQuery("""
                            SELECT e.title, ph.formula, ph.weight_fraction FROM entry_phases ph JOIN entries e ON e.id = ph.entry_id""")
                    .map((rs, c) -> Map.entry(rs.getString(1) + "|" + rs.getString(2), rs.getDouble(3))).list().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            // the scans generated from ICDD line lists (Cu Kα1 only) and the two generated from the shipped structures
            assertThat(fractions).containsKey("LiCoO2 cathode powder, as calcined|LiCoO2");
            assertThat(fractions).containsKey("Si standard (daily alignment)|Si");
            assertThat(fractions.get("LCO-2026-058 (calcined 750 °C, 2 h, air: short)|LiCoO2")).isCloseTo(0.86, within(0.04));
            assertThat(fractions.get("LCO-2026-058 (calcined 750 °C, 2 h, air: short)|Co3O4")).isCloseTo(0.14, within(0.04));
            assertThat(fractions.get("LCO-2026-057 (calcined 900 °C, 12 h, air)|LiCoO2")).isCloseTo(1.0, within(0.01));
            var found = p.search().search(RequestContext.local(Caller.ANONYMOUS), SearchRequest.parse(Map.of("phase", List.of("LiCoO2"))));
            assertThat(found.items().stream().map(v -> v.entry().title()).toList())
                    .contains("LiCoO2 cathode powder, as calcined", "LCO-2026-058 (calcined 750 °C, 2 h, air: short)");
        }
    }
}
