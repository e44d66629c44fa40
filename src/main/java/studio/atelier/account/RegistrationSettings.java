package studio.atelier.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("atelier.registration")
record RegistrationSettings(Boolean enabled) {

    RegistrationSettings {
        enabled = enabled == null || enabled;
    }
}
