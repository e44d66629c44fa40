package studio.atelier.keys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/**
 * A key the gateway refused (when it was saved, or later during a generation) is marked on the Keys page and is never
 * what Generate starts with; the default is the key that worked last. A later success clears the mark.
 */
@GatewayTest
class RejectedKeyFlowTest {

    static final String GOOD = "sk-good-key-0000000001";
    static final String REVOKED = "revoked-key-0000000002";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeyService keys;

    MockHttpSession alice;
    long aliceId;

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        // the fake gateway refuses one key, like a revoked key on a One API / New API reseller
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer " + REVOKED)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"该令牌已被禁用\",\"type\":\"new_api_error\"}}")));
        alice = Accounts.signUpAndIn(mvc, Accounts.uniqueName("rejected"));
        aliceId = Accounts.idOf(alice);
    }

    @Test
    void aKeyRefusedOnSaveIsMarkedInBothLanguagesAndNeverTheDefaultOnGenerate() throws Exception {
        long good = store(GOOD, "good");
        long revoked = store(REVOKED, "newest but refused");

        String en = page("/keys", Locale.ENGLISH);
        assertThat(row(en, revoked)).contains(">rejected<").contains("The gateway rejected this key");
        assertThat(row(en, good)).doesNotContain("rejected");
        String zh = page("/keys", Locale.SIMPLIFIED_CHINESE);
        assertThat(row(zh, revoked)).contains(">已被拒绝<").contains("网关拒绝了此密钥").contains("不会默认使用");
        assertThat(row(zh, good)).doesNotContain("拒绝");

        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).isEqualTo(good);
        assertThat(selectedKey(page("/generate/options?providerId=fake", Locale.ENGLISH))).isEqualTo(good);
        assertThat(page("/generate", Locale.ENGLISH)).contains("newest but refused (" + masked(revoked) + ") — rejected by the gateway");
        assertThat(page("/generate", Locale.SIMPLIFIED_CHINESE)).contains("newest but refused (" + masked(revoked) + ") — 已被网关拒绝");
        assertThat(keys.usableKey(aliceId, "fake", null)).as("a submission without a choice").map(UsableKey::id).contains(good);
    }

    @Test
    void whenEveryKeyWasRefusedGenerateSaysSoAndLinksToKeys() throws Exception {
        store(REVOKED, "only key");
        assertThat(page("/generate", Locale.ENGLISH)).contains("The gateway rejected your key for this provider")
                .contains("href=\"/keys?provider=fake\"");
        assertThat(page("/generate", Locale.SIMPLIFIED_CHINESE)).contains("网关拒绝了你在此提供方的密钥");
    }

    @Test
    void theDefaultIsTheKeyThatWorkedLastNotTheNewest() throws Exception {
        long older = store(GOOD, "older");
        long newer = store("sk-newer-key-000000003", "newer");
        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).as("both just tested: the newer worked last").isEqualTo(newer);

        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![x](" + FakeGateway.dataUri(FakeGateway.png(Color.GREEN)) + ")"))));
        assertThat(awaitStatus(submit(older))).isEqualTo("SUCCEEDED");
        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).as("the older one worked since").isEqualTo(older);
        assertThat(keys.usableKey(aliceId, "fake", null)).map(UsableKey::id).contains(older);
    }

    @Test
    void aKeyTheGatewayRejectsDuringAGenerationIsMarkedAndALaterSuccessClearsTheMark() throws Exception {
        long other = store(GOOD, "other");
        String secret = "sk-later-revoked-0000004";
        long key = store(secret, "later revoked");
        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).isEqualTo(key);
        assertThat(keys.usableKey(aliceId, "fake", null)).as("read and kept before the rejection").map(UsableKey::id).contains(key);

        FakeGateway.SERVER.stubFor(FakeGateway.chat().withHeader("Authorization", equalTo("Bearer " + secret)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"无效的令牌\",\"type\":\"new_api_error\",\"code\":\"\"}}")));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().atPriority(5).willReturn(FakeGateway.json(FakeGateway.completion(
                "![x](" + FakeGateway.dataUri(FakeGateway.png(Color.BLUE)) + ")"))));
        assertThat(awaitStatus(submit(key))).isEqualTo("FAILED");

        assertThat(row(page("/keys", Locale.ENGLISH), key)).contains("The gateway rejected this key");
        assertThat(row(page("/keys", Locale.SIMPLIFIED_CHINESE), key)).contains("网关拒绝了此密钥");
        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).isEqualTo(other);
        assertThat(keys.usableKey(aliceId, "fake", null)).as("the kept choice was forgotten").map(UsableKey::id).contains(other);

        FakeGateway.SERVER.resetMappings();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![x](" + FakeGateway.dataUri(FakeGateway.png(Color.BLUE)) + ")"))));
        assertThat(awaitStatus(submit(key))).as("chosen anyway, and it works again").isEqualTo("SUCCEEDED");
        assertThat(row(page("/keys", Locale.ENGLISH), key)).doesNotContain("rejected");
        assertThat(selectedKey(page("/generate", Locale.ENGLISH))).isEqualTo(key);
        assertThat(keys.usableKey(aliceId, "fake", null)).map(UsableKey::id).contains(key);
    }

    long store(String secret, String label) throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(alice).param("providerId", "fake").param("label", label).param("apiKey", secret))
                .andExpect(status().is3xxRedirection());
        return jdbc.sql("select max(id) from api_key where owner_id = ?").param(aliceId).query(Long.class).single();
    }

    String masked(long key) {
        return jdbc.sql("select masked from api_key where id = ?").param(key).query(String.class).single();
    }

    String page(String path, Locale locale) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path).session(alice).locale(locale)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
    }

    /** The key's row on the Keys page. */
    static String row(String html, long key) {
        Matcher row = Pattern.compile("(?s)id=\"key-" + key + "\".*?</tr>").matcher(html);
        assertThat(row.find()).as("row of key " + key).isTrue();
        return row.group();
    }

    /** The key Generate starts with: the selected option of its key menu. */
    static long selectedKey(String html) {
        Matcher select = Pattern.compile("(?s)<select id=\"keyId\".*?</select>").matcher(html);
        assertThat(select.find()).as("a key menu").isTrue();
        Matcher selected = Pattern.compile("<option value=\"(\\d+)\"[^>]*selected").matcher(select.group());
        assertThat(selected.find()).as("a preselected key in " + select.group()).isTrue();
        return Long.parseLong(selected.group(1));
    }

    long submit(long key) throws Exception {
        var request = post("/generations").with(csrf()).session(alice).header("HX-Request", "true");
        for (String name : List.of("systemPrompt", "temperature", "topP", "maxTokens", "n", "presencePenalty", "frequencyPenalty",
                "logitBias")) {
            request.param(name, "");
        }
        request.param("providerId", "fake").param("model", "stable-diffusion").param("prompt", "a lighthouse").param("keyId", "" + key);
        String html = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
    }

    String awaitStatus(long generation) {
        Eventually.within(Duration.ofSeconds(20)).until(() -> List.of("SUCCEEDED", "FAILED")
                .contains(jdbc.sql("select status from generation where id = ?").param(generation).query(String.class).single()));
        return jdbc.sql("select status from generation where id = ?").param(generation).query(String.class).single();
    }
}
