package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.matdx.formats.xrd.TwoColumnReaderTest.read;
import static org.matdx.formats.xrd.TwoColumnReaderTest.utf8;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Readers;
import org.matdx.formats.Recognition;

/** Issue 21: Bruker UXD and start-step-end neutron powder .dat files, written by this test in the documented layouts. */
class UxdAndNeutronDatTest {
    private static final UxdReader UXD = new UxdReader();
    private static final StartStepEndReader DAT = new StartStepEndReader();

    /** Two ranges: intensities only (_COUNTS, several a line) and a 2θ–cps pair list; a peak list to skip. */
    static final String TWO_RANGES = """
            ; (C) Bruker DIFFRACplus, written by hand for a test
            _FILEVERSION=1
            _SAMPLE='Corundum SRM 676a'
            _ANODE='Cu'
            _WL1=1.540600
            _WL2=1.544390
            _WLRATIO=0.500000
            ; (Data for Range number 1)
            _DRIVE='COUPLED'
            _STEPTIME=1.000000
            _STEPSIZE=0.020000
            _START=25.0000
            _STEPCOUNT=10
            _COUNTS
                 101      102      103      104      105      106      107      108
                 109      110
            ; (Data for Range number 2)
            _DRIVE='OMEGA'
            _STEPSIZE=0.01
            _2THETACPS
            17.00, 5.5
            17.01, 6.5
            17.02 7.5
            ; a peak list: not a scan
            _DRIVE='COUPLED'
            _2THETA-I
            25.57 100
            """;

    @Test
    void uxdRangesBecomeSeriesWithTheirAxes() throws Exception {
        assertThat(UXD.recognise("a.uxd", utf8(TWO_RANGES))).isEqualTo(Recognition.CONTENT);
        assertThat(UXD.recognise("a.txt", utf8(TWO_RANGES))).isEqualTo(Recognition.CONTENT);
        assertThat(new TwoColumnReader().recognise("a.txt", utf8(TWO_RANGES))).isNotEqualTo(Recognition.CONTENT);
        Parsed p = read(UXD, "corundum.uxd", utf8(TWO_RANGES));
        assertThat(p.title()).isEqualTo("Corundum SRM 676a");
        assertThat(p.series()).hasSize(2);
        Series first = p.series().get(0);
        assertThat(first.x().name()).isEqualTo("two_theta");
        assertThat(first.x().unit()).isEqualTo("deg");
        assertThat(first.points()).isEqualTo(10);
        assertThat(first.x().first()).isEqualTo(25.0);
        assertThat(first.x().last()).isCloseTo(25.18, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.y().get(0).values()).containsExactly(101, 102, 103, 104, 105, 106, 107, 108, 109, 110);
        assertThat(first.y().get(0).unit()).isEqualTo("counts");
        Series second = p.series().get(1);
        assertThat(second.x().name()).isEqualTo("omega");
        assertThat(second.x().values()).containsExactly(17.0, 17.01, 17.02);
        assertThat(second.y().get(0).unit()).isEqualTo("counts/s");
        assertThat(p.metadata().at("/wavelength_angstrom/k_alpha1").asDouble()).isEqualTo(1.5406);
        assertThat(p.metadata().at("/wavelength_angstrom/ratio").asDouble()).isEqualTo(0.5);
        assertThat(p.metadata().path("anode").asString()).isEqualTo("Cu");
        assertThat(p.metadata().path("two_theta_start").asDouble()).isEqualTo(25.0);
        assertThat(p.metadata().at("/scan_list/2/peak_list").asBoolean()).isTrue();
    }

    @Test
    void brokenUxdSaysWhereAndWhy() {
        assertThatThrownBy(() -> read(UXD, "cut.uxd", utf8(TWO_RANGES.replace("_STEPCOUNT=10", "_STEPCOUNT=12"))))
                .isInstanceOf(FormatException.class).hasMessageContaining("_STEPCOUNT=12").hasMessageContaining("10 points");
        assertThatThrownBy(() -> read(UXD, "x.uxd", utf8("_FILEVERSION=1\n_DRIVE='COUPLED'\n_COUNTS\n1 2 x3\n")))
                .isInstanceOf(FormatException.class).hasMessageContaining("line 4").hasMessageContaining("'x3'");
        assertThatThrownBy(() -> read(UXD, "x.uxd", utf8("_FILEVERSION=1\n_DRIVE='COUPLED'\n_COUNTS\n1 2 3\n")))
                .isInstanceOf(FormatException.class).hasMessageContaining("_START");
        assertThatThrownBy(() -> read(UXD, "x.uxd", utf8("_FILEVERSION=1\n_COUNTS\n1 2 3\n")))
                .isInstanceOf(FormatException.class).hasMessageContaining("before any _DRIVE");
        assertThatThrownBy(() -> read(UXD, "x.uxd", utf8("_FILEVERSION=1\n_DRIVE='2THETA'\n_2THETACOUNTS\n10 1\n11\n")))
                .isInstanceOf(FormatException.class).hasMessageContaining("odd count");
    }

