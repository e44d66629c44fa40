package studio.atelier.signin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * After Atelier's session ended: a person who signed in through a provider that offers RP-initiated logout
 * ({@code end_session_endpoint}) goes there to end that session too, and comes back to the sign-in page; everybody
 * else goes straight to the sign-in page.
 */
class ProviderSignOut implements LogoutSuccessHandler {

    static final String SIGNED_OUT = "/login?logout";

    private final SimpleUrlLogoutSuccessHandler local = new SimpleUrlLogoutSuccessHandler();
    private final OidcClientInitiatedLogoutSuccessHandler provider;

    ProviderSignOut(ClientRegistrationRepository registrations) {
        local.setDefaultTargetUrl(SIGNED_OUT);
        if (registrations == null) {
            provider = null;
        } else {
            provider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
            provider.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
            provider.setDefaultTargetUrl(SIGNED_OUT);
        }
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        if (provider != null && authentication != null && authentication.getDetails() instanceof ProviderSession session) {
            // Spring's handler reads the ID token from an OIDC principal; Atelier's principal is its own, the token is kept aside
            DefaultOidcUser user = new DefaultOidcUser(authentication.getAuthorities(), session.idToken());
            provider.onLogoutSuccess(request, response,
                    new OAuth2AuthenticationToken(user, authentication.getAuthorities(), session.registrationId()));
            return;
        }
        local.onLogoutSuccess(request, response, authentication);
    }
}
