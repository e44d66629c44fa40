package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.Page;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person of an organisation signs in through its identity provider's own page (a real OpenID Connect server,
 * in-process, with its interactive login form) and lands on Generate with a new account, in English and in Chinese.
 * The provider's registration makes this class's Spring context one of its own.
 */
class IdentityProviderJourneyTest extends BrowserTest {

    static final MockOAuth2Server IDP = new MockOAuth2Server(new OAuth2Config(true));

    static {
        IDP.start();
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.client.registration.company.client-id", () -> "atelier");
        registry.add("spring.security.oauth2.client.registration.company.client-secret", () -> "atelier-secret");
        registry.add("spring.security.oauth2.client.registration.company.client-name", () -> "Company SSO");
        registry.add("spring.security.oauth2.client.registration.company.scope", () -> "openid,profile,email");
        registry.add("spring.security.oauth2.client.provider.company.issuer-uri", () -> IDP.issuerUrl("company").toString());
    }

    @Test
    void signsInThroughTheProvidersPageAndLandsOnGenerate() {
        desktop();
        journey(Lang.EN);
    }

    @Test
    void theSameInChinese() {
        desktop();
        journey(Lang.ZH);
    }

    private void journey(Lang lang) {
        String name = "sso" + UUID.randomUUID().toString().substring(0, 8);
        page.navigate("/login");
        if (lang != Lang.EN) {
            switchTo(lang);
        }
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(lang.text("Sign in with Company SSO", "使用 Company SSO 登录")))
                .click();

        page.locator("input[name=username]").fill(name);
        page.locator("textarea[name=claims]").fill("{\"preferred_username\": \"" + name + "\", \"email\": \"" + name + "@example.org\"}");
        page.locator("input[type=submit]").click();

        assertThat(page).hasURL(Pattern.compile("/generate$"));
        assertThat(page.locator(".whoami")).hasText(name);
        assertThat(page.locator("html")).hasAttribute("lang", Pattern.compile("^" + lang.tag));
        screenshot("identity-provider", "generate", lang);
    }
}
