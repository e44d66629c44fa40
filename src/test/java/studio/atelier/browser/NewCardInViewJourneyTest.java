package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a desktop, "Advanced parameters" open make the form so long that "Recent" is scrolled out of sight by the time
 * the person reaches the Generate button: the new card is brought into view (below the pinned header) when it
 * arrives. Also: at desktop width the whole navigation shows in the header, with no menu button.
 */
class NewCardInViewJourneyTest extends BrowserTest {

    private static final String JOURNEY = "reveal";

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theNewCardIsScrolledIntoViewWhenTheFormIsLong(Lang lang) {
        desktop();
        registerAndSignIn(lang, JOURNEY);
        assertThat(page.locator(".menu-toggle")).isHidden();
        assertThat(navLink(lang.text("Generate", "生成"))).isVisible();
        assertThat(navLink(lang.text("Account", "账户"))).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(JOURNEY + "-header-" + lang.code + ".png")));
        addDemoKey(lang, JOURNEY);

        navLink(lang.text("Generate", "生成")).click();
        assertThat(page).hasURL(Pattern.compile("/generate$"));
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill("山间小屋，晨雾，水墨");
        page.getByText(lang.text("Advanced parameters", "高级参数")).click();
        screenshot(JOURNEY, "generate-advanced", lang);
        Locator submit = button(lang.text("Generate", "生成"));
        submit.scrollIntoViewIfNeeded();
        assertTrue(top("#recent-list") < bottom("header.topbar"),
                "the situation under test: with the form this long, Recent is above the visible area when Generate is in view");

        submit.click();
        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card).containsText("山间小屋");
        // In view as a whole, not hidden under the pinned header (a smooth scroll may still be under way: wait for it).
        page.waitForCondition(() -> top("#recent-list .gen-card") >= bottom("header.topbar") - 1
                && bottom("#recent-list .gen-card") <= page.viewportSize().height + 1);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(JOURNEY + "-card-in-view-" + lang.code + ".png")));
    }

    private double top(String selector) {
        return ((Number) page.locator(selector).first().evaluate("e => e.getBoundingClientRect().top")).doubleValue();
    }

    private double bottom(String selector) {
        return ((Number) page.locator(selector).first().evaluate("e => e.getBoundingClientRect().bottom")).doubleValue();
    }
}
