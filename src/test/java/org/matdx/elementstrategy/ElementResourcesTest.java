package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Elements;
import org.matdx.testing.TestFiles;

class ElementResourcesTest {
    final ElementResources data = ElementResources.standard();

    long listed(CriticalList l) {
        return data.all().stream().filter(r -> r.listed(l)).count();
    }

    @Test
    void criticalListsHaveTheirPublishedSizes() {
        // USGS 2022: 50 commodities, each one element (barite → Ba, fluorspar → F, graphite → C)
        assertThat(listed(CriticalList.USGS_2022)).isEqualTo(50);
        // Japan: 34 kinds = 28 single elements + 17 rare earths + 6 PGM + C, F, Mg, Si... = 55 elements
        assertThat(listed(CriticalList.JAPAN_34)).isEqualTo(55);
        // EU 2023: 34 materials; 28 map to one element, LREE 5, HREE 10, PGM 6; feldspar to none
        assertThat(listed(CriticalList.EU_CRM_2023)).isEqualTo(28 + 5 + 10 + 6);
        // DOE 2023 energy list: 18 materials, electrical steel to none, Si and SiC both to Si
        assertThat(listed(CriticalList.DOE_2023)).isEqualTo(16);
        assertThat(data.record(Elements.of("Dy")).lists().get(CriticalList.EU_CRM_2023)).isEqualTo("heavy rare earth elements");
        assertThat(data.record(Elements.of("Fe")).lists()).isEmpty();
    }

    @Test
    void cobaltRecordCarriesItsFacts() {
        ElementRecord co = data.record(Elements.of("Co"));
        assertThat(co.value(ResourceProperty.HHI_PRODUCTION)).hasValue(3100);
        assertThat(co.value(ResourceProperty.HHI_RESERVE)).hasValue(2700);
        assertThat(co.value(ResourceProperty.CRUSTAL_ABUNDANCE)).hasValue(25);
        assertThat(co.mainProducer()).isEqualTo("Congo (Kinshasa)");
        assertThat(co.value(ResourceProperty.MAIN_PRODUCER_SHARE).getAsDouble()).isEqualTo(0.7391);
        assertThat(co.value(ResourceProperty.GHG)).hasValue(8.3);
        assertThat(co.value(ResourceProperty.CED)).hasValue(128); // Nuss & Eckelman 2014, MJ/kg (issue 27)
    }

    @Test
    void everyColumnHasASourceWithAYear() {
        for (ResourceProperty p : ResourceProperty.values()) {
            assertThat(data.source(p.column())).as(p.column()).isPresent();
        }
        for (CriticalList l : CriticalList.values()) {
            assertThat(data.source(l.column())).as(l.column()).isPresent();
        }
        assertThat(data.sources().values()).allSatisfy(s -> {
            assertThat(s.year()).isBetween(2000, 2030);
            assertThat(s.citation()).isNotBlank();
        });
        assertThat(data.version()).hasSize(12);
    }

    @Test
    void technetiumHasNoHhiAndBismuthIsKeptOnce() {
        assertThat(data.record(Elements.of("Tc")).value(ResourceProperty.HHI_PRODUCTION)).isEmpty();
        assertThat(data.record(Elements.of("Bi")).value(ResourceProperty.HHI_PRODUCTION)).hasValue(5300);
        assertThat(data.record(Elements.of("Bi")).value(ResourceProperty.HHI_RESERVE)).hasValue(6000);
    }

    /** The compiled table must agree with the published tabulations it was compiled from. */
    @Test
    void hhiValuesMatchTheSharedTabulation() throws IOException {
        Path csv = TestFiles.shared("elements/hhi_data.csv");
        assumeTrue(csv != null, "../shared/data/elements/hhi_data.csv is absent; skipping the cross-check");
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(70);
        for (String line : lines) {
            String[] c = line.split(",");
            ElementRecord r = data.record(Elements.of(c[0]));
            assertThat(r.value(ResourceProperty.HHI_PRODUCTION)).as(c[0]).hasValue(Double.parseDouble(c[1]));
            assertThat(r.value(ResourceProperty.HHI_RESERVE)).as(c[0]).hasValue(Double.parseDouble(c[2]));
        }
        long withHhi = data.all().stream().filter(r -> r.value(ResourceProperty.HHI_PRODUCTION).isPresent()).count();
        assertThat(withHhi).isEqualTo(lines.stream().map(l -> l.split(",")[0]).distinct().count());
    }

    @Test
    void abundanceAndPriceMatchTheSharedTabulation() throws IOException {
        Path csv = TestFiles.shared("elements/mendeleev_elements.csv");
        assumeTrue(csv != null, "../shared/data/elements/mendeleev_elements.csv is absent; skipping the cross-check");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int sym = header.indexOf("symbol");
        int abundance = header.indexOf("abundance_crust");
        int price = header.indexOf("price_per_kg");
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            ElementRecord r = data.record(Elements.of(c[sym]));
            if (!c[abundance].isEmpty()) {
                assertThat(r.value(ResourceProperty.CRUSTAL_ABUNDANCE).getAsDouble()).as(c[sym])
                        .isCloseTo(Double.parseDouble(c[abundance]), org.assertj.core.api.Assertions.withinPercentage(1e-6));
                checked++;
            } else {
                assertThat(r.value(ResourceProperty.CRUSTAL_ABUNDANCE)).as(c[sym]).isEmpty();
            }
            if (!c[price].isEmpty()) {
                assertThat(r.value(ResourceProperty.PRICE).getAsDouble()).as(c[sym])
                        .isCloseTo(Double.parseDouble(c[price]), org.assertj.core.api.Assertions.withinPercentage(1e-6));
            }
        }
        assertThat(checked).isGreaterThan(80);
    }
}
