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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import studio.atelier.support.Eventually;

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

    @Test
    void aStoreThatCannotBeReachedIsWaitedForAndTheImageIsKeptWhenItIsBack() throws Exception {
        AtomicInteger outagesLeft = new AtomicInteger(3);
        ImageStore flaky = new ImageStore() {
            @Override
            public StoredImage put(byte[] bytes, ImageFormat format) {
                if (outagesLeft.getAndDecrement() > 0) {
                    throw new ImageStoreUnavailable("store down", new IOException("connection refused"));
                }
                return store.put(bytes, format);
            }

            @Override
            public Optional<ImageBlob> find(String sha256, Variant variant) {
                return store.find(sha256, variant);
            }

            @Override
            public void delete(String sha256) {
                store.delete(sha256);
            }
        };
        ImageIntake waiting = new ImageIntake(flaky, null, new ImageInspector(ImageProperties.defaults()), Duration.ofMillis(10),
                Duration.ofMillis(40));
        byte[] png = SampleImages.png(64, 64);

        StoredImage stored = waiting.accept(png);

        assertThat(outagesLeft.get()).as("asked until the store answered").isNegative();
        assertThat(stored.sha256()).isEqualTo(ImageKeys.sha256(png));
        assertThat(store.find(stored.sha256(), ImageStore.Variant.ORIGINAL)).isPresent();
        assertThat(waiting.waitingForStore()).isZero();
    }

    @Test
    void aNodeGoingAwayStopsWaitingForTheStore() throws Exception {
        ImageStore unreachable = new ImageStore() {
            @Override
            public StoredImage put(byte[] bytes, ImageFormat format) {
                throw new ImageStoreUnavailable("store down", new IOException("connection refused"));
            }

            @Override
            public Optional<ImageBlob> find(String sha256, Variant variant) {
                return Optional.empty();
            }

            @Override
            public void delete(String sha256) {
            }
        };
        ImageIntake waiting = new ImageIntake(unreachable, null, new ImageInspector(ImageProperties.defaults()),
                Duration.ofMillis(10), Duration.ofSeconds(1));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<StoredImage> storing = thread.submit(() -> waiting.accept(SampleImages.png(32, 32)));
            Eventually.within(Duration.ofSeconds(5)).until(() -> waiting.waitingForStore() == 1);
            assertThat(storing).isNotDone();

            thread.shutdownNow();

            assertThatThrownBy(() -> storing.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ImageStoreUnavailable.class);
        } finally {
            thread.shutdownNow();
        }
    }
}
