package studio.atelier.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/**
 * Every team action for every kind of person: the roles, a removed member, a stranger (signed in, not a member)
 * and an anonymous visitor. "ok" is a successful redirect or page; "login" the redirect to sign in; "refused" a form
 * refusal; numbers are HTTP statuses. A removed member gets 403 ("you are no longer a member") on the team's own URLs
 * but 404 on its objects, like a stranger.
 */
@GatewayTest
class TeamAccessMatrixTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    static final List<String> ACTORS = List.of("OWNER", "ADMIN", "MEMBER", "VIEWER", "REMOVED", "STRANGER", "ANONYMOUS");

    /** action → expected outcome per actor, in the order of {@link #ACTORS}. */
    static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("view team page", List.of("200", "200", "200", "200", "403", "404", "login"));
        EXPECTED.put("view team gallery", List.of("200", "200", "200", "200", "403", "404", "login"));
        EXPECTED.put("view shared image", List.of("200", "200", "200", "200", "404", "404", "login"));
        EXPECTED.put("view shared generation", List.of("200", "200", "200", "200", "404", "404", "login"));
        EXPECTED.put("invite", List.of("ok", "ok", "403", "403", "403", "404", "login"));
        EXPECTED.put("remove member", List.of("ok", "ok", "403", "403", "403", "404", "login"));
        EXPECTED.put("change role", List.of("ok", "ok", "403", "403", "403", "404", "login"));
        EXPECTED.put("rename", List.of("ok", "403", "403", "403", "403", "404", "login"));
        EXPECTED.put("store team key", List.of("ok", "ok", "403", "403", "403", "404", "login"));
        EXPECTED.put("generate as team", List.of("ok", "ok", "ok", "refused", "refused", "refused", "login"));
        EXPECTED.put("delete team", List.of("ok", "403", "403", "403", "403", "404", "login"));
    }

    MockHttpSession signUp(String prefix) throws Exception {
        return Accounts.signUpAndIn(mvc, Accounts.uniqueName(prefix));
    }

    long idOf(MockHttpSession session) {
        String name = ((org.springframework.security.core.context.SecurityContext) studio.atelier.support.MockSessions
                .attribute(session, "SPRING_SECURITY_CONTEXT")).getAuthentication().getName();
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    long bareUser() {
        String name = Accounts.uniqueName("victim");
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values (?, ?, 'x', 'USER', ?)")
                .params(name, name.toLowerCase(Locale.ROOT), Timestamp.from(Instant.now())).update();
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    void addMember(long teamId, long userId, String role) {
        jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (?, ?, ?, ?)")
                .params(teamId, userId, role, Timestamp.from(Instant.now())).update();
    }

    String outcome(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        if (session != null) {
            request.session(session);
        }
        MvcResult r = mvc.perform(request).andReturn();
        int status = r.getResponse().getStatus();
        String location = r.getResponse().getRedirectedUrl();
        if (status == 302 && location != null && location.endsWith("/login")) {
            return "login";
        }
        if (status == 302) {
            return r.getFlashMap().get("flashError") == null ? "ok" : "refused:" + r.getFlashMap().get("flashError");
        }
        return String.valueOf(status);
    }

    @Test
    void everyRoleGetsExactlyTheAccessItShould() throws Exception {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(FakeGateway.png(Color.CYAN)) + ")"))));
        Map<String, MockHttpSession> sessions = new LinkedHashMap<>();
        for (String actor : ACTORS) {
            sessions.put(actor, actor.equals("ANONYMOUS") ? null : signUp(actor.toLowerCase(Locale.ROOT).substring(0, 3)));
        }
        MockHttpSession owner = sessions.get("OWNER");
        String slug = mvc.perform(post("/teams").with(csrf()).session(owner).param("name", "Matrix team")).andReturn().getResponse()
                .getRedirectedUrl().replace("/teams/", "");
        long teamId = jdbc.sql("select id from team where slug = ?").param(slug).query(Long.class).single();
        for (String role : List.of("ADMIN", "MEMBER", "VIEWER", "REMOVED")) {
            addMember(teamId, idOf(sessions.get(role)), role.equals("REMOVED") ? "MEMBER" : role);
        }
        // the removed member was a member a moment ago (and saw the team), then was removed through the page
        assertThat(mvc.perform(get("/teams/" + slug).session(sessions.get("REMOVED"))).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(outcome(post("/teams/" + slug + "/members/" + idOf(sessions.get("REMOVED")) + "/remove").with(csrf()), owner))
                .isEqualTo("ok");

        // the owner's shared generation with an image, and the team's key
        assertThat(outcome(post("/keys").with(csrf()).param("providerId", "fake").param("label", "own")
                .param("apiKey", "sk-owner-0123456789abcdef"), owner)).isEqualTo("ok");
        long gen = submit(owner, null);
        Eventually.within(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(
                jdbc.sql("select status from generation where id = ?").param(gen).query(String.class).single()));
        long image = jdbc.sql("select id from generation_image where generation_id = ?").param(gen).query(Long.class).single();
        assertThat(outcome(post("/generations/" + gen + "/shares").with(csrf()).param("teamIds", String.valueOf(teamId)), owner))
                .isEqualTo("ok");
        assertThat(outcome(post("/teams/" + slug + "/keys").with(csrf()).param("providerId", "fake").param("label", "team")
                .param("apiKey", "sk-team-0123456789abcdef"), owner)).isEqualTo("ok");

        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (String action : EXPECTED.keySet()) {
            List<String> row = new ArrayList<>();
            List<String> actors = new ArrayList<>(ACTORS);
            if (action.equals("delete team")) {
                // the owner goes last: a successful delete ends the team for everybody
                actors.remove("OWNER");
                actors.add("OWNER");
            }
            Map<String, String> byActor = new LinkedHashMap<>();
            for (String actor : actors) {
                MockHttpSession s = sessions.get(actor);
                String result = switch (action) {
                    case "view team page" -> outcome(get("/teams/" + slug), s);
                    case "view team gallery" -> outcome(get("/teams/" + slug + "/gallery"), s);
                    case "view shared image" -> outcome(get("/images/" + image), s);
                    case "view shared generation" -> outcome(get("/generations/" + gen), s);
                    case "invite" -> outcome(post("/teams/" + slug + "/invitations").with(csrf()), s);
                    case "remove member" -> {
                        long victim = bareUser();
                        addMember(teamId, victim, "MEMBER");
                        String r = outcome(post("/teams/" + slug + "/members/" + victim + "/remove").with(csrf()), s);
                        boolean gone = jdbc.sql("select count(*) from team_member where user_id = ?").param(victim).query(Long.class).single() == 0;
                        assertThat(gone).as(actor + " removing").isEqualTo(r.equals("ok"));
                        yield r;
                    }
                    case "change role" -> {
                        long victim = bareUser();
                        addMember(teamId, victim, "MEMBER");
                        String r = outcome(post("/teams/" + slug + "/members/" + victim + "/role").with(csrf()).param("role", "VIEWER"), s);
                        String now = jdbc.sql("select role from team_member where user_id = ?").param(victim).query(String.class).single();
                        assertThat(now).as(actor + " changing a role").isEqualTo(r.equals("ok") ? "VIEWER" : "MEMBER");
                        yield r;
                    }
                    case "rename" -> outcome(post("/teams/" + slug + "/rename").with(csrf()).param("name", "Matrix team"), s);
                    case "store team key" -> outcome(post("/teams/" + slug + "/keys").with(csrf()).param("providerId", "fake")
                            .param("label", "k").param("apiKey", "sk-another-0123456789abcdef"), s);
                    case "generate as team" -> s == null
                            ? outcome(post("/generations").with(csrf()).param("prompt", "x").param("providerId", "fake")
                                    .param("teamId", String.valueOf(teamId)), null)
                            : submit(s, teamId) > 0 ? "ok" : "refused";
                    case "delete team" -> outcome(post("/teams/" + slug + "/delete").with(csrf()).param("confirm", slug), s);
                    default -> throw new IllegalStateException(action);
                };
                byActor.put(actor, result);
            }
            for (String actor : ACTORS) {
                row.add(byActor.get(actor));
            }
            actual.put(action, row);
        }
        assertThat(actual).isEqualTo(EXPECTED);
        assertThat(jdbc.sql("select count(*) from team where id = ?").param(teamId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from generation where id = ?").param(gen).query(Long.class).single())
                .as("the owner keeps the generation").isEqualTo(1);
    }

    long submit(MockHttpSession session, Long teamId) throws Exception {
        MockHttpServletRequestBuilder request = post("/generations").with(csrf()).session(session).header("HX-Request", "true")
                .param("prompt", "matrix").param("providerId", "fake").param("model", "stable-diffusion").param("n", "1")
                .param("teamId", teamId == null ? "" : String.valueOf(teamId));
        String html = mvc.perform(request).andReturn().getResponse().getContentAsString();
        return html.contains("id=\"gen-") ? Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1")) : -1;
    }
}
