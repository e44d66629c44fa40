package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class ImageConfigurationTest {

    @TempDir
    Path dataDir;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ImageConfiguration.class);

    @Test
    void defaultsMatchTheDocumentedLimits() {
        context.run(beans -> {
            assertThat(beans.getBean(ImageProperties.class)).isEqualTo(ImageProperties.defaults());
            assertThat(beans).hasSingleBean(ImageIntake.class).hasSingleBean(ImageStore.class)
                    .hasSingleBean(AddressGuard.class).hasSingleBean(ImageFetcher.class);
        });
    }

    @Test
    void limitsAndStorageRootAreConfigurable() {
        context.withPropertyValues(
                        "atelier.generation.images.storage-root=" + dataDir.resolve("images"),
                        "atelier.generation.images.max-image-size=5MB",
                        "atelier.generation.images.download-timeout=15s")
                .run(beans -> {
                    ImageProperties properties = beans.getBean(ImageProperties.class);
                    assertThat(properties.maxImageSize()).isEqualTo(DataSize.ofMegabytes(5));
                    assertThat(properties.downloadTimeout()).isEqualTo(Duration.ofSeconds(15));

                    StoredImage stored = beans.getBean(ImageIntake.class).accept(SampleImages.png(20, 20));

                    String sha = stored.sha256();
                    assertThat(dataDir.resolve("images").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4))
                            .resolve(sha + ".png")).exists();
                });
    }
}
