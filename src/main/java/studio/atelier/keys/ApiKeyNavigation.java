package studio.atelier.keys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class ApiKeyNavigation {

    @Bean
    NavigationEntry keysNavigationEntry() {
        return new NavigationEntry("/keys", "nav.keys", 50, false);
    }
}
