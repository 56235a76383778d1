package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.formats.table.Sheets;
import org.matdx.formats.FormatException;

/** Spreadsheets as people save them: XLSX, CSV with BOM, semicolons, quotes and line breaks in cells. */
class BatchSheetTest {

    @Test
    void readsInvoicesFromAnXlsxSheet() throws Exception {
        byte[] xlsx = Xlsx.write(new String[][] {
                {"file", "template", "data_name", "date", "sample_name", "sample_composition", "tube_voltage", "custom.sputtering"},
                {"a.xy;a.log", "xrd.xy", "Run A", "2026/11/02", "wafer", "Si", "40", "true"},
                {"b.xy", "", "Run B", "2026-11-03", "", "", "45.5", ""}});
        BatchSheet s = BatchSheet.read("batch.xlsx", new ByteArrayInputStream(xlsx));
        assertThat(s.rows()).hasSize(2);
        BatchSheet.Row a = s.rows().get(0);
        assertThat(a.files()).containsExactly("a.xy", "a.log");
        assertThat(a.template()).isEqualTo("xrd.xy");
        assertThat(a.invoice().at("/basic/date").asString()).isEqualTo("2026-11-02");
        assertThat(a.invoice().at("/sample/composition").asString()).isEqualTo("Si");
        assertThat(a.invoice().at("/custom/tube_voltage").isNumber()).isTrue();
        assertThat(a.invoice().at("/custom/sputtering").isBoolean()).isTrue();
        BatchSheet.Row b = s.rows().get(1);
        assertThat(b.template()).isNull();
        assertThat(b.invoice().has("sample")).isFalse();
        assertThat(b.invoice().at("/custom/tube_voltage").asDouble()).isEqualTo(45.5);
    }

    @Test
    void csvWithBomSemicolonsAndQuotedCells() throws Exception {
        String csv = "\uFEFFfile;data_name;date;description\r\n"
                + "a.xy;\"Run; with semicolon\";2026-01-02;\"two\nlines, \"\"quoted\"\"\"\r\n"
                + "\r\n"
                + "b.xy;Run B;2026-01-03;plain";
        List<Sheets.SheetRow> rows = Sheets.csv("s.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).cells()).containsExactly("file", "data_name", "date", "description");
        assertThat(rows.get(1).cell(1)).isEqualTo("Run; with semicolon");
        assertThat(rows.get(1).cell(3)).isEqualTo("two\nlines, \"quoted\"");
        assertThat(rows.get(2).line()).isEqualTo(5);
        assertThat(rows.get(2).cell(3)).isEqualTo("plain");
    }

    @Test
    void brokenSheetsNameTheProblem() {
        assertThatThrownBy(() -> Sheets.csv("s.csv", "file,data_name\n\"a.xy,Run\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FormatException.class).hasMessage("s.csv, line 2: a quoted cell is never closed (missing \")");
        assertThatThrownBy(() -> BatchSheet.read("s.csv", new ByteArrayInputStream("data_name,date\nx,2026-01-01\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("s.csv, line 1: the header needs a 'file' column naming each row's file");
        assertThatThrownBy(() -> Sheets.csv("s.csv", new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}))
                .hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> Sheets.xlsx("s.xlsx", new ByteArrayInputStream("PK\u0003\u0004 not really".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("s.xlsx: is not a readable XLSX workbook");
    }
}
