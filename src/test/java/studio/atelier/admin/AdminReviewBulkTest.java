package studio.atelier.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
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
 * Content review, bulk: the administrator selects several generations, gives one reason and hides (or shows again)
 * them all in one post, as a plain form (redirect and notice) or with HTMX (the tiles and the notice), in English and
 * Chinese. Whatever is wrong with the request, nothing changes.
 */
@GatewayTest
class AdminReviewBulkTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    MockHttpSession admin;
    MockHttpSession owner;
    String ownerName;

    @BeforeEach
    void anAdministratorAndAPersonWithAKey() throws Exception {
        FakeGateway.reset();
        String adminName = Accounts.uniqueName("root");
        Accounts.register(mvc, adminName);
        jdbc.sql("update app_user set role = 'ADMIN' where username_key = ?").param(adminName.toLowerCase(Locale.ROOT)).update();
        admin = Accounts.signIn(mvc, adminName, Accounts.PASSWORD);
        ownerName = Accounts.uniqueName("maker");
        owner = Accounts.signUpAndIn(mvc, ownerName);
        mvc.perform(post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("apiKey", "sk-owner-key-123456"));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(FakeGateway.png(Color.ORANGE)) + ")"))));
    }

    @Test
    void aPlainFormHidesEverySelectedGenerationWithOneReasonAndTheNoticeCountsThemInBothLanguages() throws Exception {
        long a = generation("a red fox");
        long b = generation("a blue whale");
        long c = generation("a green frog");

        MvcResult hidden = mvc.perform(bulk("hide", "breaks the rules", a, b, c).param("user", ownerName).param("q", "a"))
                .andExpect(redirectedUrl("/admin/review?user=" + ownerName + "&q=a")).andReturn();
        assertThat(hiddenReasons(a, b, c)).containsOnly("breaks the rules");
        for (long id : new long[] { a, b, c }) {
            assertThat(audited("GENERATION_HIDDEN", id, "breaks the rules")).isEqualTo(1);
        }
        mvc.perform(get(hidden.getResponse().getRedirectedUrl()).flashAttrs(hidden.getFlashMap()).session(admin).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("3 generations hidden.")))
                .andExpect(content().string(containsString("Reason: breaks the rules")));
        mvc.perform(get(hidden.getResponse().getRedirectedUrl()).flashAttrs(hidden.getFlashMap()).session(admin)
                .locale(Locale.SIMPLIFIED_CHINESE)).andExpect(content().string(containsString("已隐藏 3 项生成。")));
        mvc.perform(get("/generations/" + a).session(owner).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Hidden by an administrator")));

        // one, and one already hidden: singular, and the one left alone is neither changed nor audited again
        long d = generation("a yellow duck");
        mvc.perform(bulk("hide", "also this", a, d).header("HX-Request", "true").locale(Locale.ENGLISH))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString("<html"))))
                .andExpect(content().string(containsString("1 generation hidden; 1 was already hidden.")));
        assertThat(hiddenReasons(a)).containsOnly("breaks the rules");
        assertThat(audited("GENERATION_HIDDEN", a, null)).isEqualTo(1);
        assertThat(audited("GENERATION_HIDDEN", d, "also this")).isEqualTo(1);
    }

    @Test
    void htmxUnhidesTheSelectedOnesAndAnswersWithTheTilesAndTheNotice() throws Exception {
        long a = generation("a quiet lake");
        long b = generation("a loud city");
        long c = generation("an empty road");
        mvc.perform(bulk("hide", "checking", a, b, c));

        mvc.perform(bulk("unhide", "appeal accepted", a, b).param("user", ownerName).header("HX-Request", "true")
                .header("HX-Target", "review-results").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk())
                .andExpect(content().string(matchesPattern("(?s)^\\s*<div id=\"review-results\".*")))
                .andExpect(content().string(containsString("已取消隐藏 2 项生成。")))
                .andExpect(content().string(containsString("an empty road")))
                .andExpect(content().string(containsString("原因：checking")));
        assertThat(hiddenReasons(a, b)).containsOnly((String) null);
        assertThat(hiddenReasons(c)).containsOnly("checking");
        assertThat(audited("GENERATION_UNHIDDEN", a, "appeal accepted")).isEqualTo(1);
        assertThat(audited("GENERATION_UNHIDDEN", b, "appeal accepted")).isEqualTo(1);
        assertThat(audited("GENERATION_UNHIDDEN", c, null)).isZero();

        mvc.perform(bulk("unhide", "again", a, c).header("HX-Request", "true").locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("1 generation unhidden; 1 was not hidden.")));
        mvc.perform(bulk("hide", "all of them", a, b, c).header("HX-Request", "true").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(containsString("已隐藏 3 项生成。")));
    }

    @Test
    void withoutAReasonOrASelectionOrWithAGenerationThatIsGoneNothingChangesAndThePageSaysWhy() throws Exception {
        long a = generation("a paper boat");
        long b = generation("a glass bird");

        // plain form: the notice comes after the redirect, and the selection is still ticked
        MvcResult noReason = mvc.perform(bulk("hide", null, a, b)).andExpect(redirectedUrl("/admin/review")).andReturn();
        mvc.perform(get("/admin/review").flashAttrs(noReason.getFlashMap()).session(admin).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Please give a reason; it is recorded in the audit log.")))
                .andExpect(content().string(matchesPattern("(?s).*name=\"ids\" form=\"review-bulk\" value=\"" + a + "\" checked.*")));
        mvc.perform(get("/admin/review").flashAttrs(noReason.getFlashMap()).session(admin).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(containsString("请填写原因，它会记录在审计日志中。")));

        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            boolean en = locale == Locale.ENGLISH;
            mvc.perform(bulk("hide", "   ", a, b).header("HX-Request", "true").locale(locale)).andExpect(status().isOk())
                    .andExpect(content().string(containsString(en ? "Please give a reason" : "请填写原因")));
            mvc.perform(bulk("hide", "x".repeat(1001), a).header("HX-Request", "true").locale(locale))
                    .andExpect(content().string(containsString(en ? "Keep the reason to 1,000 characters or fewer." : "原因最多 1,000 个字符。")));
            mvc.perform(bulk("unhide", "no selection").header("HX-Request", "true").locale(locale))
                    .andExpect(content().string(containsString(en ? "Select at least one generation first." : "请先至少选择一项。")));
            mvc.perform(bulk("hide", "one is gone", a, 987654321L).header("HX-Request", "true").locale(locale))
                    .andExpect(content().string(containsString(en
                            ? "Generation 987654321 no longer exists, so nothing was changed. Reload the page and select again."
                            : "生成 987654321 已不存在，因此未做任何更改。请刷新页面后重新选择。")))
                    .andExpect(content().string(containsString("value=\"one is gone\"")));
        }
        MvcResult gone = mvc.perform(bulk("hide", "two are gone", 987654322L, a, 987654321L)).andReturn();
        mvc.perform(get("/admin/review").flashAttrs(gone.getFlashMap()).session(admin).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Generations 987654321, 987654322 no longer exist, so nothing was changed.")));
        mvc.perform(bulk("delete", "not a bulk action", a)).andExpect(status().isBadRequest());

        assertThat(hiddenReasons(a, b)).containsOnly((String) null);
        assertThat(audited("GENERATION_HIDDEN", a, null) + audited("GENERATION_HIDDEN", b, null)).isZero();
    }

    @Test
    void onlyAnAdministratorWithTheFormsCsrfTokenMayHideInBulk() throws Exception {
        long a = generation("a marble statue");
        MockHttpSession someone = Accounts.signUpAndIn(mvc, Accounts.uniqueName("plain"));
        mvc.perform(post("/admin/review/bulk").with(csrf()).session(someone).param("ids", String.valueOf(a))
                .param("reason", "mine now").param("action", "hide")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/review/bulk").with(csrf()).session(owner).header("HX-Request", "true").param("ids", String.valueOf(a))
                .param("reason", "mine now").param("action", "hide")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/review/bulk").session(admin).param("ids", String.valueOf(a)).param("reason", "no token")
                .param("action", "hide")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/review/bulk").with(csrf().useInvalidToken()).session(admin).header("HX-Request", "true")
                .param("ids", String.valueOf(a)).param("reason", "bad token").param("action", "hide")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/review/bulk").with(csrf()).param("ids", String.valueOf(a)).param("reason", "anonymous")
                .param("action", "hide")).andExpect(status().is3xxRedirection());
        assertThat(hiddenReasons(a)).containsOnly((String) null);

        mvc.perform(bulk("hide", "the administrator may", a)).andExpect(status().is3xxRedirection());
        assertThat(hiddenReasons(a)).containsOnly("the administrator may");
    }

    private MockHttpServletRequestBuilder bulk(String action, String reason, long... ids) {
        var request = post("/admin/review/bulk").with(csrf()).session(admin).param("action", action);
        if (reason != null) {
            request.param("reason", reason);
        }
        Arrays.stream(ids).forEach(id -> request.param("ids", String.valueOf(id)));
        return request;
    }

    private long generation(String prompt) throws Exception {
        String card = mvc.perform(post("/generations").with(csrf()).session(owner).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", prompt)).andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(card.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        // finished first: the worker's last write must not race the review's
        Eventually.within(Duration.ofSeconds(20)).until(() -> jdbc.sql("select finished_at is not null from generation where id = ?")
                .param(id).query(Boolean.class).single());
        return id;
    }

    private List<String> hiddenReasons(long... ids) {
        return Arrays.stream(ids).mapToObj(id -> jdbc.sql("select hidden_reason from generation where id = ?").param(id)
                .query(String.class).list().get(0)).toList();
    }

    /** Audit entries of {@code action} on generation {@code id}, with {@code reason} (any reason when null). */
    private long audited(String action, long id, String reason) {
        String sql = "select count(*) from audit_entry where action = ? and target_id = ?";
        return reason == null ? jdbc.sql(sql).params(action, String.valueOf(id)).query(Long.class).single()
                : jdbc.sql(sql + " and reason = ?").params(action, String.valueOf(id), reason).query(Long.class).single();
    }
}
