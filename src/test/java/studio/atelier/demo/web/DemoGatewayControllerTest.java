package studio.atelier.demo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import studio.atelier.demo.DemoPass;
import studio.atelier.demo.DemoSettings;
import studio.atelier.gateway.EndpointStyle;
import studio.atelier.gateway.GatewayImage;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.internal.ErrorMapper;
import studio.atelier.gateway.internal.LineSplitter;
import studio.atelier.gateway.internal.ReplyParser;
import studio.atelier.gateway.internal.SseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemoGatewayControllerTest {

    private static final String PROMPT = "一只在雨中的猫, watercolor";

    private final JsonMapper json = JsonMapper.builder().build();
    private final ErrorMapper errors = new ErrorMapper(json, Clock.systemUTC());
    private final ReplyParser parser = new ReplyParser(json, errors);
    private final ThreadPoolTaskScheduler threads = threads();

    /** What this node's own gateway client sends to the demo provider, besides the key. */
    private static final Map<String, String> OWN_CALL = new Provider("demo", "Demo", "http://127.0.0.1:8080/demo/v1", List.of("sd"),
            "sd", EndpointStyle.CHAT_COMPLETIONS, null, true, true, Provider.ProviderSource.BUILT_IN).endpoint().headers();

    private static ThreadPoolTaskScheduler threads() {
        ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
        threads.setPoolSize(2);
        threads.initialize();
        return threads;
    }

    private MockMvc mvc(DemoSettings settings) {
        DemoGatewayController controller = new DemoGatewayController(settings, threads);
        MockHttpServletRequestBuilder ownCall = get("/");
        OWN_CALL.forEach(ownCall::header);
        return MockMvcBuilders.standaloneSetup(controller).defaultRequest(ownCall).build();
    }

    private MockMvc mvc() {
        return mvc(new DemoSettings(true, Duration.ofMillis(60), 120, 2));
    }

    @Test
    void callsThisNodeDidNotMakeAreRefusedBeforeAnythingIsPainted() throws Exception {
        DemoGatewayController controller = new DemoGatewayController(new DemoSettings(true, Duration.ofMillis(60), 120, 2), threads);
        MockMvc outsider = MockMvcBuilders.standaloneSetup(controller).build();
        outsider.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer anything")
                        .contentType(MediaType.APPLICATION_JSON).content(body("")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error.code").value("demo_pass_required"));
        outsider.perform(get("/demo/v1/models").header("Authorization", "Bearer anything").header(DemoPass.HEADER, "guessed"))
                .andExpect(status().isForbidden());
    }

    @Test
    void paintingsAreRateLimitedLikeARealGateway() throws Exception {
        MockMvc mvc = mvc(new DemoSettings(true, Duration.ZERO, 2, 2));
        assertThat(chat(mvc, body("")).getStatus()).isEqualTo(200);
        assertThat(chat(mvc, body("")).getStatus()).isEqualTo(200);
        mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer demo")
                        .contentType(MediaType.APPLICATION_JSON).content(body("")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.error.code").value("rate_limit_exceeded"));
        // listing models paints nothing and is not counted
        mvc.perform(get("/demo/v1/models").header("Authorization", "Bearer demo")).andExpect(status().isOk());
    }

    @AfterEach
    void stop() {
        threads.shutdown();
    }

    private static String body(String extra) {
        return "{\"model\":\"stable-diffusion\",\"messages\":[{\"role\":\"system\",\"content\":\"be nice\"},"
                + "{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]" + extra + "}";
    }

    private MockHttpServletResponse chat(MockMvc mvc, String body) throws Exception {
        MvcResult result = mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer demo")
                .contentType(MediaType.APPLICATION_JSON).content(body.getBytes(StandardCharsets.UTF_8)))
                .andExpect(request().asyncStarted()).andReturn();
        result.getAsyncResult(10_000);
        return result.getResponse();
    }

    @Test
    void withoutABearerTokenIs401InTheOpenAiShape() throws Exception {
        MockMvc mvc = mvc();
        mvc.perform(post("/demo/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).content(body("")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.message").isString())
                .andExpect(jsonPath("$.error.type").value("new_api_error"))
                .andExpect(jsonPath("$.error.code").value("invalid_api_key"));
        mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer   ")
                .contentType(MediaType.APPLICATION_JSON).content(body(""))).andExpect(status().isUnauthorized());
        mvc.perform(get("/demo/v1/models").header("Authorization", "Basic abc")).andExpect(status().isUnauthorized());
    }

    @Test
    void aKeyStartingWithRevokedIsRefusedLikeARevokedKey() throws Exception {
        MockMvc mvc = mvc();
        mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer Revoked-demo")
                        .contentType(MediaType.APPLICATION_JSON).content(body("")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error.message", org.hamcrest.Matchers.startsWith("该令牌已被禁用 / This key has been revoked")));
        mvc.perform(get("/demo/v1/models").header("Authorization", "Bearer revoked")).andExpect(status().isUnauthorized());
        mvc.perform(get("/demo/v1/models").header("Authorization", "Bearer not-revoked")).andExpect(status().isOk());
    }

    @Test
    void invalidRequestsAre400() throws Exception {
        MockMvc mvc = mvc();
        for (String bad : List.of("{\"model\":\"sd\"}", "{\"model\":\"sd\",\"messages\":[]}",
                "{\"model\":\"sd\",\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}",
                "{\"model\":\"sd\",\"messages\":[{\"role\":\"system\",\"content\":\"only system\"}]}",
                body(",\"temperature\":0.7,\"top_p\":0.9"), body(",\"n\":0"), body(",\"n\":5"), body(",\"n\":1.5"),
                "not json", "")) {
            mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer demo")
                    .contentType(MediaType.APPLICATION_JSON).content(bad))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error.type").value("invalid_request_error"))
                    .andExpect(jsonPath("$.error.message").isString());
        }
    }

    @Test
    void listsModels() throws Exception {
        mvc().perform(get("/demo/v1/models").header("Authorization", "Bearer x"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.object").value("list"))
                .andExpect(jsonPath("$.data[0].id").value("stable-diffusion"))
                .andExpect(jsonPath("$.data[1].id").value("demo-watercolor"));
    }

    @Test
    void switchedOffItAnswers404ForEverything() throws Exception {
        MockMvc mvc = mvc(new DemoSettings(false, Duration.ZERO, 120, 2));
        mvc.perform(get("/demo/v1/models").header("Authorization", "Bearer x")).andExpect(status().isNotFound());
        mvc.perform(post("/demo/v1/chat/completions").header("Authorization", "Bearer x")
                .contentType(MediaType.APPLICATION_JSON).content(body(""))).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.message").isString());
    }

    @Test
    void unknownRoutesAre404LikeARelay() throws Exception {
        mvc().perform(post("/demo/v1/embeddings").header("Authorization", "Bearer x"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.message").value(org.hamcrest.Matchers.startsWith("Invalid URL (POST /demo/v1/embeddings)")));
    }

    @Test
    void nonStreamedReplyIsACompletionTheClientParses() throws Exception {
        long start = System.nanoTime();
        MockHttpServletResponse response = chat(mvc(), body(",\"n\":2"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/json");
        JsonNode root = json.readTree(response.getContentAsByteArray());
        assertThat(root.path("id").stringValue()).startsWith("chatcmpl-demo-");
        assertThat(root.path("object").stringValue()).isEqualTo("chat.completion");
        assertThat(root.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(root.path("usage").path("prompt_tokens").intValue()).isEqualTo((PROMPT.length() + 1) / 2);
        assertThat(root.path("usage").path("total_tokens").intValue())
                .isEqualTo(root.path("usage").path("prompt_tokens").intValue() + root.path("usage").path("completion_tokens").intValue());

        GatewayResult result = parser.parseChat(response.getContentAsByteArray());
        GatewayReply reply = ((GatewayResult.Success) result).reply();
        assertThat(reply.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.mimeType()).isEqualTo("image/png");
            assertThat(image.data()).hasSizeGreaterThan(10_000);
        });
        assertThat(reply.images().get(0).data()).isNotEqualTo(reply.images().get(1).data());
        assertThat(reply.progress()).startsWith("排队中..").endsWith("进度 100%");
        assertThat(reply.text()).isEmpty();
        assertThat(reply.redactedRawJson()).contains("[image 1]").contains("[image 2]").hasSizeLessThan(2000);
    }

    @Test
    void samePromptGivesTheSamePicture() throws Exception {
        MockMvc mvc = mvc();
        GatewayImage first = ((GatewayResult.Success) parser.parseChat(chat(mvc, body("")).getContentAsByteArray()))
                .reply().images().get(0);
        GatewayImage second = ((GatewayResult.Success) parser.parseChat(chat(mvc, body("")).getContentAsByteArray()))
                .reply().images().get(0);
        assertThat(first).isEqualTo(second);
    }

    @Test
    void streamedReplyIsAnEventStreamTheClientReads() throws Exception {
        MockHttpServletResponse response = chat(mvc(), body(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.getContentType()).startsWith("text/event-stream");
        String stream = response.getContentAsString(StandardCharsets.UTF_8);
        List<String> dataLines = stream.lines().filter(line -> line.startsWith("data: ")).toList();
        assertThat(dataLines.get(dataLines.size() - 1)).isEqualTo("data: [DONE]");
        JsonNode usageChunk = json.readTree(dataLines.get(dataLines.size() - 2).substring(6));
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("total_tokens").intValue()).isPositive();
        JsonNode first = json.readTree(dataLines.get(0).substring(6));
        assertThat(first.path("object").stringValue()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").stringValue()).isEqualTo("assistant");

        List<String> progress = new ArrayList<>();
        SseReader reader = new SseReader(json, parser, errors, progress::add);
        LineSplitter<GatewayResult> lines = new LineSplitter<>(reader::acceptLine, reader::finish);
        GatewayResult result = lines.accept(java.nio.ByteBuffer.wrap(response.getContentAsByteArray()));
        GatewayReply reply = ((GatewayResult.Success) result).reply();
        assertThat(progress).containsExactly("排队中..", "🎨 生成中...", "进度 25%", "进度 50%", "进度 75%", "进度 100%");
        assertThat(reply.images()).singleElement().satisfies(image -> assertThat(image.mimeType()).isEqualTo("image/png"));
        assertThat(reply.usage().totalTokens()).isEqualTo(usageChunk.path("usage").path("total_tokens").intValue());
        assertThat(reply.choices().get(0).finishReason()).isEqualTo("stop");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        String stream = chat(mvc(), body(",\"stream\":true")).getContentAsString(StandardCharsets.UTF_8);
        assertThat(stream).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
    }
}
