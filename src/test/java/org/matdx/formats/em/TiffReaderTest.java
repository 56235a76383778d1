package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.testing.Fuzzing;

/** The TIFF reader's vendor calibrations on files written here (no FEI TIFF is in the shared corpus). */
class TiffReaderTest {
    static final String FEI = """
            [User]
            Date=11/20/2026
            User=supervisor
            [System]
            SystemType=Helios G4 UX
            [Beam]
            HV=5000
            [EBeam]
            BeamCurrent=1.6e-10
            [Scan]
            PixelWidth=1.23e-09
            PixelHeight=1.23e-09
            Dwelltime=3e-06
            [Stage]
            WorkingDistance=0.0041
            [Detectors]
            Name=TLD
            """.replace("\n", "\r\n");

    @Test
    void feiHeliosTagGivesPixelSizeVoltageWorkingDistanceAndDetector() throws Exception {
        byte[] tif = TiffFixture.grey16(20, 10, new double[200], Map.of(34682, FEI), null);
        Parsed p = new TiffReader().read("helios.tif", new ByteArrayInputStream(tif)).get(0);
        Signal s = p.signals().get(0);
        assertEquals(1.23e-9, s.axes().get(1).scale(), 1e-20);
        assertEquals("m", s.axes().get(1).units());
        assertEquals(1.23e-9, p.properties().get("pixel_size").value(), 1e-20);
        assertEquals(5.0, p.properties().get("beam_energy").value(), 1e-12);
        assertEquals(4.1, p.properties().get("working_distance").value(), 1e-12);
        assertEquals(3e-6, p.properties().get("dwell_time").value(), 1e-18);
        assertEquals(0.16, p.properties().get("beam_current").value(), 1e-12);
        assertEquals("Helios G4 UX", p.metadata().path("instrument").asString());
        assertEquals("TLD", p.metadata().at("/acquisition/detector").asString());
        assertEquals("tiff/fei", p.metadata().path("format").asString());
    }

    @Test
    void imageJMicronCalibration() throws Exception {
        double[] v = new double[12];
        Arrays.fill(v, 7);
        byte[] tif = TiffFixture.grey16(4, 3, v, Map.of(270, "ImageJ=1.54f\nunit=micron\n"), new long[] {4, 1});
        Signal s = new TiffReader().read("ij.tif", new ByteArrayInputStream(tif)).get(0).signals().get(0);
        assertEquals(0.25, s.axes().get(1).scale());
        assertEquals("µm", s.axes().get(1).units());
        assertEquals(7.0, s.values()[11]);
    }

    @Test
    void refusesCutStripsAndForgedDirectories() {
        byte[] tif = TiffFixture.grey16(20, 10, new double[200], Map.of(), null);
        FormatException e = assertThrows(FormatException.class,
                () -> new TiffReader().read("cut.tif", new ByteArrayInputStream(Arrays.copyOf(tif, tif.length - 10))));
        assertTrue(e.getMessage().startsWith("cut.tif") && e.getMessage().contains("truncated"), e.getMessage());
        // width forged to 65535 × height 65535: refused by the value limit before allocation
        byte[] forged = tif.clone();
        int ifd = 8 + 2;
        for (int k = 0; k < 2; k++) {
            int entry = ifd + 12 * k; // 256 and 257 are the first two entries
            forged[entry + 8] = (byte) 0xff;
            forged[entry + 9] = (byte) 0xff;
        }
        FormatException f = assertThrows(FormatException.class, () -> new TiffReader().read("big.tif", new ByteArrayInputStream(forged)));
        assertTrue(f.getMessage().contains("values"), f.getMessage());
    }

    /** Found by the fuzzer: a 242-byte file declaring 8×3 211 268 pixels made the reader allocate 196 MiB before looking for them. */
    @Test
    void aHeightTheFileCannotHoldIsRefusedBeforeAllocating() throws Exception {
        byte[] tif = TiffFixture.grey16(8, 4, new double[32], Map.of(), null);
        java.nio.ByteBuffer.wrap(tif).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8 + 2 + 12 + 8, 3_211_268); // tag 257's value
        FormatException e = assertThrows(FormatException.class, () -> new TiffReader().read("forged.tif", new ByteArrayInputStream(tif)));
        assertTrue(e.getMessage().startsWith("forged.tif"), e.getMessage());
        assertTrue(e.getMessage().contains("8×3211268 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains(", byte 18:"), e.getMessage()); // the width tag: where the claim is made
    }

    /**
     * 16-bit strips are kept as words (no doubles): the words must be the pixels the JDK's own TIFF
     * decoder sees, big-endian with several strips (as javax.imageio writes them) and little-endian
     * with the pixels at an odd byte offset.
     */
    @Test
    void sixteenBitStripsAreReadAsWordsInEitherByteOrderAndAtOddOffsets() throws Exception {
        java.util.Random r = new java.util.Random(5);
        int w = 301;
        int h = 97;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(1 << 16));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(img, "tiff", out));
        byte[] bigEndian = out.toByteArray();
        assertEquals('M', bigEndian[0]);
        Signal s = new TiffReader().read("jdk.tif", new ByteArrayInputStream(bigEndian)).get(0).signals().get(0);
        assertTrue(s.shorts() != null, "16-bit pixels are kept as words");
        assertEquals("uint16", s.dtype());
        java.awt.image.Raster oracle = javax.imageio.ImageIO.read(new ByteArrayInputStream(bigEndian)).getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(oracle.getSample(x, y, 0), s.shorts()[y * w + x] & 0xFFFF, "pixel " + x + "," + y);
                assertEquals(oracle.getSample(x, y, 0), s.values()[y * w + x]);
            }
        }
        double[] v = new double[7 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(1 << 16);
        }
        byte[] odd = TiffFixture.grey16(7, 5, v, Map.of(270, "ab"), null); // "ab\0": the pixels start at an odd byte
        Signal t = new TiffReader().read("odd.tif", new ByteArrayInputStream(odd)).get(0).signals().get(0);
        assertTrue(t.shorts() != null);
        assertEquals(Arrays.toString(v), Arrays.toString(t.values()));
    }

    @Test
    void sightXPaddingIsStrippedFromBothEndsAndALongRunOfItIsReadAtOnce() {
        assertEquals("<Eos>x</Eos>", TiffReader.stripPadding("\u0000\u0001 \t<Eos>x</Eos>\r\u0000 "));
        assertEquals("a \u0000 b", TiffReader.stripPadding("a \u0000 b"));
        assertEquals("", TiffReader.stripPadding("\u0000\u0000\r"));
        // the pattern this replaced ([ \r\t\u0001\u0000]+$ tried from every position) is quadratic in such a run; the
        // fuzzing property's CPU-time bound is what only a hang exceeds
        String line = "\u0000".repeat(200_000) + "x" + " ".repeat(200_000) + "y";
        Fuzzing.parse("SightX XML line", line.length(), () -> TiffReader.stripPadding(line));
        assertEquals(200_002, TiffReader.stripPadding(line).length());
    }
}
