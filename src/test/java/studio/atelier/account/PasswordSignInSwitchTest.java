package studio.atelier.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.shared.Role;
import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

/** {@code atelier.login.password.enabled=false}: only the break-glass account signs in with a password, nobody registers. */
@PostgresTest
@TestPropertySource(properties = {"atelier.login.password.enabled=false", "atelier.login.password.break-glass=rescue, spare",
        "atelier.admin.username=rescue", "atelier.admin.password=" + Accounts.PASSWORD})
class PasswordSignInSwitchTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;

    @Test
    void theSignInPageHasNoPasswordFormExceptAtTheBreakGlassAddress() throws Exception {
        mvc.perform(get("/login")).andExpect(content().string(not(containsString("name=\"password\""))))
                .andExpect(content().string(not(containsString("/register"))));
        mvc.perform(get("/login").param("password", "")).andExpect(content().string(containsString("name=\"password\"")));
    }

    @Test
    void theBreakGlassAccountSignsInWithItsPasswordAndNobodyElseDoes() throws Exception {
        Accounts.signIn(mvc, "rescue", Accounts.PASSWORD);
        String name = Accounts.uniqueName("plain");
        accounts.saveAndFlush(new UserAccount(name, null, encoder.encode(Accounts.PASSWORD), Role.USER, Instant.now()));
        mvc.perform(post("/login").with(csrf()).param("username", name).param("password", Accounts.PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void registrationFollowsTheSwitch() throws Exception {
        String name = Accounts.uniqueName("late");
        mvc.perform(post("/register").with(csrf()).param("username", name).param("password", Accounts.PASSWORD)
                .param("passwordConfirm", Accounts.PASSWORD));
        assertThat(accounts.findByUsernameKey(UserAccount.keyOf(name))).isEmpty();
    }
}
