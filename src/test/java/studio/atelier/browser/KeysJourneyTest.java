package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.playwright.Locator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys: store "demo", test it in place (HTMX swaps the row), delete it after confirming, in both languages; the table
 * fits a laptop and a phone.
 */
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

    /**
     * At 1366 px the table beside the "Add a key" form keeps every row's Delete button inside its box (it used to cut
     * them off); at 390 px nothing scrolls sideways. A short key is masked without showing it, yet not as a bare "…"; a
     * key the gateway refused is marked.
     */
    @ParameterizedTest
    @EnumSource(Lang.class)
    void theKeysTableFitsALaptopAndAPhone(Lang lang) {
        open(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1366, 768));
        registerAndSignIn(lang, "keys-fit");
        addDemoKey(lang, "keys-fit");
        addKey(lang, "A label long enough to need some room", "revoked-sk-0123456789abcdef");
        addKey(lang, "", "sk-demo-0123456789abcdefghij");

        Locator rows = page.locator("tbody tr");
        assertThat(rows).hasCount(3);
        assertThat(rows.locator(".key-mask")).containsText(new String[] {"sk-…ghij", "…cdef", "d…o"});
        assertThat(rows.nth(1).locator(".badge")).hasText(lang.text("rejected", "已被拒绝"));
        var box = page.locator(".keys-table-wrap").boundingBox();
        for (int i = 0; i < 3; i++) {
            var delete = rows.nth(i).locator("button.btn-danger").boundingBox();
            assertTrue(delete.x >= box.x - 0.5 && delete.x + delete.width <= box.x + box.width + 0.5
                    && delete.y >= box.y - 0.5 && delete.y + delete.height <= box.y + box.height + 0.5,
                    "row " + i + "'s Delete button " + delete.x + "+" + delete.width + " is outside the table's box " + box.x + "+" + box.width);
        }
        assertTablesFit("keys at 1366 px");
        screenshot("keys-fit", "1366", lang);

        page.setViewportSize(1280, 800);
        assertTablesFit("keys at 1280 px");
        screenshot("keys-fit", "1280", lang);

        page.setViewportSize(390, 844);
        page.reload();
        assertNoHorizontalScroll("keys at 390 px");
        assertEquals(true, page.evaluate("() => document.documentElement.scrollWidth <= 390"));
        var phoneBox = page.locator(".keys-table-wrap").boundingBox();
        for (int i = 0; i < 3; i++) {
            var delete = rows.nth(i).locator("button.btn-danger").boundingBox();
            assertTrue(delete.x >= phoneBox.x - 0.5 && delete.x + delete.width <= phoneBox.x + phoneBox.width + 0.5,
                    "row " + i + "'s Delete button is outside the table's box on a phone");
        }
        screenshot("keys-fit", "390", lang);

        // Generate starts with the key that worked last, and names the refused one as such
        page.navigate("/generate");
        assertThat(page.locator("#keyId option:checked")).containsText("sk-…ghij");
        assertThat(page.locator("#keyId option").nth(2)).containsText(lang.text("rejected by the gateway", "已被网关拒绝"));
        screenshot("keys-fit", "generate-390", lang);
        page.setViewportSize(1366, 768);
        screenshot("keys-fit", "generate-1366", lang);
    }

    private void addKey(Lang lang, String label, String secret) {
        page.getByLabel(lang.text("Label", "名称")).fill(label);
        page.getByLabel(lang.text("API key", "API 密钥"), new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true)).fill(secret);
        button(lang.text("Save and test", "保存并测试")).click();
        assertThat(page.locator(".flash")).isVisible();
    }
}
