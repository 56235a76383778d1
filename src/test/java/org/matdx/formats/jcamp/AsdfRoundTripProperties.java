package org.matdx.formats.jcamp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.matdx.core.Series;
import org.matdx.formats.Parsed;

/** Any ordinates, written in any ASDF form by an independent encoder, decode to the same values. */
class AsdfRoundTripProperties {
    private static final JcampReader READER = new JcampReader();

    @Provide
    Arbitrary<int[]> ordinates() {
        // Runs of equal values and equal steps, so DUP has something to compress.
        Arbitrary<List<Integer>> run = Combinators.combine(
                Arbitraries.integers().between(-2_000_000, 2_000_000),
                Arbitraries.integers().between(-300, 300),
                Arbitraries.integers().between(1, 14)).as((start, step, len) -> {
                    List<Integer> r = new ArrayList<>();
                    for (int k = 0; k < len; k++) {
                        r.add(start + k * step);
                    }
                    return r;
                });
        return run.list().ofMinSize(1).ofMaxSize(30).map(runs -> runs.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray());
    }

    @Property(tries = 300)
    void everyAsdfFormDecodesToTheEncodedOrdinates(@ForAll("ordinates") int[] y, @ForAll AsdfEncoder.Form form,
                                                   @ForAll @IntRange(min = 1, max = 25) int perLine, @ForAll boolean finalCheckLine)
            throws Exception {
        double yFactor = 0.5; // exact in binary, so the comparison can be exact too
        String text = AsdfEncoder.file(y, form, perLine, finalCheckLine, yFactor);
        List<Parsed> parsed = READER.read("roundtrip.jdx", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        Series s = parsed.get(0).series().get(0);
        double[] expected = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            expected[i] = y[i] * yFactor;
        }
        assertThat(s.y().get(0).values()).containsExactly(expected);
        assertThat(s.points()).isEqualTo(y.length);
        assertThat(s.x().first()).isEqualTo(0.0);
        assertThat(s.x().last()).isEqualTo(y.length - 1.0);
        assertThat(s.x().unit()).isEqualTo("1/cm");
        assertThat(s.y().get(0).unit()).isEqualTo("absorbance");
    }
}
