package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.samstevens.totp.code.DefaultCodeGenerator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import studio.atelier.shared.Role;
import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

/**
 * Two-factor sign-in through the real forms, with codes computed here by the same TOTP library from the secret the
 * set-up page shows. Administrators must set it up first on this instance; the per-address lock-out is raised so the
 * wrong codes of one test do not lock the others out (they all come from one address).
 */
@PostgresTest
@TestPropertySource(properties = {"atelier.login.require-two-factor-for-admins=true", "atelier.login.max-failures-per-address=1000"})
class TwoFactorTest {

    private static final Pattern SECRET = Pattern.compile("class=\"two-factor-secret\">([A-Z2-7]+)<");

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcClient jdbc;

    @Test
    void setUpShowsTheQrCodeAndSecretOnceAndNeedsThePasswordAndAValidCode() throws Exception {
        String name = person(Role.USER);
        MockHttpSession session = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        String page = mvc.perform(get("/account/two-factor").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("src=\"data:image/png;base64,", "Scan this QR code");
        String secret = secretOn(page);

        MvcResult wrongPassword = mvc.perform(post("/account/two-factor").session(session).with(csrf())
                .param("password", "not-the-password").param("code", code(secret, 0))).andReturn();
        assertThat(wrongPassword.getResponse().getContentAsString()).contains("The current password is not correct.");
        MvcResult wrongCode = mvc.perform(post("/account/two-factor").session(session).with(csrf())
                .param("password", Accounts.PASSWORD).param("code", wrongCode(secret))).andReturn();
        assertThat(wrongCode.getResponse().getContentAsString()).contains("That code is not right.")
                .as("the same secret again, so the app already scanned still fits").contains(secret);
        assertThat(isOn(name)).isFalse();

        MvcResult enabled = mvc.perform(post("/account/two-factor").session(session).with(csrf())
                .param("password", Accounts.PASSWORD).param("code", code(secret, 0))).andReturn();
        assertThat(enabled.getResponse().getRedirectedUrl()).isEqualTo("/account/two-factor");
        assertThat((List<?>) enabled.getFlashMap().get("recoveryCodes")).hasSize(10).doesNotHaveDuplicates();
        assertThat(isOn(name)).isTrue();
        assertThat(audited(name, "TWO_FACTOR_ENABLED")).isEqualTo(1);

        String after = mvc.perform(get("/account/two-factor").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Two-factor sign-in is on", "10 recovery codes left")
                .doesNotContain(secret).doesNotContain("data:image/png");
        assertThat(jdbc.sql("select secret_sealed from two_factor t join app_user u on u.id = t.user_id where u.username = ?")
                .param(name).query(String.class).single()).as("sealed at rest").doesNotContain(secret);
    }

    @Test
    void signingInTakesTheCodeAfterThePasswordAndAUsedCodeIsRefused() throws Exception {
        String name = person(Role.USER);
        String secret = setUp(name).secret();

        MockHttpSession session = passwordOnly(name);
        assertThat(mvc.perform(get("/generate").session(session)).andReturn().getResponse().getRedirectedUrl())
                .as("the password alone signs nobody in").endsWith("/login");
        String fresh = code(secret, 1);
        assertThat(submitCode(session, fresh)).as("back to the page that asked for sign-in").endsWith("/generate?continue");
        assertThat(mvc.perform(get("/generate").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);

        MockHttpSession again = passwordOnly(name);
        assertThat(submitCode(again, fresh)).as("replayed").isEqualTo("/login/code?error");
        assertThat(submitCode(again, code(secret, 0))).as("an earlier step than one already used").isEqualTo("/login/code?error");
    }

    @Test
    void aRecoveryCodeSignsInOnceAndIsAudited() throws Exception {
        String name = person(Role.USER);
        List<String> recovery = setUp(name).recoveryCodes();

        assertThat(submitCode(passwordOnly(name), recovery.get(3).toUpperCase())).isEqualTo("/generate");
        assertThat(audited(name, "TWO_FACTOR_RECOVERY_CODE_USED")).isEqualTo(1);
        assertThat(submitCode(passwordOnly(name), recovery.get(3))).isEqualTo("/login/code?error");
        assertThat(submitCode(passwordOnly(name), recovery.get(4))).isEqualTo("/generate");
    }

    @Test
    void wrongCodesLockTheAccountOutLikeWrongPasswords() throws Exception {
        String name = person(Role.USER);
        String secret = setUp(name).secret();
        MockHttpSession session = passwordOnly(name);
        for (int i = 0; i < 5; i++) {
            assertThat(submitCode(session, wrongCode(secret))).isEqualTo("/login/code?error");
        }
        assertThat(submitCode(session, code(secret, 1))).as("even the right code, during the lock-out").isEqualTo("/login/code?locked");
    }

    @Test
    void removingTwoFactorNeedsThePassword() throws Exception {
        String name = person(Role.USER);
        MockHttpSession session = setUp(name).session();

        String refused = mvc.perform(post("/account/two-factor/remove").session(session).with(csrf()).param("password", "wrong-one"))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("The current password is not correct.");
        assertThat(isOn(name)).isTrue();

        assertThat(mvc.perform(post("/account/two-factor/remove").session(session).with(csrf()).param("password", Accounts.PASSWORD))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo("/account");
        assertThat(isOn(name)).isFalse();
        assertThat(audited(name, "TWO_FACTOR_REMOVED")).isEqualTo(1);
        Accounts.signIn(mvc, name, Accounts.PASSWORD); // straight in, no code step
    }

    @Test
    void anAdministratorSetsTwoFactorUpBeforeAnythingElseWhenRequired() throws Exception {
        String name = person(Role.ADMIN);
        MockHttpSession session = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        for (String page : List.of("/generate", "/account", "/admin", "/gallery")) {
            assertThat(mvc.perform(get(page).session(session)).andReturn().getResponse().getRedirectedUrl())
                    .as(page).isEqualTo("/account/two-factor?required");
        }
        String setUpPage = mvc.perform(get("/account/two-factor").param("required", "").session(session)).andReturn().getResponse()
                .getContentAsString();
        assertThat(setUpPage).contains("requires administrators to use two-factor sign-in");
        assertThat(mvc.perform(get("/assets/css/app.css").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);

        mvc.perform(post("/account/two-factor").session(session).with(csrf()).param("password", Accounts.PASSWORD)
                .param("code", code(secretOn(setUpPage), 0)));
        assertThat(mvc.perform(get("/generate").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);

        String other = person(Role.ADMIN);
        MockHttpSession leaving = Accounts.signIn(mvc, other, Accounts.PASSWORD);
        assertThat(mvc.perform(post("/logout").session(leaving).with(csrf())).andReturn().getResponse().getRedirectedUrl())
                .as("signing out is not held up").doesNotContain("two-factor");
    }

    private record SetUp(String secret, List<String> recoveryCodes, MockHttpSession session) {
    }

    @SuppressWarnings("unchecked")
    private SetUp setUp(String name) throws Exception {
        MockHttpSession session = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        String secret = secretOn(mvc.perform(get("/account/two-factor").session(session)).andReturn().getResponse().getContentAsString());
        MvcResult enabled = mvc.perform(post("/account/two-factor").session(session).with(csrf())
                .param("password", Accounts.PASSWORD).param("code", code(secret, 0))).andReturn();
        return new SetUp(secret, (List<String>) enabled.getFlashMap().get("recoveryCodes"), session);
    }

    /** A new session past the password form, waiting for the code. */
    private MockHttpSession passwordOnly(String name) throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf()).param("username", name).param("password", Accounts.PASSWORD))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login/code");
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(mvc.perform(get("/login/code").session(session)).andReturn().getResponse().getContentAsString())
                .contains("name=\"code\"");
        return session;
    }

    private String submitCode(MockHttpSession session, String code) throws Exception {
        return mvc.perform(post("/login/code").session(session).with(csrf()).param("code", code)).andReturn().getResponse()
                .getRedirectedUrl();
    }

    private String person(Role role) {
        String name = Accounts.uniqueName("tf");
        accounts.saveAndFlush(new UserAccount(name, null, encoder.encode(Accounts.PASSWORD), role, Instant.now()));
        return name;
    }

    private boolean isOn(String name) {
        return jdbc.sql("select count(*) from two_factor t join app_user u on u.id = t.user_id where u.username = ?").param(name)
                .query(Integer.class).single() == 1;
    }

    private int audited(String name, String action) {
        return jdbc.sql("select count(*) from audit_entry where actor_name = ? and action = ?").params(name, action)
                .query(Integer.class).single();
    }

    private static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        assertThat(m.find()).as("the secret on the set-up page").isTrue();
        return m.group(1);
    }

    /** The authenticator app's code for the current time step plus {@code steps}. */
    private static String code(String secret, int steps) throws Exception {
        return new DefaultCodeGenerator().generate(secret, System.currentTimeMillis() / 1000 / 30 + steps);
    }

    /** A six-digit code that is none of the three the server accepts at this moment. */
    private static String wrongCode(String secret) throws Exception {
        List<String> right = List.of(code(secret, -1), code(secret, 0), code(secret, 1), code(secret, 2));
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!right.contains(candidate)) {
                return candidate;
            }
        }
    }
}
