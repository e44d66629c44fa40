package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * J-review: a person makes three pictures; the administrator opens content review filtered to that person, sees them
 * as tiles, ticks two (one with the keyboard), gives one reason and hides both in one go: the two tiles say hidden and
 * why, the third does not. In Chinese they show one of them again. Photographed at 1280 and 390 px in both languages.
 */
class ReviewJourneyTest extends BrowserTest {

    private static final List<String> PROMPTS = List.of("A lantern in the fog", "A kite over the sea", "A teapot on a windowsill");

    @Autowired
    JdbcClient jdbc;

    @Test
    void theAdministratorHidesTwoSelectedTilesWithOneReason() {
        desktop();
        String makerName = registerAndSignIn(Lang.EN, "review-maker");
        addDemoKey(Lang.EN, "review-maker");
        navLink("Generate").click();
        for (String prompt : PROMPTS) {
            page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill(prompt);
            button("Generate").click();
            assertThat(page.locator("#recent-list .gen-card .gen-prompt").first()).hasText(prompt);
        }
        Locator badges = page.locator("#recent-list .gen-card .badge");
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertThat(badges.nth(i)).hasText("Done", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        }

        Page admin = anotherDesktop();
        actAs(admin);
        String adminName = registerAndSignIn(Lang.EN, "review");
        jdbc.sql("update app_user set role = 'ADMIN' where username_key = ?").param(adminName.toLowerCase(Locale.ROOT)).update();
        page.navigate("/admin/review?user=" + makerName);
        Locator tiles = page.locator("#review-results .review-tile");
        assertThat(tiles).hasCount(3);
        assertTrue(columns() >= 4, "4–5 columns at 1280 px, not " + columns());
        assertEquals(384, ((Number) tiles.first().locator("img").evaluate("i => i.naturalWidth")).intValue(), "the 384 px thumbnail");
        assertThat(tiles.first()).containsText(makerName);
        screenshot("review", "grid", Lang.EN);

        // newest first: the teapot, the kite, the lantern; the kite and the lantern go
        Locator kite = tile("A kite over the sea");
        Locator lantern = tile("A lantern in the fog");
        Locator teapot = tile("A teapot on a windowsill");
        kite.getByRole(AriaRole.CHECKBOX).focus();
        page.keyboard().press("Space");
        lantern.getByRole(AriaRole.CHECKBOX).check();
        assertThat(page.locator("#review-selected-count")).hasText("2 selected");
        assertThat(page.getByLabel("Select all on this page")).not().isChecked();
        page.getByLabel("Reason for the selected").fill("Not for this studio");
        button("Hide selected").click();

        assertThat(page.locator(".review-notice")).hasText("2 generations hidden.");
        assertThat(page.locator(".review-notice")).isFocused();
        for (Locator hidden : List.of(kite, lantern)) {
            assertThat(hidden.locator(".badge-bad")).hasText("Hidden by an administrator");
            assertThat(hidden.locator(".review-reason")).hasText("Reason: Not for this studio");
            assertThat(hidden.getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Unhide").setExact(true))).isVisible();
        }
        assertThat(teapot.locator(".badge-bad")).hasCount(0);
        assertThat(page.locator("#review-results input[name=ids]:checked")).hasCount(0);
        page.getByLabel("Select all on this page").check();
        assertThat(page.locator("#review-results input[name=ids]:checked")).hasCount(3);
        assertThat(page.locator("#review-selected-count")).hasText("3 selected");
        page.getByLabel("Select all on this page").uncheck();
        screenshot("review", "hidden", Lang.EN);
        checkAccessibility("review", "hidden", Lang.EN);

        page.setViewportSize(390, 844);
        assertEquals(2, columns(), "two columns on a phone");
        assertNoHorizontalScroll("content review at 390 px");
        screenshot("review", "phone", Lang.EN);

        // In Chinese, on the phone: the lantern is shown again.
        switchTo(Lang.ZH);
        page.navigate("/admin/review?user=" + makerName);
        lantern.getByRole(AriaRole.CHECKBOX).check();
        assertThat(page.locator("#review-selected-count")).hasText("已选择 1 项");
        page.getByLabel("所选项的原因").fill("申诉已通过");
        button("取消隐藏所选").click();
        assertThat(page.locator(".review-notice")).hasText("已取消隐藏 1 项生成。");
        assertThat(lantern.locator(".badge-bad")).hasCount(0);
        assertThat(kite.locator(".badge-bad")).hasText("已被管理员隐藏");
        assertThat(kite.locator(".review-reason")).hasText("原因：Not for this studio");
        assertNoHorizontalScroll("content review at 390 px in Chinese");
        screenshot("review", "phone", Lang.ZH);
        checkAccessibility("review", "phone", Lang.ZH);

        page.setViewportSize(1280, 800);
        assertTrue(columns() >= 4, "4–5 columns at 1280 px");
        screenshot("review", "grid", Lang.ZH);
        assertAccessible("review");
    }

    private Locator tile(String prompt) {
        return page.locator("#review-results .review-tile").filter(new Locator.FilterOptions().setHasText(prompt));
    }

    private int columns() {
        return ((Number) page.locator(".review-grid").evaluate("g => getComputedStyle(g).gridTemplateColumns.split(' ').length")).intValue();
    }
}