    /** ILL D1A/D2B and PSI DMC: title lines, "start step end" (and more numbers), then intensities ten a line. */
    static String dat(int points) {
        StringBuilder sb = new StringBuilder("LaB6 D2B 1.594 A  T=300K\n  numor 123456\n  10.000  0.050  ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", 10 + 0.05 * (points - 1))).append("  1.5940  300.0\n");
        for (int i = 0; i < points; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%8.1f", 1000.0 + i)).append(i % 10 == 9 ? "\n" : "");
        }
        return sb.append('\n').toString();
    }

    @Test
    void startStepEndDatIsAPowderPatternInTwoTheta() throws Exception {
        String f = dat(25);
        assertThat(DAT.recognise("lab6.dat", utf8(f))).isEqualTo(Recognition.CONTENT);
        assertThat(new TwoColumnReader().recognise("lab6.dat", utf8(f))).isEqualTo(Recognition.NO);
        assertThat(DAT.recognise("lab6.txt", utf8(f))).isEqualTo(Recognition.NO);
        assertThat(DAT.recognise("xy.dat", utf8("10 1\n11 2\n12 3\n13 4\n14 5\n"))).isEqualTo(Recognition.NO);
        Parsed p = read(DAT, "lab6.dat", utf8(f));
        Series s = p.series().get(0);
        assertThat(s.x().name()).isEqualTo("two_theta");
        assertThat(s.points()).isEqualTo(25);
        assertThat(s.x().first()).isEqualTo(10.0);
        assertThat(s.x().last()).isEqualTo(11.2);
        assertThat(s.y().get(0).first()).isEqualTo(1000.0);
        assertThat(s.y().get(0).last()).isEqualTo(1024.0);
        assertThat(p.title()).isEqualTo("LaB6 D2B 1.594 A  T=300K");
        assertThat(p.metadata().path("range_line_values").get(3).asDouble()).isEqualTo(1.594);
    }

    @Test
    void startStepEndDatWithTheWrongCountIsRefused() {
        String cut = dat(25).replace("1024.0", "");
        assertThatThrownBy(() -> read(DAT, "cut.dat", utf8(cut))).isInstanceOf(FormatException.class)
                .hasMessageContaining("25 steps").hasMessageContaining("24 numbers");
        // the same intensities twice are not esds (esd ∝ I, not √I): refused, not guessed
        String doubled = dat(25) + dat(25).substring(dat(25).indexOf("1000.0") - 2);
        assertThatThrownBy(() -> read(DAT, "esd.dat", utf8(doubled))).hasMessageContaining("not the esds of the first")
                .hasMessageContaining("does not say which");
    }

    /**
     * PSI DMC/HRPT layout (written for this test after the layout Fox/ObjCryst's DMC import reads): two
     * title lines, "start step end" (and more numbers), then every intensity and after them every esd,
     * ten a line. Intensities are monitor-normalised counts, esds √counts × the same factor.
     */
    static String dmc(boolean withEsds, boolean pairs) {
        int n = 120;
        StringBuilder sb = new StringBuilder("DMC  Na2Ca3Al2F14  T=1.6K  lambda=2.4586\n  file dmc2026n001234  monitor 1.0E6\n")
                .append("   5.000   0.200  28.800   2.4586   1.60\n");
        double norm = 0.37;
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
            double tt = 5 + 0.2 * i;
            counts[i] = Math.rint(200 + 9000 * Math.exp(-Math.pow((tt - 14.6) / 0.5, 2)) + 4000 * Math.exp(-Math.pow((tt - 22.3) / 0.6, 2)));
        }
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(pairs ? String.format(java.util.Locale.ROOT, "%d %.1f", 2 + i % 3, counts[i] * norm)
                    : String.format(java.util.Locale.ROOT, "%.2f", counts[i] * norm));
        }
        if (withEsds) {
            for (int i = 0; i < n; i++) {
                numbers.add(String.format(java.util.Locale.ROOT, "%.3f", Math.sqrt(counts[i]) * norm));
            }
        }
        for (int i = 0; i < numbers.size(); i++) {
            sb.append(' ').append(numbers.get(i)).append(i % 10 == 9 ? "\n" : "");
        }
        return sb.append('\n').toString();
    }

    @Test
    void psiDmcIntensitiesFollowedByTheirEsdsAreReadAsBoth() throws Exception {
        String f = dmc(true, false);
        assertThat(DAT.recognise("dmc2026n001234.dat", utf8(f))).isEqualTo(Recognition.CONTENT);
        Parsed p = read(DAT, "dmc2026n001234.dat", utf8(f));
        Series s = p.series().get(0);
        assertThat(s.points()).isEqualTo(120);
        assertThat(s.x().first()).isEqualTo(5.0);
        assertThat(s.x().last()).isEqualTo(28.8);
        assertThat(s.y()).extracting(org.matdx.core.Axis::name).containsExactly("intensity", "intensity_esd");
        assertThat(s.y().get(0).first()).isEqualTo(74.0); // 200 counts × 0.37
        assertThat(s.y().get(1).first()).isCloseTo(Math.sqrt(200) * 0.37, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(s.y().get(1).last()).isCloseTo(Math.sqrt(200) * 0.37, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(p.metadata().path("layout").asString()).contains("PSI DMC");
        assertThat(p.title()).startsWith("DMC  Na2Ca3Al2F14");
        // without esds: intensities only, as before
        assertThat(read(DAT, "dmc.dat", utf8(dmc(false, false))).series().get(0).y()).hasSize(1);
        // detector-number/intensity pairs (ILL's layout): twice the count, but not esds — refused with the reason
        assertThatThrownBy(() -> read(DAT, "pairs.dat", utf8(dmc(false, true)))).isInstanceOf(FormatException.class)
                .hasMessageContaining("not the esds of the first");
    }

    @Test
    void newReadersAreInstalledAndWinByContent() {
        Readers readers = Readers.installed();
        assertThat(ServiceLoader.load(Reader.class).stream().map(ServiceLoader.Provider::type).map(Class::getSimpleName))
                .contains("UxdReader", "StartStepEndReader");
        assertThat(readers.byId("xrd.uxd")).isPresent();
        assertThat(readers.byId("powder.start-step-end")).isPresent();
    }
}
