package studio.atelier.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;

/**
 * The gateway fault matrix, one row per way a gateway misbehaves: each ends in the documented status and error
 * kind, with the generation persisted, the gateway called exactly once (a sent request is never retried), and
 * the gateway's own words kept where it said any.
 */
@GatewayTest
class GatewayFaultMatrixTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    GenerationService generations;
    @Autowired
    JdbcClient jdbc;

    MockHttpSession session;
    long userId;

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        String name = Accounts.uniqueName("fault");
        session = Accounts.signUpAndIn(mvc, name);
        userId = jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
        mvc.perform(post("/keys").with(csrf()).session(session).param("providerId", "fake").param("apiKey", "sk-fault-matrix-0001"));
    }

    static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String sse(String... data) {
        StringBuilder out = new StringBuilder();
        for (String d : data) {
            out.append("data: ").append(d).append("\n\n");
        }
        return out.toString();
    }

    /** A PNG whose header claims 50 000 × 50 000 pixels: a decompression bomb if anyone decoded it. */
    static byte[] bomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        byte[] ihdr = {0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, (byte) 0xC3, 0x50, 0, 0, (byte) 0xC3, 0x50, 8, 2, 0, 0, 0};
        out.write(ihdr);
        CRC32 crc = new CRC32();
        crc.update(ihdr, 4, ihdr.length - 4);
        long c = crc.getValue();
        out.write(new byte[] {(byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c});
        return out.toByteArray();
    }

    static Stream<Arguments> faults() throws Exception {
        String image = FakeGateway.dataUri(FakeGateway.png(Color.GREEN));
        return Stream.of(
                Arguments.of("read timeout", aResponse().withFixedDelay(10_000).withBody("{}"), false, "FAILED", "TIMEOUT", null),
                Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), false, "FAILED", null, null),
                Arguments.of("401", error(401, "{\"error\":{\"message\":\"无效的令牌\",\"type\":\"new_api_error\",\"code\":\"\"}}"), false,
                        "FAILED", "KEY_REJECTED", "无效的令牌"),
                Arguments.of("403", error(403, "{\"error\":{\"message\":\"用户额度不足\",\"code\":\"insufficient_user_quota\"}}"), false,
                        "FAILED", "QUOTA_OR_MODEL_FORBIDDEN", "用户额度不足"),
                Arguments.of("429 with Retry-After", error(429, "{\"error\":{\"message\":\"您已达到请求数限制\"}}").withHeader("Retry-After", "30"),
                        false, "FAILED", "RATE_LIMITED", "您已达到请求数限制"),
                Arguments.of("429 empty body", aResponse().withStatus(429), false, "FAILED", "RATE_LIMITED", null),
                Arguments.of("500", error(500, "{\"error\":{\"message\":\"do_request_failed\",\"type\":\"upstream_error\"}}"), false,
                        "FAILED", "GATEWAY_ERROR", "do_request_failed"),
                Arguments.of("502 html", aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>502 Bad Gateway</title></head></html>"), false, "FAILED", "GATEWAY_ERROR", null),
                Arguments.of("503", error(503, "{\"error\":{\"message\":\"无可用渠道\",\"code\":\"model_not_found\"}}"), false, "FAILED",
                        "MODEL_UNAVAILABLE", "无可用渠道"),
                Arguments.of("404 model_not_found", error(404, "{\"error\":{\"message\":\"The model `stable-diffusion` does not exist\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"), false, "FAILED", "MODEL_NOT_FOUND",
                        "does not exist"),
                Arguments.of("400 refused", error(400, "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}"),
                        false, "FAILED", "REQUEST_REFUSED", "max_tokens is too large"),
                Arguments.of("503 overloaded", aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>503 Service Temporarily Unavailable</title></head></html>"), false, "FAILED",
                        "GATEWAY_UNAVAILABLE", "503 Service Temporarily Unavailable"),
                Arguments.of("rejected key in a 200 stream", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}")), true, "FAILED",
                        "KEY_REJECTED", "No auth credentials found"),
                Arguments.of("malformed JSON", FakeGateway.json("{\"id\": \"x\", \"choices\": [ {"), false, "FAILED", "MALFORMED_REPLY", null),
                Arguments.of("empty choices", FakeGateway.json("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"), false,
                        "FAILED", "EMPTY_CHOICES", null),
                Arguments.of("text, no image", FakeGateway.json(FakeGateway.completion("抱歉，我无法生成这张图片。")), false, "SUCCEEDED", null, null),
                // just over the 20 MB limit: a bigger one proves nothing more, and on a busy machine reading it could outlast the timeout
                Arguments.of("21 MB image", FakeGateway.json(FakeGateway.completion("![x](data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(new byte[21 * 1024 * 1024]) + ")")), false, "FAILED", "IMAGE_REJECTED", null),
                Arguments.of("non-image bytes", FakeGateway.json(FakeGateway.completion("![x](data:image/png;base64,"
                        + Base64.getEncoder().encodeToString("<html>not a picture</html>".getBytes()) + ")")), false, "FAILED",
                        "IMAGE_REJECTED", null),
                Arguments.of("decompression bomb", FakeGateway.json(FakeGateway.completion("![x](data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(bomb()) + ")")), false, "FAILED", "IMAGE_REJECTED", null),
                Arguments.of("stream that stalls", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withChunkedDribbleDelay(2, 20000).withBody(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 排队中..\"}}]}")),
                        true, "FAILED", "TIMEOUT", null),
                Arguments.of("error frame in a 200 stream", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 生成中...\"}}]}",
                                "{\"error\":{\"message\":\"upstream channel failed\",\"type\":\"upstream_error\"}}", "[DONE]")),
                        true, "FAILED", "STREAM_ERROR", "upstream channel failed"),
                Arguments.of("good stream", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"![i](" + image + ")\"}}]}", "[DONE]")),
                        true, "SUCCEEDED", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyFaultEndsInTheDocumentedStateWithTheRecordKept(String name, ResponseDefinitionBuilder reply, boolean stream,
            String status, String errorKind, String gatewaySaid) throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(reply));
        String card = mvc.perform(post("/generations").with(csrf()).session(session).header("HX-Request", "true")
                .param("providerId", "fake").param("prompt", "fault: " + name).param("stream", String.valueOf(stream)))
                .andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(card.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
        Eventually.within(Duration.ofSeconds(30)).until(() -> generations.find(userId, id).orElseThrow().finished());
        GenerationView done = generations.find(userId, id).orElseThrow();
        assertThat(done.status().name()).as(name).isEqualTo(status);
        if (errorKind != null) {
            assertThat(done.errorKind()).as(name).isEqualTo(errorKind);
        } else if (status.equals("FAILED")) {
            assertThat(done.errorKind()).as(name).isIn("CONNECT_FAILED", "GATEWAY_ERROR", "MALFORMED_REPLY");
        }
        if (gatewaySaid != null) {
            assertThat(done.errorMessage()).as(name).contains(gatewaySaid);
        }
        assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).as(name + ": sent once").hasSize(1);
        // the finished generation is on the usage record either way
        assertThat(jdbc.sql("select count(*) from usage_record where generation_id = ?").param(id).query(Long.class).single())
                .as(name).isEqualTo(1);
    }
}
