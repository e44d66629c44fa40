package studio.atelier.generation.image;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Wires image intake and storage from {@code atelier.generation.images.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ImageProperties.class, ImageStorageProperties.class})
class ImageConfiguration {

    @Bean
    AddressGuard addressGuard() {
        return new AddressGuard();
    }

    @Bean
    ImageStore imageStore(ImageProperties properties, ImageStorageProperties storage, ObjectProvider<ImageBucket> bucket) {
        return switch (storage.store()) {
            case FILESYSTEM -> new FileSystemImageStore(properties.storageRoot(), properties);
            case S3 -> new S3ImageStore(bucket.getObject(), properties);
        };
    }

    /** Only made when asked for (the S3 store, the migration): a file system install needs no bucket settings. */
    @Bean
    @Lazy
    ImageBucket imageBucket(ImageStorageProperties storage) {
        ImageBucket bucket = ImageBucket.connect(storage.s3());
        try {
            bucket.ensureExists();
        } catch (RuntimeException e) {
            bucket.close();
            throw e;
        }
        return bucket;
    }

    @Bean
    @ConditionalOnBooleanProperty(ImageMigrationMode.PROPERTY)
    ImageMigrationRunner imageMigrationRunner(ImageProperties properties, ObjectProvider<ImageBucket> bucket,
            ConfigurableApplicationContext context) {
        return new ImageMigrationRunner(new ImageMigration(properties.storageRoot(), bucket.getObject()),
                status -> System.exit(SpringApplication.exit(context, () -> status)));
    }

    @Bean
    ImageFetcher imageFetcher(AddressGuard addressGuard, ImageProperties properties) {
        return new ImageFetcher(addressGuard, properties);
    }

    @Bean
    ImageIntake imageIntake(ImageStore imageStore, ImageFetcher imageFetcher, ImageProperties properties) {
        return new ImageIntake(imageStore, imageFetcher, properties);
    }
}
