package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.testing.SharedData;

/** The JEOL .eds reader on the corpus spectrum (its HyperSpy comparison is in EmCorpusTest), cut and forged. */
class JeolEdsReaderTest {
    static byte[] corpus() throws Exception {
        return Files.readAllBytes(SharedData.require("corpus/em/JEOL_files").resolve("met03.EDS"));
    }

    static Parsed read(byte[] b) throws Exception {
        return new JeolEdsReader().read("met03.EDS", new ByteArrayInputStream(b)).get(0);
    }

    @Test
    void theSpectrumItsCalibrationAndTheFooterSettings() throws Exception {
        Parsed p = read(corpus());
        assertEquals(2048, p.signals().get(0).values().length);
        assertEquals(200.0, p.properties().get("beam_energy").value());
        assertEquals("TEM", p.metadata().at("/acquisition/microscope").asString());
        assertTrue(p.metadata().at("/original_metadata/footer").isMissingNode());
    }

    @Test
    void cutAnywhereItIsRefusedByOffsetOrReadWithoutTheFooterSettingsAndSaysSo() throws Exception {
        byte[] b = corpus();
        int channelsEnd = 454 + 4 + 4 * 2048;
        for (int cut = 1; cut < b.length; cut += 97) {
            byte[] part = Arrays.copyOf(b, cut);
            if (cut < channelsEnd) {
                FormatException e = assertThrows(FormatException.class, () -> read(part), "cut at " + cut);
                assertTrue(e.getMessage().startsWith("met03.EDS, byte "), e.getMessage());
            } else {
                Parsed p = read(part);
                if (p.metadata().at("/original_metadata/footer").isMissingNode()) {
                    assertEquals(200.0, p.properties().get("beam_energy").value(), "cut at " + cut); // the cut spared the settings
                } else {
                    assertTrue(p.metadata().at("/original_metadata/footer").asString().startsWith("not understood (met03.EDS, byte "));
                    assertTrue(p.properties().get("beam_energy") == null, "cut at " + cut);
                }
                assertEquals(2048, p.signals().get(0).values().length);
            }
        }
    }

    @Test
    void forgedCountsAndCalibrationsAreRefused() throws Exception {
        byte[] many = corpus();
        ByteBuffer.wrap(many).order(ByteOrder.LITTLE_ENDIAN).putInt(454, Integer.MAX_VALUE);
        assertTrue(assertThrows(FormatException.class, () -> read(many)).getMessage().startsWith("met03.EDS, byte 454: 2147483647 channels"));
        byte[] nan = corpus();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putDouble(362, Double.NaN);
        assertTrue(assertThrows(FormatException.class, () -> read(nan)).getMessage().startsWith("met03.EDS, byte 362"));
        byte[] list = corpus();
        ByteBuffer.wrap(list).order(ByteOrder.LITTLE_ENDIAN).putInt(454 + 4 + 4 * 2048 + 4, 1 << 30); // a billion excluded elements
        assertTrue(read(list).metadata().at("/original_metadata/footer").asString().contains("1073741824 excluded elements"));
    }
}
