package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An empty prompt with both temperature and top p: the messages appear next to the fields and nothing is queued. */
class ValidationJourneyTest extends BrowserTest {

    @ParameterizedTest
    @EnumSource(Lang.class)
    void mistakesAreShownNextToTheFields(Lang lang) {
        desktop();
        registerAndSignIn(lang, "validation");
        addDemoKey(lang, "validation");

        navLink(lang.text("Generate", "生成")).click();
        page.getByText(lang.text("Advanced parameters", "高级参数")).click();
        page.getByLabel(lang.text("Temperature", "温度"), new Page.GetByLabelOptions().setExact(true)).fill("0.7");
        page.getByLabel("Top p", new Page.GetByLabelOptions().setExact(true)).fill("0.9");
        page.evaluate("() => { window.__marker = 'same-page'; }");
        button(lang.text("Generate", "生成")).click();

        assertThat(page.locator("#prompt-error")).hasText(lang.text("Please write a prompt.", "请填写提示词。"));
        assertThat(page.locator("#topP-error")).hasText(lang.text("Use temperature or top p, not both.", "温度和 top p 只能使用其中一个。"));
        assertThat(page.locator("#prompt-error")).isVisible();
        assertThat(page.locator("#topP-error")).isVisible();
        assertThat(page.locator("#prompt")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#topP")).hasAttribute("aria-invalid", "true");
        // What was typed is kept, and only the real mistakes are reported.
        assertThat(page.locator("#temperature")).hasValue("0.7");
        assertThat(page.locator("#topP")).hasValue("0.9");
        assertThat(page.locator("#temperature-error")).hasCount(0);
        assertThat(page.locator("#maxTokens-error")).hasCount(0);
        assertThat(page.locator(".generate-form .flash-error")).hasCount(0);
        // Nothing queued.
        assertThat(page.locator("#recent-list .gen-card")).hasCount(0);
        assertThat(page.locator(".recent .empty")).isVisible();
        assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        screenshot("validation", "errors", lang);

        page.reload();
        assertThat(page.locator("#recent-list .gen-card")).hasCount(0);
    }
}
