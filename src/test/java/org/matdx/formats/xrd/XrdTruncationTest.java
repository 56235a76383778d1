package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.Reader;
import org.matdx.testing.TestFiles;

/**
 * Every strict prefix of a file (short of trailing whitespace) is a truncated file: each reader must
 * answer with a FormatException naming the file — never a partial result, never another exception.
 */
class XrdTruncationTest {

    private static void assertEveryPrefixRejected(Reader reader, String name, byte[] full, int stride) {
        int end = full.length;
        while (end > 0 && Character.isWhitespace(full[end - 1])) {
            end--;
        }
        for (int len = 0; len < end; len += stride) {
            byte[] prefix = Arrays.copyOf(full, len);
            try {
                var parsed = reader.read(name, new ByteArrayInputStream(prefix));
                fail(reader.id() + " accepted the first " + len + " of " + full.length + " bytes of " + name + " as " + parsed.get(0).series());
            } catch (FormatException e) {
                assertThat(e.file()).isEqualTo(name);
                assertThat(e.problem()).isNotBlank();
            } catch (Exception e) {
                throw new AssertionError(reader.id() + " threw " + e + " on the first " + len + " bytes of " + name, e);
            }
        }
    }

    @Test
    void everyPrefixOfEveryFixtureIsRejected() throws Exception {
        Map<String, byte[]> fixtures = new LinkedHashMap<>();
        fixtures.put("a.ras", XrdFixtures.ras(Text.SHIFT_JIS, "試料", "佐藤"));
        fixtures.put("b.rasx", XrdFixtures.rasx());
        fixtures.put("c.brml", XrdFixtures.brml());
        fixtures.put("v1.raw", XrdFixtures.rawV1());
        fixtures.put("v2.raw", XrdFixtures.rawV2());
        fixtures.put("v3.raw", XrdFixtures.rawV3());
        fixtures.put("v4.raw", XrdFixtures.rawV4());
        fixtures.put("d.xrdml", XrdFixtureReadersTest.xrdml("1.5", """
                    <scan appendNumber="0" mode="Continuous" scanAxis="Gonio" status="Completed">
                      <dataPoints>
                        <positions axis="2Theta" unit="deg"><startPosition>10</startPosition><endPosition>12</endPosition></positions>
                        <counts unit="counts">1 2 3</counts>
                      </dataPoints>
                    </scan>
                """).getBytes(StandardCharsets.UTF_8));
        Map<String, Reader> readers = Map.of("ras", new RasReader(), "rasx", new RasxReader(), "brml", new BrmlReader(),
                "raw", new BrukerRawReader(), "xrdml", new XrdmlReader());
        for (var f : fixtures.entrySet()) {
            Reader r = readers.get(Text.extension(f.getKey()));
            // the complete file reads
            assertThat(r.read(f.getKey(), new ByteArrayInputStream(f.getValue())).get(0).series()).isNotEmpty();
            assertEveryPrefixRejected(r, f.getKey(), f.getValue(), 1);
        }
    }

    @Test
    void prefixesOfCorpusFilesAreRejected() throws Exception {
        Path dir = TestFiles.shared("corpus/xrd");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "../shared/data/corpus/xrd is absent: skipped");
        for (var e : List.of(Map.entry("XRD-918-16_10.xrdml", (Reader) new XrdmlReader()),
                Map.entry("m54313_om2th_10.xrdml", new XrdmlReader()),
                Map.entry("TwoTheta_scan_powder.rasx", new RasxReader()),
                Map.entry("23-012-AG_2thomegascan_long.brml", new BrmlReader()),
                Map.entry("TwoTheta_scan_scrambled.raw", new BrukerRawReader()))) {
            Path p = dir.resolve(e.getKey());
            if (Files.exists(p)) {
                byte[] full = Files.readAllBytes(p);
                assertEveryPrefixRejected(e.getValue(), e.getKey(), full, Math.max(1, full.length / 37));
            }
        }
    }
}
