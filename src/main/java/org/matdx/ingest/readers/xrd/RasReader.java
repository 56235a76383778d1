package org.matdx.ingest.readers.xrd;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Series;
import org.matdx.ingest.FormatException;
import org.matdx.ingest.Parsed;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rigaku RAS text files: one or more {@code *RAS_DATA_START} blocks, each a header of
 * {@code *KEY "value"} lines and an intensity section of {@code angle intensity attenuation}
 * rows. Files written by Japanese-language software are Shift_JIS; the encoding is detected (a
 * file that is valid UTF-8 is read as UTF-8). Each block becomes one series.
 */
public final class RasReader implements Reader {
    static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    @Override
    public String id() {
        return "xrd.ras";
    }

    @Override
    public String name() {
        return "Rigaku RAS";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 256), StandardCharsets.ISO_8859_1);
        if (text.stripLeading().replace("\uFEFF", "").startsWith("*RAS_DATA_START") || text.contains("*RAS_HEADER_START")) {
            return Recognition.CONTENT;
        }
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".ras") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        Charset cs = isUtf8(bytes) ? StandardCharsets.UTF_8 : SHIFT_JIS;
        List<Block> blocks = parse(fileName, new ByteArrayInputStream(bytes), cs);
        List<Series> series = new ArrayList<>();
        ObjectNode meta = Json.object().put("format", "Rigaku RAS").put("encoding", cs == StandardCharsets.UTF_8 ? "UTF-8" : "Shift_JIS");
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (i == 0) {
                RigakuHeader.apply(b.header, meta);
            }
            series.add(b.series(blocks.size() == 1 ? "scan" : "scan " + (i + 1)));
        }
        Axis x = series.get(0).x();
        meta.put("scans", blocks.size()).put("points", x.size()).put("two_theta_start", x.first())
                .put("two_theta_end", x.last());
        if (!meta.has("step")) {
            meta.put("step", XrdMetadata.step(x.valuesUnsafe()));
        }
        String title = meta.path("sample_name").asString("");
        return List.of(new Parsed(EntryKind.MEASUREMENT, title.isBlank() ? null : title, null, series, null, null, meta));
    }

    /** One measurement block: its header and its rows. */
    static final class Block {
        final Map<String, String> header = new LinkedHashMap<>();
        final DoubleColumns rows = new DoubleColumns(3);
        int width = -1;

        Series series(String name) {
            double[] x = rows.column(0);
            double[] y = rows.column(1);
            String label = RigakuHeader.axisLabel(header.get("MEAS_SCAN_AXIS_X"));
            String unit = header.getOrDefault("MEAS_SCAN_UNIT_X", "deg");
            unit = unit.isBlank() || unit.equals("deg") ? "°" : unit;
            String yUnit = header.getOrDefault("MEAS_SCAN_UNIT_Y", "counts");
            yUnit = yUnit.isBlank() ? "counts" : yUnit.equals("cps") ? "counts/s" : yUnit;
            List<Axis> ys = new ArrayList<>();
            ys.add(new Axis("intensity", yUnit, y));
            if (width == 3) {
                double[] att = rows.column(2);
                boolean attenuated = false;
                for (double a : att) {
                    attenuated |= a != 1.0;
                }
                if (attenuated) {
                    // the third column is the attenuator's factor; their product is the unattenuated intensity
                    double[] corrected = new double[y.length];
                    for (int i = 0; i < y.length; i++) {
                        corrected[i] = y[i] * att[i];
                    }
                    ys.add(new Axis("attenuation factor", "", att));
                    ys.add(new Axis("corrected intensity", yUnit, corrected));
                }
            }
            return new Series(name, new Axis(label, unit, x), ys);
        }
    }

    static List<Block> parse(String fileName, InputStream in, Charset cs) throws FormatException, IOException {
        List<Block> blocks = new ArrayList<>();
        Block block = null;
        boolean inHeader = false;
        boolean inData = false;
        long lineNo = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, cs))) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = (lineNo == 1 ? TwoColumnReader.stripBom(line) : line).strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.startsWith("*")) {
                    String key = t.substring(1).split("\\s+", 2)[0];
                    switch (key) {
                        case "RAS_DATA_START" -> block = new Block();
                        case "RAS_HEADER_START" -> inHeader = true;
                        case "RAS_HEADER_END" -> inHeader = false;
                        case "RAS_INT_START" -> {
                            if (block == null) {
                                throw FormatException.atLine(fileName, lineNo, "*RAS_INT_START outside a *RAS_DATA_START block");
                            }
                            inData = true;
                        }
                        case "RAS_INT_END" -> inData = false;
                        case "RAS_DATA_END" -> {
                            if (block == null) {
                                throw FormatException.atLine(fileName, lineNo, "*RAS_DATA_END without *RAS_DATA_START");
                            }
                            if (block.rows.size() < 2) {
                                throw FormatException.atLine(fileName, lineNo, "block " + (blocks.size() + 1)
                                        + " has " + block.rows.size() + " data rows; a scan needs at least two");
                            }
                            blocks.add(block);
                            block = null;
                        }
                        default -> {
                            if (inHeader && block != null) {
                                String rest = t.length() > key.length() + 1 ? t.substring(key.length() + 1).strip() : "";
                                if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                                    rest = rest.substring(1, rest.length() - 1);
                                }
                                block.header.put(key, rest);
                            }
                        }
                    }
                    continue;
                }
                if (!inData || block == null) {
                    throw FormatException.atLine(fileName, lineNo, "unexpected text outside the header and data sections: '"
                            + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'");
                }
                String[] parts = t.split("\\s+");
                if (block.width < 0) {
                    if (parts.length < 2 || parts.length > 3) {
                        throw FormatException.atLine(fileName, lineNo, "expected angle, intensity and attenuation factor, found "
                                + parts.length + " fields");
                    }
                    block.width = parts.length;
                } else if (parts.length != block.width) {
                    throw FormatException.atLine(fileName, lineNo, "expected " + block.width + " columns, found " + parts.length);
                }
                double[] row = new double[block.width];
                for (int i = 0; i < block.width; i++) {
                    try {
                        row[i] = Double.parseDouble(parts[i]);
                    } catch (NumberFormatException e) {
                        throw FormatException.atLine(fileName, lineNo, "column " + (i + 1) + ": '" + parts[i] + "' is not a number");
                    }
                }
                block.rows.add(row);
            }
        }
        if (block != null) {
            throw FormatException.atLine(fileName, lineNo, "the file ends inside block " + (blocks.size() + 1)
                    + " (no *RAS_DATA_END): truncated?");
        }
        if (blocks.isEmpty()) {
            throw FormatException.inFile(fileName, "no *RAS_DATA_START … *RAS_DATA_END block");
        }
        return blocks;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
