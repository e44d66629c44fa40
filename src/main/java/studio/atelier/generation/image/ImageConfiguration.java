package studio.atelier.generation.image;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires image intake and storage from {@code atelier.generation.images.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImageProperties.class)
class ImageConfiguration {

    @Bean
    AddressGuard addressGuard() {
        return new AddressGuard();
    }

    @Bean
    ImageStore imageStore(ImageProperties properties) {
        return new FileSystemImageStore(properties.storageRoot(), properties);
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
