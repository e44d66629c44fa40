package studio.atelier.signin;

import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import studio.atelier.account.ExternalIdentities.LinkedIdentity;

/** Who the provider says signed in: the claims of the ID token (and user info) Atelier uses. */
record ClaimedIdentity(LinkedIdentity identity, String preferredUsername, String email, boolean emailVerified, OidcUser user) {

    /** @throws SsoRefused without a subject, or with nothing to name the account after */
    static ClaimedIdentity of(String registrationId, OidcUser user) {
        String issuer = user.getIssuer() == null ? null : user.getIssuer().toString();
        String subject = user.getSubject();
        String email = user.getEmail();
        String preferred = user.getPreferredUsername();
        if (issuer == null || subject == null || subject.isBlank()) {
            throw new SsoRefused("claims");
        }
        return new ClaimedIdentity(new LinkedIdentity(registrationId, issuer, subject), preferred, email,
                Boolean.TRUE.equals(user.getEmailVerified()), user);
    }

    /** What to name a new account after: the username the person goes by there, or their e-mail's local part. */
    String wantedUsername() {
        if (preferredUsername != null && !preferredUsername.isBlank()) {
            return preferredUsername.contains("@") ? preferredUsername.substring(0, preferredUsername.indexOf('@')) : preferredUsername;
        }
        if (email != null && email.contains("@") && email.indexOf('@') > 0) {
            return email.substring(0, email.indexOf('@'));
        }
        throw new SsoRefused("claims");
    }

    /** The groups in this claim: a list, or one group as a string; none when the claim is missing. */
    List<String> groups(String claim) {
        Object value = user.getClaims().get(claim);
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return value instanceof String one && !one.isBlank() ? List.of(one) : List.of();
    }
}
