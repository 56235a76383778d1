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
}
