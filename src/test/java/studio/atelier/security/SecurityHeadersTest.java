package studio.atelier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/**
 * Headers on every page, and hostile text (in prompts, labels, usernames and the gateway's own reply and error
 * messages) rendered inert wherever it appears.
 */
@GatewayTest
class SecurityHeadersTest {

    static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";

    @Autowired
    MockMvc mvc;

    @Test
    void everyPageCarriesTheSecurityHeadersAndHostileTextStaysInert() throws Exception {
        FakeGateway.reset();
        String name = Accounts.uniqueName("xss");
        MockHttpSession session = Accounts.signUpAndIn(mvc, name);
        mvc.perform(post("/keys").with(csrf()).session(session).param("providerId", "fake").param("label", XSS)
                .param("apiKey", "sk-xss-test-key-123456"));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                XSS + "\n![a](" + FakeGateway.dataUri(FakeGateway.png(Color.RED)) + ")"))));
        String card = mvc.perform(post("/generations").with(csrf()).session(session).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", XSS).param("systemPrompt", XSS)).andReturn().getResponse()
                .getContentAsString();
        long id = Long.parseLong(card.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        Eventually.within(Duration.ofSeconds(20)).until(() -> mvc.perform(get("/generations/" + id + "/card").session(session))
                .andReturn().getResponse().getContentAsString().contains("/images/"));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(500).withBody("{\"error\":{\"message\":\"" + XSS.replace("\"", "\\\"") + "\",\"code\":\"x\"}}")));
        String failedCard = mvc.perform(post("/generations").with(csrf()).session(session).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", "fails")).andReturn().getResponse().getContentAsString();
        long failed = Long.parseLong(failedCard.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        Eventually.within(Duration.ofSeconds(20)).until(() -> mvc.perform(get("/generations/" + failed + "/card").session(session))
                .andReturn().getResponse().getContentAsString().contains("Retry"));

        for (String url : List.of("/generate", "/gallery", "/gallery?q=%3Cscript%3E", "/keys", "/account", "/generations/" + id,
                "/generations/" + id + "/card", "/generations/" + failed, "/generate?from=" + id)) {
            MockHttpServletResponse response = mvc.perform(get(url).session(session)).andReturn().getResponse();
            assertThat(response.getStatus()).as(url).isEqualTo(200);
            assertThat(response.getHeader("Content-Security-Policy")).as(url).contains("script-src 'self'").contains("frame-ancestors 'none'");
            assertThat(response.getHeader("X-Content-Type-Options")).as(url).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).as(url).isEqualTo("same-origin");
            assertThat(response.getHeader("X-Frame-Options")).as(url).isEqualTo("DENY");
            String body = response.getContentAsString();
            assertThat(body).as(url).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("onerror=alert(2)>");
        }
        String detail = mvc.perform(get("/generations/" + failed).session(session)).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        for (String url : List.of("/login", "/register")) {
            MockHttpServletResponse response = mvc.perform(get(url)).andReturn().getResponse();
            assertThat(response.getHeader("Content-Security-Policy")).as(url).contains("default-src 'self'");
        }
    }
}
