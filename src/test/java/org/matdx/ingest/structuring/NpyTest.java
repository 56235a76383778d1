package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** When the .npy array is deflated, and how. */
class NpyTest {

    private static byte[] uint16(int n, java.util.function.IntUnaryOperator value) {
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            int v = value.applyAsInt(i);
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >> 8);
        }
        return b;
    }

    @Test
    void noisyCountsStayRawSparseOnesAreDeflatedWithStringMatching() {
        Random r = new Random(1);
        // 800–1000 counts of noise: only the high byte repeats, deflating would take a third off at most
        assertThat(Npy.strategy(uint16(1 << 18, i -> 800 + r.nextInt(200)))).isEqualTo(-1);
        // a dark background with a rare event: long runs of zeros
        assertThat(Npy.strategy(uint16(1 << 18, i -> i % 997 == 0 ? 300 : 0))).isEqualTo(Deflater.DEFAULT_STRATEGY);
        // 3-bit noise in 16-bit words: nothing repeats as strings, but the Huffman code halves it and more
        assertThat(Npy.strategy(uint16(1 << 18, i -> r.nextInt(8)))).isEqualTo(Deflater.HUFFMAN_ONLY);
    }

    @Test
    void sixteenBitWordsEncodeToTheBytesOfTheirWidenedValues() {
        Random r = new Random(3);
        java.util.List<org.matdx.core.SignalAxis> axes = java.util.List.of(new org.matdx.core.SignalAxis("height", 300, 1, 0, "nm", false),
                new org.matdx.core.SignalAxis("width", 500, 1, 0, "nm", false));
        for (String dtype : new String[] {"uint16", "int16"}) {
            for (boolean sparse : new boolean[] {false, true}) { // raw and gzipped
                short[] w = new short[300 * 500];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (short) (sparse ? (i % 991 == 0 ? -2 : 0) : r.nextInt(1 << 16));
                }
                org.matdx.core.Signal words = org.matdx.core.Signal.ofShorts("t", axes, dtype, w, "");
                org.matdx.core.Signal widened = new org.matdx.core.Signal("t", axes, dtype, words.values().clone(), null, "");
                Npy.Encoded a = Npy.encode(words);
                Npy.Encoded b = Npy.encode(widened);
                assertThat(a.gzipped()).isEqualTo(sparse);
                assertThat(a.bytes()).isEqualTo(b.bytes());
            }
        }
    }
}
