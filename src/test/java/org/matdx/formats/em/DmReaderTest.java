package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;

/** The DM reader on files this project writes itself (DmFixture), including forged and cut ones. */
class DmReaderTest {
    public static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 1000;
        }
        return v;
    }

    @Test
    void readsAnImageWithItsCalibrationAndMicroscope() throws Exception {
        byte[] dm = DmFixture.image(40, 30, ramp(1200), false, 0.25, "JEM-ARM200F", 200000, 500000);
        assertEquals(Recognition.CONTENT, new DmReader().recognise("x.bin", dm));
        List<Parsed> p = new DmReader().read("a.dm3", new ByteArrayInputStream(dm));
        Signal s = p.get(0).signals().get(0);
        assertEquals(List.of(30, 40), Arrays.stream(s.shape()).boxed().toList());
        assertEquals("uint16", s.dtype());
        assertEquals(0.25, s.axes().get(1).scale(), 1e-7);
        assertEquals("nm", s.axes().get(1).units());
        assertEquals(999.0, s.values()[999]);
        assertEquals(0.25, p.get(0).properties().get("pixel_size").value(), 1e-7);
        assertEquals("nm", p.get(0).properties().get("pixel_size").unit());
        assertEquals(200.0, p.get(0).properties().get("beam_energy").value(), 1e-9);
        assertEquals(500000.0, p.get(0).properties().get("magnification").value());
        assertEquals("JEM-ARM200F", p.get(0).metadata().path("instrument").asString());
        assertEquals("STEM", p.get(0).metadata().at("/acquisition/mode").asString());
    }

    @Test
    void refusesDimensionsTheDataDoNotHold() {
        // a forged header: 65535 × 65535 pixels declared over 1200 stored values
        byte[] dm = DmFixture.image(65535, 65535, 40, 30, ramp(1200), false, 1, "x", 1, 1);
        FormatException e = assertThrows(FormatException.class, () -> new DmReader().read("forged.dm3", new ByteArrayInputStream(dm)));
        assertTrue(e.getMessage().contains("forged.dm3") && e.getMessage().contains("values"), e.getMessage());
        byte[] small = DmFixture.image(41, 30, 40, 30, ramp(1200), false, 1, "x", 1, 1);
        FormatException e2 = assertThrows(FormatException.class, () -> new DmReader().read("lie.dm3", new ByteArrayInputStream(small)));
        assertTrue(e2.getMessage().contains("need 2460 bytes of data but its Data tag holds 2400"), e2.getMessage());
    }

    @Test
    void refusesEveryTruncationWithAPosition() {
        byte[] dm = DmFixture.image(20, 10, ramp(200), false, 1, "x", 1, 1);
        for (int cut = 0; cut < dm.length - 8; cut += 7) {
            byte[] part = Arrays.copyOf(dm, cut);
            FormatException e = assertThrows(FormatException.class, () -> new DmReader().read("cut.dm3", new ByteArrayInputStream(part)),
                    "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cut.dm3"), e.getMessage());
        }
    }

    @Test
    void keepsNaNPixelsAsNaN() throws Exception {
        double[] v = ramp(100);
        v[7] = Double.NaN;
        v[8] = Double.POSITIVE_INFINITY;
        byte[] dm = DmFixture.image(10, 10, v, true, 1, "x", 1, 1);
        Signal s = new DmReader().read("nan.dm3", new ByteArrayInputStream(dm)).get(0).signals().get(0);
        assertTrue(Double.isNaN(s.values()[7]));
        assertEquals("float32", s.dtype());
        assertEquals(2, org.matdx.imaging.IntensityStatistics.of(s.values()).nonFinite());
    }

    @Test
    void refusesDeepNestingAndHugeTagCounts() {
        byte[] dm = DmFixture.image(4, 4, ramp(16), false, 1, "x", 1, 1);
        // the root's tag count (bytes 14–17 in DM3) forged to 2^31: refused before any loop runs long
        byte[] forged = dm.clone();
        forged[14] = 0x7f;
        FormatException e = assertThrows(FormatException.class, () -> new DmReader().read("count.dm3", new ByteArrayInputStream(forged)));
        assertTrue(e.getMessage().contains("count.dm3"), e.getMessage());
    }
}
