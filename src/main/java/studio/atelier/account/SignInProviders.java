package studio.atelier.account;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * The identity providers people may sign in with: Spring Boot's {@code spring.security.oauth2.client.registration.*},
 * in the order they are configured. None configured, none offered.
 */
@Component
public class SignInProviders {

    /** A "Sign in with …" button: the registration id in its URL, the client name on it. */
    public record SignInProvider(String id, String name) {
    }

    private final List<SignInProvider> providers;

    SignInProviders(ObjectProvider<ClientRegistrationRepository> registrations) {
        List<SignInProvider> found = new ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object each : all) {
                ClientRegistration registration = (ClientRegistration) each;
                found.add(new SignInProvider(registration.getRegistrationId(), registration.getClientName()));
            }
        }
        this.providers = List.copyOf(found);
    }

    public List<SignInProvider> all() {
        return providers;
    }

    public boolean any() {
        return !providers.isEmpty();
    }
}
