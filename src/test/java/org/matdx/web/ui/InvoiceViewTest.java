package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.Multipart;
import org.matdx.testing.SharedData;
import org.matdx.testing.TestPlatform;

/**
 * The entry page shows the invoice under its template's labels, with units, and says where the
 * hand-typed value disagrees with the instrument's file (#29: 40 kV typed, 45 kV in the RASX file).
 */
class InvoiceViewTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void fieldsFollowTheTemplatesOrderLabelsAndUnits() {
        var schema = Json.read("""
                {"properties": {"custom": {"properties": {
                   "tube_voltage": {"type": "number", "x-unit": "kV", "x-label": {"en": "Tube voltage", "ja": "管電圧"}},
                   "tube_current": {"type": "number", "x-unit": "mA", "x-label": {"en": "Tube current", "ja": "管電流"}}}}}}""");
        var invoice = Json.read("{\"custom\": {\"tube_current\": 200, \"tube_voltage\": 40, \"operator\": \"ken\"}}");
        var metadata = Json.read("{\"format\": \"rasx\", \"generator\": {\"tube_voltage_kv\": 45, \"tube_current_ma\": 200.4}}");
        var ja = InvoiceView.of(invoice, schema, metadata, "ja");
        assertThat(ja).extracting(InvoiceView.Field::label).containsExactly("管電圧", "管電流", "operator");
        assertThat(ja).extracting(InvoiceView.Field::value).containsExactly("40 kV", "200 mA", "ken");
        // 40 against 45 is a disagreement; 200 against 200.4 is the same reading at the display's precision
        assertThat(ja).extracting(InvoiceView.Field::fileSays).containsExactly("45 kV", null, null);
        assertThat(InvoiceView.of(invoice, null, null, "en")).extracting(InvoiceView.Field::label)
                .contains("tube_voltage", "tube_current", "operator");
    }

    @Test
    void theEntryPageLabelsTheInvoiceAndFlagsWhatTheFileContradicts() throws Exception {
        byte[] rasx = Files.readAllBytes(SharedData.require("corpus/xrd/TwoTheta_scan_powder.rasx"));
        var alice = tp.person("alice");
        String dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"scans\", \"access\": \"public\"}").json().get("id").asString();
        var r = new Multipart().file("file", "TwoTheta_scan_powder.rasx", rasx).field("invoice", """
                {"basic": {"data_name": "powder scan", "date": "2026-12-01"},
                 "custom": {"tube_voltage": 40, "tube_current": 200}}""")
                .send(alice.api(), "/api/v1/datasets/" + dataset + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String html = tp.anonymous().get("/entries/" + r.json().get("entry").asString()).body();
        String invoice = html.substring(html.indexOf("data-testid=\"invoice\""));
        assertThat(invoice).contains(">Tube voltage<").contains("40 kV").contains("the file says 45 kV")
                .contains(">Data name<").contains("powder scan")
                .doesNotContain(">custom.tube_voltage<");
    }

    @Test
    void theEntryPageShowsElementStrategyFiguresAndSaysUnassessedWhereAFigureIsMissing() {
        var bob = tp.person("bob-strategy");
        String dataset = bob.api().post("/api/v1/datasets", "{\"title\": \"oxides\", \"access\": \"public\"}").json().get("id").asString();
        String cobalt = bob.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"formula\": \"LiCoO2\"}").json().get("id").asString();
        String html = tp.anonymous().get("/entries/" + cobalt).body();
        String section = html.substring(html.indexOf("data-testid=\"element-strategy\""));
        var scores = tp.platform().resourceScorer().score(org.matdx.core.Composition.parse("LiCoO2"));
        assertThat(section).contains("HHI of production").contains(UiFormat.num(scores.hhiProduction().value().orElseThrow()))
                .contains("EU critical raw materials").contains("Co");
        // Li, Co and O all have published footprints; Na and Si (below) do not: a gap, never a number
        assertThat(scores.ghg()).isInstanceOf(org.matdx.elementstrategy.Score.Computed.class);
        assertThat(section).contains(UiFormat.num(scores.ghg().value().orElseThrow()) + " kg CO2-eq/kg");
        String silicate = bob.api().post("/api/v1/datasets/" + dataset + "/entries", "{\"formula\": \"Na2SiO3\"}").json().get("id").asString();
        String gap = tp.anonymous().get("/entries/" + silicate).body();
        assertThat(gap.substring(gap.indexOf("data-testid=\"element-strategy\""))).contains("unassessed: no published figure for");
    }
}
