package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: every one of the 530 Hall-symbol settings generates exactly the operations spglib's
 * database holds for it (golden values in {@code spglib-hall-settings.tsv}, made with Debian's
 * python3-spglib 2.0.2 as the header says).
 */
class HallSymbolOracleTest {

    record Row(int hallNumber, int number, String international, String choice, String hall, int operations, String sha256) {
    }

    static List<Row> golden() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(HallSymbolOracleTest.class.getResourceAsStream("spglib-hall-settings.tsv"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], f[3], f[4], Integer.parseInt(f[5]), f[6]));
            }
        }
        return rows;
    }

    static String sha256(List<HallSymbol.Seitz> ops) throws Exception {
        TreeSet<String> keys = new TreeSet<>();
        ops.forEach(o -> keys.add(o.key()));
        byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
    }

    @Test
    void all530SettingsMatchSpglib() throws Exception {
        List<Row> rows = golden();
        assertThat(rows).hasSize(530);
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            List<HallSymbol.Seitz> ops = HallSymbol.seitz(row.hall());
            if (ops.size() != row.operations() || !sha256(ops).equals(row.sha256())) {
                wrong.add(row.hallNumber() + " " + row.hall() + " (" + ops.size() + " vs " + row.operations() + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }
}
