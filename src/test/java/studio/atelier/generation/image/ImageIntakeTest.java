package studio.atelier.generation.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageIntakeTest {

    @RegisterExtension
    static WireMockExtension gateway = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").notifier(new Slf4jNotifier(false)))
            .build();

    @TempDir
    Path root;

    private ImageStore store;
    private ImageIntake intake;

    @BeforeEach
    void wire() {
        ImageProperties properties = ImageProperties.defaults().withStorageRoot(root);
        store = new FileSystemImageStore(root, properties);
        intake = new ImageIntake(store, new ImageFetcher(new AddressGuard(), properties), properties);
    }

    @Test
    void acceptsInlineBytesAndMakesTheThumbnail() {
        byte[] png = SampleImages.png(1024, 1024);

        StoredImage stored = intake.accept(png);

        assertThat(stored.format()).isEqualTo(ImageFormat.PNG);
        assertThat(stored.width()).isEqualTo(1024);
        assertThat(stored.sizeBytes()).isEqualTo(png.length);
        assertThat(store.find(stored.sha256(), ImageStore.Variant.ORIGINAL)).isPresent();
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL)).isPresent();
    }

    @Test
    void downloadsStoresAndThumbnailsALinkedImage() {
        byte[] jpeg = SampleImages.jpeg(640, 480);
        gateway.stubFor(get("/files/img-1").willReturn(aResponse().withBody(jpeg)));

        StoredImage stored = intake.fetchAndAccept("http://127.0.0.1:" + gateway.getPort() + "/files/img-1", true);

        assertThat(stored).isEqualTo(new StoredImage(ImageKeys.sha256(jpeg), ImageFormat.JPEG,
                jpeg.length, 640, 480));
        assertThat(store.find(stored.sha256(), ImageStore.Variant.THUMBNAIL).orElseThrow().contentType())
                .isEqualTo("image/jpeg");
    }

    @Test
    void rejectedInputLeavesTheStoreEmpty() throws IOException {
        gateway.stubFor(get("/files/bomb").willReturn(aResponse()
                .withBody(SampleImages.pngHeaderClaiming(50_000, 50_000))));

        assertThatThrownBy(() -> intake.accept("{\"error\":\"quota\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.NOT_AN_IMAGE));
        assertThatThrownBy(() -> intake.fetchAndAccept("http://127.0.0.1:" + gateway.getPort() + "/files/bomb", true))
                .isInstanceOfSatisfying(ImageRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejected.Reason.TOO_MANY_PIXELS));
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
