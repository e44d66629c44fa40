package studio.atelier.signin;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** {@code atelier.sso.<registration-id>.*}, one set of {@link ProviderRules} per sign-in registration. */
@Component
class SsoSettings {

    private final Map<String, ProviderRules> rules;

    SsoSettings(Environment environment) {
        this.rules = Binder.get(environment).bind("atelier.sso", Bindable.mapOf(String.class, ProviderRules.class)).orElse(Map.of());
    }

    ProviderRules of(String registrationId) {
        return rules.getOrDefault(registrationId, ProviderRules.NONE);
    }
}
