package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class GreyPngTest {

    @Test
    void aDecoderReadsBackEveryPixel() throws Exception {
        BufferedImage img = new BufferedImage(301, 17, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        new Random(1).nextBytes(px);
        byte[] png = Plotter.png(img);
        assertThat(GreyPng.applies(img)).isTrue();
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(301);
        assertThat(back.getHeight()).isEqualTo(17);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 301; x++) {
                assertThat(back.getRaster().getSample(x, y, 0)).as("pixel %d,%d", x, y).isEqualTo(px[y * 301 + x] & 0xFF);
            }
        }
    }

    @Test
    void aSubImageOrColourGoesThroughTheGeneralEncoder() {
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(GreyPng.applies(img.getSubimage(2, 2, 5, 5))).isFalse();
        assertThat(GreyPng.applies(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB))).isFalse();
    }

    /** Every pixel back through ImageIO and through zlib itself, for pictures whose codes are shallow, deep or degenerate. */
    @Test
    void imagesOfAnyHistogramDecodeToTheirPixels() throws Exception {
        Random r = new Random(2);
        int[][] sizes = {{1, 1}, {1024, 37}, {255, 256}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            for (String kind : new String[] {"flat", "noise", "two levels", "skewed", "fibonacci"}) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                int[] fib = new int[25];
                fib[0] = 1;
                fib[1] = 1;
                for (int k = 2; k < fib.length; k++) {
                    fib[k] = fib[k - 1] + fib[k - 2];
                }
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) switch (kind) {
                        case "flat" -> 77;
                        case "noise" -> r.nextInt(256);
                        case "two levels" -> i % 3 == 0 ? 0 : 255;
                        case "skewed" -> i % 5000 == 0 ? r.nextInt(256) : 128; // rare levels: codes deeper than 15 bits before limiting
                        default -> {
                            // level k with frequency ∝ Fibonacci(k): the textbook worst case for code depth
                            int v = r.nextInt(fib[fib.length - 1]);
                            int k = 0;
                            while (k < fib.length - 1 && v >= fib[k]) {
                                v -= fib[k++];
                            }
                            yield k * 7;
                        }
                    };
                }
                byte[] png = GreyPng.encode(img);
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
                byte[] got = ((DataBufferByte) back.getRaster().getDataBuffer()).getData();
                assertThat(got).as(kind + " " + w + "×" + h).isEqualTo(px);
            }
        }
        long[] deep = new long[257];
        long f = 1;
        for (int s = 0; s < 40; s++) {
            deep[s] = f;
            f = Math.min(f * 2, 1L << 40);
        }
        assertThat(java.util.Arrays.stream(GreyPng.lengths(deep, 15)).max().getAsInt()).isLessThanOrEqualTo(15);
        byte[] data = new byte[100_000];
        r.nextBytes(data);
        java.util.zip.Inflater inf = new java.util.zip.Inflater();
        inf.setInput(GreyPng.zlib(data));
        byte[] back = new byte[data.length + 10];
        int n = inf.inflate(back);
        assertThat(inf.finished()).isTrue();
        assertThat(java.util.Arrays.copyOf(back, n)).isEqualTo(data);
        inf.end();
    }

    /** Rows coded straight from the pixels give the very stream of a copy with the filter bytes put in (odd widths too). */
    @Test
    void rowsCodedInPlaceGiveTheSameStreamAsTheFilteredCopy() {
        java.util.Random r = new java.util.Random(24);
        for (int[] wh : new int[][] {{1, 1}, {7, 3}, {256, 256}, {1023, 17}, {1024, 768}}) {
            int w = wh[0];
            int h = wh[1];
            byte[] px = new byte[w * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : 100 + (int) Math.round(8 * r.nextGaussian()));
            }
            byte[] rows = new byte[(w + 1) * h];
            for (int y = 0; y < h; y++) {
                System.arraycopy(px, y * w, rows, y * (w + 1) + 1, w);
            }
            assertThat(GreyPng.zlib(px, w, h, true)).as("%d×%d", w, h).isEqualTo(GreyPng.zlib(rows));
        }
    }
}
