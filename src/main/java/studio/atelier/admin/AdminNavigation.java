package studio.atelier.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class AdminNavigation {

    @Bean
    NavigationEntry adminNavigationEntry() {
        return new NavigationEntry("/admin", "nav.admin", 80, true);
    }
}
