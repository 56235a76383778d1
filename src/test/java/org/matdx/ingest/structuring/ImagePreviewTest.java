package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.imaging.IntensityStatistics;

/** The preview of an image held as 16-bit words is the preview of its widened values, pixel for pixel. */
class ImagePreviewTest {

    @Test
    void sixteenBitWordsGiveThePreviewOfTheirWidenedValues() {
        Random r = new Random(9);
        int[][] sizes = {{500, 300}, {1500, 1100}, {90, 70}}; // as is, reduced, enlarged
        for (String dtype : new String[] {"uint16", "int16"}) {
            for (int[] size : sizes) {
                int w = size[0];
                int h = size[1];
                short[] words = new short[w * h];
                for (int i = 0; i < words.length; i++) {
                    words[i] = (short) (i % 1013 == 0 ? -3 : 1000 + r.nextInt(9000)); // hot and cold pixels beyond the stretch
                }
                List<SignalAxis> axes = List.of(new SignalAxis("height", h, 2, 0, "nm", false), new SignalAxis("width", w, 2, 0, "nm", false));
                Signal held = Signal.ofShorts("t", axes, dtype, words, "");
                Signal widened = new Signal("t", axes, dtype, held.values().clone(), null, "");
                IntensityStatistics st = IntensityStatistics.of(widened.values());
                for (IntensityStatistics given : new IntensityStatistics[] {st, null}) {
                    ImagePreview.Pictures a = ImagePreview.render(Signal.ofShorts("t", axes, dtype, words, ""), given);
                    ImagePreview.Pictures b = ImagePreview.render(widened, given);
                    assertThat(a.preview()).as(dtype + " " + w + "×" + h).isEqualTo(b.preview());
                    assertThat(a.thumbnail()).isEqualTo(b.thumbnail());
                    assertThat(a.scaleBar()).isEqualTo(b.scaleBar()).isNotNull();
                }
            }
        }
    }
}
