package studio.atelier.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Two-factor protects password sign-in: an administrator who signs in through the organisation's provider (which has
 * its own factors) is not sent to set it up, even where administrators must use it.
 */
@TestPropertySource(properties = "atelier.login.require-two-factor-for-admins=true")
class TwoFactorRequiredSsoTest extends IdentityProviderTest {

    @Test
    void anAdministratorFromTheProviderLandsOnGenerate() {
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("preferred_username", "boss-" + subject.substring(0, 6), "groups", List.of("atelier-admins")));
        WebClient browser = new WebClient(port);

        assertThat(path(signIn(browser, "mock"))).isEqualTo("/generate");
        assertThat(account(accountOf("mock", subject).orElseThrow()).get("role")).isEqualTo("ADMIN");
        assertThat(path(browser.get("/admin"))).startsWith("/admin");
    }
}
