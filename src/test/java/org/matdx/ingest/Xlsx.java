package org.matdx.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Writes small XLSX fixtures (numbers as numbers, the rest as text), as a spreadsheet program would. */
final class Xlsx {
    private Xlsx() {
    }

    static byte[] write(String[][] rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "MatDX test", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                String v = rows[r][c];
                if (r > 0 && v.matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                    ws.value(r, c, Double.parseDouble(v));
                } else {
                    ws.value(r, c, v);
                }
            }
        }
        wb.finish();
        return out.toByteArray();
    }
}
