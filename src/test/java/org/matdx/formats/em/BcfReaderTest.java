package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Readers;
import org.matdx.imaging.SpectrumImages;
import org.matdx.testing.SharedData;
import tools.jackson.databind.JsonNode;

/**
 * The Bruker .bcf reader against HyperSpy's reading of the corpus files (bcf-golden.json, made by
 * tools/em/bcf_golden.py): every channel of the summed spectrum, every pixel's total, whole spectra
 * of a few pixels, the axes and settings; then forged containers, refused by a sentence.
 */
class BcfReaderTest {
    static final double TOL = 1e-6;

    static JsonNode golden() throws IOException {
        try (InputStream in = BcfReaderTest.class.getResourceAsStream("bcf-golden.json")) {
            return Json.MAPPER.readTree(in).path("files");
        }
    }

    static byte[] corpus(String name) throws IOException {
        return Files.readAllBytes(SharedData.require("corpus/em/bruker_data").resolve(name));
    }

    static List<Parsed> read(String name, byte[] bytes) throws IOException, FormatException {
        return new BcfReader().read(name, new ByteArrayInputStream(bytes));
    }

    static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOL * Math.max(Math.abs(expected), Math.abs(actual)),
                what + ": " + actual + ", HyperSpy " + expected);
    }

    @Test
    void theHypermapsAreReadAsHyperSpyReadsThem() throws IOException, FormatException {
        JsonNode golden = golden();
        for (String name : List.of("16x16_12bit_packed_8bit.bcf", "bcf-edx-ebsd.bcf", "test_TEM.bcf")) {
            JsonNode g = golden.path(name);
            byte[] bytes = corpus(name);
            assertEquals(Readers.installed().recognise(name, Arrays.copyOf(bytes, 4096)).orElseThrow().id(), "em.bcf");
            List<Parsed> records = read(name, bytes);
            assertEquals(g.path("images").size() + 1, records.size(), name);
            for (int i = 0; i < g.path("images").size(); i++) {
                JsonNode gi = g.path("images").get(i);
                Signal img = records.get(i).signals().get(0);
                assertEquals(gi.path("title").asString(), img.title(), name);
                assertEquals(gi.path("shape").get(0).asInt(), img.shape()[0]);
                assertEquals(gi.path("shape").get(1).asInt(), img.shape()[1]);
                close(gi.path("sum").asDouble(), Arrays.stream(img.values()).sum(), name + " image sum");
                close(gi.path("first").asDouble() + 1, img.values()[0] + 1, name + " image first pixel");
            }
            Parsed si = records.get(records.size() - 1);
            Signal s = si.signals().get(0);
            assertEquals("EDX", s.title());
            assertEquals("X-rays (Counts)", s.quantity());
            assertEquals(g.path("dtype").asString(), s.dtype(), name);
            int h = s.shape()[0];
            int w = s.shape()[1];
            int c = s.shape()[2];
            assertEquals(List.of(g.path("shape").get(0).asInt(), g.path("shape").get(1).asInt(), g.path("shape").get(2).asInt()),
                    List.of(h, w, c), name);
            for (int k = 0; k < 3; k++) {
                JsonNode ga = g.path("axes").get(k);
                SignalAxis a = s.axes().get(k);
                assertEquals(ga.path("name").asString(), a.name());
                assertEquals(ga.path("units").asString(), a.units());
                assertEquals(ga.path("navigate").asBoolean(), a.navigate());
                close(ga.path("offset").asDouble() + 1, a.offset() + 1, name + " axis " + k + " offset");
                if (k != 1) {
                    close(ga.path("scale").asDouble(), a.scale(), name + " axis " + k + " scale");
                }
            }
            // the width takes DX as the overview image's width does (HyperSpy gives the map DY for both)
            close(records.get(0).signals().get(0).axes().get(1).scale(), s.axes().get(1).scale(), name + " width scale");
            close(g.path("beam_energy").asDouble(), si.properties().get("beam_energy").value(), name + " beam energy");
            close(g.path("magnification").asDouble(), si.properties().get("magnification").value(), name + " magnification");
            assertEquals(g.path("microscope_kind").asString(), si.metadata().path("acquisition").path("microscope").asString());
            double[] v = s.values();
            double[] sum = new double[c];
            double[] pixel = new double[h * w];
            for (int i = 0; i < v.length; i++) {
                sum[i % c] += v[i];
                pixel[i / c] += v[i];
            }
            for (int k = 0; k < c; k++) {
                assertEquals(g.path("sum_spectrum").get(k).asDouble(), sum[k], name + " summed spectrum, channel " + k);
            }
            for (int k = 0; k < h * w; k++) {
                assertEquals(g.path("pixel_sums").get(k).asDouble(), pixel[k], name + " counts of pixel " + k);
            }
            assertEquals(g.path("total").asDouble(), Arrays.stream(v).sum(), name);
            for (JsonNode px : g.path("pixels")) {
                int base = (px.path("y").asInt() * w + px.path("x").asInt()) * c;
                double[] expected = new double[c];
                for (int k = 0; k < px.path("channels").size(); k++) {
                    expected[px.path("channels").get(k).asInt()] = px.path("counts").get(k).asDouble();
                }
                assertTrue(Arrays.equals(expected, Arrays.copyOfRange(v, base, base + c)), name + " spectrum of " + px);
            }
            // navigable in the UI like the other spectrum images
            Signal nav = SpectrumImages.navigable(s);
            assertEquals(2, nav.navigationAxes().size());
            assertEquals("keV", nav.signalAxes().get(0).units());
            assertTrue(si.properties().containsKey("pixel_size"), si.properties().toString());
        }
    }

    @Test
    void aFixtureWrittenHereIsDecodedPixelByPixel() throws IOException, FormatException {
        List<Parsed> r = read("fixture.bcf", BcfFixture.bcf());
        assertEquals(2, r.size());
        Signal img = r.get(0).signals().get(0);
        assertEquals("SE", img.title());
        assertTrue(Arrays.equals(new double[] {1, 2, 3, 4}, img.values()));
        assertEquals(0.25, img.axes().get(0).scale());
        assertEquals(0.5, img.axes().get(1).scale());
        Signal s = r.get(1).signals().get(0);
        assertEquals(List.of(2, 2, 16), Arrays.stream(s.shape()).boxed().toList());
        double[] expected = new double[64];
        expected[3] = 2;
        expected[5] = 1;
        expected[16 + 2] = 1;
        expected[16 + 3] = 2;
        expected[16 + 5] = 7;
        expected[16 + 6] = 200;
        assertEquals(Arrays.toString(expected), Arrays.toString(s.values()));
        assertEquals("uint8", s.dtype());
        assertEquals(-0.1, s.axes().get(2).offset());
        assertEquals(0.01, s.axes().get(2).scale());
        assertEquals(20.0, r.get(1).properties().get("beam_energy").value());
        assertEquals(8.5, r.get(1).properties().get("working_distance").value());
        assertEquals("SEM", r.get(1).metadata().path("acquisition").path("microscope").asString());
    }

    @Test
    void compressedFilesInsideTheContainerAreInflatedWithinBounds() throws IOException, FormatException {
        byte[] header = BcfFixture.HEADER.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] map = BcfFixture.map();
        List<Parsed> plain = read("plain.bcf", BcfFixture.container(header, map));
        for (int block : new int[] {64, map.length, 4096}) { // several blocks, one exactly full, one part-filled
            List<Parsed> packed = read("packed.bcf", BcfFixture.container(BcfFixture.aacs(header, block), BcfFixture.aacs(map, block)));
            assertEquals(Arrays.toString(plain.get(1).signals().get(0).values()), Arrays.toString(packed.get(1).signals().get(0).values()));
            assertEquals(plain.get(0).signals().get(0).title(), packed.get(0).signals().get(0).title());
        }
        // a bomb: one block declaring 4 KiB whose stream inflates to 64 MiB of zeros
        byte[] zeros = new byte[64 << 20];
        byte[] bomb = BcfFixture.aacs(zeros, zeros.length);
        ByteBuffer.wrap(bomb).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 4096);
        refused(BcfFixture.container(header, bomb), "decompression bomb");
        // declaring 2^20 blocks of 16 MiB
        byte[] many = BcfFixture.aacs(map, 64);
        ByteBuffer.wrap(many).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1 << 24).putInt(12, 1 << 20);
        refused(BcfFixture.container(header, many), "MiB MatDX inflates");
        // a corrupt stream (its checksum no longer matches)
        byte[] corrupt = BcfFixture.aacs(map, map.length);
        corrupt[corrupt.length - 3] ^= 0x55;
        refused(BcfFixture.container(header, corrupt), "corrupt");
    }

    @Test
    void forgedFixturesAreRefusedByName() {
        byte[] map = BcfFixture.map();
        byte[] beyond = map.clone();
        beyond[0x1A4 + 22 + 2] = 0x55; // the second word 0x0355: the third pulse 0x555 = 1365, beyond the 16 channels
        refused(BcfFixture.container(BcfFixture.HEADER.getBytes(), beyond), "beyond the 16 channels");
        byte[] trailer = map.clone();
        trailer[trailer.length - 5] = 9; // the packed pixel's closing bytes not zero
        refused(BcfFixture.container(BcfFixture.HEADER.getBytes(), trailer), "does not decode");
        refused(BcfFixture.container(BcfFixture.HEADER.replace("<CalibLin>1E-2", "<CalibLin>0").getBytes(), map), "calibration");
        refused(BcfFixture.container("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>".getBytes(), map), "XML");
    }

    @Test
    void aFileThatIsNoContainerIsRefusedWithASentence() throws IOException, FormatException {
        byte[] nope = corpus("Nope.bcf");
        assertEquals("em.bcf", Readers.installed().recognise("Nope.bcf", nope).orElseThrow().id());
        FormatException e = assertThrows(FormatException.class, () -> read("Nope.bcf", nope));
        assertTrue(e.getMessage().startsWith("Nope.bcf") && e.getMessage().contains("AAMVHFSS"), e.getMessage());
    }

    static String refusal(byte[] bytes) {
        FormatException e = assertThrows(FormatException.class, () -> read("forged.bcf", bytes));
        assertTrue(e.getMessage().startsWith("forged.bcf") && !e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    static void refused(byte[] bytes, String fragment) {
        String m = refusal(bytes);
        assertTrue(m.contains(fragment), m);
    }

    static byte[] edit(byte[] bytes, int at, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    /** Offset of chunk k's payload in the 16×16 file (chunks of 4096 bytes from 0x118, 32-byte headers). */
    static int chunk(int k) {
        return 0x118 + k * 4096 + 32;
    }

    @Test
    void forgedContainersAreRefusedByName() throws IOException, FormatException {
        byte[] ok = corpus("16x16_12bit_packed_8bit.bcf");
        refused(Arrays.copyOf(ok, 70_000), "truncated");
        refused(Arrays.copyOf(ok, 0x130), "truncated");
        refused(edit(ok, 0x128, 0x7fffffff), "chunk size");
        refused(edit(ok, 0x144, 0x7fffffff), "file tree items");
        refused(edit(ok, 0x140, 999_999), "outside the container");
        // the tree made to span three chunks, the first pointing back to itself
        byte[] loop = edit(edit(ok, 0x144, 20), chunk(4) - 32, 4);
        refused(loop, "loop");
        // SpectrumData0 (third tree item) declaring a terabyte
        byte[] huge = ok.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(chunk(4) + 2 * 0x200 + 4, 1L << 40);
        refused(huge, "declares");
        // its chunk table (chunk 14) pointing outside the file
        refused(edit(ok, chunk(14), 123_456), "outside the container");
        // the hypermap (first chunk 17) declaring 100000 × 100000 pixels
        byte[] big = edit(edit(ok, chunk(17), 100_000), chunk(17) + 4, 100_000);
        refused(big, "MatDX holds at most");
        // the first line declaring more pixels than the width
        refused(edit(ok, chunk(17) + 0x1A0, 17), "more than its width");
        // the first pixel declaring more pulses than its data holds
        byte[] pulses = ok.clone();
        ByteBuffer.wrap(pulses).order(ByteOrder.LITTLE_ENDIAN).putShort(chunk(17) + 0x1A4 + 16, (short) 60000);
        refused(pulses, "12-bit pulses");
        // a compressed file inside the container is refused, not misread
        byte[] packed = ok.clone();
        System.arraycopy("AACS".getBytes(), 0, packed, chunk(17), 4);
        refused(packed, "compressed");
    }

    @Test
    void forgedInstructedPixelsAreRefusedByName() throws IOException, FormatException {
        byte[] ok = corpus("bcf-edx-ebsd.bcf");
        read("ok.bcf", ok);
        // find the first packed pixel of the map (line 35, x 40) by its header in the file
        byte[] header = {40, 0, 0, 0, (byte) 0xE0, 0x07, (byte) 0xE0, 0x07};
        int at = indexOf(ok, header);
        assertTrue(at > 0);
        byte[] wide = ok.clone();
        wide[at + 22 + 2] = 3; // its second block (size 1 at data + 2) made 12 bits wide
        refused(wide, "bits wide");
        byte[] past = ok.clone();
        past[at + 4] = 48; // its span cut to 48 channels: the second block (26 channels from 36) passes it
        refused(past, "passes its");
    }

    static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void recognisedByContentWhateverTheName() throws IOException, FormatException {
        byte[] ok = corpus("16x16_12bit_packed_8bit.bcf");
        assertEquals("em.bcf", Readers.installed().recognise("upload.bin", Arrays.copyOf(ok, 4096)).orElseThrow().id());
        assertEquals("em.bcf", Readers.installed().recognise(null, Arrays.copyOf(ok, 8)).orElseThrow().id());
    }
}
