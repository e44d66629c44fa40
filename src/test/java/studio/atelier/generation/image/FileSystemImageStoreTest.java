package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemImageStoreTest {

    @TempDir
    Path root;

    private final AtomicInteger thumbnailsMade = new AtomicInteger();
    private FileSystemImageStore store;

    @BeforeEach
    void createStore() {
        Thumbnailer counting = new Thumbnailer(384) {
            @Override
            byte[] thumbnail(byte[] bytes, InspectedImage image) {
                thumbnailsMade.incrementAndGet();
                return super.thumbnail(bytes, image);
            }
        };
        store = new FileSystemImageStore(root, new ImageInspector(ImageProperties.defaults()), counting);
    }

    @Test
    void storesUnderTheHashOfTheBytesInTwoShardLevels() throws IOException {
        byte[] png = SampleImages.png(800, 600);

        StoredImage stored = store.put(png, ImageFormat.PNG);

        String sha = ImageKeys.sha256(png);
        assertThat(stored).isEqualTo(new StoredImage(sha, ImageFormat.PNG, png.length, 800, 600));
        assertThat(sha).matches("[0-9a-f]{64}");
        Path expected = root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha + ".png");
        assertThat(expected).exists();
        assertThat(Files.readAllBytes(expected)).isEqualTo(png);
        assertThat(root.resolve("thumbs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                .resolve(sha + ".jpg")).exists();
    }

    @Test
    void findsTheOriginalWithItsContentType() throws IOException {
        byte[] jpeg = SampleImages.jpeg(100, 80);
        StoredImage stored = store.put(jpeg, ImageFormat.JPEG);

        ImageBlob blob = store.find(stored.sha256(), ImageStore.Variant.ORIGINAL).orElseThrow();

        assertThat(blob.contentType()).isEqualTo("image/jpeg");
        assertThat(blob.size()).isEqualTo(jpeg.length);
        try (InputStream in = blob.open()) {
            assertThat(in.readAllBytes()).isEqualTo(jpeg);
        }
    }

    @Test
    void thumbnailIsAJpegAtMost384PixelsWideKeepingTheAspectRatio() throws IOException {
        // Wide enough that the decoder subsamples (2000 / 768 ≥ 2) before Thumbnailator scales.
        StoredImage stored = store.put(SampleImages.png(2000, 1000), ImageFormat.PNG);

        ImageBlob thumb = store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL).orElseThrow();

        assertThat(thumb.contentType()).isEqualTo("image/jpeg");
        BufferedImage image = read(thumb);
        assertThat(image.getWidth()).isEqualTo(384);
        assertThat(image.getHeight()).isEqualTo(192);
    }

    @Test
    void smallImagesAreNotEnlarged() throws IOException {
        StoredImage stored = store.put(SampleImages.gif(100, 50), ImageFormat.GIF);

        BufferedImage thumb = read(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL).orElseThrow());

        assertThat(thumb.getWidth()).isEqualTo(100);
        assertThat(thumb.getHeight()).isEqualTo(50);
    }

    @Test
    void transparentAreasBecomeWhiteInTheThumbnail() throws IOException {
        StoredImage stored = store.put(SampleImages.transparentPng(400, 400), ImageFormat.PNG);

        BufferedImage thumb = read(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL).orElseThrow());

        int corner = thumb.getRGB(2, 2);
        assertThat((corner >> 16) & 0xFF).isGreaterThan(240);
        assertThat((corner >> 8) & 0xFF).isGreaterThan(240);
        assertThat(corner & 0xFF).isGreaterThan(240);
        int centre = thumb.getRGB(thumb.getWidth() / 2, thumb.getHeight() / 2);
        assertThat((centre >> 16) & 0xFF).isGreaterThan(200);
        assertThat((centre >> 8) & 0xFF).isLessThan(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lossy", "lossless"})
    void largeTransparentWebpIsThumbnailedOntoWhite(String kind) throws IOException {
        StoredImage stored = store.put(SampleImages.webp(kind), ImageFormat.WEBP);

        assertThat(stored.width()).isEqualTo(2000);
        assertThat(stored.height()).isEqualTo(1200);
        BufferedImage thumb = read(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL).orElseThrow());
        assertThat(thumb.getWidth()).isEqualTo(384);
        assertThat(thumb.getHeight()).isEqualTo(230);
        int corner = thumb.getRGB(2, 2);
        assertThat(corner & 0xFFFFFF).as("transparent corner").isGreaterThan(0xF0F0F0);
        int centre = thumb.getRGB(192, 115);
        assertThat((centre >> 16) & 0xFF).as("red").isGreaterThan(200);
        assertThat(centre & 0xFF).as("blue").isLessThan(60);
    }

    @Test
    void webpIsStoredAndThumbnailed() {
        StoredImage stored = store.put(SampleImages.WEBP_LOSSLESS_1X1, ImageFormat.WEBP);

        assertThat(store.find(stored.sha256(), ImageStore.Variant.ORIGINAL).orElseThrow().contentType())
                .isEqualTo("image/webp");
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isPresent();
    }

    @Test
    void puttingTheSameBytesTwiceKeepsOneCopyAndOneThumbnail() throws IOException {
        byte[] png = SampleImages.png(500, 500);

        StoredImage first = store.put(png, ImageFormat.PNG);
        StoredImage second = store.put(png, ImageFormat.PNG);

        assertThat(second).isEqualTo(first);
        assertThat(thumbnailsMade).hasValue(1);
        assertThat(allFiles()).hasSize(2);
    }

    @Test
    void aMissingThumbnailIsMadeOnTheNextPut() throws IOException {
        byte[] png = SampleImages.png(500, 500);
        StoredImage stored = store.put(png, ImageFormat.PNG);
        Files.delete(store.thumbnailPath(stored.sha256()));

        store.put(png, ImageFormat.PNG);

        assertThat(thumbnailsMade).hasValue(2);
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isPresent();
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        store.put(SampleImages.png(300, 200), ImageFormat.PNG);
        store.put(SampleImages.jpeg(300, 200), ImageFormat.JPEG);

        assertThat(allFiles()).hasSize(4)
                .allSatisfy(file -> assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.(png|jpg)"));
    }

    @Test
    void deleteRemovesOriginalAndThumbnail() throws IOException {
        StoredImage stored = store.put(SampleImages.png(300, 200), ImageFormat.PNG);

        store.delete(stored.sha256());

        assertThat(store.find(stored.sha256(), ImageStore.Variant.ORIGINAL)).isEmpty();
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isEmpty();
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void malformedKeysFindNothingAndCannotEscapeTheRoot() throws IOException {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-secret.png"), "secret");
        try {
            assertThat(store.find("../" + outside.getFileName(), ImageStore.Variant.ORIGINAL)).isEmpty();
            assertThat(store.find("ABCDEF", ImageStore.Variant.ORIGINAL)).isEmpty();
            assertThat(store.find(null, ImageStore.Variant.THUMBNAIL)).isEmpty();
            store.delete("../" + outside.getFileName());
            assertThat(outside).exists();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void unknownKeyFindsNothing() {
        assertThat(store.find("0".repeat(64), ImageStore.Variant.ORIGINAL)).isEmpty();
    }

    @Test
    void refusesBombsAndNonImagesWithoutWritingAnything() throws IOException {
        assertThatThrownBy(() -> store.put(SampleImages.pngHeaderClaiming(50_000, 50_000), ImageFormat.PNG))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS));
        assertThatThrownBy(() -> store.put("hello".getBytes(), ImageFormat.PNG))
                .isInstanceOf(ImageRejected.class);
        assertThat(thumbnailsMade).hasValue(0);
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void imageWhosePixelsDoNotDecodeIsNotStored() throws IOException {
        // A plausible header with a truncated pixel stream passes inspection but must not end up in the gallery.
        byte[] png = SampleImages.png(200, 200);
        byte[] truncated = java.util.Arrays.copyOf(png, 60);

        assertThatThrownBy(() -> store.put(truncated, ImageFormat.PNG))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.NOT_AN_IMAGE));
        assertThat(allFiles()).isEmpty();
    }

    @Test
    void refusesAFormatThatDoesNotMatchTheBytes() {
        assertThatThrownBy(() -> store.put(SampleImages.png(10, 10), ImageFormat.JPEG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> allFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static BufferedImage read(ImageBlob blob) throws IOException {
        try (InputStream in = blob.open()) {
            return ImageIO.read(in);
        }
    }
}
