package studio.atelier.demo.painting;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class DemoPainterTest {

    private final DemoPainter painter = new DemoPainter();

    @Test
    void paintsAValid512PngAndTheSameInputGivesTheSameBytes() throws IOException {
        byte[] first = painter.paint("一幅详细的图像描绘了一个广阔的石器时代城市", 0);
        byte[] again = new DemoPainter().paint("一幅详细的图像描绘了一个广阔的石器时代城市", 0);

        assertThat(first).isEqualTo(again);
        assertThat(first).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(512);
        Path samples = Path.of("target", "samples");
        Files.createDirectories(samples);
        Files.write(samples.resolve("demo-stone-age-city.png"), first);
    }

    @Test
    void differentPromptsAndVariantsLookClearlyDifferent() throws IOException {
        BufferedImage cat = decode(painter.paint("a cat in the rain", 0));
        BufferedImage lake = decode(painter.paint("a lake at dawn", 0));
        BufferedImage catVariant = decode(painter.paint("a cat in the rain", 1));

        assertThat(meanDifference(cat, lake)).isGreaterThan(12);
        assertThat(meanDifference(cat, catVariant)).isGreaterThan(12);
    }

    @Test
    void picturesAreNotFlat() throws IOException {
        BufferedImage image = decode(painter.paint("anything", 3));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 512; y += 4) {
            for (int x = 0; x < 512; x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).hasSizeGreaterThan(500);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Mean absolute channel difference, 0..255. */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        int samples = 0;
        for (int y = 0; y < 512; y += 2) {
            for (int x = 0; x < 512; x += 2) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                    samples++;
                }
            }
        }
        return (double) sum / samples;
    }
}
