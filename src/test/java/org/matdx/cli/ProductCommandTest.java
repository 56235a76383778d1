package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.lca.ExampleProducts;
import org.matdx.lca.Passport;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx product footprint} offline and {@code matdx product verify} against the hub's key. */
class ProductCommandTest {
    static TestPlatform tp;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void footprintPrintsTheHandComputedCell() throws Exception {
        Path bom = Files.writeString(dir.resolve("cell.json"), ExampleProducts.batteryCell());
        var r = CliRunner.offline("product", "footprint", bom.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("carbon footprint (GWP100)").contains("1.423 kg CO2-eq")
                .contains("cell / cathode / active material").contains("6.667 %");
        var j = CliRunner.offline("product", "footprint", "--json", bom.toString());
        assertThat(Json.read(j.out()).at("/gwp_kg_co2eq/value").asDouble()).isBetween(1.42306, 1.42307);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"p\", \"components\": [{\"name\": \"a\", \"mass_kg\": -1, \"formula\": \"Fe\"}]}");
        var refused = CliRunner.offline("product", "footprint", bad.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("components[0].mass_kg");
    }

    @Test
    void footprintUsesAListedPrecursorOffline() throws Exception {
        Path bom = Files.writeString(dir.resolve("batch.json"), org.matdx.lca.PrecursorRollupTestData.BATCH);
        var j = CliRunner.offline("product", "footprint", "--json", bom.toString());
        assertThat(j.code()).as(j.err()).isZero();
        // 0.40 · 0.75 · 7.70 + 2.0 · 5.48 + 0.25 · 15.0 + 2.0 kWh · 0.485 (Japan)
        assertThat(Json.read(j.out()).at("/gwp_kg_co2eq/value").asDouble()).isBetween(17.990 - 1e-9, 17.990 + 1e-9);
        assertThat(Json.read(j.out()).at("/parts/1/basis").asString()).startsWith("precursor niso4-glo: istrate2024");
    }

    @Test
    void verifyAcceptsAnExportAndRefusesATamperedOne() throws Exception {
        var p = tp.platform();
        Caller.Account aoi = tp.person("aoi").caller(p);
        var ds = p.catalog().createDataset(RequestContext.cli(aoi), new NewDataset("Cells", "", null, "public", null, false, null, null));
        var product = p.products().create(RequestContext.cli(aoi), ds.id(), Json.readUntrusted(ExampleProducts.batteryCell(), ""));
        ObjectNode export = Passport.export(p.products().exportPassport(RequestContext.cli(aoi), product.id()), p.products().signer());
        Path good = Files.writeString(dir.resolve("passport.json"), Json.write(export));
        var ok = CliRunner.matdx(tp, "product", "verify", good.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).startsWith("VALID").contains("passport version 1");
        ((ObjectNode) export.at("/passport/circularity/recycled_content")).put("mass_fraction", 0.9);
        Path tampered = Files.writeString(dir.resolve("tampered.json"), Json.write(export));
        var no = CliRunner.matdx(tp, "product", "verify", tampered.toString());
        assertThat(no.code()).isEqualTo(3);
        assertThat(no.out()).startsWith("NOT VALID").contains("altered");
    }
}
