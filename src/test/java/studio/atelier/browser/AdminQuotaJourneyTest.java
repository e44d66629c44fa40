package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;

import studio.atelier.support.SeedPrompt;

/**
 * J5: the administrator finds a person by searching the users page, lowers their monthly image limit to what they
 * have already used, the person's next generation is refused with the limit's message (in both languages) and nothing
 * is queued, and the audit log shows the change. Ends with every admin page photographed and checked with axe in
 * English and Chinese.
 *
 * <p>The administrator is the first account registered, so this class starts on an empty database: it discards the
 * shared browser-test context (and so its database) before it runs. The classes after it share the new one.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class AdminQuotaJourneyTest extends BrowserTest {

    private static final String SECOND_PROMPT = "A jade lighthouse at dusk";

    @Test
    void adminLowersAQuotaTheUserIsRefusedAndTheAuditLogShowsIt() {
        Page admin = desktop();
        String adminName = registerAndSignIn(Lang.EN, "j5");
        assertThat(navLink("Admin")).isVisible(); // the first account is the administrator, and is told so
        assertThat(page.locator(".flash-success")).hasText("Welcome! Your account is ready and you are signed in. As the first "
                + "account, you are the administrator of this Atelier: find the Admin section in the menu.");

        Page user = anotherDesktop();
        actAs(user);
        String userName = registerAndSignIn(Lang.EN, "j5-user");
        assertThat(navLink("Admin")).hasCount(0);
        assertThat(page.locator(".flash-success")).hasText("Welcome! Your account is ready and you are signed in.");
        addDemoKey(Lang.EN, "j5-user");
        navLink("Generate").click();
        Locator prompt = page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true));
        prompt.fill(SeedPrompt.TEXT);
        button("Generate").click();
        Locator cards = page.locator("#recent-list .gen-card");
        assertThat(cards.first().locator(".badge")).hasText("Done", new LocatorAssertions.HasTextOptions().setTimeout(30_000));

        // The administrator looks the person up and lowers their monthly images to the one already made.
        actAs(admin);
        navLink("Admin").click();
        assertThat(page).hasURL(Pattern.compile("/admin$"));
        subnav("Users").click();
        assertThat(page).hasURL(Pattern.compile("/admin/users$"));
        assertThat(page.locator("#user-results tbody tr")).hasCount(2);
        page.getByLabel("Search by username or email").fill(userName);
        page.waitForCondition(() -> URLDecoder.decode(page.url(), StandardCharsets.UTF_8).endsWith("q=" + userName));
        Locator row = page.locator("#user-results tbody tr");
        assertThat(row).hasCount(1);
        assertThat(row.locator("td").first()).hasText(userName);
        assertThat(row.locator(".month-usage")).hasText("1 request, 1 image, 0.00 USD");
        screenshot("j5", "users-search", Lang.EN);

        // What they spent this month, and the request itself (content review: an admin does not open others' pages).
        row.locator(".month-usage a").click();
        assertThat(page).hasURL(Pattern.compile("/admin/usage/users/\\d+\\?range=month$"));
        assertThat(page.locator("main h2").first()).hasText("Usage of " + userName);
        assertThat(page.locator("#total-images")).hasText("1");
        Locator request = page.locator("table.usage-latest tbody tr");
        assertThat(request).hasCount(1);
        request.locator("a").first().click();
        assertThat(page).hasURL(Pattern.compile("/admin/review\\?user=" + userName + "&before=\\d+$"));
        assertThat(page.locator(".review-tile")).hasCount(1);
        assertThat(page.locator(".review-tile .gen-prompt")).hasText(SeedPrompt.TEXT.trim());
        page.goBack();
        page.locator(".page-head").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Quota").setExact(true)).click();
        assertThat(page).hasURL(Pattern.compile("/admin/users/\\d+/quota$"));
        String userId = page.url().replaceFirst(".*/admin/users/(\\d+)/quota$", "$1");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(2))).hasText("Quota of " + userName);
        assertThat(page.locator("#quota-source")).hasText("The default quota applies to this person.");
        page.getByLabel("Images per month", new Page.GetByLabelOptions().setExact(true)).fill("1");
        button("Save quota").click();
        assertThat(page.locator(".flash-success")).hasText("The quota was saved.");
        assertThat(page.locator("#quota-source")).hasText("This person has their own quota.");
        assertThat(page.getByLabel("Images per month", new Page.GetByLabelOptions().setExact(true))).hasValue("1");
        assertThat(page.locator(".quota-meters li")).hasText(new String[] { "Images this month: 1 of 1 (100 %)" });
        screenshot("j5", "quota", Lang.EN);

        // The person's next generation is refused on the form; nothing is queued.
        actAs(user);
        prompt.fill(SECOND_PROMPT);
        button("Generate").click();
        Locator refusal = page.locator("#generate-form .flash-error");
        assertThat(refusal.locator("p").first()).hasText(Pattern.compile(
                "^Refused: this would exceed your limit of 1 images? per month \\(queued and running ones count\\)\\. "
                        + "The limit resets at \\d{4}-\\d\\d-01 00:00 UTC\\.$"));
        assertThat(refusal.getByRole(AriaRole.LINK)).hasText("See usage");
        // said once: the banner no longer repeats the limit that the form explains
        assertThat(page.locator("#quota-banner [data-quota=IMAGES_PER_MONTH]")).hasCount(0);
        assertThat(cards).hasCount(1);
        assertThat(prompt).hasValue(SECOND_PROMPT); // what they typed is kept
        assertEquals(false, page.locator("#generate-form details.advanced").evaluate("d => d.open"), "a refusal does not open Advanced");
        screenshot("j5", "refused", Lang.EN);
        page.reload();
        assertThat(page.locator("#quota-banner [data-quota=IMAGES_PER_MONTH]")).containsText("Monthly image limit reached");
        assertThat(cards).hasCount(1);
        navLink("Gallery").click();
        assertThat(page.locator("#gallery-results .gen-card")).hasCount(1);
        navLink("Usage").click();
        assertThat(page.locator("#total-requests")).hasText("1");

        // The same refusal in Chinese.
        navLink("Generate").click();
        switchTo(Lang.ZH);
        page.getByLabel("提示词", new Page.GetByLabelOptions().setExact(true)).fill(SECOND_PROMPT);
        button("生成").click();
        assertThat(page.locator("#generate-form .flash-error p").first()).containsText("已拒绝：这将超出您每月 1 张图片的限额");
        assertThat(page.locator("#generate-form .flash-error a")).hasText("查看用量");
        assertThat(page.locator("#quota-banner [data-quota=IMAGES_PER_MONTH]")).hasCount(0);
        assertThat(cards).hasCount(1);
        screenshot("j5", "refused", Lang.ZH);

        // The audit log has the change: who, on whom, from what to what.
        actAs(admin);
        subnav("Audit log").click();
        page.getByLabel("Action").selectOption(new SelectOption().setLabel("Quota changed"));
        page.waitForCondition(() -> page.url().contains("action=QUOTA_CHANGED"));
        Locator entries = page.locator("#audit-results tbody tr");
        assertThat(entries).hasCount(1);
        assertThat(entries.first().locator("td")).hasText(new Pattern[] { Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"),
                Pattern.compile("^" + adminName + "$"), Pattern.compile("^Quota changed$"), Pattern.compile("^User\\s+" + userId + "\\s+" + userName + "$"),
                Pattern.compile("^Default quota → Requests per day: unlimited, Images per month: 1, Cost per month: unlimited$"), Pattern.compile("^$"),
                Pattern.compile(".+") });
        screenshot("j5", "audit", Lang.EN);

        adminPagesInBothLanguages(userId, userName);
        assertAccessible("j5");
    }

    /** Every admin page, photographed and checked with axe, in English and in Chinese (headings checked). */
    private void adminPagesInBothLanguages(String userId, String userName) {
        for (Lang lang : Lang.values()) {
            page.navigate("/admin");
            switchTo(lang);
            for (String[] visit : new String[][] { { "/admin", "dashboard" }, { "/admin/users", "users" }, { "/admin/usage", "usage" },
                    { "/admin/usage/users/" + userId, "usage-user" }, { "/admin/users/" + userId + "/quota", "quota" },
                    { "/admin/review", "review" }, { "/admin/providers", "providers" }, { "/admin/audit", "audit" } }) {
                page.navigate(visit[0]);
                assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(lang.text("Administration", "管理"));
                assertThat(page.locator(".subnav [aria-current=page]")).hasCount(visit[1].equals("usage-user") || visit[1].equals("quota") ? 0 : 1);
                if (visit[1].equals("usage-user")) {
                    assertThat(page.locator("#usage-chart")).isVisible();
                    assertThat(page.locator("main h2").first()).hasText(lang.text("Usage of " + userName, userName + " 的用量"));
                }
                assertTablesFit(visit[0] + " in " + lang);
                screenshot("j5", "admin-" + visit[1], lang);
                checkAccessibility("j5", "admin-" + visit[1], lang);
            }
        }
    }

    private Locator subnav(String label) {
        return page.locator(".subnav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(label).setExact(true));
    }
}
