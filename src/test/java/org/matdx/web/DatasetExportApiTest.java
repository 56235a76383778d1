package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;

/** A dataset as CSV: columns with units, values converted into them, and the access policy applied. */
class DatasetExportApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(String access) {
        String extra = access.equals("embargoed") ? ", \"embargo_until\": \"2099-01-01\"" : "";
        var d = alice.api().post("/api/v1/datasets", "{\"title\": \"Oxides " + access + "\", \"access\": \"" + access + "\"" + extra + "}");
        assertThat(d.status()).isEqualTo(201);
        String id = d.json().get("id").asString();
        var r = alice.api().post("/api/v1/datasets/" + id + "/entries", """
                {"entries": [
                  {"title": "zinc oxide, \\"film\\"", "formula": "ZnO", "properties": {"band_gap": {"value": 3.37, "unit": "eV"}, "thickness": {"value": 120, "unit": "nm"}}},
                  {"title": "titania", "formula": "TiO2", "properties": {"band_gap": {"value": 3200, "unit": "meV"}}},
                  {"title": "rutile", "formula": "TiO2", "properties": {"band_gap": {"value": 3.0, "unit": "eV"}}},
                  {"title": "burnt", "formula": "Fe2O3", "outcome": "failed", "outcome_reason": "furnace tripped"}
                ]}""");
        assertThat(r.status()).isEqualTo(201);
        return id;
    }

    static List<CSVRecord> parse(String body) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
    }

    @Test
    void aPublicDatasetIsOneTableWithUnitsInTheHeader() throws Exception {
        String id = dataset("public");
        var res = tp.anonymous().get("/api/v1/datasets/" + id + "/entries.csv");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.contentType()).startsWith("text/csv");
        assertThat(res.headers().firstValue("Content-Disposition").orElseThrow()).contains("dataset-" + id + ".csv");
        String headerLine = res.body().lines().findFirst().orElseThrow();
        assertThat(headerLine).endsWith("created_at,band_gap (eV),thickness (nm)");
        var rows = parse(res.body());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("title")).isEqualTo("zinc oxide, \"film\"");
        assertThat(rows.get(0).get("band_gap (eV)")).isEqualTo("3.37");
        assertThat(Double.parseDouble(rows.get(1).get("band_gap (eV)"))).isCloseTo(3.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rows.get(1).get("thickness (nm)")).isEmpty();
        assertThat(rows.get(3).get("outcome")).isEqualTo("failed");
        assertThat(rows.get(3).get("outcome_reason")).isEqualTo("furnace tripped");
        assertThat(rows.get(3).get("elements")).isEqualTo("Fe O");
    }

    @Test
    void hiddenDatasetsAre404AndEmbargoedOnesGiveMetadataOnly() throws Exception {
        String priv = dataset("private");
        var hidden = tp.anonymous().get("/api/v1/datasets/" + priv + "/entries.csv");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        assertThat(hidden.body()).doesNotContain("ZnO");
        assertThat(tp.person("mallory").api().get("/api/v1/datasets/" + priv + "/entries.csv").status()).isEqualTo(404);
        assertThat(parse(alice.api().get("/api/v1/datasets/" + priv + "/entries.csv").body())).hasSize(4);

        String emb = dataset("embargoed");
        var meta = tp.anonymous().get("/api/v1/datasets/" + emb + "/entries.csv");
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.body().lines().findFirst().orElseThrow()).doesNotContain("band_gap").doesNotContain("thickness")
                .doesNotContain("outcome").doesNotContain("sample");
        assertThat(meta.body()).doesNotContain("3.37").doesNotContain("3200").doesNotContain("failed").doesNotContain("furnace");
        assertThat(parse(meta.body())).hasSize(4); // an embargo lists what the entries are
        var ownerView = alice.api().get("/api/v1/datasets/" + emb + "/entries.csv");
        assertThat(ownerView.body()).contains("band_gap (eV)").contains("3.37");
    }
}
