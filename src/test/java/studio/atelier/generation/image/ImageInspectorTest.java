package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(ImageProperties.defaults());

    @Test
    void recognisesPngByItsSignatureAndReadsTheSize() {
        assertThat(inspector.inspect(SampleImages.png(40, 30))).isEqualTo(new InspectedImage(ImageFormat.PNG, 40, 30));
    }

    @Test
    void recognisesJpeg() {
        assertThat(inspector.inspect(SampleImages.jpeg(33, 21))).isEqualTo(new InspectedImage(ImageFormat.JPEG, 33, 21));
    }

    @Test
    void recognisesGif() {
        assertThat(inspector.inspect(SampleImages.gif(12, 7))).isEqualTo(new InspectedImage(ImageFormat.GIF, 12, 7));
    }

    @Test
    void recognisesLosslessAndLossyWebp() {
        assertThat(inspector.inspect(SampleImages.WEBP_LOSSLESS_1X1)).isEqualTo(new InspectedImage(ImageFormat.WEBP, 1, 1));
        assertThat(inspector.inspect(SampleImages.WEBP_LOSSY_1X1)).isEqualTo(new InspectedImage(ImageFormat.WEBP, 1, 1));
    }

    @Test
    void formatsKnowTheirMimeTypeAndExtension() {
        assertThat(ImageFormat.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageFormat.WEBP.mimeType()).isEqualTo("image/webp");
        assertThat(ImageFormat.GIF.extension()).isEqualTo("gif");
    }

    @Test
    void htmlIsNotAnImageWhateverItIsCalled() {
        // An error page saved as "image.png" by a misbehaving gateway: only the bytes count.
        byte[] html = "<!DOCTYPE html><html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> inspector.inspect(html))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.NOT_AN_IMAGE));
        assertThat(ImageFormat.sniff(html)).isEmpty();
    }

    @Test
    void emptyAndTruncatedInputIsNotAnImage() {
        byte[] png = SampleImages.png(10, 10);
        byte[] signatureOnly = java.util.Arrays.copyOf(png, 12);
        assertThatThrownBy(() -> inspector.inspect(new byte[0]))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.NOT_AN_IMAGE));
        assertThatThrownBy(() -> inspector.inspect(signatureOnly))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.NOT_AN_IMAGE));
    }

    @Test
    void decompressionBombIsRefusedFromTheHeaderAlone() {
        byte[] bomb = SampleImages.pngHeaderClaiming(50_000, 50_000);
        assertThat(bomb.length).isLessThan(200);
        // Decoding 50000×50000 RGB would need 7.5 GB; finishing in well under a second proves it was not decoded.
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThatThrownBy(() -> inspector.inspect(bomb))
                        .isInstanceOfSatisfying(ImageRejected.class, e -> {
                            assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS);
                            assertThat(e.messageKey()).isEqualTo("generation.image.rejected.too-many-pixels");
                        }));
    }

    @Test
    void oneSideAboveTheDimensionLimitIsRefusedEvenWithFewPixels() {
        assertThatThrownBy(() -> inspector.inspect(SampleImages.pngHeaderClaiming(9000, 10)))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS));
        assertThatThrownBy(() -> inspector.inspect(SampleImages.pngHeaderClaiming(10, 9000)))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS));
    }

    @Test
    void exactlyTheMaximumOf8192By8192IsAccepted() {
        assertThat(inspector.inspect(SampleImages.pngHeaderClaiming(8192, 8192)))
                .isEqualTo(new InspectedImage(ImageFormat.PNG, 8192, 8192));
        assertThat(inspector.inspect(SampleImages.pngHeaderClaiming(8192, 4000)))
                .isEqualTo(new InspectedImage(ImageFormat.PNG, 8192, 4000));
    }

    @Test
    void aLowerMegapixelLimitRefusesImagesWhoseSidesAreEachAllowed() {
        ImageInspector strict = new ImageInspector(ImageProperties.defaults().withMaxPixels(40_000_000));
        assertThatThrownBy(() -> strict.inspect(SampleImages.pngHeaderClaiming(8192, 8192)))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS));
    }

    @Test
    void bytesAboveTheSizeLimitAreRefusedBeforeLookingAtThem() {
        ImageProperties tiny = new ImageProperties(ImageProperties.defaults().storageRoot(), DataSize.ofBytes(100),
                8192, 40_000_000, 384, Duration.ofSeconds(10), Duration.ofSeconds(60), 3);
        assertThatThrownBy(() -> new ImageInspector(tiny).inspect(SampleImages.png(64, 64)))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_LARGE));
    }
}
