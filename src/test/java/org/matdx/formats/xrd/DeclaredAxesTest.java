package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.matdx.formats.xrd.TwoColumnReaderTest.read;
import static org.matdx.formats.xrd.TwoColumnReaderTest.utf8;

import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;

/**
 * Issue 21: a two-column file's header says what its axes are, and the reader believes it; a file
 * that says nothing gets an axis called unknown, not 2θ. Every file here is written by this test
 * in the shape the issue reports (spectrometer CSV, refinement log table, height scan, Fit2D .chi).
 */
class DeclaredAxesTest {
    private static final TwoColumnReader READER = new TwoColumnReader();

    private static Series series(String name, String text) throws Exception {
        return read(READER, name, utf8(text)).series().get(0);
    }

    @Test
    void csvWithTitlesAndUnitsRowIsAWavelengthScan() throws Exception {
        Parsed p = read(READER, "uvvis.csv", utf8("Wavelength,S1\nnm,CPS\n400.0,1200\n400.5,1250\n401.0,1190\n"));
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("wavelength");
        assertThat(s.x().unit()).isEqualTo("nm");
        assertThat(s.y().get(0).name()).isEqualTo("S1");
        assertThat(s.y().get(0).unit()).isEqualTo("counts/s");
        assertThat(p.metadata().path("x_axis_source").asString()).isEqualTo("column titles");
        assertThat(p.metadata().has("two_theta_start")).isFalse();
        assertThat(p.metadata().path("x_start").asDouble()).isEqualTo(400.0);
    }

    @Test
    void labelsLineNamesTemperatureAndRw() throws Exception {
        Series s = series("refinement.dat", "# Labels: [Temperature] [Rw]\n156.0 0.081\n186.0 0.079\n246.0 0.090\n");
        assertThat(s.x().name()).isEqualTo("temperature");
        assertThat(s.y().get(0).name()).isEqualTo("Rw");
        assertThat(s.x().values()).containsExactly(156.0, 186.0, 246.0);
    }

    @Test
    void scantypeZIsASampleHeightScanNotTwoTheta() throws Exception {
        Parsed p = read(READER, "height.xy", utf8("Scantype: \"Z\"\n-1.0 10\n-0.5 500\n0.0 1000\n0.5 480\n"));
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("z");
        assertThat(s.x().unit()).isEmpty(); // the file does not say millimetres, so neither do we
        assertThat(s.y().get(0).name()).isEqualTo("unknown");
        assertThat(p.metadata().path("x_axis_source").asString()).isEqualTo("scan type");
    }

    @Test
    void bareFileWithoutConventionIsUnknown() throws Exception {
        Parsed p = read(READER, "numbers.csv", utf8("156,1\n200,2\n246,3\n"));
        assertThat(p.series().get(0).x().name()).isEqualTo("unknown");
        assertThat(p.metadata().path("x_axis_source").asString()).isEqualTo("not stated");
        // .xy beyond 180: cannot be 2θ either
        assertThat(series("t.xy", "156 1\n200 2\n246 3\n").x().name()).isEqualTo("unknown");
    }

    @Test
    void bareXyWithinZeroTo180IsTwoThetaSaidToBeAssumed() throws Exception {
        Parsed p = read(READER, "scan.xy", utf8("10 1\n10.02 2\n10.04 3\n"));
        assertThat(p.series().get(0).x().name()).isEqualTo("two_theta");
        assertThat(p.series().get(0).x().unit()).isEqualTo("deg");
        assertThat(p.metadata().path("x_axis_source").asString()).isEqualTo("assumed from the .xy convention");
    }

    @Test
    void titlesWithUnitsInBracketsSlashesAndPyFaiNames() throws Exception {
        Series q = series("saxs.dat", "Q [1/A]\tI [a.u.]\n0.01\t100\n0.02\t90\n");
        assertThat(q.x().name()).isEqualTo("q");
        assertThat(q.x().unit()).isEqualTo("1/Å");
        assertThat(q.y().get(0).name()).isEqualTo("intensity");
        assertThat(q.y().get(0).unit()).isEqualTo("arb. units");
        Series py = series("ring.dat", "# == pyFAI calibration ==\n#  2th_deg  I\n5.0 10\n5.1 12\n");
        assertThat(py.x().name()).isEqualTo("two_theta");
        assertThat(py.x().unit()).isEqualTo("deg");
        Series t = series("rt.csv", "T/K,R/Ohm\n300,1.5\n290,1.4\n");
        assertThat(t.x().name()).isEqualTo("temperature");
        assertThat(t.x().unit()).isEqualTo("K");
    }

    @Test
    void fit2dChiInTwoThetaAndInQ() throws Exception {
        String twoTheta = " sample 3, ring integration\n 2-Theta Angle (Degrees)\n Intensity\n       3\n  0.1000E+01  0.5000E+03\n  0.1100E+01  0.5200E+03\n  0.1200E+01  0.4900E+03\n";
        assertThat(READER.recognise("a.chi", utf8(twoTheta))).isEqualTo(Recognition.CONTENT);
        Parsed p = read(READER, "a.chi", utf8(twoTheta));
        assertThat(p.series().get(0).x().name()).isEqualTo("two_theta");
        assertThat(p.series().get(0).x().unit()).isEqualTo("deg");
        assertThat(p.series().get(0).x().values()).containsExactly(1.0, 1.1, 1.2);
        assertThat(p.metadata().path("format").asString()).isEqualTo("Fit2D .chi");
        Series q = series("b.chi", "title\nQ (Angstroms^-1)\nIntensity\n2\n0.5 10\n0.6 11\n");
        assertThat(q.x().name()).isEqualTo("q");
        assertThat(q.x().unit()).isEqualTo("1/Å");
        Series qnm = series("c.chi", "title\nQ (nm^-1)\nIntensity\n2\n5 10\n6 11\n");
        assertThat(qnm.x().unit()).isEqualTo("1/nm");
        assertThatThrownBy(() -> read(READER, "short.chi", utf8("title\nQ (nm^-1)\nIntensity\n3\n5 10\n6 11\n")))
                .isInstanceOf(FormatException.class).hasMessageContaining("declares 3 points but 2");
    }

    @Test
    void tsvIsReadAndItsTitlesBelieved() throws Exception {
        assertThat(READER.recognise("scan.tsv", utf8("2theta\tintensity\n10\t1\n11\t2\n"))).isEqualTo(Recognition.CONTENT);
        Series s = series("scan.tsv", "2theta\tintensity\n10\t1\n11\t2\n");
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.y().get(0).name()).isEqualTo("intensity");
    }
}
