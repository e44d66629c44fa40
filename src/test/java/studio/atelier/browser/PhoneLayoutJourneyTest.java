package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a phone (390 × 844) the pinned header is one short row: the navigation waits behind a menu button (opened by
 * touch or keyboard, closed with Esc), and the personal and team galleries show two pictures side by side.
 */
class PhoneLayoutJourneyTest extends BrowserTest {

    private static final String JOURNEY = "phone";

    @ParameterizedTest
    @EnumSource(Lang.class)
    void theHeaderIsOneShortRowWithAMenuAndGalleriesShowTwoColumns(Lang lang) {
        phone();
        registerAndSignIn(lang, JOURNEY);

        Locator header = page.locator("header.topbar");
        double height = header.boundingBox().height;
        assertTrue(height <= 64, "the header is " + height + " px tall on a phone");
        Locator menu = button(lang.text("Menu", "菜单"));
        assertThat(menu).hasAttribute("aria-expanded", "false");
        Locator panel = page.locator("#" + menu.getAttribute("aria-controls"));
        List<String> labels = List.of(lang.text("Generate", "生成"), lang.text("Gallery", "图库"), lang.text("Keys", "密钥"),
                lang.text("Account", "账户"));
        for (String label : labels) {
            Locator link = panel.locator("a").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + label + "$")));
            assertThat(link).hasCount(1);
            assertThat(link).isHidden();
        }
        assertThat(panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(lang.text("Log out", "退出登录"))))
                .isHidden();
        viewportShot("header-closed", lang);

        // Touch opens it; every link is there and the header stays pinned on top of the page.
        menu.click();
        assertThat(menu).hasAttribute("aria-expanded", "true");
        for (String label : labels) {
            assertThat(navLink(label)).isVisible();
        }
        assertThat(panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(lang.text("Log out", "退出登录"))))
                .isVisible();
        viewportShot("header-open", lang);
        checkAccessibility(JOURNEY, "menu-open", lang);

        // Esc closes it and gives the focus back to the button; the keyboard opens it again and Tab reaches the links.
        page.keyboard().press("Escape");
        assertThat(menu).hasAttribute("aria-expanded", "false");
        assertThat(panel.locator("a").first()).isHidden();
        assertThat(menu).isFocused();
        page.keyboard().press("Enter");
        assertThat(menu).hasAttribute("aria-expanded", "true");
        page.keyboard().press("Tab");
        assertThat(panel.locator("a").first()).isFocused();
        assertThat(panel.locator("a").first()).isInViewport();

        // The links work: the person goes on to add a key, generate twice and look at the gallery.
        addDemoKey(lang, JOURNEY);
        assertThat(page.locator(".menu-toggle")).hasAttribute("aria-expanded", "false"); // a new page starts closed
        navLink(lang.text("Generate", "生成")).click();
        assertThat(page).hasURL(Pattern.compile("/generate$"));
        generate(lang, "一只在竹林里读书的熊猫");
        generate(lang, "A paper boat on a rainy street");
        Locator cards = page.locator("#recent-list .gen-card");
        assertThat(cards).hasCount(2);
        for (int i = 0; i < 2; i++) {
            assertThat(cards.nth(i).locator(".badge")).hasText(lang.text("Done", "已完成"),
                    new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        }
        screenshot(JOURNEY, "generate", lang);
        assertNoHorizontalScroll("generate");

        navLink(lang.text("Gallery", "图库")).click();
        assertThat(page).hasURL(Pattern.compile("/gallery$"));
        assertTwoSideBySide("gallery");
        screenshot(JOURNEY, "gallery", lang);
        assertNoHorizontalScroll("gallery");

        // The same two in a team's gallery.
        navLink(lang.text("Teams", "团队")).click();
        page.getByLabel(lang.text("Name", "名称"), new Page.GetByLabelOptions().setExact(true)).fill("Phone crew " + lang.code);
        button(lang.text("Create team", "创建团队")).click();
        assertThat(page).hasURL(Pattern.compile("/teams/[a-z0-9-]+$"));
        String teamPath = page.url().replaceFirst("^https?://[^/]+", "");
        navLink(lang.text("Gallery", "图库")).click();
        Locator boxes = page.locator("#gallery-results .tile-select input");
        assertThat(boxes).hasCount(2);
        boxes.nth(0).check();
        boxes.nth(1).check();
        button(lang.text("Share with team", "与团队共享")).click();
        assertThat(page.locator(".flash-success")).isVisible();
        page.navigate(teamPath + "/gallery");
        assertTwoSideBySide("team gallery");
        screenshot(JOURNEY, "team-gallery", lang);
        assertNoHorizontalScroll("team gallery");
        assertAccessible(JOURNEY + "-" + lang.code);
    }

    /** Without JavaScript the menu button could open nothing: the navigation shows in full instead. */
    @Test
    void withoutJavaScriptTheNavigationIsShownInFull() {
        open(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true).setHasTouch(true)
                .setJavaScriptEnabled(false));
        registerAndSignIn(Lang.EN, JOURNEY + "-no-script");
        assertThat(page.locator(".menu-toggle")).isHidden();
        for (String label : List.of("Generate", "Gallery", "Keys", "Account")) {
            assertThat(navLink(label)).isVisible();
        }
        button("Log out").scrollIntoViewIfNeeded();
        assertThat(button("Log out")).isVisible();
        viewportShot("no-script", Lang.EN);
        navLink("Keys").click();
        assertThat(page).hasURL(Pattern.compile("/keys$"));
    }

    private void generate(Lang lang, String prompt) {
        int before = page.locator("#recent-list .gen-card").count();
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill(prompt);
        button(lang.text("Generate", "生成")).click();
        assertThat(page.locator("#recent-list .gen-card")).hasCount(before + 1);
    }

    /** The first two tiles of the gallery share a row: same top, side by side. */
    private void assertTwoSideBySide(String where) {
        Locator tiles = page.locator("#gallery-results .tile:not(.sentinel)");
        assertThat(tiles).hasCount(2);
        BoundingBox first = tiles.nth(0).boundingBox();
        BoundingBox second = tiles.nth(1).boundingBox();
        assertEquals(first.y, second.y, 1, where + ": the second tile is not beside the first");
        assertNotEquals(first.x, second.x, where + ": the tiles are stacked");
        assertTrue(second.x >= first.x + first.width, where + ": the tiles overlap");
    }

    private void viewportShot(String step, Lang lang) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(JOURNEY + "-" + step + "-" + lang.code + ".png")));
    }
}
