package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Readers;
import org.matdx.formats.Recognition;

/**
 * The EMD reader on the project's own fixtures ({@code tools/em/emd_fixtures.py}, h5py): a Berkeley
 * spectrum image, a Velox STEM stack, and the hostile files — a deflate bomb, 8 TiB declared, a
 * group that links to its parent, an external link, groups nested 80 deep, LZF chunks, truncation.
 */
public class EmdReaderTest {
    static final EmdReader READER = new EmdReader();

    public static byte[] fixture(String name) throws IOException {
        try (InputStream in = EmdReaderTest.class.getResourceAsStream("emd/" + name)) {
            return in.readAllBytes();
        }
    }

    static List<Parsed> read(String name, byte[] bytes) throws FormatException, IOException {
        return READER.read(name, new ByteArrayInputStream(bytes));
    }

    static String refusal(String name) throws IOException {
        byte[] bytes = fixture(name);
        FormatException e = assertThrows(FormatException.class, () -> read(name, bytes));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    static void axis(SignalAxis a, String name, int size, double scale, double offset, String units, boolean navigate) {
        assertEquals(name, a.name());
        assertEquals(size, a.size(), name);
        assertEquals(scale, a.scale(), Math.abs(scale) * 1e-9, name);
        assertEquals(offset, a.offset(), Math.abs(offset) * 1e-9 + 1e-12, name);
        assertEquals(units, a.units(), name);
        assertEquals(navigate, a.navigate(), name);
    }

    @Test
    void readsABerkeleySpectrumImageTransposingItsFortranOrderedDims() throws Exception {
        List<Parsed> got = read("si.emd", fixture("ncem_spectrum_image.emd"));
        assertEquals(1, got.size());
        Signal s = got.get(0).signals().get(0);
        assertEquals("si", s.title());
        assertEquals("uint16", s.dtype());
        assertArrayEquals(new int[] {16, 3, 4}, s.shape());
        axis(s.axes().get(0), "Energy loss", 16, 0.5, 100, "eV", false);
        axis(s.axes().get(1), "y", 3, 0.5, 2, "nm", false);
        axis(s.axes().get(2), "x", 4, 0.25, 0.5, "nm", false);
        // the file's data[x][y][e] = 48x + 16y + e lands at (e, y, x)
        for (int e = 0; e < 16; e += 5) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(48 * x + 16 * y + e, s.values()[(e * 3 + y) * 4 + x], "e=" + e + " y=" + y + " x=" + x);
                }
            }
        }
        assertEquals("Test TEM", got.get(0).metadata().path("original_metadata").path("microscope").path("name").asString());
        assertEquals("0.2", got.get(0).metadata().path("original_metadata").path("emd_version").asString());
    }

    @Test
    void readsAVeloxStemStackWithCompactUnitsAndItsSettings() throws Exception {
        List<Parsed> got = read("haadf.emd", fixture("velox_haadf_stack.emd"));
        assertEquals(1, got.size());
        Parsed p = got.get(0);
        Signal s = p.signals().get(0);
        assertEquals("HAADF", s.title()); // named by its StemInputOperation
        assertEquals("int16", s.dtype());
        assertArrayEquals(new int[] {2, 5, 6}, s.shape());
        axis(s.axes().get(0), "Time", 2, 1.5, 0, "s", true);
        // 6 px × 0.25 nm / 2 = 750 pm: pint's compact unit for the half field is pm
        axis(s.axes().get(1), "y", 5, 250, -625, "pm", false);
        axis(s.axes().get(2), "x", 6, 250, -750, "pm", false);
        assertEquals(0, s.values()[0]);
        assertEquals(7, s.values()[7]); // frame 0, y 1, x 1
        assertEquals(129, s.values()[30 + 29]); // frame 1, last pixel
        assertEquals(200, p.properties().get("beam_energy").value(), 1e-9);
        assertEquals("keV", p.properties().get("beam_energy").unit());
        assertEquals(2.5e6, p.properties().get("magnification").value(), 1e-3);
        assertEquals(98, p.properties().get("camera_length").value(), 1e-9);
        assertEquals(2e-6, p.properties().get("dwell_time").value(), 1e-15);
        assertEquals(250, p.properties().get("pixel_size").value(), 1e-9);
        assertEquals("pm", p.properties().get("pixel_size").unit());
        assertEquals("Talos", p.metadata().path("instrument").asString());
        assertEquals("STEM", p.metadata().path("acquisition").path("microscope").asString());
        assertEquals("2019-12-05T10:03:44Z", p.metadata().path("acquisition").path("date").asString());
        assertEquals("200000", p.metadata().path("original_metadata").path("Optics").path("AccelerationVoltage").asString());
    }

    @Test
    void recognisesEmdByContentWhateverItIsCalled() throws Exception {
        byte[] velox = fixture("velox_haadf_stack.emd");
        byte[] ncem = fixture("ncem_spectrum_image.emd");
        byte[] head = Arrays.copyOf(velox, Math.min(velox.length, Readers.HEAD_BYTES));
        assertEquals(Recognition.CONTENT, READER.recognise("export.bin", head));
        assertEquals(Recognition.CONTENT, READER.recognise("x.h5", Arrays.copyOf(ncem, Math.min(ncem.length, Readers.HEAD_BYTES))));
        assertEquals("em.emd", Readers.installed().recognise("export.bin", head).orElseThrow().id());
        assertEquals(Recognition.NAME, READER.recognise("x.emd", "not hdf5 at all".getBytes()));
        assertEquals(Recognition.NO, READER.recognise("x.txt", "not hdf5 at all".getBytes()));
    }

    @Test
    void refusesAPlainHdf5FileAndAFileThatIsNotHdf5() throws Exception {
        Path plain = Files.createTempFile("plain", ".h5");
        try (WritableHdfFile w = HdfFile.write(plain)) {
            w.putDataset("numbers", new double[] {1, 2, 3});
        }
        byte[] bytes = Files.readAllBytes(plain);
        Files.delete(plain);
        assertEquals(Recognition.NO, READER.recognise("numbers.h5", bytes));
        FormatException e = assertThrows(FormatException.class, () -> read("numbers.emd", bytes));
        assertTrue(e.getMessage().contains("without EMD structure"), e.getMessage());
        FormatException text = assertThrows(FormatException.class, () -> read("notes.emd", "just text".getBytes()));
        assertTrue(text.getMessage().startsWith("notes.emd, byte 0: expected the HDF5 signature"), text.getMessage());
    }

    @Test
    void refusesADeflateBombAtItsChunksDeclaredSizeWithoutAllocatingIt() throws Exception {
        byte[] bytes = fixture("hostile_deflate_bomb.emd");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        FormatException e = assertThrows(FormatException.class, () -> read("bomb.emd", bytes));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("/signals/bomb/data: the chunk at [0, 0] cannot be decoded"), e.getMessage());
        assertTrue(e.getMessage().contains("compression bomb"), e.getMessage());
        // the stream inflates to 64 MiB; the chunk's shape holds 64 KiB
        assertTrue(allocated < 16L << 20, "allocated " + (allocated >> 20) + " MiB");
    }

    @Test
    void refusesHugeDeclaredDimensionsBeforeAllocating() throws Exception {
        String m = refusal("hostile_huge_dimensions.emd");
        assertTrue(m.contains("/signals/huge/data: a dimension of 1048576 points")
                || m.contains("/signals/huge/data: the data declares more than"), m);
    }

    @Test
    void refusesAGroupThatLinksBackToItsParent() throws Exception {
        String m = refusal("hostile_group_loop.emd");
        assertTrue(m.contains("/signals/a/back: the group links back to one of its own parents"), m);
    }

    @Test
    void refusesGroupsNestedDeeperThanTheLimit() throws Exception {
        String m = refusal("hostile_deep_groups.emd");
        assertTrue(m.contains("groups nested more than " + EmLimits.MAX_DEPTH + " deep"), m);
    }

    @Test
    void refusesLzfChunksByName() throws Exception {
        String m = refusal("hostile_lzf.emd");
        assertTrue(m.contains("/signals/lzf/data") && m.contains("LZF"), m);
    }

    @Test
    void neverFollowsAnExternalLinkToAFileOnThisMachine() throws Exception {
        // the fixture's only data is an external link to this path: a reader that follows it would read 42
        Path target = Path.of("/tmp/matdx-emd-external-target.h5");
        try (WritableHdfFile w = HdfFile.write(target)) {
            w.putDataset("secret", new double[] {42, 42, 42});
        }
        try {
            String m = refusal("hostile_external_link.emd");
            assertTrue(m.contains("without EMD structure"), m);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void everyTruncationIsRefusedWithASentence() throws Exception {
        for (String name : List.of("velox_haadf_stack.emd", "ncem_spectrum_image.emd")) {
            byte[] whole = fixture(name);
            for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 97)) {
                byte[] part = Arrays.copyOf(whole, cut);
                try {
                    read(name, part);
                } catch (FormatException e) {
                    assertTrue(e.getMessage().startsWith(name) && !e.getMessage().contains("Exception"), cut + ": " + e.getMessage());
                }
            }
        }
    }
}
