package studio.atelier.generation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class GenerationNavigation {

    @Bean
    NavigationEntry generateNavigationEntry() {
        return new NavigationEntry("/generate", "nav.generate", 10, false);
    }
}
