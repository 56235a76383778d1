package org.matdx.formats.jcamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;

/** Broken and truncated JCAMP-DX files fail with the line; the ASDF examples of the specification decode as it says. */
class JcampBrokenFilesTest {
    private static final JcampReader READER = new JcampReader();
    private static final int[] Y = {1000, 1020, 1040, 1040, 1040, 990, 980, 980, 985, 2000, 2000, 1500};

    private static List<Parsed> read(String text) throws Exception {
        return READER.read("broken.jdx", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String difdup() {
        return AsdfEncoder.file(Y, AsdfEncoder.Form.DIFDUP, 5, true, 1);
    }

    private static FormatException failure(String text) {
        try {
            read(text);
        } catch (FormatException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a FormatException");
    }

    @Test
    void specificationExamplesDecode() throws Exception {
        // JCAMP-DX 4.24 §5.9: the same ordinates 1 2 3 3 2 1 0 -1 -2 -3 in AFFN, PAC, SQZ, DIF and DIFDUP.
        double[] expected = {1, 2, 3, 3, 2, 1, 0, -1, -2, -3};
        for (String line : List.of("1 1 2 3 3 2 1 0 -1 -2 -3", "1+1+2+3+3+2+1+0-1-2-3", "1ABCCBA@abc", "1AJJ%jjjjjj", "1AJT%jX")) {
            Asdf.Decoded d = Asdf.decode(line);
            double[] ys = java.util.Arrays.copyOfRange(d.values(), 1, d.values().length);
            assertThat(ys).as(line).containsExactly(expected);
        }
        assertThat(Asdf.decode("1AJT%jX").endsInDif()).isTrue();
        assertThat(Asdf.decode("1ABCCBA@abc").endsInDif()).isFalse();
        assertThat(Asdf.decode("0.5E+01 A").values()).containsExactly(5.0, 1.0);
    }

    @Test
    void encodedFixtureDecodes() throws Exception {
        Series s = read(difdup()).get(0).series().get(0);
        assertThat(s.y().get(0).values()).containsExactly(1000, 1020, 1040, 1040, 1040, 990, 980, 980, 985, 2000, 2000, 1500);
    }

    @Test
    void rejectsATruncatedFileWithTheLastLine() {
        String text = difdup();
        String cut = text.substring(0, text.indexOf("##END="));
        FormatException e = failure(cut);
        assertThat(e.line()).isEqualTo(cut.split("\r\n").length);
        assertThat(e.getMessage()).contains("truncated");
    }

    @Test
    void rejectsMissingPointsAtTheLastDataLine() {
        String text = difdup();
        String[] lines = text.split("\r\n");
        // Drop the last data line and its check line: fewer ordinates than NPOINTS.
        String cut = String.join("\r\n", java.util.Arrays.copyOf(lines, lines.length - 3)) + "\r\n##END=\r\n";
        FormatException e = failure(cut);
        assertThat(e.getMessage()).contains("expected ##NPOINTS=12 ordinates");
        assertThat(e.line()).isEqualTo(lines.length - 3);
    }

    @Test
    void rejectsAWrongYCheckValueAtItsLine() {
        String text = difdup();
        String[] lines = text.split("\r\n");
        int second = java.util.Arrays.asList(lines).indexOf("##XYDATA=(X++(Y..Y))") + 2;
        // The second data line starts with X=4 and the check value 1040 (SQZ "A040"); make it 1041.
        assertThat(lines[second]).startsWith("4A040");
        lines[second] = lines[second].replaceFirst("^4A040", "4A041");
        FormatException e = failure(String.join("\r\n", lines));
        assertThat(e.line()).isEqualTo(second + 1);
        assertThat(e.getMessage()).contains("Y check value 1041 does not match the last ordinate 1040");
    }

    @Test
    void rejectsAnXValueThatDoesNotFollowFirstxAndDeltax() {
        String text = AsdfEncoder.file(Y, AsdfEncoder.Form.AFFN, 4, false, 1);
        String[] lines = text.split("\r\n");
        int second = java.util.Arrays.asList(lines).indexOf("##XYDATA=(X++(Y..Y))") + 2;
        lines[second] = lines[second].replaceFirst("^4 ", "7 ");
        FormatException e = failure(String.join("\r\n", lines));
        assertThat(e.line()).isEqualTo(second + 1);
        assertThat(e.getMessage()).contains("X value 7").contains("does not match point 5");
    }

    @Test
    void rejectsACharacterOutsideAsdfWithLineAndColumn() {
        String text = difdup().replace("\r\n0A", "\r\n0A#");
        FormatException e = failure(text);
        assertThat(e.getMessage()).contains("column 3").contains("'#'");
        assertThat(e.line()).isGreaterThan(10);
    }

    @Test
    void rejectsAFileWithoutData() {
        FormatException e = failure("##TITLE=nothing\r\n##JCAMP-DX=5.01\r\n##END=\r\n");
        assertThat(e.getMessage()).contains("no spectral data");
    }

    @Test
    void recognisesByContentBeforeName() {
        byte[] head = difdup().getBytes(StandardCharsets.US_ASCII);
        assertThat(READER.recognise("spectrum.txt", head)).isEqualTo(Recognition.CONTENT);
        assertThat(READER.recognise("spectrum.jdx", "x y\n1 2\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Recognition.NAME);
        assertThat(READER.recognise("spectrum.txt", "x y\n1 2\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Recognition.NO);
    }

    @Test
    void readsXyPointsWithFactorsAndNtuplesPagesOfDifferentLength() throws Exception {
        String text = """
                ##TITLE=points
                ##JCAMP-DX=5.01
                ##DATA TYPE=UV/VIS SPECTRUM
                ##XUNITS=NANOMETERS
                ##YUNITS=ABSORBANCE
                ##XFACTOR=0.1
                ##YFACTOR=0.001
                ##NPOINTS=3
                ##XYPOINTS=(XY..XY)
                2000, 150; 2500, 900
                3000, 20
                ##END=
                """;
        Series s = read(text).get(0).series().get(0);
        assertThat(s.x().values()).containsExactly(200.0, 250.0, 300.0);
        assertThat(s.y().get(0).values()).containsExactly(0.15, 0.9, 0.02);
        assertThat(s.x().unit()).isEqualTo("nm");
        assertThat(s.x().name()).isEqualTo("wavelength");
        FormatException e = failure(text.replace("3000, 20\n", "3000\n"));
        assertThat(e.getMessage()).contains("not a whole number of 2-value groups");
        assertThat(e.line()).isEqualTo(11);
    }

    private static final String NTUPLES = """
            ##TITLE=ntuples fixture
            ##JCAMP-DX=5.01
            ##DATA TYPE=NMR SPECTRUM
            ##DATA CLASS=NTUPLES
            ##NTUPLES=NMR SPECTRUM
            ##VAR_NAME=FREQUENCY, SPECTRUM/REAL, SPECTRUM/IMAG, PAGE NUMBER
            ##SYMBOL=X, R, I, N
            ##VAR_TYPE=INDEPENDENT, DEPENDENT, DEPENDENT, PAGE
            ##VAR_FORM=AFFN, ASDF, ASDF, AFFN
            ##VAR_DIM=4, 4, 4, 2
            ##UNITS=HZ, ARBITRARY UNITS, ARBITRARY UNITS,
            ##FIRST=300, 5, -6, 1
            ##LAST=0, 6.5, 4, 2
            ##FACTOR=100, 0.5, 2, 1
            ##PAGE=N=1
            ##DATA TABLE=(X++(R..R)), XYDATA   $$ real part
            3A0JU
            ##PAGE=N=2
            ##DATA TABLE=(X++(I..I)), XYDATA   $$ imaginary part
            3 -3 4 -3 2
            ##END NTUPLES=NMR SPECTRUM
            ##END=
            """;

    @Test
    void ntuplesRealAndImaginaryPagesBecomeOneSeriesWithFactorsApplied() throws Exception {
        Parsed p = read(NTUPLES).get(0);
        assertThat(p.series()).hasSize(1);
        Series s = p.series().get(0);
        assertThat(s.x().values()).containsExactly(300.0, 200.0, 100.0, 0.0);
        assertThat(s.x().unit()).isEqualTo("Hz");
        assertThat(s.y()).extracting(a -> a.name()).containsExactly("spectrum/real", "spectrum/imag");
        assertThat(s.y().get(0).values()).containsExactly(5.0, 5.5, 6.0, 6.5);
        assertThat(s.y().get(1).values()).containsExactly(-6.0, 8.0, -6.0, 4.0);
    }

    @Test
    void ntuplesPagesOfOneVariableStaySeparate() throws Exception {
        List<Parsed> p = read(NTUPLES.replace("(X++(I..I))", "(X++(R..R))").replace("3 -3 4 -3 2", "3 10 11 12 13"));
        assertThat(p.get(0).series()).extracting(Series::name).containsExactly("ntuples fixture — page N=1", "ntuples fixture — page N=2");
    }

    @Test
    void ntuplesPageWithTooFewPointsNamesItsLine() {
        FormatException e = failure(NTUPLES.replace("3 -3 4 -3 2", "3 -3 4 -3"));
        assertThat(e.line()).isEqualTo(20);
        assertThat(e.getMessage()).contains("expected ##NPOINTS=4 ordinates").contains("found 3");
    }

    @Test
    void withoutLastxOrDeltaxTheSpacingFollowsTheLineStarts() throws Exception {
        String text = AsdfEncoder.file(Y, AsdfEncoder.Form.SQZ, 5, false, 1).replaceAll("##LASTX=[^\\r]*\\r\\n", "");
        Series s = read(text).get(0).series().get(0);
        assertThat(s.x().values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void pointPairsUnderXydataAreReadAsPoints() throws Exception {
        String text = "##TITLE=pairs\n##JCAMP-DX=5.01\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##NPOINTS=2\n##XYDATA=(XY..XY)\n400,0.1 500,0.3\n##END=\n";
        Series s = read(text).get(0).series().get(0);
        assertThat(s.x().values()).containsExactly(400.0, 500.0);
        assertThat(s.y().get(0).values()).containsExactly(0.1, 0.3);
    }

    @Test
    void aLinkFileMissingOneOfItsBlocksIsRejectedAtBlocks() {
        String text = "##TITLE=link\n##JCAMP-DX=5.01\n##DATA TYPE=LINK\n##BLOCKS=2\n"
                + AsdfEncoder.file(Y, AsdfEncoder.Form.PAC, 6, false, 1) + "##END=\n";
        FormatException e = failure(text);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("##BLOCKS=2 but the link block holds 1 blocks");
    }

    @Test
    void anAbsurdNpointsDoesNotAllocateButFails() {
        String text = AsdfEncoder.file(Y, AsdfEncoder.Form.AFFN, 6, false, 1).replace("##NPOINTS=12", "##NPOINTS=2000000000")
                .replaceAll("##LASTX=[^\\r]*\\r\\n", "##DELTAX=1\r\n");
        FormatException e = failure(text);
        assertThat(e.getMessage()).contains("expected ##NPOINTS=2000000000 ordinates").contains("found 12");
    }
}
