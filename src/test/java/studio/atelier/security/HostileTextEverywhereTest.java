package studio.atelier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import studio.atelier.account.AccountAdmin;
import studio.atelier.audit.Actor;
import studio.atelier.generation.GenerationService;
import studio.atelier.shared.Role;
import studio.atelier.support.AsAdmin;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;
import studio.atelier.team.TeamApi;

/**
 * Hostile text in a team's name, a team key's label, a prompt and the gateway's reply, followed to the pages of the
 * other modules where it shows up again (teams, invitations, usage, the admin console) and into every CSV export:
 * pages escape it, exports are downloads a browser never renders, and a cell that a spreadsheet would run as a
 * formula is defused.
 */
@GatewayTest
class HostileTextEverywhereTest {

    static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountAdmin accountAdmin;
    @Autowired
    GenerationService generations;
    @Autowired
    TeamApi teams;

    @Test
    void hostileTextStaysInertOnTeamUsageAndAdminPagesAndInExports() throws Exception {
        FakeGateway.reset();
        MockHttpSession registered = Accounts.signUpAndIn(mvc, Accounts.uniqueName("hx"));
        MockHttpSession member = Accounts.signUpAndIn(mvc, Accounts.uniqueName("hxm"));
        MockHttpSession admin = Accounts.signUpAndIn(mvc, Accounts.uniqueName("hxa"));
        long ownerId = Accounts.idOf(registered);
        Actor tester = new Actor(null, "hostile-text-test", "127.0.0.1");
        AsAdmin.run(() -> accountAdmin.setRole(tester, Accounts.idOf(admin), Role.ADMIN, XSS));
        AsAdmin.run(() -> accountAdmin.setRole(tester, ownerId, Role.USER, XSS));
        MockHttpSession owner = Accounts.signInAgain(mvc, registered); // a demotion ends the sessions it finds

        mvc.perform(post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("label", XSS)
                .param("apiKey", "sk-hostile-0123456789abcdef"));
        String slug = mvc.perform(post("/teams").with(csrf()).session(owner).param("name", XSS)).andReturn().getResponse()
                .getRedirectedUrl().replace("/teams/", "");
        long teamId = teams.team(ownerId, slug).id();
        mvc.perform(post("/teams/" + slug + "/keys").with(csrf()).session(owner).param("providerId", "fake").param("label", XSS)
                .param("apiKey", "sk-hostile-team-0123456789abcdef"));
        MvcResult invited = mvc.perform(post("/teams/" + slug + "/invitations").with(csrf()).session(owner)).andReturn();
        String link = (String) invited.getFlashMap().get("inviteLink");
        String token = link.substring(link.lastIndexOf('/') + 1);
        String invitation = page(member, "/invitations/" + token, false);

        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                XSS + "\n![a](" + FakeGateway.dataUri(FakeGateway.png(Color.BLUE)) + ")"))));
        long id = submit(owner, FORMULA + " " + XSS);
        mvc.perform(post("/invitations/" + token + "/accept").with(csrf()).session(member));
        mvc.perform(post("/generations/" + id + "/shares").with(csrf()).session(owner).param("teamIds", String.valueOf(teamId)));

        List<String> pages = new java.util.ArrayList<>(List.of(invitation));
        for (String path : List.of("/teams", "/teams/" + slug, "/teams/" + slug + "/gallery", "/teams/" + slug + "/usage",
                "/usage", "/generations/" + id)) {
            pages.add(page(owner, path, false));
            pages.add(page(owner, path, true));
        }
        pages.add(page(member, "/teams/" + slug + "/gallery", false));
        for (String path : List.of("/admin", "/admin/users", "/admin/usage", "/admin/usage/users/" + ownerId, "/admin/review",
                "/admin/audit")) {
            pages.add(page(admin, path, false));
            pages.add(page(admin, path, true));
        }
        for (String html : pages) {
            assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("onerror=alert(2)>");
        }
        assertThat(String.join("\n", pages)).as("the hostile text is shown, escaped").contains("&lt;script&gt;alert(1)&lt;/script&gt;");

        for (Map.Entry<MockHttpSession, List<String>> exports : Map.of(
                owner, List.of("/usage/export.csv", "/teams/" + slug + "/usage/export.csv"),
                admin, List.of("/admin/usage.csv", "/admin/usage/users/" + ownerId + "/export.csv", "/admin/audit.csv")).entrySet()) {
            for (String path : exports.getValue()) {
                MvcResult started = mvc.perform(get(path).session(exports.getKey())).andReturn();
                // exports are streamed: the body is written after the handler returns
                MockHttpServletResponse csv = started.getRequest().isAsyncStarted()
                        ? mvc.perform(asyncDispatch(started)).andReturn().getResponse() : started.getResponse();
                assertThat(csv.getStatus()).as(path).isEqualTo(200);
                assertThat(csv.getContentType()).as(path).startsWith("text/csv");
                assertThat(csv.getHeader("Content-Disposition")).as(path).startsWith("attachment");
                assertThat(csv.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
                String text = new String(csv.getContentAsByteArray(), StandardCharsets.UTF_8);
                assertThat(text).as(path).doesNotContain("," + FORMULA).doesNotContain("\"" + FORMULA.replace("\"", "\"\""));
                // the exports that list requests carry the prompt; the per-person summaries do not
                if (path.equals("/usage/export.csv") || path.startsWith("/admin/usage/users/")) {
                    assertThat(text).as(path + " keeps the prompt, defused").contains("'=HYPERLINK");
                }
            }
        }
    }

    long submit(MockHttpSession session, String prompt) throws Exception {
        String card = mvc.perform(post("/generations").with(csrf()).session(session).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", prompt)).andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(card.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(Accounts.idOf(session), id).orElseThrow().finished());
        return id;
    }

    String page(MockHttpSession session, String path, boolean htmx) throws Exception {
        var request = get(path).session(session).param("range", "30d");
        if (htmx) {
            request.header("HX-Request", "true");
        }
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }

}
