package studio.atelier.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import studio.atelier.generation.GenerationPage;
import studio.atelier.generation.GenerationStatus;
import studio.atelier.generation.GenerationView;
import studio.atelier.support.Accounts;
import studio.atelier.support.GatewayTest;

/** The personal gallery's read path on PostgreSQL: keyset pages, filters, and the HTMX shapes of the same address. */
@GatewayTest
class GalleryFlowTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GalleryQuery gallery;

    MockHttpSession alice;
    long aliceId;

    @BeforeEach
    void signUp() throws Exception {
        String name = Accounts.uniqueName("gal");
        alice = Accounts.signUpAndIn(mvc, name);
        aliceId = jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    @Test
    void theGalleryPagesByKeysetWithoutGapsOrRepeatsAndFilters() throws Exception {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 30; i++) {
            // pairs share a timestamp, so the id must break the tie
            jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at, favourite) "
                            + "values (:o, 'fake', :m, :p, lower(:p), '{\"stream\":false}', :s, :t, :f)")
                    .param("o", aliceId).param("m", i % 2 == 0 ? "stable-diffusion" : "dall-e-3").param("p", "Seeded 城市 " + i)
                    .param("s", i % 3 == 0 ? "FAILED" : "SUCCEEDED").param("t", Timestamp.from(base.plusSeconds(i / 2)))
                    .param("f", i % 5 == 0).update();
        }
        GenerationPage first = gallery.page(aliceId, GalleryFilter.none(), null);
        assertThat(first.items()).hasSize(GalleryQuery.PAGE_SIZE);
        GenerationPage second = gallery.page(aliceId, GalleryFilter.none(), first.nextCursor());
        assertThat(second.items()).hasSize(6);
        assertThat(second.nextCursor()).isNull();
        Set<Long> all = new HashSet<>();
        first.items().forEach(g -> all.add(g.id()));
        second.items().forEach(g -> assertThat(all.add(g.id())).isTrue());
        assertThat(all).hasSize(30);
        assertThat(first.items().get(0).prompt()).isEqualTo("Seeded 城市 29");

        GalleryFilter failedDallE = new GalleryFilter("failed", null, "dall-e-3", null, null, null, "城市");
        assertThat(gallery.page(aliceId, failedDallE, null).items()).hasSize(5)
                .allMatch(g -> g.status() == GenerationStatus.FAILED && g.model().equals("dall-e-3"));
        assertThat(gallery.page(aliceId, new GalleryFilter(null, null, null, null, null, true, null), null).items()).hasSize(6);
        assertThat(gallery.page(aliceId, new GalleryFilter(null, null, null, java.time.LocalDate.parse("2026-01-02"), null, null, null), null)
                .items()).isEmpty();
        assertThat(gallery.page(aliceId, new GalleryFilter(null, null, null, null, null, null, "SEEDED 城市 2"), null).items())
                .extracting(GenerationView::prompt).allMatch(p -> p.startsWith("Seeded 城市 2")).hasSize(11);
        assertThat(gallery.page(aliceId, new GalleryFilter(null, null, null, null, null, null, "100%_"), null).items()).isEmpty();
        mvc.perform(MockMvcRequestBuilders.get("/gallery").param("after", first.nextCursor()).session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Seeded 城市 0")))
                .andExpect(content().string(not(containsString("<html"))));
    }
}
