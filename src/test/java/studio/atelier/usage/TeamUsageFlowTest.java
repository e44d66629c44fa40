package studio.atelier.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.validation.BindingResult;
import org.springframework.validation.MapBindingResult;

import com.github.tomakehurst.wiremock.client.WireMock;

import studio.atelier.generation.GenerationForm;
import studio.atelier.generation.GenerationSubmission;
import studio.atelier.generation.InFlightGenerations;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/** Team usage (page, per-member breakdown, CSV) and team budgets, through the web layer on PostgreSQL. */
@GatewayTest
class TeamUsageFlowTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GenerationSubmission submissions;
    @Autowired
    InFlightGenerations inFlight;

    record Person(String name, long id, MockHttpSession session) {
    }

    @BeforeEach
    void gateway() {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(FakeGateway.png(Color.ORANGE)) + ")"))));
    }

    Person person(String prefix) throws Exception {
        String name = Accounts.uniqueName(prefix);
        MockHttpSession session = Accounts.signUpAndIn(mvc, name);
        return new Person(name, jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT))
                .query(Long.class).single(), session);
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

    void teamKey(Person owner, String slug) throws Exception {
        assertThat(statusOf(post("/teams/" + slug + "/keys").with(csrf()).session(owner.session()).param("providerId", "fake")
                .param("label", "shared").param("apiKey", "sk-team-usage-0123456789abcdef"))).isEqualTo(302);
    }

    int statusOf(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    String html(MockHttpSession session, String url, Locale locale) throws Exception {
        MvcResult r = mvc.perform(get(url).session(session).locale(locale)).andReturn();
        assertThat(r.getResponse().getStatus()).as(url).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** Posts the generate form like htmx does; returns the response (the card or the form with its errors). */
    String submit(Person p, String prompt, Long teamId, Locale locale) throws Exception {
        return mvc.perform(post("/generations").with(csrf()).session(p.session()).header("HX-Request", "true").locale(locale)
                        .param("providerId", "fake").param("model", "stable-diffusion").param("prompt", prompt)
                        .param("teamId", teamId == null ? "" : String.valueOf(teamId)))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static long generationId(String html) {
        assertThat(html).contains("id=\"gen-");
        return Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
    }

    void awaitFinished(long generationId) {
        Eventually.within(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from usage_record where generation_id = ?")
                .param(generationId).query(Long.class).single() > 0);
    }

    byte[] csv(MockHttpSession session, String url) throws Exception {
        MvcResult started = mvc.perform(get(url).session(session)).andExpect(request().asyncStarted()).andReturn();
        MvcResult done = mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
        assertThat(done.getResponse().getContentType()).startsWith("text/csv");
        return done.getResponse().getContentAsByteArray();
    }

    /** Team usage already recorded today, as the recorder writes it (roll-up only: what budgets count). */
    void seedTeamDay(long userId, long teamId, int requests) {
        jdbc.sql("insert into usage_daily (user_id, team_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                        + "values (?, ?, ?, 'fake', 'stable-diffusion', 'SUCCEEDED', '', ?, ?, 0, 0)")
                .params(userId, teamId, Date.valueOf(LocalDate.now(ZoneOffset.UTC)), requests, requests).update();
    }

    long sentWith(String prompt) {
        return FakeGateway.SERVER.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions"))
                .withRequestBody(WireMock.containing(prompt))).size();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void ownersAndAdminsSeeTheTeamsUsageByMemberAndItsCsvWithTheTeamsRecordsOnly() throws Exception {
        Person owner = person("tu");
        Person admin = person("tu");
        Person member = person("tu");
        Person viewer = person("tu");
        Person stranger = person("tu");
        String slug = createTeam(owner, "Usage team");
        long team = teamId(slug);
        addMember(slug, admin.id(), "ADMIN");
        addMember(slug, member.id(), "MEMBER");
        addMember(slug, viewer.id(), "VIEWER");
        teamKey(owner, slug);
        assertThat(statusOf(post("/keys").with(csrf()).session(owner.session()).param("providerId", "fake").param("label", "mine")
                .param("apiKey", "sk-personal-0123456789abcdef"))).isEqualTo(302);

        long byMember = generationId(submit(member, "team lighthouse by member", team, Locale.ENGLISH));
        long byOwner = generationId(submit(owner, "team harbour by owner", team, Locale.ENGLISH));
        long personal = generationId(submit(owner, "private garden of the owner", null, Locale.ENGLISH));
        awaitFinished(byMember);
        awaitFinished(byOwner);
        awaitFinished(personal);
        assertThat(jdbc.sql("select team_id from usage_record where generation_id = ?").param(byMember).query(Long.class).single())
                .isEqualTo(team);
        assertThat(jdbc.sql("select team_id from usage_record where generation_id = ?").param(personal).query(Long.class).optional())
                .isEmpty();
        assertThat(jdbc.sql("select coalesce(sum(requests), 0) from usage_daily where team_id = ?").param(team).query(Long.class).single())
                .isEqualTo(2);

        // access: owners and admins; members and viewers 403; strangers 404; anonymous to the login
        String url = "/teams/" + slug + "/usage";
        assertThat(statusOf(get(url).session(owner.session()))).isEqualTo(200);
        assertThat(statusOf(get(url).session(admin.session()))).isEqualTo(200);
        assertThat(statusOf(get(url).session(member.session()))).isEqualTo(403);
        assertThat(statusOf(get(url).session(viewer.session()))).isEqualTo(403);
        assertThat(statusOf(get(url).session(stranger.session()))).isEqualTo(404);
        assertThat(statusOf(get("/teams/no-such-team/usage").session(owner.session()))).isEqualTo(404);
        assertThat(mvc.perform(get(url)).andReturn().getResponse().getRedirectedUrl()).contains("/login");
        assertThat(statusOf(get(url + "/export.csv").session(member.session()))).isEqualTo(403);
        assertThat(statusOf(get(url + "/export.csv").session(stranger.session()))).isEqualTo(404);

        // the team page links to it for owners and admins only
        assertThat(html(owner.session(), "/teams/" + slug, Locale.ENGLISH)).contains("href=\"" + url + "\"");
        assertThat(html(member.session(), "/teams/" + slug, Locale.ENGLISH)).doesNotContain("href=\"" + url + "\"");

        String page = html(admin.session(), url, Locale.ENGLISH);
        assertThat(page).contains("Usage of Usage team").contains("By member")
                .contains("data-member=\"" + member.name() + "\"").contains("data-member=\"" + owner.name() + "\"")
                .contains("team lighthouse by member").contains("team harbour by owner")
                .doesNotContain("private garden of the owner")
                .contains("id=\"total-requests\">2<")
                .contains("href=\"" + url + "/export.csv?range=7d\"");
        assertThat(html(admin.session(), url + "?range=24h", Locale.SIMPLIFIED_CHINESE)).contains("Usage team 的用量").contains("按成员")
                .contains("data-member=\"" + member.name() + "\"").doesNotContain("private garden of the owner");
        String fragment = mvc.perform(get(url + "?range=30d").session(owner.session()).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment).contains("id=\"usage-results\"").doesNotContain("<html").contains("data-member=\"" + member.name() + "\"");

        // the latest requests link to the gallery items, which the team's managers may open
        assertThat(page).contains("href=\"/generations/" + byMember + "\"");
        assertThat(statusOf(get("/generations/" + byMember).session(admin.session()))).isEqualTo(200);

        String text = new String(csv(owner.session(), url + "/export.csv?range=7d"), StandardCharsets.UTF_8);
        String[] lines = text.substring(1).split("\r\n");
        assertThat(lines[0]).isEqualTo(CsvExport.TEAM_HEADER).startsWith("time_utc,member,provider,");
        assertThat(lines).hasSize(3);
        assertThat(text).contains("," + member.name() + ",fake,").contains("," + owner.name() + ",fake,")
                .contains("team lighthouse by member").contains("team harbour by owner").doesNotContain("private garden");

        // the owner's personal page still has their own records (personal and as the team)
        String mine = html(owner.session(), "/usage", Locale.ENGLISH);
        assertThat(mine).contains("private garden of the owner").doesNotContain("By member");
    }

    @Test
    void aTeamBudgetWarnsAt80PercentAndRefusesAtTheLimitSavingAndSendingNothing() throws Exception {
        Person owner = person("tb");
        Person member = person("tb");
        String slug = createTeam(owner, "Budget team");
        long team = teamId(slug);
        addMember(slug, member.id(), "MEMBER");
        teamKey(owner, slug);

        // only owners and admins set it; bad input is refused
        assertThat(statusOf(post("/teams/" + slug + "/budget").with(csrf()).session(member.session()).param("requestsPerDay", "1")))
                .isEqualTo(403);
        MvcResult invalid = mvc.perform(post("/teams/" + slug + "/budget").with(csrf()).session(owner.session())
                .param("requestsPerDay", "-3")).andReturn();
        assertThat(invalid.getFlashMap().get("flashError")).isEqualTo("usage.teamBudget.invalid");
        MvcResult saved = mvc.perform(post("/teams/" + slug + "/budget").with(csrf()).session(owner.session())
                .param("requestsPerDay", "5").param("imagesPerMonth", "").param("costPerMonth", "")).andReturn();
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/teams/" + slug);
        assertThat(saved.getFlashMap().get("flashSuccess")).isEqualTo("usage.teamBudget.saved");
        assertThat(html(owner.session(), "/teams/" + slug, Locale.ENGLISH)).contains("name=\"requestsPerDay\"").contains("value=\"5\"");

        seedTeamDay(member.id(), team, 4);
        String resets = LocalDate.now(ZoneOffset.UTC).plusDays(1) + " 00:00 UTC";
        assertThat(html(member.session(), "/teams/" + slug, Locale.ENGLISH))
                .contains("The team has used 80 % of the team’s daily limit (4 of 5 requests). It resets at " + resets + ".");
        assertThat(html(member.session(), "/generate", Locale.ENGLISH)).as("next to the team choice on the generate form")
                .contains("The team has used 80 % of the team’s daily limit (4 of 5 requests).");
        assertThat(html(owner.session(), "/teams/" + slug + "/usage", Locale.SIMPLIFIED_CHINESE))
                .contains("团队已用掉团队每日限额的 80 %（5 次请求中的 4 次）。限额将于 " + resets + " 重置。");

        // the fifth is allowed (it stays in flight a while), the sixth refused
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("ok")).withFixedDelay(3000)));
        long fifth = generationId(submit(member, "fifth as the team", team, Locale.ENGLISH));
        assertThat(fifth).isPositive();
        long generationsBefore = jdbc.sql("select count(*) from generation where team_id = ?").param(team).query(Long.class).single();

        String refusedEn = submit(member, "sixth as the team", team, Locale.ENGLISH);
        assertThat(refusedEn).doesNotContain("id=\"gen-").contains("Refused: this would exceed the team’s limit of 5 requests per day "
                + "(queued and running ones count). The limit resets at " + resets + ".");
        String refusedZh = submit(owner, "sixth as the team", team, Locale.SIMPLIFIED_CHINESE);
        assertThat(refusedZh).contains("已拒绝：这将超出团队每天 5 次请求的限额（排队中和进行中的也计算在内）。限额将于 " + resets + " 重置。");
        assertThat(jdbc.sql("select count(*) from generation where team_id = ?").param(team).query(Long.class).single())
                .as("refused submissions save nothing").isEqualTo(generationsBefore);
        awaitFinished(fifth);
        assertThat(sentWith("fifth as the team")).isEqualTo(1);
        assertThat(sentWith("sixth as the team")).as("and send nothing").isZero();
        assertThat(html(member.session(), "/teams/" + slug, Locale.ENGLISH))
                .contains("The team’s daily limit is reached: 5 requests per day. New generations as the team are refused until " + resets);

        // retry of a team generation is guarded by the team budget too
        mvc.perform(post("/generations/" + fifth + "/retry").with(csrf()).session(member.session()))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flashError", "usage.teamQuota.refused.short"));

        // clearing the budget makes the team unlimited again
        mvc.perform(post("/teams/" + slug + "/budget").with(csrf()).session(owner.session()).param("requestsPerDay", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("select count(*) from team_budget where team_id = ?").param(team).query(Long.class).single()).isZero();
    }

    @Test
    void concurrentSubmissionsAtTheTeamLimitDoNotOvershoot() throws Exception {
        Person owner = person("tc");
        Person member = person("tc");
        String slug = createTeam(owner, "Busy team");
        long team = teamId(slug);
        addMember(slug, member.id(), "MEMBER");
        teamKey(owner, slug);
        mvc.perform(post("/teams/" + slug + "/budget").with(csrf()).session(owner.session()).param("requestsPerDay", "3"))
                .andExpect(status().is3xxRedirection());
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("ok")).withFixedDelay(1500)));

        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long who = i % 2 == 0 ? owner.id() : member.id();
                Callable<Object> call = () -> {
                    start.await();
                    BindingResult errors = new MapBindingResult(new HashMap<>(), "form");
                    GenerationForm form = new GenerationForm("busy", null, "fake", null, "stable-diffusion", null, null, null, "1", null,
                            null, null, null);
                    Optional<Long> id = submissions.submit(who, form, errors, team);
                    return id.isPresent() ? (Object) id.get() : errors.getGlobalError().getCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes.stream().filter(o -> o instanceof Long)).hasSize(3);
            assertThat(outcomes.stream().filter(o -> o instanceof String)).hasSize(7)
                    .allMatch("usage.teamQuota.refused.REQUESTS_PER_DAY"::equals);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from generation where team_id = ?").param(team).query(Long.class).single()).isEqualTo(3);
        Eventually.within(Duration.ofSeconds(20)).until(() -> inFlight.ofTeam(team).isEmpty());
        assertThat(jdbc.sql("select coalesce(sum(requests), 0) from usage_daily where team_id = ? and status = 'SUCCEEDED'").param(team)
                .query(Long.class).single()).isEqualTo(3);
        BindingResult errors = new MapBindingResult(new HashMap<>(), "form");
        assertThat(submissions.submit(member.id(), new GenerationForm("one more", null, "fake", null, "stable-diffusion", null, null,
                null, "1", null, null, null, null), errors, team)).isEmpty();
        assertThat(errors.getGlobalError().getCode()).isEqualTo("usage.teamQuota.refused.REQUESTS_PER_DAY");
        // personal quotas do not count the team's generations
        assertThat(jdbc.sql("select count(*) from usage_daily where user_id in (?, ?) and team_id = 0").params(owner.id(), member.id())
                .query(Long.class).single()).isZero();
    }
}
