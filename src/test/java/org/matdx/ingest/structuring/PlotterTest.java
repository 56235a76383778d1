package org.matdx.ingest.structuring;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.matdx.core.Axis;
import org.matdx.core.Series;

class PlotterTest {
    private final Plotter plotter = new Plotter();

    /** A flat background with one very narrow peak (one point of 4,001) at 2θ = 30°. */
    private static Series scan() {
        int n = 4001;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10 + 0.02 * i;
            y[i] = 100;
        }
        y[1000] = 5000; // 2θ = 30°
        return new Series("scan", new Axis("2θ", "deg", x), List.of(new Axis("intensity", "counts", y)));
    }

    @Test
    void plotAndThumbnailArePngsOfTheDeclaredSizes() throws IOException {
        Plotter.Images img = plotter.render(scan(), "LiFePO4 試料");
        BufferedImage plot = ImageIO.read(new ByteArrayInputStream(img.plot()));
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(img.thumbnail()));
        assertThat(plot.getWidth()).isEqualTo(Plotter.WIDTH);
        assertThat(plot.getHeight()).isEqualTo(Plotter.HEIGHT);
        assertThat(thumb.getWidth()).isEqualTo(Plotter.THUMB_WIDTH);
        assertThat(thumb.getHeight()).isEqualTo(Plotter.THUMB_HEIGHT);
        assertThat(img.plot()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aOnePointPeakIsDrawnAtItsPositionUpToTheTopOfThePlot() throws IOException {
        BufferedImage plot = ImageIO.read(new ByteArrayInputStream(plotter.render(scan(), "").plot()));
        int[] column = seriesColumns(plot);
        // the peak (x = 30 of 10..90) lies a quarter of the way across the plot area
        int expected = column[0] + (column[1] - column[0]) / 4;
        int topmost = Integer.MAX_VALUE;
        int topX = -1;
        for (int x = 0; x < plot.getWidth(); x++) {
            for (int y = 0; y < plot.getHeight(); y++) {
                if (isSeries(plot.getRGB(x, y)) && y < topmost) {
                    topmost = y;
                    topX = x;
                }
            }
        }
        assertThat(topX).isBetween(expected - 3, expected + 3);
        assertThat(topmost).isLessThan(Plotter.HEIGHT / 5);
    }

    @Test
    void severalSeriesGetTheirOwnColours() throws IOException {
        Series one = scan();
        double[] half = one.y().get(0).values();
        for (int i = 0; i < half.length; i++) {
            half[i] /= 2;
        }
        Series two = new Series("m", one.x(), List.of(one.y().get(0), new Axis("fit", "counts", half)));
        BufferedImage plot = ImageIO.read(new ByteArrayInputStream(plotter.render(two, "").plot()));
        boolean first = false;
        boolean second = false;
        for (int x = 0; x < plot.getWidth(); x++) {
            for (int y = 0; y < plot.getHeight(); y++) {
                int rgb = plot.getRGB(x, y) & 0xffffff;
                first |= rgb == (Plotter.PALETTE[0].getRGB() & 0xffffff);
                second |= rgb == (Plotter.PALETTE[1].getRGB() & 0xffffff);
            }
        }
        assertThat(first).isTrue();
        assertThat(second).isTrue();
    }

    @Test
    void pngsHoldExactlyThePaintedPixelsWhetherWrittenWithAPaletteOrNot() throws IOException {
        BufferedImage painted = plotter.paint(scan(), "LiFePO4 試料", Plotter.WIDTH, Plotter.HEIGHT);
        assertThat(Plotter.exactPalette(painted)).as("a plot fits a palette").isNotNull();
        assertSamePixels(painted, ImageIO.read(new ByteArrayInputStream(Plotter.png(painted))));

        BufferedImage gradient = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64 * 64; i++) {
            gradient.setRGB(i % 64, i / 64, i * 997);
        }
        assertThat(Plotter.exactPalette(gradient)).as("4,096 colours do not").isNull();
        assertSamePixels(gradient, ImageIO.read(new ByteArrayInputStream(Plotter.png(gradient))));
    }

    @Test
    void aReusedCanvasKeepsNothingOfThePreviousPlot() throws IOException {
        Series other = new Series("other", new Axis("T", "K", new double[] {1, 2, 3}), List.of(new Axis("M", "emu", new double[] {3, 1, 2})));
        plotter.render(scan(), "first");
        BufferedImage second = ImageIO.read(new ByteArrayInputStream(plotter.render(other, "second").plot()));
        assertSamePixels(plotter.paint(other, "second", Plotter.WIDTH, Plotter.HEIGHT), second);
    }

    private static void assertSamePixels(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
                    throw new AssertionError("pixel " + x + "," + y + " differs");
                }
            }
        }
    }

    @Test
    void ticksFallOnRoundNumbers() {
        Plotter.Ticks t = Plotter.Ticks.nice(10, 90, 7);
        assertThat(t.step()).isEqualTo(10);
        assertThat(t.first()).isEqualTo(10);
        assertThat(t.last()).isEqualTo(90);
        assertThat(t.format(30)).isEqualTo("30");
        Plotter.Ticks small = Plotter.Ticks.nice(0.0012, 0.0093, 5);
        assertThat(small.step()).isEqualTo(0.002, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(small.format(0.004)).isEqualTo("0.004");
        assertThat(Plotter.Ticks.nice(-1, 1, 4).format(-1e-17)).isEqualTo("0.0"); // rounding noise never prints as -0.0
        assertThat(Plotter.Ticks.nice(0, 2.5e7, 5).format(1e7)).isEqualTo("1.00e+07");
    }

    @Test
    void thinningKeepsEveryPeakOfALongScan() {
        double[] x = new double[100_000];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        y[12_345] = 9;
        y[67_890] = -4;
        double[][] thin = Plotter.thin(x, y, 400);
        assertThat(thin[0].length).isLessThanOrEqualTo(800);
        assertThat(thin[1]).contains(9.0, -4.0);
        assertThat(thin[0]).contains(12_345.0, 67_890.0);
    }

    /** The left and right edge of the plot area: the frame's columns, dark over most of the plot's height. */
    private static int[] seriesColumns(BufferedImage img) {
        int left = -1;
        int right = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            int dark = 0;
            for (int y = img.getHeight() / 4; y < img.getHeight() * 3 / 4; y++) {
                Color c = new Color(img.getRGB(x, y));
                if (c.getRed() < 90 && c.getGreen() < 90 && c.getBlue() < 90) {
                    dark++;
                }
            }
            if (dark > img.getHeight() / 2 * 0.9) {
                if (left < 0) {
                    left = x;
                }
                right = x;
            }
        }
        return new int[] {left, right};
    }

    private static boolean isSeries(int rgb) {
        Color c = new Color(rgb);
        return c.getBlue() > 120 && c.getRed() < 100 && c.getBlue() - c.getRed() > 80;
    }
}
