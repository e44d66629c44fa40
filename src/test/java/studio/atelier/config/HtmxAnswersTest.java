package studio.atelier.config;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

/** HTMX headers the application answers with outside any one page: caches and ended sessions. */
@PostgresTest
class HtmxAnswersTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    /** One URL, two shapes: a cache must not hand the fragment to a page load or the page to a swap. */
    @Test
    void aPageThatAlsoAnswersSwapsVariesOnHxRequest() throws Exception {
        MockHttpSession session = Accounts.signUpAndIn(mvc, Accounts.uniqueName("vary"));
        mvc.perform(get("/usage").session(session)).andExpect(status().isOk()).andExpect(header().string("Vary", "HX-Request"));
        mvc.perform(get("/usage").session(session).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(header().string("Vary", "HX-Request"));
    }

    /** An ended session sends the whole page to the sign-in form, not the form into the fragment being swapped. */
    @Test
    void aDisabledAccountsHtmxRequestIsSentToSignInAsAWholePage() throws Exception {
        String name = Accounts.uniqueName("ended");
        MockHttpSession htmx = Accounts.signUpAndIn(mvc, name);
        MockHttpSession page = Accounts.signIn(mvc, name, Accounts.PASSWORD);
        jdbc.sql("update app_user set enabled = false where username_key = ?").param(name.toLowerCase(Locale.ROOT)).update();
        mvc.perform(get("/usage").session(htmx).header("HX-Request", "true"))
                .andExpect(status().isUnauthorized()).andExpect(header().string("HX-Redirect", "/login?disabled"));
        mvc.perform(get("/usage").session(page)).andExpect(redirectedUrl("/login?disabled"))
                .andExpect(header().doesNotExist("HX-Redirect"));
    }
}
