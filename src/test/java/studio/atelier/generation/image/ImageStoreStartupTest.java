package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import studio.atelier.support.S3Server;

/** Which store a node starts with, and why it refuses to start rather than lose images. */
class ImageStoreStartupTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ImageConfiguration.class);

    @Test
    void theFileSystemStoreIsTheDefaultAndNeedsNoBucket() {
        context.run(beans -> {
            assertThat(beans.getBean(ImageStore.class)).isInstanceOf(FileSystemImageStore.class);
            assertThat(beans.getBean(ImageStorageProperties.class).store()).isEqualTo(ImageStorageProperties.Store.FILESYSTEM);
            assertThat(beans).doesNotHaveBean(ImageMigrationRunner.class);
        });
    }

    @Test
    void anS3StoreCreatesItsMissingBucketAtStart() {
        try (S3Server server = S3Server.running()) {
            context.withPropertyValues(server.properties("created-at-start")).run(beans -> {
                assertThat(beans).hasNotFailed();
                assertThat(beans.getBean(ImageStore.class)).isInstanceOf(S3ImageStore.class);
                assertThat(server.blobs().containerExists("created-at-start")).isTrue();
            });
        }
    }

    @Test
    void aBucketThatMayNotBeCreatedStopsTheStartWithAClearMessage() {
        try (S3Server server = S3Server.refusingNewBuckets()) {
            context.withPropertyValues(server.properties("not-allowed")).run(beans -> {
                assertThat(beans).hasFailed();
                assertThat(messages(beans.getStartupFailure()))
                        .contains("The image bucket 'not-allowed' at " + server.endpoint() + " does not exist and could not be created")
                        .contains("create it, or give these credentials the right to create buckets");
            });
        }
    }

    @Test
    void wrongCredentialsStopTheStartWithAClearMessageThatKeepsTheSecret() {
        try (S3Server server = S3Server.running()) {
            context.withPropertyValues(server.properties("any"))
                    .withPropertyValues("atelier.generation.images.s3.secret-key=wrong-secret-9876543210")
                    .run(beans -> {
                        assertThat(beans).hasFailed();
                        assertThat(messages(beans.getStartupFailure()))
                                .contains("The image bucket 'any' at " + server.endpoint() + " refused access (HTTP 403)")
                                .contains("check atelier.generation.images.s3.access-key and secret-key")
                                .doesNotContain("wrong-secret-9876543210");
                    });
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
