package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A wrong filter typed into the address: the page (answered with 400) says which parameter and what it accepts, in the
 * person's language, on a desktop and a phone; the filters work from there as usual and the banner goes.
 */
class FilterProblemsJourneyTest extends BrowserTest {

    @ParameterizedTest
    @EnumSource(Lang.class)
    void aWrongFilterIsNamedWithWhatItAcceptsAndThePageStillWorks(Lang lang) {
        desktop();
        registerAndSignIn(lang, "filters");
        Locator banner = page.locator("[data-filter-problems]");

        page.navigate("/gallery?status=BOGUS");
        assertThat(banner).containsText(lang.text(
                "The filter “status” cannot be “BOGUS”. Choose one of: images, succeeded, failed, active.",
                "筛选条件“status”不能是“BOGUS”，可选值：images, succeeded, failed, active。"));
        assertThat(banner).containsText(lang.text("The page is shown as if that filter were not set.", "页面按未设置该筛选条件的情况显示。"));
        assertThat(page.locator("#status")).hasValue("");
        screenshot("filters", "gallery", lang);
        page.locator("#status").selectOption("failed");
        assertThat(page).hasURL(Pattern.compile("status=failed"));
        assertThat(banner).hasCount(0);

        page.navigate("/usage?range=custom&from=31.12.2025&to=2026-01-31");
        assertThat(banner).containsText(lang.text("The filter “from” needs a date written as YYYY-MM-DD",
                "筛选条件“from”需要 YYYY-MM-DD 格式的日期"));
        screenshot("filters", "usage", lang);

        page.setViewportSize(390, 844);
        page.navigate("/usage?range=foo");
        assertThat(banner).containsText(lang.text("The filter “range” cannot be “foo”.", "筛选条件“range”不能是“foo”"));
        assertNoHorizontalScroll("usage with a wrong filter");
        screenshot("filters", "usage-phone", lang);
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new com.microsoft.playwright.Page.GetByRoleOptions().setName(lang.text("30 days", "30 天")).setExact(true)).click();
        assertThat(page).hasURL(Pattern.compile("range=30d"));
        assertThat(banner).hasCount(0);
    }
}
