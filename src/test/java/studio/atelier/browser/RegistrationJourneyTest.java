package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import studio.atelier.support.Accounts;

/**
 * A newcomer picks a password that breaks two rules and mistypes it the second time: all three problems are shown
 * at once. Fixed, the form signs them in and opens Generate, where their first request already carries the new
 * session's CSRF token. In English on a desktop and in Chinese on a phone.
 */
class RegistrationJourneyTest extends BrowserTest {

    @Test
    void everyProblemAtOnceThenSignedInOnGenerate() {
        desktop();
        journey(Lang.EN);
    }

    @Test
    void theSameInChineseOnAPhone() {
        phone();
        journey(Lang.ZH);
    }

    private void journey(Lang lang) {
        String username = Accounts.uniqueName("r"); // under 10 characters: as a password too short, and the username
        page.navigate("/register");
        if (lang != Lang.EN) {
            switchTo(lang);
        }
        page.getByLabel(lang.text("Username", "用户名")).fill(username);
        page.getByLabel(lang.text("Password", "密码"), new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel(lang.text("Repeat password", "再次输入密码")).fill(username + "x");
        createAccount(lang);

        Locator rules = page.locator("#password-error li");
        assertThat(rules).hasText(new String[] {
                lang.text("The password must be at least 10 characters long.", "密码至少需要 10 个字符。"),
                lang.text("The password must not be the same as the username.", "密码不能与用户名相同。")});
        assertThat(page.locator("#passwordConfirm-error")).hasText(lang.text("The two passwords do not match.", "两次输入的密码不一致。"));
        assertThat(page.locator("#password")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel(lang.text("Username", "用户名"))).hasValue(username);
        screenshot("registration", "all-rules", lang);
        assertNoHorizontalScroll("registration errors");

        String signedOutSession = sessionCookie();
        page.getByLabel(lang.text("Password", "密码"), new Page.GetByLabelOptions().setExact(true)).fill(Accounts.PASSWORD);
        page.getByLabel(lang.text("Repeat password", "再次输入密码")).fill(Accounts.PASSWORD);
        createAccount(lang);

        assertThat(page).hasURL(Pattern.compile("/generate$"));
        assertThat(page.locator(".whoami")).hasText(username);
        assertThat(page.locator(".flash-success")).containsText(lang.text("Welcome! Your account is ready and you are signed in.",
                "欢迎！账户已创建，你已登录。"));
        assertNotEquals(signedOutSession, sessionCookie(), "a new session id at sign-in");
        screenshot("registration", "welcome", lang);
        assertNoHorizontalScroll("generate after registering");
        // a form posted with the page's (new) CSRF token is accepted
        addDemoKey(lang, "registration");
    }

    private void createAccount(Lang lang) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(lang.text("Create account", "创建账户"))).click();
    }
}
