package studio.atelier.account;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code atelier.login.password.enabled=false} leaves signing in to the identity providers, except for the accounts
 * named in {@code break-glass}: an administrator's way in while the provider is down.
 */
@ConfigurationProperties("atelier.login.password")
record PasswordSignInSettings(Boolean enabled, List<String> breakGlass) {

    PasswordSignInSettings {
        enabled = enabled == null || enabled;
        breakGlass = breakGlass == null ? List.of() : breakGlass.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
    }
}
