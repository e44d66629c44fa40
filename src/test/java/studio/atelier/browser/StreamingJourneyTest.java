package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

import org.junit.jupiter.api.Test;

/**
 * J2: with "Stream progress from the gateway" ticked, the running card shows the gateway's progress lines while it
 * works, then the picture.
 *
 * A key the gateway refuses (the demo gateway refuses keys starting with "revoked") ends in the clear message and a
 * Retry button on the card, without a reload.
 */
class StreamingJourneyTest extends BrowserTest {

    @Test
    void streamedGenerationShowsProgressThenThePicture() {
        desktop();
        registerAndSignIn(Lang.EN, "j2");
        addDemoKey(Lang.EN, "j2");

        navLink("Generate").click();
        page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill("一座漂浮在云海上的茶馆，水彩风格");
        page.getByText("Advanced parameters").click();
        Locator stream = page.getByLabel("Stream progress from the gateway");
        stream.check();
        assertThat(stream).isChecked();
        page.evaluate("() => { window.__marker = 'same-page'; }");
        button("Generate").click();

        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card).containsText("一座漂浮在云海上的茶馆");
        Locator progress = card.locator(".progress-text");
        // The demo gateway streams "> 排队中..", "> 🎨 生成中...", "> 进度 **25%**" … lines; the card shows the latest.
        assertThat(progress).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));
        assertThat(progress).hasText(Pattern.compile("%|排队|生成"));
        assertThat(card.locator(".badge")).hasText("Generating");
        screenshot("j2", "streaming-progress", Lang.EN);

        Locator thumb = card.locator("img");
        assertThat(thumb).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(card.locator(".badge")).hasText("Done");
        assertThat(progress).hasCount(0);
        assertThat(page.locator(".recent .empty")).isHidden();
        org.junit.jupiter.api.Assertions.assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        screenshot("j2", "streamed-done", Lang.EN);

        // The detail page records that it was streamed.
        card.locator("a.gen-thumb").click();
        Locator facts = page.locator(".detail-facts");
        assertThat(facts).containsText("Stream progress from the gateway");
        assertThat(facts.locator("dd").filter(new Locator.FilterOptions().setHasText(Pattern.compile("^yes$")))).hasCount(1);
    }

    @Test
    void aRefusedKeyShowsTheClearErrorAndRetry() {
        desktop();
        registerAndSignIn(Lang.EN, "j2b");
        navLink("Keys").click();
        page.getByLabel("Provider").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(DEMO_PROVIDER_EN));
        page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true)).fill("revoked-demo-key");
        button("Save and test").click();
        // saved, with the gateway's refusal shown next to it
        assertThat(page.locator("tbody tr").first()).isVisible();
        screenshot("j2b", "refused-key", Lang.EN);

        navLink("Generate").click();
        page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill("a lighthouse in fog");
        page.evaluate("() => { window.__marker = 'same-page'; }");
        button("Generate").click();

        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card).containsText("a lighthouse in fog");
        assertThat(card).containsText("The gateway rejected your API key", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        Locator retry = card.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Retry"));
        assertThat(retry).isVisible();
        screenshot("j2b", "refused-card", Lang.EN);

        int before = page.locator("#recent-list .gen-card").count();
        retry.click();
        // Retry makes a new generation; with the same key it is refused the same way
        assertThat(page.locator("#recent-list .gen-card")).hasCount(before + 1, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
        assertThat(page.locator("#recent-list .gen-card").first()).containsText("The gateway rejected your API key",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        org.junit.jupiter.api.Assertions.assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
    }

    /** Opened while it runs, the detail page shows the live card, then swaps in the picture when it is done. */
    @Test
    void detailPageFollowsARunningGeneration() {
        desktop();
        registerAndSignIn(Lang.EN, "j2-detail");
        addDemoKey(Lang.EN, "j2-detail");

        navLink("Generate").click();
        page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill("A lighthouse made of jade, at dusk");
        button("Generate").click();
        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card.locator(".badge")).hasText(Pattern.compile("Queued|Generating"));
        card.locator("a.gen-thumb").click();

        assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
        Locator liveCard = page.locator(".detail .gen-card");
        assertThat(liveCard.locator(".badge")).hasText(Pattern.compile("Queued|Generating"));
        assertThat(page.locator(".detail-facts .badge")).hasText(Pattern.compile("Queued|Generating"));
        page.evaluate("() => { window.__marker = 'same-page'; }");
        screenshot("j2", "detail-running", Lang.EN);

        Locator picture = page.locator(".detail-figure img");
        assertThat(picture).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(liveCard).hasCount(0);
        assertThat(page.locator(".detail-facts .badge")).hasText("Done");
        org.junit.jupiter.api.Assertions.assertEquals("same-page", page.evaluate("() => window.__marker"), "the page was reloaded");
        screenshot("j2", "detail-done", Lang.EN);
    }
}
