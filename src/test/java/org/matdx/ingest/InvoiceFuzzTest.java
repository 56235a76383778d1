package org.matdx.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.testing.Fuzzing;
import tools.jackson.databind.JsonNode;
import org.matdx.formats.Readers;

/**
 * Fuzz target (issue 18): the invoice validator (JSON Schema 2020-12 of a template) and what reads
 * an invoice after it — valid, or a Problem listing the fields; nothing else.
 */
public class InvoiceFuzzTest {
    private static final TemplateLibrary TEMPLATES = TemplateLibrary.load(Path.of("target", "no-facility-templates"),
            Readers.installed());

    public static Stream<Arguments> seeds() {
        return Stream.of("""
                        {"basic": {"data_name": "Si standard scan", "owner": "alice", "instrument": "SmartLab", "date": "2026-11-20"},
                         "sample": {"name": "Si wafer piece", "composition": "Si"},
                         "custom": {"measurement_mode": "reflection", "tube_voltage": 45, "tube_current": 200}}""",
                        """
                        {"basic": {"data_name": "", "date": "2026-02-30"}, "sample": {"id": "not-a-uuid"}, "custom": {"tube_voltage": 999}}""",
                        "{\"basic\": {\"data_name\": \"x\", \"date\": \"2026-01-01\"}, \"sample\": {\"name\": \"s\", \"composition\": \"(Fe2\"}}")
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    public static void target(byte[] data) {
        JsonNode invoice;
        try {
            invoice = Json.MAPPER.readTree(data);
        } catch (RuntimeException notJson) {
            return; // the web layer refuses what is not JSON before an invoice is read
        }
        if (invoice == null) {
            return;
        }
        Template t = TEMPLATES.byId(data.length % 2 == 0 ? "xrd.xy" : "xrd.rasx").orElseThrow();
        Fuzzing.parse("Invoice.parse", data.length, () -> Invoice.parse(invoice, t, TEMPLATES, data.length % 3 == 0 ? "ja" : "en"),
                Problem.class);
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] data) {
        target(data);
    }
}
