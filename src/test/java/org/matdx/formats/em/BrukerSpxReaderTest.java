package org.matdx.formats.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;

/** The Bruker .spx reader on a spectrum written here; the corpus files against HyperSpy are in EmCorpusTest. */
class BrukerSpxReaderTest {
    static final String SPX = """
            <?xml version="1.0" encoding="WINDOWS-1252" standalone="yes"?>
            <TRTSpectrum>
              <ClassInstance Type="TRTSpectrum" Name="grain 4">
                <TRTHeaderedClass>
                  <ClassInstance Type="TRTSpectrumHardwareHeader"><RealTime>40000</RealTime><LifeTime>25000</LifeTime></ClassInstance>
                  <ClassInstance Type="TRTDetectorHeader"><Type>XFlash 6|30</Type></ClassInstance>
                  <ClassInstance Type="TRTESMAHeader"><PrimaryEnergy>1.5E1</PrimaryEnergy><ElevationAngle>3.5E1</ElevationAngle></ClassInstance>
                </TRTHeaderedClass>
                <ClassInstance Type="TRTSpectrumHeader"><Date>5.12.2026</Date><Time>13:01:02</Time><ChannelCount>5</ChannelCount>
                  <CalibAbs>-4.7225E-1</CalibAbs><CalibLin>1E-2</CalibLin></ClassInstance>
                <Channels>0,3,17,4,1</Channels>
              </ClassInstance>
            </TRTSpectrum>
            """;

    static Parsed read(String xml) throws Exception {
        return new BrukerSpxReader().read("grain.spx", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).get(0);
    }

    @Test
    void countsCalibrationExcitationAndTimes() throws Exception {
        Parsed p = read(SPX);
        Signal s = p.signals().get(0);
        assertEquals(5, s.values().length);
        assertEquals(17, s.values()[2]);
        assertEquals(-0.47225, s.axes().get(0).offset());
        assertEquals(0.01, s.axes().get(0).scale());
        assertEquals("keV", s.axes().get(0).units());
        assertEquals(15.0, p.properties().get("beam_energy").value());
        assertEquals(25.0, p.properties().get("exposure_time").value());
        assertEquals("SEM", p.metadata().at("/acquisition/microscope").asString());
        assertEquals("grain 4", p.metadata().at("/acquisition/specimen").asString());
        assertEquals("XFlash 6|30", p.metadata().at("/acquisition/detector").asString());
        assertEquals(1, p.series().size()); // plotted and searched like any spectrum
    }

    @Test
    void hostileOrBrokenFilesAreRefusedByName() {
        for (String bad : new String[] {
                SPX.replace("0,3,17,4,1", "0,3,x,4"), SPX.replace("0,3,17,4,1", "0,-3"), SPX.replace("<CalibLin>1E-2</CalibLin>", ""),
                SPX.substring(0, SPX.length() / 2), SPX.replace("TRTSpectrum\" Name", "Other\" Name"),
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><TRTSpectrum>&b;</TRTSpectrum>"}) {
            FormatException e = assertThrows(FormatException.class, () -> read(bad), bad);
            assertTrue(e.getMessage().startsWith("grain.spx"), e.getMessage());
        }
    }
}
