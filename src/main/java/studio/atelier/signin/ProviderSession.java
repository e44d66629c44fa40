package studio.atelier.signin;

import java.io.Serializable;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;

/**
 * Kept with an identity provider's sign-in for as long as the session lasts (the authentication's details, stored
 * in the database with the session): the ID token is the hint the provider wants when Atelier ends its session too.
 */
record ProviderSession(String registrationId, OidcIdToken idToken) implements Serializable {
}
