package studio.atelier.keys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import studio.atelier.support.AsAdmin;
import studio.atelier.support.Accounts;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyFlowTest {

    static final String SECRET = "sk-RECOGNISABLE-canary-7f3a9c1e5b";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeyService keys;

    MockHttpSession alice;

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        alice = Accounts.signUpAndIn(mvc, Accounts.uniqueName("keys"));
    }

    long onlyKeyId(MockHttpSession session) throws Exception {
        String html = mvc.perform(MockMvcRequestBuilders.get("/keys").session(session)).andReturn().getResponse().getContentAsString();
        return Long.parseLong(html.replaceAll("(?s).*?id=\"key-(\\d+)\".*", "$1"));
    }

    @Test
    void aKeyIsSavedTestedMaskedAndNeverShownOrStoredInTheClear(CapturedOutput output) throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("label", "Work key")
                .param("apiKey", "  " + SECRET + "\n"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flashSuccess", "keys.saved.ok"));
        assertThat(FakeGateway.SERVER.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v1/models"))).get(0)
                .getHeader("Authorization")).isEqualTo("Bearer " + SECRET);

        String page = mvc.perform(MockMvcRequestBuilders.get("/keys").session(alice)).andExpect(status().isOk())
                .andExpect(content().string(containsString("sk-…9c1e5b".substring(0, 4))))
                .andExpect(content().string(containsString("Work key"))).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain(SECRET).doesNotContain("canary").contains("sk-…c1e5b".replace("c1e5b", "1e5b"));

        long id = onlyKeyId(alice);
        mvc.perform(post("/keys/" + id + "/test").with(csrf()).session(alice).header("HX-Request", "true").locale(Locale.ENGLISH))
                .andExpect(status().isOk()).andExpect(content().string(containsString("accepted this key")))
                .andExpect(content().string(not(containsString(SECRET))));

        for (Map<String, Object> row : jdbc.sql("select * from api_key").query().listOfRows()) {
            assertThat(row.values().toString()).doesNotContain(SECRET).doesNotContain("canary");
        }
        assertThat(output.getAll()).doesNotContain(SECRET);
        assertThat(keys.usableKey(jdbc.sql("select owner_id from api_key where id = ?").param(id).query(Long.class).single(), "fake", null)
                .orElseThrow().secret()).isEqualTo(SECRET);
        assertThat(keys.usableKey(1, "fake", id).map(UsableKey::toString).orElse("")).doesNotContain(SECRET);
    }

    @Test
    void aKeyTheGatewayRefusesIsStillSavedWithAWarningShowingTheGatewaysWords() throws Exception {
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"该令牌已过期\",\"type\":\"new_api_error\"}}")));
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("apiKey", "sk-expired-key-0000"))
                .andExpect(flash().attribute("flashWarning", "keys.saved.warning"));
        mvc.perform(MockMvcRequestBuilders.get("/keys").session(alice).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(containsString("不可用")));
        mvc.perform(post("/keys/" + onlyKeyId(alice) + "/test").with(csrf()).session(alice).header("HX-Request", "true"))
                .andExpect(content().string(containsString("该令牌已过期")));
    }

    @Test
    void badInputIsRefusedAndNothingIsSaved() throws Exception {
        long before = jdbc.sql("select count(*) from api_key").query(Long.class).single();
        mvc.perform(post("/keys").with(csrf()).session(alice).locale(Locale.ENGLISH).param("providerId", "fake").param("apiKey", ""))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Please paste the API key")));
        mvc.perform(post("/keys").with(csrf()).session(alice).locale(Locale.ENGLISH).param("providerId", "fake")
                .param("apiKey", "sk-abc\r\nX-Injected: yes"))
                .andExpect(content().string(containsString("only visible ASCII")));
        mvc.perform(post("/keys").with(csrf()).session(alice).locale(Locale.SIMPLIFIED_CHINESE).param("providerId", "chatgptsb")
                .param("apiKey", "sk-valid-looking-key"))
                .andExpect(content().string(containsString("不存在或未启用")));
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("apiKey", "sk-x").param("label", "l".repeat(81)))
                .andExpect(content().string(containsString("80")));
        mvc.perform(post("/keys").session(alice).param("providerId", "fake").param("apiKey", "sk-no-csrf-token"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("select count(*) from api_key").query(Long.class).single()).isEqualTo(before);
        assertThat(FakeGateway.SERVER.getAllServeEvents()).isEmpty();
    }

    @Test
    void anotherPersonsKeyCannotBeTestedOrDeleted() throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("apiKey", "sk-alice-only-key-1"));
        long id = onlyKeyId(alice);
        MockHttpSession bob = Accounts.signUpAndIn(mvc, Accounts.uniqueName("bob"));
        mvc.perform(post("/keys/" + id + "/test").with(csrf()).session(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/keys/" + id + "/delete").with(csrf()).session(bob)).andExpect(status().isNotFound());
        mvc.perform(MockMvcRequestBuilders.get("/keys").session(bob)).andExpect(content().string(not(containsString("key-" + id))));
        mvc.perform(post("/keys/" + id + "/delete").with(csrf()).session(alice).header("HX-Request", "true")).andExpect(status().isOk());
        assertThat(keys.list(1L).stream().map(ApiKeyView::id).toList()).doesNotContain(id);
        assertThat(jdbc.sql("select count(*) from api_key where id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void reencryptionMovesEveryKeyToTheCurrentMasterKey() throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("apiKey", "sk-rotate-me-please"));
        jdbc.sql("update api_key set key_id = 'bogus' where key_id = 'bogus'").update();
        assertThat(AsAdmin.call(() -> keys.reencryptAll())).isZero();
        List<String> ids = jdbc.sql("select distinct key_id from api_key").query(String.class).list();
        assertThat(ids).hasSize(1);
    }

    /**
     * A person's submissions go with their own newest key, or the one they chose, and never with a team's key they stored
     * (that one bills the team). The choice is kept between submissions, so adding and deleting keys must be seen at once.
     */
    @Test
    void submissionsGoWithThePersonsOwnKeyNeverWithATeamKeyTheyStoredAndSeeKeysAddedAndDeleted() throws Exception {
        long me = Accounts.idOf(alice);
        long team = jdbc.sql("insert into team (name, slug, created_at) values ('Keys team', :slug, current_timestamp) returning id")
                .param("slug", Accounts.uniqueName("keys-team").toLowerCase(Locale.ROOT)).query(Long.class).single();
        var errors = new org.springframework.validation.BeanPropertyBindingResult(null, "form");
        keys.saveForTeam(team, me, new ApiKeyForm("fake", "team key", "sk-team-key-000000001"), errors);
        long teamKey = jdbc.sql("select id from api_key where team_id = ?").param(team).query(Long.class).single();
        assertThat(keys.usableKey(me, "fake", null)).as("only a team key stored: nothing of her own").isEmpty();
        assertThat(keys.usableKey(me, "fake", teamKey)).as("a team key chosen by id").isEmpty();

        keys.save(me, new ApiKeyForm("fake", "first", "sk-own-key-0000000001"), errors);
        long first = jdbc.sql("select id from api_key where owner_id = ? and team_id is null").param(me).query(Long.class).single();
        assertThat(keys.usableKey(me, "fake", null)).map(UsableKey::id).contains(first);
        keys.saveForTeam(team, me, new ApiKeyForm("fake", "newer team key", "sk-team-key-000000002"), errors);
        assertThat(keys.usableKey(me, "fake", null)).as("a newer team key does not become hers").map(UsableKey::id).contains(first);

        keys.save(me, new ApiKeyForm("fake", "second", "sk-own-key-0000000002"), errors);
        long second = jdbc.sql("select max(id) from api_key where owner_id = ? and team_id is null").param(me).query(Long.class).single();
        assertThat(keys.usableKey(me, "fake", null)).as("the newest, just added").map(UsableKey::id).contains(second);
        assertThat(keys.usableKey(me, "fake", null).orElseThrow().secret()).isEqualTo("sk-own-key-0000000002");
        assertThat(keys.usableKey(me, "fake", first)).as("the one chosen").map(UsableKey::id).contains(first);

        assertThat(keys.delete(me, second)).isTrue();
        assertThat(keys.usableKey(me, "fake", null)).as("the newest left, once the other is deleted").map(UsableKey::id).contains(first);
        assertThat(keys.usableKey(me, "fake", second)).as("a deleted key chosen by id").isEmpty();
        assertThat(keys.delete(me, first)).isTrue();
        assertThat(keys.usableKey(me, "fake", null)).isEmpty();
        assertThat(errors.hasErrors()).isFalse();
    }
}
