package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import studio.atelier.support.SeedPrompt;

/**
 * axe-core (shipped as a test resource, see src/test/resources/axe/README.md) on every main page, in both
 * languages (and the dark colour scheme, in English): no serious or critical violations. The pages are checked with
 * their Content-Security-Policy in force (see {@link Axe}).
 */
class AccessibilityTest extends BrowserTest {

    @ParameterizedTest
    @EnumSource(Lang.class)
    void mainPagesHaveNoSeriousOrCriticalViolations(Lang lang) {
        desktop();
        page.navigate("/login");
        if (lang != Lang.EN) {
            switchTo(lang);
        }
        axe("login", lang);
        page.navigate("/register");
        axe("register", lang);
        page.navigate("/login?error");
        axe("login-error", lang);

        registerAndSignIn(lang, "a11y");
        navLink(lang.text("Keys", "密钥")).click();
        axe("keys-empty", lang);
        addDemoKey(lang, "a11y");
        axe("keys", lang);

        navLink(lang.text("Generate", "生成")).click();
        axe("generate-empty", lang);
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill(SeedPrompt.TEXT);
        button(lang.text("Generate", "生成")).click();
        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card.locator("img")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        axe("generate", lang);

        // The form with its error messages.
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill("");
        button(lang.text("Generate", "生成")).click();
        assertThat(page.locator("#prompt-error")).isVisible();
        axe("generate-errors", lang);

        card.locator("a.gen-thumb").click();
        assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
        assertThat(page.locator(".detail-figure img")).isVisible();
        axe("detail", lang);

        navLink(lang.text("Gallery", "图库")).click();
        assertThat(page.locator("#gallery-results .gen-card img")).isVisible();
        axe("gallery", lang);

        navLink(lang.text("Account", "账户")).click();
        axe("account", lang);
        page.navigate("/account/two-factor");
        axe("two-factor", lang);
        assertAccessible(lang.code);
    }

    private void axe(String where, Lang lang) {
        checkAccessibility("a11y", where, lang);
    }
}
