package studio.atelier.usage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class UsageNavigation {

    @Bean
    NavigationEntry usageNavigationEntry() {
        return new NavigationEntry("/usage", "nav.usage", 30, false);
    }
}
