package studio.atelier.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class AccountNavigation {

    @Bean
    NavigationEntry accountNavigationEntry() {
        return new NavigationEntry("/account", "nav.account", 90, false);
    }
}
