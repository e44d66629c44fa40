package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import org.junit.jupiter.api.Test;

import studio.atelier.support.SeedPrompt;

/**
 * J1 and J6: a newcomer registers, signs in, stores a demo key, generates the seed's Chinese prompt, watches the
 * card appear and fill in without a page reload, favourites the result and finds it again in the gallery.
 */
class FirstJourneyTest extends BrowserTest {

    private static final String PROMPT_START = SeedPrompt.TEXT.substring(0, 12);

    /** J1: English, desktop. */
    @Test
    void newcomerGeneratesTheSeedPromptAndFindsItInTheGallery() {
        desktop();
        firstJourney(Lang.EN, "j1", false);
    }

    /** J6: the same in Chinese, on a phone; no page scrolls sideways. */
    @Test
    void theSameJourneyInChineseOnAPhone() {
        phone();
        firstJourney(Lang.ZH, "j6", true);
    }

    private void firstJourney(Lang lang, String journey, boolean phone) {
        registerAndSignIn(lang, journey);
        if (phone) {
            assertNoHorizontalScroll("after sign-in");
        }
        assertNavigationIn(lang);

        addDemoKey(lang, journey);
        if (phone) {
            assertNoHorizontalScroll("keys");
        }

        // Generate: the card appears on top of "Recent" without a page load, then its picture arrives.
        navLink(lang.text("Generate", "生成")).click();
        assertThat(page).hasURL(Pattern.compile("/generate$"));
        assertThat(page.locator(".recent .empty")).isVisible();
        page.getByLabel(lang.text("Prompt", "提示词"), new Page.GetByLabelOptions().setExact(true)).fill(SeedPrompt.TEXT);
        page.evaluate("() => { window.__marker = 'same-page'; }");
        button(lang.text("Generate", "生成")).click();

        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card).containsText(PROMPT_START);
        assertThat(card.locator(".badge")).hasText(Pattern.compile(lang.text("Queued|Generating", "排队中|生成中")));
        assertThat(card.locator(".placeholder.working")).isVisible();
        screenshot(journey, "generate-running", lang);
        Locator thumb = card.locator("img");
        assertThat(thumb).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(card.locator(".badge")).hasText(lang.text("Done", "已完成"));
        assertLoaded(thumb);
        assertThat(thumb).hasAttribute("alt", Pattern.compile("^" + PROMPT_START));
        assertThat(page.locator(".recent .empty")).isHidden();
        assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        assertThat(page.locator("#recent-list .gen-card")).hasCount(1);
        screenshot(journey, "generate-done", lang);
        if (phone) {
            assertNoHorizontalScroll("generate");
        }

        // Detail: the full picture, the prompt, and a favourite toggle.
        card.locator("a.gen-thumb").click();
        assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
        assertLoaded(page.locator(".detail-figure img"));
        assertThat(page.locator(".detail-figure img")).hasCount(1);
        assertThat(page.locator(".detail .gen-card")).hasCount(0); // the live card is only for unfinished generations
        assertThat(page.locator(".prompt-full").first()).hasText(SeedPrompt.TEXT.trim());
        Locator favourite = page.locator("#favourite-button");
        assertThat(favourite).hasText(lang.text("☆ Favourite", "☆ 收藏"));
        assertThat(favourite).hasAttribute("aria-pressed", "false");
        favourite.click();
        assertThat(favourite).hasText(lang.text("★ Favourite", "★ 已收藏"));
        assertThat(favourite).hasAttribute("aria-pressed", "true");
        screenshot(journey, "detail", lang);
        if (phone) {
            assertNoHorizontalScroll("detail");
        }

        // Gallery: live search by a Chinese word; the address bar follows.
        navLink(lang.text("Gallery", "图库")).click();
        assertThat(page).hasURL(Pattern.compile("/gallery$"));
        Locator search = page.getByLabel(lang.text("Search prompts", "搜索提示词"));
        search.fill("石器时代");
        waitForQuery("石器时代");
        Locator results = page.locator("#gallery-results .gen-card");
        assertThat(results).hasCount(1);
        assertThat(results.first()).containsText(PROMPT_START);
        assertThat(results.first().locator(".fav-mark")).isVisible();
        assertLoaded(results.first().locator("img"));
        screenshot(journey, "gallery", lang);
        if (phone) {
            assertNoHorizontalScroll("gallery");
        }
        search.fill("zebra");
        waitForQuery("zebra");
        assertThat(results).hasCount(0);
        assertThat(page.locator("#gallery-results .empty")).hasText(lang.text(
                "Nothing matches. Try other filters, or generate something new.", "没有匹配的内容。试试其他筛选条件，或生成新作品。"));
        screenshot(journey, "gallery-empty", lang);

        // Account.
        navLink(lang.text("Account", "账户")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText(lang.text("Your account", "我的账户"));
        screenshot(journey, "account", lang);
        if (phone) {
            assertNoHorizontalScroll("account");
        }
    }

    private void assertNavigationIn(Lang lang) {
        Locator nav = page.getByRole(com.microsoft.playwright.options.AriaRole.NAVIGATION);
        for (String label : List.of(lang.text("Generate", "生成"), lang.text("Gallery", "图库"), lang.text("Keys", "密钥"),
                lang.text("Account", "账户"))) {
            assertThat(navLink(label)).isVisible();
        }
        assertThat(nav.locator("button[type=submit]")).hasText(lang.text("Log out", "退出登录"));
        if (lang == Lang.ZH) {
            for (String english : List.of("Generate", "Gallery", "Keys", "Account", "Log out")) {
                assertThat(nav).not().containsText(english);
            }
        }
    }

    /** hx-push-url: the address bar carries the search, so the result can be bookmarked or reloaded. */
    private void waitForQuery(String q) {
        page.waitForCondition(() -> URLDecoder.decode(page.url(), StandardCharsets.UTF_8).contains("q=" + q));
    }

    /** The picture really loaded (not a broken-image icon). */
    private void assertLoaded(Locator img) {
        assertThat(img).isVisible();
        img.evaluate("el => el.decode ? el.decode() : null");
        assertEquals(Boolean.TRUE, img.evaluate("el => el.complete && el.naturalWidth > 0"), "broken image: " + img);
    }
}
