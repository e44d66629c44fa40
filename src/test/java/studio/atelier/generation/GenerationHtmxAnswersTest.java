package studio.atelier.generation;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.support.Accounts;
import studio.atelier.support.GatewayTest;

/** The HTMX headers the generation pages answer with, which the page's behaviour depends on. */
@GatewayTest
class GenerationHtmxAnswersTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    MockHttpSession alice;

    @BeforeEach
    void signUp() throws Exception {
        alice = Accounts.signUpAndIn(mvc, Accounts.uniqueName("hx"));
    }

    /** The widgets listening for generation-finished (quota banner, usage) refresh once, when a card sees the end. */
    @Test
    void aCardAnnouncesTheEndOnlyToTheOneThatSawItRunning() throws Exception {
        long id = finishedGeneration();
        mvc.perform(get("/generations/" + id + "/card").param("was", "RUNNING").session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(header().string("HX-Trigger", "generation-finished"));
        mvc.perform(get("/generations/" + id + "/card").param("was", "SUCCEEDED").session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(header().doesNotExist("HX-Trigger"));
        mvc.perform(get("/generations/" + id + "/card").session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(header().doesNotExist("HX-Trigger"));
    }

    /** A refused submission replaces the form (with its messages) instead of landing in the list of cards. */
    @Test
    void aRefusedSubmissionIsSwappedInPlaceOfTheForm() throws Exception {
        mvc.perform(post("/generations").with(csrf()).session(alice).header("HX-Request", "true").locale(Locale.ENGLISH)
                        .param("providerId", "fake").param("prompt", "no key yet"))
                .andExpect(status().isOk())
                .andExpect(header().string("HX-Retarget", "#generate-form"))
                .andExpect(header().string("HX-Reswap", "outerHTML"));
        mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.ENGLISH)
                        .param("providerId", "fake").param("prompt", "no key yet"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Retarget")).andExpect(header().doesNotExist("HX-Reswap"));
    }

    /** htmx follows HX-Redirect only in a 2xx answer; a plain form gets the usual redirect. Both keep the flash. */
    @Test
    void deletingSendsTheWholePageToTheGalleryWithItsMessage() throws Exception {
        mvc.perform(post("/generations/" + finishedGeneration() + "/delete").with(csrf()).session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(header().string("HX-Redirect", "/gallery"))
                .andExpect(header().doesNotExist("Location"))
                .andExpect(flash().attribute("flashSuccess", "generation.deleted"));
        mvc.perform(post("/generations/" + finishedGeneration() + "/delete").with(csrf()).session(alice))
                .andExpect(redirectedUrl("/gallery"))
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(flash().attribute("flashSuccess", "generation.deleted"));
    }

    private long finishedGeneration() {
        return jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at) "
                        + "values (:o, 'fake', 'stable-diffusion', 'done', 'done', '{\"stream\":false}', 'SUCCEEDED', :t) returning id")
                .param("o", Accounts.idOf(alice)).param("t", Timestamp.from(Instant.now())).query(Long.class).single();
    }
}
