package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

@PostgresTest
class AccountFlowTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    EntityManager em;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/account")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anExpiredSessionDuringAnHtmxSwapAsksForARefreshInsteadOfSwappingTheLoginPageIn() throws Exception {
        mvc.perform(get("/account").header("HX-Request", "true"))
                .andExpect(status().isForbidden()).andExpect(header().string("HX-Refresh", "true"));
    }

    @Test
    void healthIsPublicAndUp() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("UP")));
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    }

    @Test
    void ordinaryUsersGetForbiddenOnAdminPagesAndActuator() throws Exception {
        String first = Accounts.uniqueName("first");
        Accounts.register(mvc, first); // whoever is first in this database becomes admin
        MockHttpSession user = Accounts.signUpAndIn(mvc, Accounts.uniqueName("plain"));
        mvc.perform(get("/admin").session(user)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/users").session(user).header("HX-Request", "true")).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/metrics").session(user)).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").session(user)).andExpect(status().isForbidden());
    }

    @Test
    void registrationWithoutCsrfTokenIsRefusedAndSavesNothing() throws Exception {
        String name = Accounts.uniqueName("nocsrf");
        mvc.perform(post("/register").param("username", name).param("password", Accounts.PASSWORD)
                .param("passwordConfirm", Accounts.PASSWORD)).andExpect(status().isForbidden());
        assertThat(accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void registrationErrorsAreShownInTheChosenLanguageAndNothingIsSaved() throws Exception {
        String name = Accounts.uniqueName("weak");
        mvc.perform(post("/register").with(csrf()).locale(Locale.SIMPLIFIED_CHINESE)
                .param("username", name).param("password", "1234567890").param("passwordConfirm", "1234567890"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("这是最常见的密码之一")));
        mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH)
                .param("username", name).param("password", "short").param("passwordConfirm", "short"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("at least 10 characters")));
        mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH)
                .param("username", name).param("password", Accounts.PASSWORD).param("passwordConfirm", "Different-Pass-99"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("do not match")));
        mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH)
                .param("username", "<b>x</b>").param("password", Accounts.PASSWORD).param("passwordConfirm", Accounts.PASSWORD))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("only letters, digits")));
        assertThat(accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void usernamesAreUniqueRegardlessOfCase() throws Exception {
        String name = Accounts.uniqueName("Case");
        Accounts.register(mvc, name);
        mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH)
                .param("username", name.toUpperCase(Locale.ROOT)).param("password", Accounts.PASSWORD)
                .param("passwordConfirm", Accounts.PASSWORD))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("already taken")));
    }

    @Test
    void passwordsAreStoredWithTheDelegatingEncoder() throws Exception {
        String name = Accounts.uniqueName("hash");
        Accounts.register(mvc, name);
        String hash = accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT)).orElseThrow().passwordHash();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(Accounts.PASSWORD);
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndKeepsThisOneUnderANewId() throws Exception {
        String name = Accounts.uniqueName("twice");
        MockHttpSession laptop = Accounts.signUpAndIn(mvc, name);
        MockHttpSession stolen = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        mvc.perform(get("/gallery").session(stolen)).andExpect(status().isOk());
        String before = laptop.getId();
        mvc.perform(post("/account/password").with(csrf()).session(laptop).locale(Locale.ENGLISH)
                        .param("currentPassword", Accounts.PASSWORD).param("newPassword", "Fresh-Harbour-Lights-7")
                        .param("newPasswordConfirm", "Fresh-Harbour-Lights-7"))
                .andExpect(redirectedUrl("/account")).andExpect(flash().attribute("flashSuccess", "account.password.changed"));
        assertThat(laptop.getId()).as("this session goes on under a new id").isNotEqualTo(before);
        mvc.perform(get("/gallery").session(laptop)).andExpect(status().isOk());
        mvc.perform(get("/gallery").session(stolen)).andExpect(redirectedUrl("/login?ended"));
        mvc.perform(get("/keys").session(stolen)).andExpect(status().is3xxRedirection());
        mvc.perform(get("/login").param("ended", "").locale(Locale.ENGLISH))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("You were signed out: your password was changed")));
    }

    @Test
    void signOutEverywhereElseEndsTheOtherSessionsOnly() throws Exception {
        String name = Accounts.uniqueName("elsewhere");
        MockHttpSession here = Accounts.signUpAndIn(mvc, name);
        MockHttpSession there = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        mvc.perform(get("/account").session(here).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("在其他所有地方登出")));
        mvc.perform(post("/account/sessions/end-others").with(csrf()).session(here))
                .andExpect(redirectedUrl("/account")).andExpect(flash().attribute("flashSuccess", "account.sessions.ended"));
        mvc.perform(get("/gallery").session(here)).andExpect(status().isOk());
        mvc.perform(get("/gallery").session(there)).andExpect(redirectedUrl("/login?ended"));
        // signing in again afterwards works as ever
        mvc.perform(get("/gallery").session(Accounts.signIn(mvc, name, Accounts.PASSWORD))).andExpect(status().isOk());
    }

    private static final String FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final java.util.regex.Pattern END_FORM = java.util.regex.Pattern.compile("action=\"/account/sessions/([A-Za-z0-9_-]+)/end\"");

    @Test
    void theAccountPageListsWhereThePersonIsSignedInAndSignsOutAnotherSession() throws Exception {
        String name = Accounts.uniqueName("where");
        MockHttpSession here = Accounts.signUpAndIn(mvc, name);
        MockHttpSession firefox = (MockHttpSession) mvc.perform(post("/login").with(csrf()).header("User-Agent", FIREFOX_ON_WINDOWS)
                .with(request -> { request.setRemoteAddr("198.51.100.7"); return request; })
                .param("username", name).param("password", Accounts.PASSWORD)).andReturn().getRequest().getSession(false);
        mvc.perform(get("/gallery").session(firefox)).andExpect(status().isOk());

        String en = mvc.perform(get("/account").session(here).locale(Locale.ENGLISH)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(en).contains("Where you are signed in").contains("this browser").contains("Firefox · Windows")
                .contains("198.51.100.7").contains("Last seen").contains("Signed in");
        assertThat(END_FORM.matcher(en).results().count()).as("a sign-out button for each other session (the browser that "
                + "registered, Firefox), none for this one").isEqualTo(2);
        String firefoxEntry = java.util.Arrays.stream(en.split("<li")).filter(entry -> entry.contains("Firefox · Windows"))
                .findFirst().orElseThrow();
        List<String> others = END_FORM.matcher(firefoxEntry).results().map(m -> m.group(1)).toList();
        assertThat(others).hasSize(1);
        assertThat(mvc.perform(get("/account").session(here).locale(Locale.SIMPLIFIED_CHINESE)).andReturn().getResponse()
                .getContentAsString()).contains("此浏览器").contains("最近活动").contains("登录于");

        mvc.perform(post("/account/sessions/" + others.get(0) + "/end").with(csrf()).session(here))
                .andExpect(redirectedUrl("/account")).andExpect(flash().attribute("flashSuccess", "account.sessions.endedOne"));
        mvc.perform(get("/gallery").session(firefox)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/gallery").session(here)).andExpect(status().isOk());
        assertThat(mvc.perform(get("/account").session(here)).andReturn().getResponse().getContentAsString())
                .as("the ended session is no longer listed").doesNotContain("Firefox").doesNotContain(others.get(0));
    }

    @Test
    void onlyThePersonsOwnOtherSessionsCanBeSignedOut() throws Exception {
        String alice = Accounts.uniqueName("own");
        MockHttpSession aliceHere = Accounts.signUpAndIn(mvc, alice);
        String bob = Accounts.uniqueName("own");
        MockHttpSession bobHere = Accounts.signUpAndIn(mvc, bob);
        MockHttpSession bobThere = Accounts.signIn(mvc, bob, Accounts.PASSWORD);
        String bobsPage = mvc.perform(get("/account").session(bobHere)).andReturn().getResponse().getContentAsString();
        java.util.regex.Matcher bobsOther = END_FORM.matcher(bobsPage);
        assertThat(bobsOther.find()).isTrue();

        // another person's session, one's own current session, something made up, and the session id itself: 404
        String bobsHandle = bobsOther.group(1);
        mvc.perform(post("/account/sessions/" + bobsHandle + "/end").with(csrf()).session(aliceHere)).andExpect(status().isNotFound());
        String aliceCurrent = AccountSessions.handleOf((String) aliceHere.getAttribute(studio.atelier.support.MockSessions.class.getName() + ".id"));
        mvc.perform(post("/account/sessions/" + aliceCurrent + "/end").with(csrf()).session(aliceHere)).andExpect(status().isNotFound());
        mvc.perform(post("/account/sessions/made-up/end").with(csrf()).session(aliceHere)).andExpect(status().isNotFound());
        // without the CSRF token nothing happens either
        mvc.perform(post("/account/sessions/" + bobsHandle + "/end").session(bobHere)).andExpect(status().isForbidden());

        mvc.perform(get("/gallery").session(bobThere)).andExpect(status().isOk());
        mvc.perform(get("/gallery").session(aliceHere)).andExpect(status().isOk());
        assertThat(bobsPage).doesNotContain((String) bobHere.getAttribute(studio.atelier.support.MockSessions.class.getName() + ".id"));
    }

    @Test
    void aDeviceIsDescribedInAFewWords() {
        assertThat(DeviceDescription.of(FIREFOX_ON_WINDOWS)).isEqualTo("Firefox · Windows");
        assertThat(DeviceDescription.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/17.5 Mobile/15E148 Safari/604.1")).isEqualTo("Safari · iPhone");
        assertThat(DeviceDescription.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")).isEqualTo("Edge · Windows");
        assertThat(DeviceDescription.of("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/126.0.0.0 Mobile Safari/537.36")).isEqualTo("Chrome · Android");
        assertThat(DeviceDescription.of("")).isNull();
        assertThat(DeviceDescription.of("something/1.0")).isNull();
    }

    @Test
    void aPersonCanSignOutAndInAgain() throws Exception {
        String name = Accounts.uniqueName("cycle");
        MockHttpSession session = Accounts.signUpAndIn(mvc, name);
        mvc.perform(get("/account").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(name)));
        // over TLS (where browsers honour it) signing out empties this site's cache: no private image stays behind
        mvc.perform(post("/logout").with(csrf()).session(session).secure(true)).andExpect(redirectedUrl("/login?logout"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                        .string("Clear-Site-Data", "\"cache\""));
        mvc.perform(get("/account").session(session)).andExpect(status().is3xxRedirection());
        assertThat(Accounts.signIn(mvc, name, Accounts.PASSWORD)).isNotNull();
        assertThat(accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT)).orElseThrow().toSummary().lastLoginAt()).isNotNull();
    }

    @Test
    void fiveFailuresLockTheUsernameWithTheSameMessageForUnknownAccounts() throws Exception {
        String name = Accounts.uniqueName("throttle");
        Accounts.register(mvc, name);
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").with(csrf()).with(from("10.9.0." + (i + 1)))
                    .param("username", name).param("password", "wrong-password-" + i))
                    .andExpect(redirectedUrl("/login?error"));
        }
        // Even the right password is refused now, from any address.
        mvc.perform(post("/login").with(csrf()).with(from("10.9.1.1")).param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(redirectedUrl("/login?locked"));
        String ghost = Accounts.uniqueName("ghost");
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").with(csrf()).with(from("10.9.2." + (i + 1))).param("username", ghost).param("password", "x"));
        }
        mvc.perform(post("/login").with(csrf()).with(from("10.9.3.1")).param("username", ghost).param("password", "x"))
                .andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login?locked").locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("15 分钟")));
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddress() throws Exception {
        String name = Accounts.uniqueName("victim");
        Accounts.register(mvc, name);
        for (int i = 0; i < 20; i++) {
            mvc.perform(post("/login").with(csrf()).with(from("10.77.0.1"))
                    .param("username", Accounts.uniqueName("spray")).param("password", "nope"));
        }
        mvc.perform(post("/login").with(csrf()).with(from("10.77.0.1"))
                .param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(redirectedUrl("/login?locked"));
        mvc.perform(post("/login").with(csrf()).with(from("10.77.0.2"))
                .param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).doesNotContain("/login"));
    }

    @Test
    void disabledAccountsCannotSignIn() throws Exception {
        String name = Accounts.uniqueName("disabled");
        Accounts.register(mvc, name);
        tx.executeWithoutResult(s -> em.createQuery("update UserAccount a set a.enabled = false where a.usernameKey = :k")
                .setParameter("k", name.toLowerCase(Locale.ROOT)).executeUpdate());
        mvc.perform(post("/login").with(csrf()).with(from("10.8.0.1")).param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
        // the person is told nothing more, but the audit log says what happened
        assertThat(audited("LOGIN_REFUSED_DISABLED", name)).isEqualTo(1);
        assertThat(audited("LOGIN_FAILED", name)).isZero();
    }

    private long audited(String action, String target) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and target_id = ?").params(action, target)
                .query(Long.class).single();
    }

    @Test
    void registeringSignsThePersonInOnANewSessionWithANewCsrfTokenAndOpensGenerate() throws Exception {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            MockHttpSession browser = new MockHttpSession();
            String signedOutToken = csrfTokenIn(mvc.perform(get("/register").session(browser).locale(locale)).andReturn());
            String signedOutSessionId = browser.getId();
            String name = Accounts.uniqueName("newcomer");
            MvcResult registered = mvc.perform(post("/register").session(browser).locale(locale).param("_csrf", signedOutToken)
                    .param("username", name).param("password", Accounts.PASSWORD).param("passwordConfirm", Accounts.PASSWORD))
                    .andReturn();
            assertThat(registered.getResponse().getRedirectedUrl()).isEqualTo("/generate");
            assertThat(browser.getId()).as("a new session id at sign-in (session fixation)").isNotEqualTo(signedOutSessionId);

            MvcResult generate = mvc.perform(get("/generate").session(browser).locale(locale)).andExpect(status().isOk()).andReturn();
            assertThat(generate.getResponse().getContentAsString()).containsPattern("<span class=\"whoami\"[^>]*>" + name + "</span>")
                    .contains(locale == Locale.ENGLISH ? "Welcome! Your account is ready and you are signed in." : "欢迎！账户已创建，你已登录。");
            long id = accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT)).orElseThrow().toSummary().id();
            assertThat(audited("LOGIN_SUCCEEDED", String.valueOf(id))).isEqualTo(1);
            assertThat(accounts.findById(id).orElseThrow().toSummary().lastLoginAt()).isNotNull();

            // The CSRF token handed out while signed out was replaced at sign-in: it no longer works, the new one does.
            mvc.perform(post("/logout").session(browser).param("_csrf", signedOutToken)).andExpect(status().isForbidden());
            mvc.perform(post("/logout").session(browser).param("_csrf", csrfTokenIn(generate))).andExpect(redirectedUrl("/login?logout"));
        }
    }

    @Test
    void everyBrokenPasswordRuleIsShownAtOnceInBothLanguages() throws Exception {
        String name = Accounts.uniqueName("r"); // fewer than 10 characters: as a password, too short and the username
        String en = mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH).param("username", name)
                .param("password", name).param("passwordConfirm", name + "x")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(en).contains("The password must be at least 10 characters long.")
                .contains("The password must not be the same as the username.").contains("The two passwords do not match.");
        String zh = mvc.perform(post("/register").with(csrf()).locale(Locale.SIMPLIFIED_CHINESE).param("username", name)
                .param("password", name).param("passwordConfirm", name)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(zh).contains("密码至少需要 10 个字符。").contains("密码不能与用户名相同。");
        String common = mvc.perform(post("/register").with(csrf()).locale(Locale.ENGLISH).param("username", "QwertyUiop")
                .param("password", "qwertyuiop").param("passwordConfirm", "qwertyuiop")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(common).contains("must not be the same as the username").contains("one of the most common passwords");
        assertThat(accounts.findByUsernameKey(name.toLowerCase(Locale.ROOT))).isEmpty();
    }

    /** The token a page's forms carry, as a browser would send it back. */
    static String csrfTokenIn(MvcResult page) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page.getResponse().getContentAsString());
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    @Test
    void passwordChangeChecksTheCurrentPasswordAndThePolicy() throws Exception {
        String name = Accounts.uniqueName("changer");
        MockHttpSession session = Accounts.signUpAndIn(mvc, name);
        mvc.perform(post("/account/password").with(csrf()).session(session).locale(Locale.ENGLISH)
                .param("currentPassword", "not-my-password").param("newPassword", "Brand-New-Secret-7")
                .param("newPasswordConfirm", "Brand-New-Secret-7"))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("current password is not correct")));
        mvc.perform(post("/account/password").with(csrf()).session(session).locale(Locale.SIMPLIFIED_CHINESE)
                .param("currentPassword", Accounts.PASSWORD).param("newPassword", "password123")
                .param("newPasswordConfirm", "password123"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("最常见的密码之一")));
        mvc.perform(post("/account/password").with(csrf()).session(session)
                .param("currentPassword", Accounts.PASSWORD).param("newPassword", "Brand-New-Secret-7")
                .param("newPasswordConfirm", "Brand-New-Secret-7"))
                .andExpect(redirectedUrl("/account"));
        assertThat(Accounts.signIn(mvc, name, "Brand-New-Secret-7")).isNotNull();
        mvc.perform(post("/login").with(csrf()).with(from("10.8.0.1")).param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
    }

    @Test
    void theLanguageSwitchSticksInACookie() throws Exception {
        mvc.perform(get("/login").param("lang", "zh-CN"))
                .andExpect(header().string("Set-Cookie", org.hamcrest.Matchers.containsString("atelier-lang=zh-CN")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("登录")));
        mvc.perform(get("/login").header("Accept-Language", "zh-CN,zh;q=0.9"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("还没有账户")));
    }

}
