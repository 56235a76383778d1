package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.template.InvoiceValidator;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.formats.Readers;
import org.matdx.formats.Recognition;

class TemplateLibraryTest {
    static final Readers READERS = Readers.installed();

    @Test
    void shipsATemplateForEveryReaderIdOfIssue3() throws IOException {
        // every shipped file parses, whether or not its reader is installed on this build
        List<String> expected = List.of("xrd.xrdml", "xrd.rasx", "xrd.ras", "xrd.brml", "xrd.bruker-raw", "xrd.xy", "xrd.uxd", "powder.start-step-end",
                "xps.vamas", "xps.specs-xy", "spectrum.jcamp", "structure.cif", "calc.vasprun", "magnet.qd-dat",
                "table.csv", "table.xlsx", "em.dm", "em.emsa", "em.tiff", "em.tia", "em.spx", "em.bcf", "em.jeol-eds", "em.emd",
                "em.particles", "em.spectrum-image", "em.lattice");
        TemplateLibrary all = TemplateLibrary.load(null, null);
        assertThat(all.all().stream().map(Template::id).toList()).containsExactlyInAnyOrderElementsOf(expected);
        Template cif = all.byId("structure.cif").orElseThrow();
        assertThat(cif.produces().kind()).isEqualTo("structure");
        assertThat(cif.produces().descriptors()).containsExactly("structure_summary");
        assertThat(cif.title("ja")).isEqualTo("結晶構造（CIF）");
        assertThat(all.byId("xrd.xrdml").orElseThrow().acceptsName("SCAN_01.XRDML")).isTrue();
        // with the installed readers, templates whose reader is missing are left out
        TemplateLibrary installed = TemplateLibrary.load(null, READERS);
        assertThat(installed.all()).allMatch(t -> READERS.byId(t.reader()).isPresent());
        assertThat(installed.byId("table.csv")).isPresent();
    }

    @Test
    void facilityTemplatesAreReadFromTheDataDirectoryWithoutRecompiling(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("furnace-xrd.yaml"), """
                id: nims.furnace-xrd
                instrument_type: xrd
                title: {ja: "高温XRD（炉付き）", en: "High-temperature XRD (furnace stage)"}
                reader: xrd.xy
                file_patterns: ["*.xy"]
                produces: {kind: measurement, plot: true, descriptors: [xrd_peaks]}
                invoice_schema:
                  type: object
                  required: [furnace_temperature]
                  properties:
                    furnace_temperature:
                      type: number
                      minimum: 273
                      maximum: 1873
                      x-label: {ja: 炉温度, en: Furnace temperature}
                      x-unit: K
                """);
        Files.writeString(dir.resolve("table.csv.json"), Json.write(Json.read("""
                {"id": "table.csv", "instrument_type": "table", "title": {"ja": "施設の表", "en": "Facility table"},
                 "reader": "table.csv", "file_patterns": ["*.csv"], "produces": {"kind": "property_row", "plot": false},
                 "invoice_schema": {"type": "object"}}""")));
        Files.writeString(dir.resolve("notes.txt"), "not a template");
        TemplateLibrary lib = TemplateLibrary.load(dir, READERS);
        Template t = lib.byId("nims.furnace-xrd").orElseThrow();
        assertThat(t.title("en")).isEqualTo("High-temperature XRD (furnace stage)");
        assertThat(t.source()).endsWith("furnace-xrd.yaml");
        assertThat(lib.byId("table.csv").orElseThrow().title("en")).isEqualTo("Facility table"); // replaces the shipped one
        var invoice = Json.read("{\"basic\": {\"data_name\": \"run\", \"date\": \"2026-01-05\"}, \"custom\": {\"furnace_temperature\": 2000}}");
        List<Problem.Issue> ja = lib.validator().validate(t, invoice, "ja");
        assertThat(ja).containsExactly(new Problem.Issue("custom.furnace_temperature", "「炉温度」は 1873 K 以下にしてください"));
        List<Problem.Issue> en = lib.validator().validate(t, Json.read("{\"basic\": {\"data_name\": \"run\", \"date\": \"2026-01-05\"}}"), "en");
        assertThat(en).containsExactly(new Problem.Issue("custom", "'Template fields' is required"));
        var missingField = lib.validator().validate(t, Json.read(
                "{\"basic\": {\"data_name\": \"run\", \"date\": \"2026-01-05\"}, \"custom\": {}}"), "en");
        assertThat(missingField).containsExactly(new Problem.Issue("custom.furnace_temperature", "'Furnace temperature' is required"));
    }

    @Test
    void aBrokenFacilityTemplateStopsStartWithItsFileAndField(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), """
                id: Bad Id
                instrument_type: xrd
                title: {en: "only English"}
                reader: xrd.xy
                file_patterns: []
                invoice_schema: {type: object}
                """);
        assertThatThrownBy(() -> TemplateLibrary.load(dir, READERS)).hasMessageContaining("bad.yaml")
                .hasMessageContaining("id 'Bad Id'").hasMessageContaining("title needs both ja and en")
                .hasMessageContaining("file_patterns");
        Files.writeString(dir.resolve("bad.yaml"), """
                id: orphan
                instrument_type: xrd
                title: {ja: "孤児", en: "Orphan"}
                reader: xrd.nonexistent
                file_patterns: ["*.foo"]
                invoice_schema: {type: object}
                """);
        assertThatThrownBy(() -> TemplateLibrary.load(dir, READERS)).hasMessageContaining("bad.yaml")
                .hasMessageContaining("reader 'xrd.nonexistent' is not installed");
    }

    @Test
    void languageFollowsLangThenAcceptLanguage() {
        assertThat(InvoiceValidator.language(null, "ja-JP,ja;q=0.9,en;q=0.8")).isEqualTo("ja");
        assertThat(InvoiceValidator.language("en", "ja")).isEqualTo("en");
        assertThat(InvoiceValidator.language(null, "de-DE,en;q=0.5")).isEqualTo("en");
        assertThat(InvoiceValidator.language(null, null)).isEqualTo("en");
    }

    @Test
    void recognitionPrefersContentOverName() {
        byte[] xy = "10.0 5\n10.02 7\n10.04 9\n".getBytes();
        // named .csv, but the content is two numeric columns: the xy reader's content match wins over table.csv
        assertThat(READERS.recognise("scan.csv", xy).orElseThrow().id()).isEqualTo("xrd.xy");
        byte[] table = "name,composition,T (K)\na,Si,300\n".getBytes();
        assertThat(READERS.recognise("runs.csv", table).orElseThrow().id()).isEqualTo("table.csv");
        assertThat(READERS.recognise("blob.bin", new byte[] {0, 1, 2})).isEmpty();
        // a header without a composition column still suggests a table, by name only
        var candidates = READERS.candidates("process.csv", "run,T (K),time (h)\nr1,300,2\n".getBytes());
        assertThat(candidates.get(0).reader().id()).isEqualTo("table.csv");
        assertThat(candidates.get(0).recognition()).isEqualTo(Recognition.NAME);
        assertThat(READERS.unrecognised("blob.bin")).contains("table.csv", "table.xlsx");
    }
}
