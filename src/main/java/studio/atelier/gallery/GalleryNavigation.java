package studio.atelier.gallery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class GalleryNavigation {

    @Bean
    NavigationEntry galleryNavigationEntry() {
        return new NavigationEntry("/gallery", "nav.gallery", 20, false);
    }
}
