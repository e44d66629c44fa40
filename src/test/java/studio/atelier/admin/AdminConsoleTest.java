package studio.atelier.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;
import studio.atelier.gateway.ProviderCatalog;

@GatewayTest
class AdminConsoleTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProviderCatalog providers;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    MockHttpSession admin;
    String adminName;

    @BeforeEach
    void anAdministrator() throws Exception {
        FakeGateway.reset();
        adminName = Accounts.uniqueName("root");
        Accounts.register(mvc, adminName);
        jdbc.sql("update app_user set role = 'ADMIN' where username_key = ?").param(adminName.toLowerCase(Locale.ROOT)).update();
        admin = Accounts.signIn(mvc, adminName, Accounts.PASSWORD);
    }

    long idOf(String name) {
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    long audited(String action, Object target) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and target_id = ?").params(action, String.valueOf(target))
                .query(Long.class).single();
    }

    @Test
    void ordinaryUsersGetForbiddenOnEveryAdminRouteIncludingFragmentsAndCsv() throws Exception {
        MockHttpSession user = Accounts.signUpAndIn(mvc, Accounts.uniqueName("plain"));
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : e.getKey().getPatternValues()) {
                if (!pattern.startsWith("/admin")) {
                    continue;
                }
                String url = pattern.replaceAll("\\{[^}]+}", "1");
                Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    var request = m == RequestMethod.POST ? post(url).with(csrf()) : get(url);
                    mvc.perform(request.session(user)).andExpect(status().isForbidden());
                    mvc.perform(request.session(user).header("HX-Request", "true")).andExpect(status().isForbidden());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        mvc.perform(get("/admin/audit.csv").session(user)).andExpect(status().isForbidden());
        mvc.perform(get("/admin")).andExpect(status().is3xxRedirection());
    }

    @Test
    void theAdminPagesRenderInBothLanguages() throws Exception {
        for (String url : List.of("/admin", "/admin?range=24h", "/admin?range=30d", "/admin?range=month", "/admin/usage", "/admin/usage?range=24h&sort=user&dir=asc", "/admin/users", "/admin/review", "/admin/providers",
                "/admin/audit")) {
            mvc.perform(get(url).session(admin).locale(Locale.ENGLISH)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("Administration")));
            mvc.perform(get(url).session(admin).locale(Locale.SIMPLIFIED_CHINESE)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("管理")))
                    .andExpect(content().string(org.hamcrest.Matchers.not(containsString("??"))));
        }
        mvc.perform(get("/admin").param("range", "7d").session(admin).header("HX-Request", "true"))
                .andExpect(content().string(containsString("data-chart"))).andExpect(content().string(org.hamcrest.Matchers.not(containsString("<html"))));
    }

    @Test
    void disablingEndsTheSessionAtOnceAndTheLastAdminIsGuarded() throws Exception {
        String name = Accounts.uniqueName("victim");
        MockHttpSession victim = Accounts.signUpAndIn(mvc, name);
        mvc.perform(get("/generate").session(victim)).andExpect(status().isOk());
        long id = idOf(name);
        mvc.perform(post("/admin/users/" + id + "/disable").with(csrf()).session(admin).param("reason", "abuse"))
                .andExpect(flash().attribute("flashSuccess", "admin.users.done.disable"));
        mvc.perform(get("/generate").session(victim)).andExpect(redirectedUrl("/login?disabled"));
        mvc.perform(post("/login").with(csrf()).with(r -> { r.setRemoteAddr("10.55.0.1"); return r; })
                .param("username", name).param("password", Accounts.PASSWORD)).andExpect(redirectedUrl("/login?error"));
        assertThat(audited("USER_DISABLED", id)).isEqualTo(1);
        // the refused attempt has an action of its own, named in the person's language
        assertThat(audited("LOGIN_REFUSED_DISABLED", name)).isEqualTo(1);
        mvc.perform(get("/admin/audit").param("action", "LOGIN_REFUSED_DISABLED").param("target", name).session(admin).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Sign-in refused (account disabled)")));
        mvc.perform(get("/admin/audit").param("action", "LOGIN_REFUSED_DISABLED").param("target", name).session(admin)
                .locale(Locale.SIMPLIFIED_CHINESE)).andExpect(content().string(containsString("登录被拒（账户已停用）")));

        // every other admin is demoted first, so this one is the last
        jdbc.sql("update app_user set role = 'USER' where role = 'ADMIN' and username_key <> ?").param(adminName.toLowerCase(Locale.ROOT)).update();
        long me = idOf(adminName);
        mvc.perform(post("/admin/users/" + me + "/demote").with(csrf()).session(admin))
                .andExpect(flash().attribute("flashError", "admin.users.lastAdmin"));
        mvc.perform(post("/admin/users/" + me + "/disable").with(csrf()).session(admin))
                .andExpect(flash().attribute("flashError", "admin.users.lastAdmin"));
        assertThat(jdbc.sql("select role from app_user where id = ?").param(me).query(String.class).single()).isEqualTo("ADMIN");
    }

    @Test
    void prometheusScrapesTheApplicationsMetricsWithAnAdministratorsSession() throws Exception {
        String scrape = mvc.perform(get("/actuator/prometheus").session(admin)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge").contains("hikaricp_connections_active")
                .contains("http_server_requests_seconds");
        mvc.perform(get("/actuator/prometheus")).andExpect(status().is3xxRedirection());
    }

    @Test
    void disablingAndEnablingAgainBeforeTheNextRequestStillEndsTheSessions() throws Exception {
        String name = Accounts.uniqueName("flicker");
        MockHttpSession victim = Accounts.signUpAndIn(mvc, name);
        long id = idOf(name);
        mvc.perform(post("/admin/users/" + id + "/disable").with(csrf()).session(admin).param("reason", "check"));
        mvc.perform(post("/admin/users/" + id + "/enable").with(csrf()).session(admin).param("reason", "check done"));
        mvc.perform(get("/generate").session(victim)).andExpect(redirectedUrl("/login?ended"));
        mvc.perform(get("/login").param("ended", "").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(containsString("你已被登出")));
        // enabled again, the person signs in as before
        mvc.perform(get("/generate").session(Accounts.signIn(mvc, name, Accounts.PASSWORD))).andExpect(status().isOk());
    }

    @Test
    void promotionDemotionAndPasswordResetTakeEffectAndAreAudited() throws Exception {
        String name = Accounts.uniqueName("helper");
        MockHttpSession helper = Accounts.signUpAndIn(mvc, name);
        long id = idOf(name);
        mvc.perform(get("/admin").session(helper)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/users/" + id + "/promote").with(csrf()).session(admin));
        mvc.perform(get("/admin").session(helper)).andExpect(status().isOk());
        mvc.perform(post("/admin/users/" + id + "/demote").with(csrf()).session(admin));
        // a demotion ends the person's sessions: signed in again, they are an ordinary user
        mvc.perform(get("/admin").session(helper)).andExpect(redirectedUrl("/login?ended"));
        helper = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        mvc.perform(get("/admin").session(helper)).andExpect(status().isForbidden());
        var reset = mvc.perform(post("/admin/users/" + id + "/reset-password").with(csrf()).session(admin)).andReturn();
        String temporary = (String) reset.getFlashMap().get("temporaryPassword");
        assertThat(temporary).hasSize(14);
        // a reset ends every session: whoever had the account keeps nothing
        mvc.perform(get("/generate").session(helper)).andExpect(redirectedUrl("/login?ended"));
        MockHttpSession again = Accounts.signIn(mvc, name, temporary);
        mvc.perform(get("/gallery").session(again)).andExpect(redirectedUrl("/account?mustChange"));
        mvc.perform(post("/account/password").with(csrf()).session(again).param("currentPassword", temporary)
                .param("newPassword", "Another-Long-Secret-9").param("newPasswordConfirm", "Another-Long-Secret-9"));
        mvc.perform(get("/gallery").session(again)).andExpect(status().isOk());
        assertThat(audited("USER_PROMOTED", id)).isEqualTo(1);
        assertThat(audited("USER_DEMOTED", id)).isEqualTo(1);
        assertThat(audited("USER_PASSWORD_RESET", id)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'LOGIN_SUCCEEDED' and target_id = ?")
                .param(String.valueOf(id)).query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void registrationCanBeClosedAndReopened() throws Exception {
        mvc.perform(post("/admin/registration").with(csrf()).session(admin).param("open", "false"));
        mvc.perform(get("/register").locale(Locale.ENGLISH)).andExpect(content().string(containsString("turned off")));
        String name = Accounts.uniqueName("late");
        mvc.perform(post("/register").with(csrf()).param("username", name).param("password", Accounts.PASSWORD)
                .param("passwordConfirm", Accounts.PASSWORD)).andExpect(status().isOk());
        assertThat(jdbc.sql("select count(*) from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT))
                .query(Long.class).single()).isZero();
        mvc.perform(post("/admin/registration").with(csrf()).session(admin).param("open", "true"));
        Accounts.register(mvc, name);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'REGISTRATION_TOGGLED'").query(Long.class).single())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void providersAddedInTheConsoleAreUsableForNewGenerationsAndValidated() throws Exception {
        String id = "console-" + System.nanoTime() % 100000;
        mvc.perform(post("/admin/providers").with(csrf()).session(admin).locale(Locale.ENGLISH).param("id", "Bad Id!")
                .param("name", "x").param("baseUrl", "ftp://nope").param("models", "m").param("timeoutSeconds", "1"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("lower-case letters")))
                .andExpect(content().string(containsString("http(s) URL")));
        mvc.perform(post("/admin/providers").with(csrf()).session(admin).param("id", id).param("name", "Console gateway")
                .param("baseUrl", FakeGateway.base() + "/v1/").param("models", "stable-diffusion, flux").param("defaultModel", "flux")
                .param("timeoutSeconds", "60").param("endpointStyle", "CHAT_COMPLETIONS").param("enabled", "true"))
                .andExpect(flash().attribute("flashSuccess", "admin.providers.saved"));
        assertThat(providers.findEnabled(id)).get().satisfies(p -> {
            assertThat(p.baseUrl()).isEqualTo(FakeGateway.base() + "/v1");
            assertThat(p.models()).containsExactly("stable-diffusion", "flux");
        });
        mvc.perform(post("/admin/providers/" + id + "/disable").with(csrf()).session(admin));
        assertThat(providers.findEnabled(id)).isEmpty();
        mvc.perform(post("/admin/providers/fake/disable").with(csrf()).session(admin)).andExpect(status().isNotFound());
        assertThat(audited("PROVIDER_CREATED", id)).isEqualTo(1);
        assertThat(audited("PROVIDER_DISABLED", id)).isEqualTo(1);
        mvc.perform(post("/admin/keys/reencrypt").with(csrf()).session(admin));
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'KEYS_REENCRYPTED'").query(Long.class).single()).isPositive();
    }

    @Test
    void hiddenGenerationsVanishForTheirOwnerExceptForANoticeAndStayVisibleToAdmins() throws Exception {
        String name = Accounts.uniqueName("owner");
        MockHttpSession owner = Accounts.signUpAndIn(mvc, name);
        mvc.perform(post("/keys").with(csrf()).session(owner).param("providerId", "fake").param("apiKey", "sk-owner-key-123456"));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(FakeGateway.png(Color.PINK)) + ")"))));
        String card = mvc.perform(post("/generations").with(csrf()).session(owner).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", "questionable art")).andReturn().getResponse().getContentAsString();
        long gen = Long.parseLong(card.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        Eventually.within(Duration.ofSeconds(20)).until(() -> jdbc.sql("select image_count from generation where id = ?").param(gen)
                .query(Integer.class).single() == 1);
        long image = jdbc.sql("select id from generation_image where generation_id = ?").param(gen).query(Long.class).single();

        mvc.perform(post("/admin/review/" + gen + "/hide").with(csrf()).session(admin))
                .andExpect(flash().attribute("flashError", "admin.review.reasonRequired"));
        mvc.perform(post("/admin/review/" + gen + "/hide").with(csrf()).session(admin).param("reason", "violates the rules"));
        mvc.perform(get("/images/" + image).session(owner)).andExpect(status().isNotFound());
        mvc.perform(get("/images/" + image + "/thumb").session(owner)).andExpect(status().isNotFound());
        mvc.perform(get("/images/" + image).session(admin)).andExpect(status().isOk());
        mvc.perform(get("/generations/" + gen).session(owner).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Hidden by an administrator")))
                .andExpect(content().string(containsString("violates the rules")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("/images/" + image))));
        mvc.perform(get("/admin/review").param("status", "HIDDEN").session(admin)).andExpect(content().string(containsString("questionable art")));
        mvc.perform(post("/admin/review/" + gen + "/unhide").with(csrf()).session(admin).param("reason", "appeal accepted"));
        mvc.perform(get("/images/" + image).session(owner)).andExpect(status().isOk());
        mvc.perform(post("/admin/review/" + gen + "/delete").with(csrf()).session(admin).param("reason", "owner asked"));
        mvc.perform(get("/generations/" + gen).session(owner)).andExpect(status().isNotFound());
        assertThat(audited("GENERATION_HIDDEN", gen)).isEqualTo(1);
        assertThat(audited("GENERATION_UNHIDDEN", gen)).isEqualTo(1);
        assertThat(audited("GENERATION_DELETED", gen)).isEqualTo(1);
    }

    @Test
    void theAuditLogSaysWhatChangedInWordsOfBothLanguagesWhileItsCsvKeepsTheStoredCodes() throws Exception {
        String name = Accounts.uniqueName("worded");
        Accounts.signUpAndIn(mvc, name);
        long id = idOf(name);
        for (String action : List.of("disable", "enable", "promote")) {
            mvc.perform(post("/admin/users/" + id + "/" + action).with(csrf()).session(admin).param("reason", "checking"))
                    .andExpect(flash().attribute("flashSuccess", "admin.users.done." + action));
        }
        String en = mvc.perform(get("/admin/audit").param("target", String.valueOf(id)).session(admin).locale(Locale.ENGLISH))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(en).contains("Enabled: yes → no").contains("Enabled: no → yes").contains("Role: User → Administrator")
                .doesNotContain("enabled=").doesNotContain("role=USER").doesNotContain("role=ADMIN");
        String zh = mvc.perform(get("/admin/audit").param("target", String.valueOf(id)).session(admin).header("HX-Request", "true")
                        .header("HX-Target", "audit-results").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(zh).contains("启用：是 → 否").contains("启用：否 → 是").contains("角色：用户 → 管理员").doesNotContain("enabled=");

        var started = mvc.perform(get("/admin/audit.csv").param("target", String.valueOf(id)).session(admin)).andReturn();
        String csv = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started)).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains(",USER_DISABLED,user," + id + ",enabled=true,enabled=false,checking,")
                .contains(",USER_PROMOTED,user," + id + ",role=USER,role=ADMIN,checking,");
    }

    /** A filtered page asked with a wrong value, the fragment HTMX asks for, and what the banner says in both languages. */
    record WrongFilter(String url, String hxTarget, String english, String chinese) {
    }

    @Test
    void aWrongFilterInTheAddressAnswers400WithThePageSayingWhichAndWhatIsAllowedInBothLanguages() throws Exception {
        var created = mvc.perform(post("/teams").with(csrf()).session(admin).param("name", "Filters " + adminName)).andReturn();
        String team = created.getResponse().getRedirectedUrl();
        long me = idOf(adminName);
        List<WrongFilter> wrong = List.of(
                new WrongFilter("/usage?range=foo", "usage-results",
                        "The filter “range” cannot be “foo”. Choose one of: 24h, 7d, 30d, month, custom.",
                        "筛选条件“range”不能是“foo”，可选值：24h, 7d, 30d, month, custom。"),
                new WrongFilter("/usage?range=custom&from=2025-13-01&to=2025-12-01", "usage-results",
                        "The filter “from” needs a date written as YYYY-MM-DD (for example 2025-01-31), not “2025-13-01”.",
                        "筛选条件“from”需要 YYYY-MM-DD 格式的日期（例如 2025-01-31），而不是“2025-13-01”。"),
                new WrongFilter("/gallery?status=BOGUS", "gallery-results",
                        "The filter “status” cannot be “BOGUS”. Choose one of: images, succeeded, failed, active.",
                        "筛选条件“status”不能是“BOGUS”，可选值：images, succeeded, failed, active。"),
                new WrongFilter("/gallery?favourites=maybe&to=31.12.2025", "gallery-results",
                        "The filter “favourites” can only be true or false, not “maybe”.", "筛选条件“favourites”只能是 true 或 false，而不是“maybe”。"),
                new WrongFilter(team + "/gallery?status=BOGUS", "gallery-results", "The filter “status” cannot be “BOGUS”.",
                        "筛选条件“status”不能是“BOGUS”"),
                new WrongFilter(team + "/usage?range=foo", "usage-results", "The filter “range” cannot be “foo”.", "筛选条件“range”不能是“foo”"),
                new WrongFilter("/admin?range=yesterday", "dashboard-body", "The filter “range” cannot be “yesterday”.",
                        "筛选条件“range”不能是“yesterday”"),
                new WrongFilter("/admin/usage?sort=bogus&page=x", "usage-table",
                        "The filter “page” needs a whole number of 0 or more, not “x”.", "筛选条件“page”需要大于或等于 0 的整数，而不是“x”。"),
                new WrongFilter("/admin/usage/users/" + me + "?range=foo", "usage-results", "The filter “range” cannot be “foo”.",
                        "筛选条件“range”不能是“foo”"),
                new WrongFilter("/admin/audit?action=BOGUS&from=01/02/2025", "audit-results",
                        "The filter “from” needs a date written as YYYY-MM-DD (for example 2025-01-31), not “01/02/2025”.",
                        "筛选条件“action”不能是“BOGUS”"),
                new WrongFilter("/admin/review?status=BOGUS&before=abc", "review-results",
                        "The filter “before” needs a whole number of 0 or more, not “abc”.", "筛选条件“status”不能是“BOGUS”"));
        for (WrongFilter w : wrong) {
            var full = mvc.perform(get(w.url()).session(admin).locale(Locale.ENGLISH)).andReturn().getResponse();
            assertThat(full.getStatus()).as(w.url()).isEqualTo(400);
            assertThat(full.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).as(w.url()).contains("<html")
                    .contains("data-filter-problems").contains(w.english()).contains("The page is shown as if that filter were not set.");

            var fragment = mvc.perform(get(w.url()).session(admin).locale(Locale.SIMPLIFIED_CHINESE).header("HX-Request", "true")
                    .header("HX-Target", w.hxTarget())).andReturn().getResponse();
            assertThat(fragment.getStatus()).as(w.url()).isEqualTo(400);
            assertThat(fragment.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).as(w.url()).doesNotContain("<html")
                    .contains("id=\"" + w.hxTarget() + "\"").contains(w.chinese());
            // htmx does not swap an error answer: app.js shows this header's words instead
            assertThat(java.net.URLDecoder.decode(fragment.getHeader("X-Atelier-Message"), java.nio.charset.StandardCharsets.UTF_8))
                    .as(w.url()).contains(w.chinese()).endsWith("页面按未设置该筛选条件的情况显示。");
        }
        // the same pages with the values their own links and forms send answer as before
        for (String fine : List.of("/usage?range=24h", "/usage?range=custom&from=2025-01-01&to=2025-01-31", "/gallery?status=failed&favourites=true",
                "/gallery?status=&from=&to=&q=", team + "/gallery?status=images", "/admin?range=30d", "/admin/usage?sort=user&dir=asc&page=0",
                "/admin/audit?action=QUOTA_CHANGED&from=2025-01-01", "/admin/review?status=HIDDEN")) {
            var ok = mvc.perform(get(fine).session(admin).locale(Locale.ENGLISH)).andReturn().getResponse();
            assertThat(ok.getStatus()).as(fine).isEqualTo(200);
            assertThat(ok.getContentAsString()).as(fine).doesNotContain("data-filter-problems");
        }
    }

    @Test
    void theAuditLogIsReadOnlyFilterableAndExportable() throws Exception {
        mvc.perform(post("/admin/registration").with(csrf()).session(admin).param("open", "true"));
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/admin/audit")) {
                    assertThat(info.getMethodsCondition().getMethods()).as(pattern).containsOnly(RequestMethod.GET);
                }
            }
        }
        assertThat(Class.forName("studio.atelier.audit.AuditEntryRepository").getDeclaredMethods())
                .extracting(java.lang.reflect.Method::getName).containsOnly("save");
        mvc.perform(get("/admin/audit").param("action", "REGISTRATION_TOGGLED").session(admin).header("HX-Request", "true")
                .header("HX-Target", "audit-results").locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("Self-registration changed")))
                .andExpect(content().string(containsString(adminName)));
        var started = mvc.perform(get("/admin/audit.csv").param("actor", adminName).session(admin)).andReturn();
        var csv = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started)).andReturn().getResponse();
        byte[] bytes = csv.getContentAsByteArray();
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("REGISTRATION_TOGGLED").contains(adminName);
    }
}
