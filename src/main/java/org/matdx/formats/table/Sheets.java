package org.matdx.formats.table;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Unzip;

/**
 * Rows of text cells from a CSV (RFC 4180 quoting; comma, semicolon or tab, whichever the header
 * uses; UTF-8 with or without BOM) or from the first sheet of an XLSX workbook (fastexcel-reader).
 * Blank rows are dropped; each row keeps its line (CSV) or row number (XLSX) for messages.
 */
public final class Sheets {
    private Sheets() {
    }

    public record SheetRow(int line, List<String> cells) {
        public String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    public static boolean isXlsx(String name, byte[] head) {
        return head.length >= 4 && ReadableWorkbook.isOOXMLZipHeader(head)
                || name != null && name.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    public static List<SheetRow> read(String file, InputStream in) throws FormatException, IOException {
        IngestLimits limits = LimitedInput.limitsOf(in);
        byte[] all = in.readAllBytes();
        return isXlsx(file, Arrays.copyOf(all, Math.min(8, all.length))) ? xlsx(file, all, limits) : csv(file, all);
    }

    public static List<SheetRow> csv(String file, byte[] bytes) throws FormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw FormatException.inFile(file, "is not UTF-8 text (save the sheet as \"CSV UTF-8\")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        char sep = separator(text);
        List<SheetRow> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            if ((i & 0xffff) == 0) {
                ReadBudget.check();
            }
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                quoteLine = line;
                cell.setLength(0);
            } else if (ch == sep) {
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                add(rows, rowLine, cells);
                cells = new ArrayList<>();
                cell.setLength(0);
                wasQuoted = false;
                line++;
                rowLine = line;
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw FormatException.atLine(file, quoteLine, "a quoted cell is never closed (missing \")");
        }
        if (cell.length() > 0 || !cells.isEmpty()) {
            cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
            add(rows, rowLine, cells);
        }
        return rows;
    }

    private static void add(List<SheetRow> rows, int line, List<String> cells) {
        if (cells.stream().anyMatch(c -> !c.isBlank()) && !(cells.get(0).startsWith("#") && rows.isEmpty())) {
            rows.add(new SheetRow(line, List.copyOf(cells)));
        }
    }

    /** The separator the header line uses most: comma, semicolon (European Excel) or tab. */
    static char separator(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long bestCount = header.chars().filter(c -> c == ',').count();
        for (char c : new char[] {';', '\t'}) {
            long n = header.chars().filter(x -> x == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    public static List<SheetRow> xlsx(String file, InputStream in) throws FormatException, IOException {
        IngestLimits limits = LimitedInput.limitsOf(in);
        return xlsx(file, in.readAllBytes(), limits);
    }

    /**
     * The first sheet of a workbook. fastexcel-reader opens it through its central directory and
     * inflates parts as it parses, so the directory is checked first within the reader's limits
     * ({@link Unzip#checkDirectory}): a workbook that would unpack into more than a reader may take
     * in is refused before a row is read.
     */
    private static List<SheetRow> xlsx(String file, byte[] bytes, IngestLimits limits) throws FormatException, IOException {
        try {
            Unzip.checkDirectory(file, bytes, limits, Unzip.Budget.file(limits));
        } catch (Unzip.Damaged e) {
            throw FormatException.inFile(file, "is not a readable XLSX workbook: " + e.getMessage());
        }
        List<SheetRow> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
            var sheet = wb.getFirstSheet();
            try (var stream = sheet.openStream()) {
                for (Row r : (Iterable<Row>) stream::iterator) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < r.getCellCount(); i++) {
                        cells.add(text(r.getCell(i)));
                    }
                    if (cells.stream().anyMatch(c -> !c.isBlank())) {
                        rows.add(new SheetRow(r.getRowNum(), List.copyOf(cells)));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && !(io.getMessage() != null && io.getMessage().contains("zip"))) {
                throw FormatException.inFile(file, "is not a readable XLSX workbook: " + io.getMessage());
            }
            throw FormatException.inFile(file, "is not a readable XLSX workbook: " + e.getMessage());
        }
        return rows;
    }

    private static String text(Cell c) {
        if (c == null || c.getType() == CellType.EMPTY) {
            return "";
        }
        if (c.getType() == CellType.NUMBER) {
            String fmt = c.getDataFormatString();
            if (fmt != null && isDateFormat(fmt)) {
                var dt = c.asDate();
                return dt.toLocalTime().equals(LocalTime.MIDNIGHT) ? dt.toLocalDate().toString() : dt.toString();
            }
            return c.asNumber().stripTrailingZeros().toPlainString();
        }
        if (c.getType() == CellType.BOOLEAN) {
            return c.asBoolean().toString();
        }
        if (c.getType() == CellType.ERROR) {
            return "";
        }
        String t = c.getText();
        return t == null ? "" : t.strip();
    }

    static boolean isDateFormat(String fmt) {
        String f = fmt.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return f.contains("y") || f.contains("d") || monthBeforeSeparator(f);
    }

    /** An "m" right before a date separator (what ".*m+[/.-].*" asks, without its quadratic backtracking). */
    private static boolean monthBeforeSeparator(String f) {
        for (int i = 1; i < f.length(); i++) {
            char c = f.charAt(i);
            if ((c == '/' || c == '.' || c == '-') && f.charAt(i - 1) == 'm') {
                return true;
            }
        }
        return false;
    }
}
