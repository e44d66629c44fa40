package studio.atelier.team;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import studio.atelier.shared.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class TeamNavigation {

    @Bean
    NavigationEntry teamNavigationEntry() {
        return new NavigationEntry("/teams", "nav.teams", 40, false);
    }
}
