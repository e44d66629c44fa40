package studio.atelier.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

/**
 * J4: an owner creates a team and an invitation link; a second person, in a browser of their own and not signed in,
 * opens the link, registers, comes back to it and joins. The owner shares a generation with the team; the member sees
 * it in the team gallery (who made it, Favourite and Reuse inside the card) and can load the picture. The owner, the
 * team's only owner, is not offered "Leave team" but told why, and copies the invitation link with a button. The owner
 * removes the member: from their next request on, the team's pages tell them they are no longer a member, and the
 * picture is gone (404, as for anyone outside the team).
 */
class TeamJourneyTest extends BrowserTest {

    private static final String PROMPT = "茶馆的屋顶上有一只打盹的橘猫, watercolour";

    @Test
    void ownerSharesWithAnInvitedMemberThenRemovesThem() {
        Page owner = desktop();
        String ownerName = registerAndSignIn(Lang.EN, "j4");
        addDemoKey(Lang.EN, "j4");
        navLink("Generate").click();
        page.getByLabel("Prompt", new Page.GetByLabelOptions().setExact(true)).fill(PROMPT);
        button("Generate").click();
        Locator card = page.locator("#recent-list .gen-card").first();
        assertThat(card.locator(".badge")).hasText("Done", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        card.locator("a.gen-thumb").click();
        assertThat(page).hasURL(Pattern.compile("/generations/\\d+$"));
        String generationUrl = page.url();
        String imagePath = page.locator(".detail-figure img").getAttribute("src");
        assertThat(page.locator("#share-form")).hasCount(0); // no team yet, nothing to share with

        // A team, and a link for anyone who has it.
        navLink("Teams").click();
        assertThat(page.locator(".empty")).hasText("You are not in a team yet. Create one, or open an invitation link.");
        String teamName = "Jade Teahouse " + ownerName;
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(teamName);
        button("Create team").click();
        assertThat(page).hasURL(Pattern.compile("/teams/[a-z0-9-]+$"));
        String teamPath = page.url().replaceFirst("^https?://[^/]+", "");
        assertThat(page.locator(".flash-success")).hasText("The team was created.");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(teamName);
        assertThat(page.locator(".page-head .badge")).hasText("Your role: Owner");
        // The only owner cannot leave: no button that would only be refused, a sentence saying what to do instead.
        assertThat(memberRow(ownerName).getByRole(AriaRole.BUTTON)).hasCount(0);
        assertThat(page.locator(".sole-owner")).hasText("You are the team's only owner, so you cannot leave it: make another "
                + "member owner first, or delete the team.");
        button("Invite").click(); // username left empty: a link
        assertThat(page.locator(".flash-success")).hasText("The invitation link was created.");
        Locator link = page.getByLabel("Invitation link");
        String invitation = link.inputValue();
        assertTrue(invitation.matches("http://localhost:" + port + "/invitations/[A-Za-z0-9_-]{20,}"), invitation);
        assertEquals(invitation, copyInvitationLink(Lang.EN), "the clipboard holds the link");
        Locator invitationRow = page.locator("table").filter(new Locator.FilterOptions().setHasText("Anyone with the link"))
                .locator("tbody tr").first();
        assertThat(invitationRow).containsText("0 / 1");
        assertThat(invitationRow.locator(".badge")).hasText("Open");
        screenshot("j4", "team-invited", Lang.EN);

        // The second person is not signed in: sign-in first (registering on the way), then back to the invitation.
        Page member = anotherDesktop();
        actAs(member);
        String memberName = registerAndSignIn(Lang.EN, "j4-member", invitation.replaceFirst("^https?://[^/]+", ""));
        String token = invitation.substring(invitation.lastIndexOf('/') + 1);
        assertThat(page).hasURL(Pattern.compile("/invitations/" + token + "(\\?continue)?$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Team invitation");
        assertThat(page.locator(".card")).containsText("You are invited to join " + teamName + " as Member.");
        screenshot("j4", "invitation", Lang.EN);
        button("Accept").click();
        assertThat(page).hasURL(url(teamPath));
        assertThat(page.locator(".flash-success")).hasText("Welcome to the team.");
        assertThat(page.locator(".page-head .badge")).hasText("Your role: Member");
        assertThat(memberRows()).hasCount(2);
        page.locator(".page-head").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Gallery")).click();
        assertThat(page).hasURL(url(teamPath + "/gallery"));
        assertThat(page.locator("#gallery-results .empty")).isVisible();
        assertThat(page.locator("#gallery-results .gen-card")).hasCount(0);
        assertEquals(404, page.navigate(imagePath).status(), "not shared yet");

        // The owner sees the new member and shares the generation with the team from its page.
        actAs(owner);
        page.reload();
        assertThat(memberRows()).hasCount(2);
        assertThat(memberRow(memberName).locator("select")).hasValue("MEMBER");
        assertThat(invitationRow.locator(".badge")).hasText("Used up");
        page.navigate(generationUrl);
        Locator shareBox = page.locator("#share-form").getByLabel(teamName);
        assertThat(shareBox).not().isChecked();
        shareBox.check();
        button("Save sharing").click();
        assertThat(page.locator(".flash-success")).hasText("Sharing was updated.");
        assertThat(page.locator("#share-form").getByLabel(teamName)).isChecked();

        // The member finds it in the team gallery, by its owner, and the picture loads.
        actAs(member);
        page.navigate(teamPath + "/gallery");
        Locator shared = page.locator("#gallery-results .tile");
        assertThat(shared).hasCount(1);
        assertThat(shared.locator(".gen-prompt")).hasText(PROMPT);
        assertThat(shared.locator(".tile-byline")).containsText("by " + ownerName);
        assertBylineInsideTheCard(shared);
        Locator thumb = shared.locator(".gen-card img");
        assertThat(thumb).isVisible();
        assertEquals(Boolean.TRUE, thumb.evaluate("img => img.decode().then(() => img.naturalWidth > 0)"), "the thumbnail loads");
        screenshot("j4", "team-gallery-member", Lang.EN);
        shared.locator("a.gen-thumb").click();
        assertThat(page).hasURL(generationUrl);
        assertThat(page.locator(".prompt-full").first()).hasText(PROMPT);
        assertThat(page.locator("#share-form")).hasCount(0); // not theirs to share
        assertThat(page.locator("form[action$='/delete']")).hasCount(0);
        // asked of the server, with this person's cookies: the browser may answer a page visit from its cache after a 304
        APIResponse picture = page.context().request().get(url(imagePath));
        assertEquals(200, picture.status(), "the shared picture for the member");
        assertTrue(picture.headers().get("content-type").startsWith("image/"), picture.headers().get("content-type"));

        // The owner removes the member (after confirming).
        actAs(owner);
        page.navigate(teamPath);
        AtomicReference<String> asked = new AtomicReference<>();
        page.onceDialog(dialog -> {
            asked.set(dialog.message());
            dialog.accept();
        });
        memberRow(memberName).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove")).click();
        assertThat(page.locator(".flash-success")).containsText("The member was removed.");
        assertEquals("Remove " + memberName + " from the team? They lose access to its gallery at once.", asked.get());
        assertThat(memberRows()).hasCount(1);
        assertThat(page.locator("table").first()).not().containsText(memberName);
        screenshot("j4", "team-removed", Lang.EN);

        // For the removed member the team's pages say why they are closed; the picture is gone; nothing was copied to them.
        actAs(member);
        assertEquals(403, page.navigate(teamPath + "/gallery").status(), "team gallery after removal");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("You are no longer a member of this team");
        assertThat(page.locator("main")).containsText("removed you from " + teamName);
        screenshot("j4", "membership-ended", Lang.EN);
        assertEquals(403, page.navigate(teamPath).status(), "team page after removal");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("You are no longer a member of this team");
        assertEquals(404, page.navigate(generationUrl).status(), "the generation after removal");
        // The server is asked directly, with this person's cookies, what it answers them now.
        assertEquals(404, page.context().request().get(url(imagePath)).status(), "the picture after removal");
        assertEquals(404, page.context().request().get(url(imagePath + "/thumb")).status(), "the thumbnail after removal");
        page.navigate("/teams");
        assertThat(page.locator(".empty")).hasText("You are not in a team yet. Create one, or open an invitation link.");
        assertThat(page.locator("main")).not().containsText(teamName);
        navLink("Gallery").click();
        assertThat(page.locator("#gallery-results .gen-card")).hasCount(0);

        // The owner still has it, shared.
        actAs(owner);
        assertEquals(200, page.context().request().get(url(imagePath)).status(), "the owner's picture");
        teamPagesInBothLanguages(teamPath, teamName, ownerName);
        assertAccessible("j4");
    }

    /** Clicks "Copy link" under a new invitation link: the live region confirms it; returns what the clipboard holds. */
    private String copyInvitationLink(Lang lang) {
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        button(lang.text("Copy link", "复制链接")).click();
        assertThat(page.locator("#invite-link-status")).hasText(lang.text("Copied to the clipboard.", "已复制到剪贴板。"));
        assertThat(page.locator("#invite-link-status")).hasAttribute("role", "status");
        return (String) page.evaluate("() => navigator.clipboard.readText()");
    }

    /**
     * "by …", Favourite and Reuse are drawn inside the card's frame (the nearest box around the picture with a visible
     * border), not below it.
     */
    private void assertBylineInsideTheCard(Locator tile) {
        Object inside = tile.first().evaluate("""
                tile => {
                  let frame = tile.querySelector('.gen-thumb');
                  while (frame && (getComputedStyle(frame).borderTopStyle === 'none' || getComputedStyle(frame).borderTopWidth === '0px')) {
                    frame = frame.parentElement;
                  }
                  const f = frame.getBoundingClientRect();
                  const parts = [...tile.querySelectorAll('.tile-byline > span, .tile-byline .btn')];
                  return parts.length === 3 && parts.every(e => {
                    const r = e.getBoundingClientRect();
                    return r.left >= f.left && r.right <= f.right && r.top >= f.top && r.bottom <= f.bottom;
                  });
                }""");
        assertEquals(Boolean.TRUE, inside, "the byline and its buttons sit inside the card");
    }

    /** The team pages, photographed and checked with axe in English and in Chinese (strings checked). */
    private void teamPagesInBothLanguages(String teamPath, String teamName, String ownerName) {
        for (Lang lang : Lang.values()) {
            page.navigate("/teams");
            switchTo(lang);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(lang.text("Teams", "团队"));
            assertThat(page.locator("tbody tr").filter(new Locator.FilterOptions().setHasText(teamName)).locator(".badge"))
                    .hasText(lang.text("Owner", "所有者"));
            assertTablesFit("teams in " + lang);
            screenshot("j4", "teams", lang);
            checkAccessibility("j4", "teams", lang);

            page.navigate(teamPath);
            assertThat(page.locator("main h2").first()).hasText(lang.text("Members", "成员"));
            assertThat(memberRow(ownerName).getByRole(AriaRole.BUTTON)).hasCount(0);
            assertThat(page.locator(".sole-owner")).hasText(lang.text("You are the team's only owner, so you cannot leave it: make "
                    + "another member owner first, or delete the team.", "你是团队唯一的所有者，因此不能退出：请先将其他成员设为所有者，或删除团队。"));
            button(lang.text("Invite", "邀请")).click();
            String link = page.locator("#invite-link").inputValue();
            assertEquals(link, copyInvitationLink(lang));
            assertTablesFit("team in " + lang);
            screenshot("j4", "team", lang);
            checkAccessibility("j4", "team", lang);
            onAPhone(() -> {
                assertThat(button(lang.text("Copy link", "复制链接"))).isVisible();
                screenshot("j4", "team-phone", lang);
                assertNoHorizontalScroll("team on a phone in " + lang);
            });

            page.navigate(teamPath + "/gallery");
            assertThat(page.locator("#gallery-results .tile")).hasCount(1);
            assertThat(page.locator(".tile-byline")).containsText(lang.text("by ", "由 "));
            assertBylineInsideTheCard(page.locator("#gallery-results .tile"));
            assertTablesFit("team-gallery in " + lang);
            screenshot("j4", "team-gallery", lang);
            checkAccessibility("j4", "team-gallery", lang);
            onAPhone(() -> {
                assertBylineInsideTheCard(page.locator("#gallery-results .tile"));
                screenshot("j4", "team-gallery-phone", lang);
                assertNoHorizontalScroll("team gallery on a phone in " + lang);
            });

            page.navigate(teamPath + "/usage");
            assertThat(page.locator("#usage-chart")).isVisible();
            assertThat(page.locator(".usage-members h2")).hasText(lang.text("By member", "按成员"));
            assertTablesFit("team-usage in " + lang);
            screenshot("j4", "team-usage", lang);
            checkAccessibility("j4", "team-usage", lang);
        }
    }

    /** The same page at 390 px wide, then back to the desktop size. */
    private void onAPhone(Runnable check) {
        page.setViewportSize(390, 844);
        try {
            check.run();
        } finally {
            page.setViewportSize(1280, 800);
        }
    }

    private Locator memberRows() {
        return page.locator("table").first().locator("tbody tr");
    }

    private Locator memberRow(String username) {
        return memberRows().filter(new Locator.FilterOptions().setHasText(username));
    }
}
