package studio.atelier.signin;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * What signing in through identity providers adds to the security configuration: OpenID Connect login when Spring Boot
 * has client registrations ({@code spring.security.oauth2.client.registration.*}), nothing when it has none.
 */
@Component
public class SsoSecurity {

    private final ClientRegistrationRepository registrations;
    private final SsoSignIn success;
    private final SsoProblems failure;

    SsoSecurity(ObjectProvider<ClientRegistrationRepository> registrations, SsoSignIn success, SsoProblems failure) {
        this.registrations = registrations.getIfAvailable();
        this.success = success;
        this.failure = failure;
    }

    public void configure(HttpSecurity http) throws Exception {
        if (registrations != null) {
            http.oauth2Login(login -> login.loginPage("/login").successHandler(success).failureHandler(failure));
        }
    }

    /**
     * What checks a provider's answer (code for tokens, ID token signature, issuer, audience and nonce, then user info),
     * for the filter chain's own authentication manager; none without registrations.
     */
    public List<AuthenticationProvider> authenticationProviders() {
        if (registrations == null) {
            return List.of();
        }
        return List.of(new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
                new OidcUserService()));
    }

    public LogoutSuccessHandler signOut() {
        return new ProviderSignOut(registrations);
    }

    /**
     * The providers' origins, for the CSP's {@code form-action}: browsers hold a form's redirects to it too, and signing
     * out (a form) ends at the provider's end-session endpoint, linking (a form) at its authorization endpoint.
     */
    public Set<String> formTargets() {
        Set<String> origins = new LinkedHashSet<>();
        if (registrations instanceof Iterable<?> all) {
            for (Object each : all) {
                ClientRegistration.ProviderDetails details = ((ClientRegistration) each).getProviderDetails();
                origins.add(origin(details.getAuthorizationUri()));
                Object endSession = details.getConfigurationMetadata().get("end_session_endpoint");
                if (endSession != null) {
                    origins.add(origin(endSession.toString()));
                }
            }
        }
        return origins;
    }

    private static String origin(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme() + "://" + parsed.getRawAuthority();
    }
}
