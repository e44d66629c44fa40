package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.Locator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keys: store "demo", test it in place (HTMX swaps the row), delete it after confirming, in both languages. */
class KeysJourneyTest extends BrowserTest {

    @ParameterizedTest
    @EnumSource(Lang.class)
    void storeTestAndDeleteAKey(Lang lang) {
        desktop();
        registerAndSignIn(lang, "keys");
        addDemoKey(lang, "keys");

        Locator row = page.locator("tbody tr").first();
        page.evaluate("() => { window.__marker = 'same-page'; }");
        row.locator("button", new Locator.LocatorOptions().setHasText(lang.text("Test", "测试"))).click();
        Locator result = page.locator("tbody tr").first().locator(".ok-text");
        assertThat(result).hasText(lang.text("The gateway accepted this key.", "网关接受了此密钥。"));
        assertThat(page.locator("tbody tr").first().locator(".badge")).hasText(lang.text("works", "可用"));
        assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        screenshot("keys", "tested", lang);

        AtomicReference<String> asked = new AtomicReference<>();
        page.onceDialog(dialog -> {
            asked.set(dialog.message());
            dialog.accept();
        });
        button(lang.text("Delete", "删除")).click();
        assertThat(page.locator("tbody tr:not(.sr-only)")).hasCount(0);
        assertThat(page.locator("tbody [role=status]")).hasText(lang.text("The key was deleted.", "密钥已删除。"));
        assertTrue(asked.get() != null && asked.get().startsWith(lang.text("Delete the key", "删除密钥")), "confirmation: " + asked.get());
        assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");

        page.reload();
        assertThat(page.locator(".empty")).hasText(lang.text("No keys yet. Add one to start generating.", "还没有密钥。添加一个即可开始生成。"));
        screenshot("keys", "deleted", lang);
    }
}
