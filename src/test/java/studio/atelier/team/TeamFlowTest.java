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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.github.tomakehurst.wiremock.client.WireMock;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/** Teams through the web layer on PostgreSQL: access rules, invitations, sharing, team keys and the team gallery. */
@GatewayTest
class TeamFlowTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    studio.atelier.keys.ApiKeyService keys;

    static final byte[] PNG = FakeGateway.png(Color.MAGENTA);

    @BeforeEach
    void gatewayPaintsMagenta() {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(PNG) + ")"))));
    }

    record Person(String name, long id, MockHttpSession session) {
    }

    Person person(String prefix) throws Exception {
        String name = Accounts.uniqueName(prefix);
        MockHttpSession session = Accounts.signUpAndIn(mvc, name);
        return new Person(name, jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT))
                .query(Long.class).single(), session);
    }

    /** A person that only exists in the database (for members that are removed or re-roled in a matrix). */
    long bareUser(String prefix) {
        String name = Accounts.uniqueName(prefix);
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values (?, ?, 'x', 'USER', ?)")
                .params(name, name.toLowerCase(Locale.ROOT), Timestamp.from(Instant.now())).update();
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    String createTeam(Person owner, String name) throws Exception {
        MvcResult r = mvc.perform(post("/teams").with(csrf()).session(owner.session()).param("name", name)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        return r.getResponse().getRedirectedUrl().replace("/teams/", "");
    }

    long teamId(String slug) {
        return jdbc.sql("select id from team where slug = ?").param(slug).query(Long.class).single();
    }

    void addMember(String slug, long userId, String role) {
        jdbc.sql("insert into team_member (team_id, user_id, role, joined_at) values (?, ?, ?, ?)")
                .params(teamId(slug), userId, role, Timestamp.from(Instant.now())).update();
    }

    String inviteLink(Person by, String slug, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post("/teams/" + slug + "/invitations").with(csrf()).session(by.session());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        String link = (String) r.getFlashMap().get("inviteLink");
        assertThat(link).contains("/invitations/");
        return link.substring(link.indexOf("/invitations/") + "/invitations/".length());
    }

    int status(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    String html(MockHttpSession session, String url) throws Exception {
        MvcResult r = mvc.perform(get(url).session(session)).andReturn();
        assertThat(r.getResponse().getStatus()).as(url).isEqualTo(200);
        return r.getResponse().getContentAsString();
    }

    void storeKey(Person p, String provider, String key) throws Exception {
        assertThat(status(post("/keys").with(csrf()).session(p.session()).param("providerId", provider).param("label", "k")
                .param("apiKey", key))).isEqualTo(302);
    }

    /** Submits like a browser; returns the new generation's id, or -1 when the form was refused. */
    long submit(Person p, String prompt, String teamId) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : List.of("systemPrompt", "keyId", "temperature", "topP", "maxTokens", "n", "presencePenalty",
                "frequencyPenalty", "logitBias")) {
            fields.put(name, "");
        }
        fields.put("providerId", "fake");
        fields.put("model", "stable-diffusion");
        fields.put("prompt", prompt);
        fields.put("teamId", teamId == null ? "" : teamId);
        MockHttpServletRequestBuilder request = post("/generations").with(csrf()).session(p.session()).header("HX-Request", "true");
        fields.forEach(request::param);
        String html = mvc.perform(request).andReturn().getResponse().getContentAsString();
        return html.contains("id=\"gen-") ? Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1")) : -1;
    }

    long awaitImage(long generationId) {
        Eventually.within(Duration.ofSeconds(20)).until(() -> jdbc.sql("select status from generation where id = ?")
                .param(generationId).query(String.class).single().matches("SUCCEEDED|FAILED|CANCELLED|INTERRUPTED"));
        assertThat(jdbc.sql("select status from generation where id = ?").param(generationId).query(String.class).single())
                .isEqualTo("SUCCEEDED");
        return jdbc.sql("select id from generation_image where generation_id = ?").param(generationId).query(Long.class).single();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aTeamIsCreatedInvitedByLinkSharedWithAndAMemberRemovedLosesAccessAtOnce() throws Exception {
        Person a = person("ta");
        Person b = person("tb");
        String slug = createTeam(a, "Design Studio");
        assertThat(slug).startsWith("design-studio");
        assertThat(html(a.session(), "/teams")).contains("Design Studio");

        String token = inviteLink(a, slug);
        assertThat(jdbc.sql("select count(*) from invitation where token_hash = ?").param(token).query(Long.class).single())
                .as("the token itself is never stored").isZero();
        assertThat(html(b.session(), "/invitations/" + token)).contains("Design Studio").contains("/invitations/" + token + "/accept");
        assertThat(status(post("/invitations/" + token + "/accept").with(csrf()).session(b.session()))).isEqualTo(302);
        assertThat(html(b.session(), "/teams/" + slug)).contains(b.name()).contains(a.name());

        storeKey(a, "fake", "sk-personal-0123456789abcdef");
        long gen = submit(a, "a lighthouse for the team", null);
        long image = awaitImage(gen);
        assertThat(status(get("/images/" + image).session(b.session()))).as("not shared yet").isEqualTo(404);
        assertThat(html(a.session(), "/generations/" + gen)).contains("name=\"teamIds\"");
        assertThat(status(post("/generations/" + gen + "/shares").with(csrf()).session(a.session())
                .param("teamIds", String.valueOf(teamId(slug))))).isEqualTo(302);

        String gallery = html(b.session(), "/teams/" + slug + "/gallery");
        assertThat(gallery).contains("id=\"gen-" + gen + "\"").contains("a lighthouse for the team").contains(a.name());
        MvcResult bytes = mvc.perform(get("/images/" + image).session(b.session())).andReturn();
        assertThat(bytes.getResponse().getStatus()).isEqualTo(200);
        assertThat(bytes.getResponse().getContentAsByteArray()).isEqualTo(PNG);
        assertThat(status(get("/images/" + image + "/thumb").session(b.session()))).isEqualTo(200);
        String detail = html(b.session(), "/generations/" + gen);
        assertThat(detail).contains("a lighthouse for the team").doesNotContain("/generations/" + gen + "/delete");
        assertThat(html(b.session(), "/generate?from=" + gen)).contains("a lighthouse for the team");
        // B may not delete or re-share A's generation
        assertThat(status(post("/generations/" + gen + "/delete").with(csrf()).session(b.session()))).isEqualTo(404);
        assertThat(status(post("/generations/" + gen + "/shares").with(csrf()).session(b.session()))).isEqualTo(404);

        assertThat(status(post("/teams/" + slug + "/members/" + b.id() + "/remove").with(csrf()).session(a.session()))).isEqualTo(302);
        assertThat(status(get("/images/" + image).session(b.session()))).isEqualTo(404);
        assertThat(status(get("/images/" + image + "/thumb").session(b.session()))).isEqualTo(404);
        assertThat(status(get("/generations/" + gen).session(b.session()))).isEqualTo(404);
        // the team's own pages tell the removed member why (403), see aRemovedMemberIsToldSoWhereOutsidersStillGetNotFound
        assertThat(status(get("/teams/" + slug + "/gallery").session(b.session()))).isEqualTo(403);
        assertThat(status(get("/teams/" + slug).session(b.session()))).isEqualTo(403);
        assertThat(status(get("/images/" + image).session(a.session()))).as("the owner keeps access").isEqualTo(200);
    }

    @Test
    void aRemovedMemberIsToldSoWhereOutsidersStillGetNotFound() throws Exception {
        Person owner = person("rm");
        Person removed = person("rm");
        Person stranger = person("rm");
        String slug = createTeam(owner, "Harbour Studio");
        addMember(slug, removed.id(), "ADMIN");
        storeKey(owner, "fake", "sk-personal-0123456789abcdef");
        long gen = submit(owner, "a harbour at dawn", null);
        awaitImage(gen);
        assertThat(status(post("/generations/" + gen + "/shares").with(csrf()).session(owner.session())
                .param("teamIds", String.valueOf(teamId(slug))))).isEqualTo(302);
        assertThat(status(get("/teams/" + slug + "/usage").session(removed.session()))).isEqualTo(200);
        assertThat(status(post("/teams/" + slug + "/members/" + removed.id() + "/remove").with(csrf()).session(owner.session())))
                .isEqualTo(302);

        for (String url : List.of("/teams/" + slug, "/teams/" + slug + "/gallery", "/teams/" + slug + "/usage")) {
            MvcResult en = mvc.perform(get(url).session(removed.session()).locale(Locale.ENGLISH)).andReturn();
            assertThat(en.getResponse().getStatus()).as(url).isEqualTo(403);
            assertThat(en.getResponse().getContentAsString()).as(url).contains("You are no longer a member of this team")
                    .contains("removed you from Harbour Studio");
            MvcResult zh = mvc.perform(get(url).session(removed.session()).locale(Locale.SIMPLIFIED_CHINESE)).andReturn();
            assertThat(zh.getResponse().getStatus()).as(url).isEqualTo(403);
            assertThat(zh.getResponse().getContentAsString()).as(url).contains("你已不再是该团队的成员").contains("Harbour Studio");

            // someone who never belonged learns nothing, not even that the team exists
            MvcResult outside = mvc.perform(get(url).session(stranger.session()).locale(Locale.ENGLISH)).andReturn();
            assertThat(outside.getResponse().getStatus()).as(url).isEqualTo(404);
            assertThat(outside.getResponse().getContentAsString()).doesNotContain("Harbour Studio").doesNotContain("no longer a member");
        }
        assertThat(status(get("/teams/no-such-team-" + removed.id()).session(removed.session()))).isEqualTo(404);
        // the team's objects stay 404 for the removed member, as for anyone else outside the team
        assertThat(status(get("/generations/" + gen).session(removed.session()))).isEqualTo(404);

        // invited back and accepted: a member again, the pages open again
        String token = inviteLink(owner, slug);
        assertThat(status(post("/invitations/" + token + "/accept").with(csrf()).session(removed.session()))).isEqualTo(302);
        assertThat(html(removed.session(), "/teams/" + slug)).contains("Harbour Studio");
        // leaving of one's own accord is not a removal: the plain 404 again
        assertThat(status(post("/teams/" + slug + "/leave").with(csrf()).session(removed.session()))).isEqualTo(302);
        assertThat(status(get("/teams/" + slug).session(removed.session()))).isEqualTo(404);
    }

    @Test
    void aSignedOutPersonWhoRegistersFromALinkIsSignedInAndBackOnTheInvitation() throws Exception {
        Person a = person("tr");
        String slug = createTeam(a, "Register team");
        String token = inviteLink(a, slug);

        MockHttpSession browser = new MockHttpSession();
        assertThat(mvc.perform(get("/invitations/" + token).session(browser)).andReturn().getResponse().getRedirectedUrl())
                .endsWith("/login");
        MvcResult registered = mvc.perform(post("/register").with(csrf()).session(browser)
                .param("username", Accounts.uniqueName("tr")).param("password", Accounts.PASSWORD)
                .param("passwordConfirm", Accounts.PASSWORD)).andReturn();
        String back = registered.getResponse().getRedirectedUrl();
        assertThat(back).contains("/invitations/" + token);
        String invitation = mvc.perform(get(back.replaceFirst("^https?://[^/]+", "")).session(browser)).andReturn().getResponse()
                .getContentAsString();
        assertThat(invitation).contains("Register team").contains("/invitations/" + token + "/accept");
        assertThat(status(post("/invitations/" + token + "/accept").with(csrf()).session(browser))).isEqualTo(302);
        assertThat(html(browser, "/teams/" + slug)).contains("Register team");
    }

    @Test
    void theTeamPagesSpeakBothLanguages() throws Exception {
        Person a = person("tl");
        String slug = createTeam(a, "Lang team");
        String token = inviteLink(a, slug);
        String en = mvc.perform(get("/teams/" + slug).session(a.session()).header("Accept-Language", "en")).andReturn()
                .getResponse().getContentAsString();
        assertThat(en).contains("Members").contains("Invitations").contains("Team keys");
        String zh = mvc.perform(get("/teams/" + slug).session(a.session()).header("Accept-Language", "zh-CN,zh;q=0.9")).andReturn()
                .getResponse().getContentAsString();
        assertThat(zh).contains("成员").contains("邀请").contains("团队密钥").contains("所有者");
        Person b = person("tl");
        String invitation = mvc.perform(get("/invitations/" + token).session(b.session()).header("Accept-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsString();
        assertThat(invitation).contains("Lang team").contains("接受").contains("拒绝");
        String list = mvc.perform(get("/teams").session(b.session()).header("Accept-Language", "zh-CN")).andReturn()
                .getResponse().getContentAsString();
        assertThat(list).contains("创建团队");
    }

    @Test
    void aSignedOutPersonOpeningALinkSignsInAndComesBackToTheInvitation() throws Exception {
        Person a = person("tx");
        String slug = createTeam(a, "Link team");
        String token = inviteLink(a, slug);
        String name = Accounts.uniqueName("ty");
        Accounts.register(mvc, name);

        MockHttpSession browser = new MockHttpSession();
        MvcResult first = mvc.perform(get("/invitations/" + token).session(browser)).andReturn();
        assertThat(first.getResponse().getStatus()).isEqualTo(302);
        assertThat(first.getResponse().getRedirectedUrl()).endsWith("/login");
        MvcResult login = mvc.perform(post("/login").with(csrf()).session(browser).param("username", name)
                .param("password", Accounts.PASSWORD)).andReturn();
        assertThat(login.getResponse().getRedirectedUrl()).contains("/invitations/" + token);
        MockHttpSession signedIn = (MockHttpSession) login.getRequest().getSession(false);
        assertThat(html(signedIn, "/invitations/" + token)).contains("Link team");
    }

    @Test
    void invitationsExpireRunOutAndCanBeRevoked() throws Exception {
        Person a = person("ti");
        String slug = createTeam(a, "Invites");
        Person b = person("ti");
        Person c = person("ti");
        Person d = person("ti");

        // a link for two uses: the third person is refused
        String twice = inviteLink(a, slug, "maxUses", "2");
        for (Person p : List.of(b, c)) {
            assertThat(mvc.perform(post("/invitations/" + twice + "/accept").with(csrf()).session(p.session())).andReturn()
                    .getResponse().getRedirectedUrl()).isEqualTo("/teams/" + slug);
        }
        MvcResult third = mvc.perform(post("/invitations/" + twice + "/accept").with(csrf()).session(d.session())).andReturn();
        assertThat(third.getFlashMap().get("flashError")).isEqualTo("invitation.usedUp");
        assertThat(status(get("/teams/" + slug).session(d.session()))).isEqualTo(404);

        // expired (set in the past in the database): refused, and the page says so
        String expiring = inviteLink(a, slug);
        jdbc.sql("update invitation set expires_at = ? where token_hash = ?").params(Timestamp.from(Instant.now().minusSeconds(60)),
                TeamInvitations.hash(expiring)).update();
        assertThat(html(d.session(), "/invitations/" + expiring)).contains("expired").doesNotContain("/accept\"");
        MvcResult late = mvc.perform(post("/invitations/" + expiring + "/accept").with(csrf()).session(d.session())).andReturn();
        assertThat(late.getFlashMap().get("flashError")).isEqualTo("invitation.expired");
        assertThat(status(get("/teams/" + slug).session(d.session()))).isEqualTo(404);

        // the default lifetime is 7 days
        Timestamp expires = jdbc.sql("select expires_at from invitation where token_hash = ?").param(TeamInvitations.hash(twice))
                .query(Timestamp.class).single();
        assertThat(Duration.between(Instant.now(), expires.toInstant())).isBetween(Duration.ofDays(7).minusMinutes(5), Duration.ofDays(7));

        // revoked
        String revoked = inviteLink(a, slug);
        long revokedId = jdbc.sql("select id from invitation where token_hash = ?").param(TeamInvitations.hash(revoked)).query(Long.class).single();
        assertThat(status(post("/teams/" + slug + "/invitations/" + revokedId + "/revoke").with(csrf()).session(a.session()))).isEqualTo(302);
        MvcResult refused = mvc.perform(post("/invitations/" + revoked + "/accept").with(csrf()).session(d.session())).andReturn();
        assertThat(refused.getFlashMap().get("flashError")).isEqualTo("invitation.revoked");
        assertThat(status(get("/teams/" + slug).session(d.session()))).isEqualTo(404);

        // unknown tokens are 404
        assertThat(status(get("/invitations/" + "A".repeat(43)).session(d.session()))).isEqualTo(404);

        // by username: only that person can use it; it appears on their teams page
        String forD = inviteLink(a, slug, "username", d.name(), "role", "VIEWER");
        Person e = person("ti");
        assertThat(status(get("/invitations/" + forD).session(e.session()))).isEqualTo(404);
        assertThat(status(post("/invitations/" + forD + "/accept").with(csrf()).session(e.session()))).isEqualTo(404);
        assertThat(html(d.session(), "/teams")).contains("Invites").contains("/invitations/pending/");
        assertThat(status(post("/invitations/" + forD + "/accept").with(csrf()).session(d.session()))).isEqualTo(302);
        assertThat(jdbc.sql("select role from team_member where team_id = ? and user_id = ?").params(teamId(slug), d.id())
                .query(String.class).single()).isEqualTo("VIEWER");
        // unknown usernames are refused without creating anything
        MvcResult unknown = mvc.perform(post("/teams/" + slug + "/invitations").with(csrf()).session(a.session())
                .param("username", "nobody-" + System.nanoTime())).andReturn();
        assertThat(unknown.getFlashMap().get("flashError")).isEqualTo("team.invite.unknownUser");
    }

    @Test
    void theLastOwnerCannotLeaveOrBeDemotedButCanTransferOwnership() throws Exception {
        Person a = person("to");
        Person b = person("to");
        String slug = createTeam(a, "Owners");
        addMember(slug, b.id(), "ADMIN");

        MvcResult leave = mvc.perform(post("/teams/" + slug + "/leave").with(csrf()).session(a.session())).andReturn();
        assertThat(leave.getFlashMap().get("flashError")).isEqualTo("team.lastOwner");
        MvcResult demote = mvc.perform(post("/teams/" + slug + "/members/" + a.id() + "/role").with(csrf()).session(a.session())
                .param("role", "MEMBER")).andReturn();
        assertThat(demote.getFlashMap().get("flashError")).isEqualTo("team.lastOwner");
        assertThat(status(post("/teams/" + slug + "/members/" + a.id() + "/remove").with(csrf()).session(b.session())))
                .as("an admin cannot remove an owner").isEqualTo(403);
        assertThat(role(slug, a.id())).isEqualTo("OWNER");

        assertThat(status(post("/teams/" + slug + "/transfer").with(csrf()).session(a.session()).param("userId", String.valueOf(b.id()))))
                .isEqualTo(302);
        assertThat(role(slug, b.id())).isEqualTo("OWNER");
        assertThat(role(slug, a.id())).isEqualTo("ADMIN");
        assertThat(mvc.perform(post("/teams/" + slug + "/leave").with(csrf()).session(a.session())).andReturn().getResponse()
                .getRedirectedUrl()).isEqualTo("/teams");
        assertThat(status(get("/teams/" + slug).session(a.session()))).isEqualTo(404);
        MvcResult bLeaves = mvc.perform(post("/teams/" + slug + "/leave").with(csrf()).session(b.session())).andReturn();
        assertThat(bLeaves.getFlashMap().get("flashError")).isEqualTo("team.lastOwner");
    }

    String role(String slug, long userId) {
        return jdbc.sql("select role from team_member where team_id = ? and user_id = ?").params(teamId(slug), userId)
                .query(String.class).optional().orElse(null);
    }

    @Test
    void aTeamKeyIsStoredEncryptedAndMembersGenerateAsTheTeamIntoItsGallery() throws Exception {
        Person a = person("tk");
        Person m = person("tk");
        String slug = createTeam(a, "Keys team");
        addMember(slug, m.id(), "MEMBER");
        String secret = "sk-team-secret-0123456789abcdef";
        assertThat(status(post("/teams/" + slug + "/keys").with(csrf()).session(a.session()).param("providerId", "fake")
                .param("label", "shared").param("apiKey", secret))).isEqualTo(302);

        Map<String, Object> row = jdbc.sql("select ciphertext, masked, team_id from api_key where team_id = ?").param(teamId(slug))
                .query().singleRow();
        assertThat((String) row.get("ciphertext")).doesNotContain(secret).doesNotContain("0123456789abcdef");
        assertThat(row.get("masked")).isEqualTo("sk-…cdef");
        String page = html(a.session(), "/teams/" + slug);
        assertThat(page).contains("sk-…cdef").doesNotContain(secret);
        assertThat(html(a.session(), "/keys")).as("team keys are not personal keys").doesNotContain("sk-…cdef");
        // a team key the gateway refused is marked on the team page, in both languages, until it works again
        jdbc.sql("update api_key set rejected_at = current_timestamp where team_id = ?").param(teamId(slug)).update();
        assertThat(html(a.session(), "/teams/" + slug)).contains("rejected").contains("Generate does not pick it by default");
        assertThat(mvc.perform(get("/teams/" + slug).session(a.session()).locale(Locale.SIMPLIFIED_CHINESE)).andReturn().getResponse()
                .getContentAsString()).contains("已被拒绝");
        jdbc.sql("update api_key set rejected_at = null where team_id = ?").param(teamId(slug)).update();
        // of two team keys, the one refused is not the one a generation as the team goes with, though it is the newest
        assertThat(status(post("/teams/" + slug + "/keys").with(csrf()).session(a.session()).param("providerId", "fake")
                .param("label", "second").param("apiKey", "sk-team-second-0123456789"))).isEqualTo(302);
        long newest = jdbc.sql("select max(id) from api_key where team_id = ?").param(teamId(slug)).query(Long.class).single();
        jdbc.sql("update api_key set rejected_at = current_timestamp where id = ?").param(newest).update();
        assertThat(keys.usableTeamKey(teamId(slug), "fake").orElseThrow().id()).isNotEqualTo(newest);
        jdbc.sql("delete from api_key where id = ?").param(newest).update();

        // the member has no key of their own, yet may generate as the team
        assertThat(html(m.session(), "/generate")).contains("name=\"teamId\"").contains("Keys team");
        assertThat(submit(m, "team poster", null)).as("no personal key").isEqualTo(-1);
        long gen = submit(m, "team poster", String.valueOf(teamId(slug)));
        assertThat(gen).isPositive();
        awaitImage(gen);
        assertThat(jdbc.sql("select team_id from generation where id = ?").param(gen).query(Long.class).single()).isEqualTo(teamId(slug));
        var sent = FakeGateway.SERVER.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions")));
        assertThat(sent.get(sent.size() - 1).getHeader("Authorization")).isEqualTo("Bearer " + secret);
        assertThat(html(a.session(), "/teams/" + slug + "/gallery")).contains("id=\"gen-" + gen + "\"").contains("team poster");
    }

    @Test
    void theTeamGalleryPagesByKeysetAndSearches() throws Exception {
        Person a = person("tg");
        Person b = person("tg");
        String slug = createTeam(a, "Paging team");
        addMember(slug, b.id(), "VIEWER");
        long team = teamId(slug);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String prompt = (i % 3 == 0 ? "城市 skyline " : "forest path ") + i;
            jdbc.sql("""
                    insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at, finished_at)
                    values (?, 'fake', 'stable-diffusion', ?, ?, '{}', 'SUCCEEDED', ?, ?)""")
                    .params(a.id(), prompt, prompt.toLowerCase(Locale.ROOT), Timestamp.from(base.plusSeconds(i)),
                            Timestamp.from(base.plusSeconds(i + 1))).update();
            long id = jdbc.sql("select max(id) from generation where owner_id = ?").param(a.id()).query(Long.class).single();
            ids.add(id);
            jdbc.sql("insert into generation_share (generation_id, team_id, shared_by, shared_at) values (?, ?, ?, ?)")
                    .params(id, team, a.id(), Timestamp.from(Instant.now())).update();
        }
        // one more of A's generations that is not shared must never show
        jdbc.sql("""
                insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at)
                values (?, 'fake', 'stable-diffusion', 'private forest', 'private forest', '{}', 'SUCCEEDED', ?)""")
                .params(a.id(), Timestamp.from(base.plusSeconds(100))).update();

        String first = html(b.session(), "/teams/" + slug + "/gallery");
        assertThat(count(first, "id=\"gen-")).isEqualTo(24);
        assertThat(first).contains("id=\"gen-" + ids.get(29) + "\"").doesNotContain("private forest");
        String after = first.replaceAll("(?s).*after=([0-9a-z.]+).*", "$1");
        String second = mvc.perform(get("/teams/" + slug + "/gallery").session(b.session()).header("HX-Request", "true")
                .param("after", after)).andReturn().getResponse().getContentAsString();
        assertThat(count(second, "id=\"gen-")).isEqualTo(6);
        assertThat(second).contains("id=\"gen-" + ids.get(0) + "\"").doesNotContain("after=");

        String search = mvc.perform(get("/teams/" + slug + "/gallery").session(b.session()).param("q", "城市")).andReturn()
                .getResponse().getContentAsString();
        assertThat(count(search, "id=\"gen-")).isEqualTo(10);
        assertThat(search).doesNotContain("forest path");

        // a member's own favourites
        assertThat(status(post("/teams/" + slug + "/gallery/" + ids.get(5) + "/favourite").with(csrf()).session(b.session())))
                .isEqualTo(302);
        String favourites = mvc.perform(get("/teams/" + slug + "/gallery").session(b.session()).param("favourites", "true"))
                .andReturn().getResponse().getContentAsString();
        assertThat(count(favourites, "id=\"gen-")).isEqualTo(1);
        assertThat(favourites).contains("id=\"gen-" + ids.get(5) + "\"");
        String aFavourites = mvc.perform(get("/teams/" + slug + "/gallery").session(a.session()).param("favourites", "true"))
                .andReturn().getResponse().getContentAsString();
        assertThat(count(aFavourites, "id=\"gen-")).as("favourites are per person").isZero();
    }

    static int count(String html, String needle) {
        int n = 0;
        for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void deletingATeamUnsharesEverythingButEverybodyKeepsTheirImages() throws Exception {
        Person a = person("td");
        Person b = person("td");
        String slug = createTeam(a, "Short lived");
        addMember(slug, b.id(), "MEMBER");
        storeKey(b, "fake", "sk-personal-b-0123456789abcdef");
        long gen = submit(b, "kept forever", null);
        long image = awaitImage(gen);
        assertThat(status(post("/gallery/share").with(csrf()).session(b.session()).param("ids", String.valueOf(gen))
                .param("teamId", String.valueOf(teamId(slug))))).isEqualTo(302);
        assertThat(status(get("/images/" + image).session(a.session()))).isEqualTo(200);

        MvcResult wrong = mvc.perform(post("/teams/" + slug + "/delete").with(csrf()).session(a.session()).param("confirm", "nope"))
                .andReturn();
        assertThat(wrong.getFlashMap().get("flashError")).isEqualTo("team.delete.confirmMismatch");
        assertThat(status(get("/teams/" + slug).session(a.session()))).isEqualTo(200);

        assertThat(status(post("/teams/" + slug + "/delete").with(csrf()).session(a.session()).param("confirm", slug))).isEqualTo(302);
        assertThat(status(get("/teams/" + slug).session(a.session()))).isEqualTo(404);
        assertThat(status(get("/images/" + image).session(a.session()))).isEqualTo(404);
        assertThat(status(get("/images/" + image).session(b.session()))).isEqualTo(200);
        assertThat(html(b.session(), "/gallery")).contains("id=\"gen-" + gen + "\"");
    }
}
