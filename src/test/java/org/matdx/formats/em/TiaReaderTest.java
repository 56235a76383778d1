package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Readers;
import org.matdx.formats.Recognition;

/** The TIA reader on series written here; the corpus files against HyperSpy are in EmCorpusTest. */
class TiaReaderTest {
    static List<Parsed> read(String name, byte[] ser) throws Exception {
        return new TiaReader().read(name, new ByteArrayInputStream(ser));
    }

    static FormatException refused(byte[] ser) {
        return assertThrows(FormatException.class, () -> read("scan_1.ser", ser));
    }

    @Test
    void aLineScanOfSpectraHasItsScanAndEnergyAxes() throws Exception {
        Signal s = read("scan_1.ser", TiaFixture.lineScan(4, 16, 4)).get(0).signals().get(0);
        assertEquals(List.of(4, 16), Arrays.stream(s.shape()).boxed().toList());
        assertEquals("x", s.axes().get(0).name());
        assertEquals(2.0, s.axes().get(0).scale(), 1e-12); // 2e-9 m → nm
        assertEquals("nm", s.axes().get(0).units());
        assertTrue(s.axes().get(0).navigate());
        assertEquals("Energy", s.axes().get(1).name());
        assertEquals(5.0, s.axes().get(1).scale());
        assertEquals(100.0, s.axes().get(1).offset());
        assertEquals("eV", s.axes().get(1).units());
        assertEquals("int32", s.dtype());
        assertEquals(3015, s.values()[3 * 16 + 15]);
    }

    @Test
    void aStoppedScanIsPaddedAndSaysSo() throws Exception {
        Parsed p = read("scan_1.ser", TiaFixture.lineScan(4, 16, 3)).get(0);
        Signal s = p.signals().get(0);
        assertEquals(64, s.values().length);
        assertEquals(0, s.values()[3 * 16 + 15]); // the fourth position was never recorded
        assertTrue(p.metadata().at("/original_metadata/note").asString().contains("after 3 of 4 positions"));
    }

    @Test
    void anImageIsTurnedUprightAndItsUnitsAreSaidToBeAssumedWithoutTheEmi() throws Exception {
        Parsed p = read("img_1.ser", TiaFixture.image(6, 4)).get(0);
        Signal s = p.signals().get(0);
        assertEquals(List.of(4, 6), Arrays.stream(s.shape()).boxed().toList());
        assertEquals(300, s.values()[0]); // the last stored row is the top one
        assertEquals(5, s.values()[3 * 6 + 5]);
        assertEquals(0.5, s.axes().get(1).scale(), 1e-12);
        assertEquals("nm", s.axes().get(1).units());
        assertEquals(0.5, p.properties().get("pixel_size").value(), 1e-12);
        assertTrue(p.metadata().at("/original_metadata/units_assumed").asString().contains("no .emi"));
    }

    @Test
    void recognisedByContentAndTheEmiAloneGetsASentence() {
        TiaReader r = new TiaReader();
        assertEquals(Recognition.CONTENT, r.recognise("whatever.bin", TiaFixture.image(2, 2)));
        assertEquals(Recognition.NO, r.recognise("a.emi", new byte[] {'J', 'K', 0, 2}));
        String s = Readers.installed().unrecognised("run.emi");
        assertTrue(s.contains("run_1.ser"), s);
        assertNull(r.hint("run.ser"));
    }

    // ---- hostile files: a FormatException naming the file and the byte, never an OutOfMemoryError or a hang

    @Test
    void truncatedAnywhereIsRefusedWithTheOffset() {
        byte[] ser = TiaFixture.lineScan(4, 16, 4);
        for (int cut = 1; cut < ser.length; cut += 5) {
            byte[] part = Arrays.copyOf(ser, cut);
            FormatException e = assertThrows(FormatException.class, () -> read("scan_1.ser", part), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("scan_1.ser"), e.getMessage());
        }
    }

    @Test
    void hugeDeclaredSizesAreRefusedBeforeAllocating() {
        byte[] ser = TiaFixture.lineScan(4, 16, 4);
        // a spectrum length of 2³¹−1 channels in the first element
        int data = 30 + 32 + 6 + 6 + 8 * 4;
        ByteBuffer.wrap(ser).order(ByteOrder.LITTLE_ENDIAN).putInt(data + 22, Integer.MAX_VALUE);
        FormatException e = refused(ser);
        assertTrue(e.getMessage().contains(", byte " + (data + 22)), e.getMessage()); // the spectrum length

        byte[] img = TiaFixture.image(6, 4);
        int el = 30 + 32 + 6 + 6 + 8;
        ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).putInt(el + 42, 65535).putInt(el + 46, 65535);
        assertTrue(refused(img).getMessage().startsWith("scan_1.ser, byte "));
    }

    @Test
    void negativeOrAbsurdCountsAndOffsetsAreRefused() {
        byte[] a = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(14, -1); // total elements 4 294 967 295
        assertTrue(refused(a).getMessage().contains("byte 14"));
        byte[] b = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -8); // offset array beyond the file
        assertTrue(refused(b).getMessage().contains("truncated or corrupt"));
        byte[] c = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(30 + 24, Integer.MAX_VALUE); // description length
        assertTrue(refused(c).getMessage().contains("dimension description"));
        byte[] d = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putInt(26, 1000); // dimensions
        assertTrue(refused(d).getMessage().contains("1000 scan dimensions"));
    }

    @Test
    void elementsPointingAtOneAnotherCannotMultiplyTheFile() {
        // 4 096 positions declared, one recorded, every offset on it: padding would turn 1 KiB into 64 k values
        byte[] ser = TiaFixture.lineScan(4, 16, 1);
        ByteBuffer bb = ByteBuffer.wrap(ser).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(14, 4096).putInt(30, 4096);
        FormatException e = refused(ser);
        assertTrue(e.getMessage().startsWith("scan_1.ser, byte "), e.getMessage());
    }

    /** Found by the fuzzer: a width of 3 120 562 186 (a u32 read as a negative int) reached the axis constructor. */
    @Test
    void sizesBeyondTheLimitsAreRefusedBeforeAnyAxisIsMade() {
        byte[] img = TiaFixture.image(6, 4);
        int el = 30 + 32 + 6 + 6 + 8;
        ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).putInt(el + 42, (int) 3_120_562_186L);
        FormatException e = refused(img);
        assertTrue(e.getMessage().startsWith("scan_1.ser, byte " + (el + 42)) && e.getMessage().contains("3120562186"), e.getMessage());
        byte[] scan = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(scan).order(ByteOrder.LITTLE_ENDIAN).putInt(30, 0); // a scan dimension of no points
        assertTrue(refused(scan).getMessage().startsWith("scan_1.ser, byte 30: a dimension of 0 points"));
    }

    /** Found by the fuzzer: a NaN calibration reached the axis constructor. */
    @Test
    void aCalibrationThatIsNotANumberIsRefusedAtItsByte() {
        byte[] img = TiaFixture.image(6, 4);
        int el = 30 + 32 + 6 + 6 + 8;
        ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).putDouble(el + 20, Double.NaN);
        assertTrue(refused(img).getMessage().startsWith("scan_1.ser, byte " + (el + 20) + ": image calibration is NaN"));
        byte[] scan = TiaFixture.lineScan(4, 16, 4);
        ByteBuffer.wrap(scan).order(ByteOrder.LITTLE_ENDIAN).putDouble(30 + 12, 1e300); // 1e300 m would be ∞ nm
        assertTrue(refused(scan).getMessage().startsWith("scan_1.ser, byte 42: dimension calibration delta is 1.0E300"));
    }
}
