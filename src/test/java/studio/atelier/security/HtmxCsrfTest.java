package studio.atelier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.unbescape.html.HtmlEscape;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import studio.atelier.support.Accounts;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/**
 * HTMX requests that change something carry the CSRF token in their {@code hx-headers}, which htmx-spring-boot's
 * {@code hx:post} writes when the page is rendered; the server takes that header as the token.
 */
@GatewayTest
class HtmxCsrfTest {

    private static final Pattern HTMX_STATE_CHANGE = Pattern.compile("<[a-z]+\\b[^>]*\\bhx-(?:post|put|patch|delete)=[^>]*>");
    private static final Pattern HEADERS = Pattern.compile("\\bhx-headers=\"([^\"]*)\"");

    @Autowired
    MockMvc mvc;

    /** Written as hx-post (or th:attr="hx-post=…"), an element would send no token: hx:post is the one way. */
    @Test
    void everyTemplateWritesItsHtmxStateChangesThroughTheDialect() throws Exception {
        List<String> plain = new ArrayList<>();
        Resource[] templates = new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html");
        assertThat(templates).isNotEmpty();
        Pattern written = Pattern.compile("hx-(?:post|put|patch|delete)\\s*=");
        for (Resource template : templates) {
            String text = template.getContentAsString(StandardCharsets.UTF_8);
            if (written.matcher(text).find()) {
                plain.add(template.getFilename());
            }
        }
        assertThat(plain).as("templates with a state-changing hx- attribute not written hx:").isEmpty();
    }

    @Test
    void theTokenInAPagesHxHeadersIsAcceptedAndNothingElseIs() throws Exception {
        FakeGateway.reset();
        MockHttpSession session = Accounts.signUpAndIn(mvc, Accounts.uniqueName("hxcsrf"));
        mvc.perform(post("/keys").with(csrf()).session(session).param("providerId", "fake").param("label", "k")
                .param("apiKey", "sk-htmx-csrf-0123456789abcdef")).andExpect(status().is3xxRedirection());

        String keys = mvc.perform(get("/keys").session(session)).andReturn().getResponse().getContentAsString();
        List<String> elements = htmxStateChanges(keys);
        assertThat(elements).as("the key row's test and delete forms").hasSize(2);
        assertThat(htmxStateChanges(mvc.perform(get("/generate").session(session)).andReturn().getResponse().getContentAsString()))
                .as("the generate form").hasSize(1).allSatisfy(element -> assertThat(token(element)).isNotBlank());

        String delete = elements.stream().filter(e -> e.contains("/delete")).findFirst().orElseThrow();
        String url = delete.replaceAll("(?s).*\\bhx-post=\"([^\"]+)\".*", "$1");
        mvc.perform(post(url).session(session).header("HX-Request", "true").header("X-CSRF-TOKEN", "not-the-token"))
                .andExpect(status().isForbidden());
        mvc.perform(post(url).session(session).header("HX-Request", "true").header("X-CSRF-TOKEN", token(delete)))
                .andExpect(status().isOk());
    }

    private static List<String> htmxStateChanges(String page) {
        List<String> found = new ArrayList<>();
        Matcher m = HTMX_STATE_CHANGE.matcher(page);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String token(String element) {
        Matcher headers = HEADERS.matcher(element);
        assertThat(headers.find()).as("hx-headers on %s", element).isTrue();
        Map<String, String> values = JsonMapper.builder().build().readValue(HtmlEscape.unescapeHtml(headers.group(1)),
                new TypeReference<Map<String, String>>() { });
        return values.get("X-CSRF-TOKEN");
    }
}
