package studio.atelier.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.validation.BeanPropertyBindingResult;

import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.GatewayTest;
import studio.atelier.support.SeedPrompt;

/** Whole generations against a local fake gateway, on PostgreSQL, through the web layer. */
@GatewayTest
class GenerationFlowTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    GenerationService generations;
    @Autowired
    JobQueue queue;
    @Autowired
    GenerationWorker worker;
    @Autowired
    LeaseHeartbeat heartbeat;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FinishWriter finishes;
    @Autowired
    GenerationSubmission submissions;

    MockHttpSession alice;
    long aliceId;

    @BeforeEach
    void signUp() throws Exception {
        FakeGateway.reset();
        String name = Accounts.uniqueName("gen");
        alice = Accounts.signUpAndIn(mvc, name);
        aliceId = userId(name);
        storeKey(alice, "fake", "sk-flow-test-0123456789abcdef");
        storeKey(alice, "strict", "sk-flow-test-0123456789abcdef");
    }

    long userId(String name) {
        return jdbc.sql("select id from app_user where username_key = ?").param(name.toLowerCase(Locale.ROOT)).query(Long.class).single();
    }

    void storeKey(MockHttpSession session, String provider, String key) throws Exception {
        mvc.perform(post("/keys").with(csrf()).session(session).param("providerId", provider).param("label", "k")
                .param("apiKey", key)).andExpect(status().is3xxRedirection());
    }

    long submit(MockHttpSession session, String provider, String prompt, String... extra) throws Exception {
        // Like a browser: every field of the form is sent, untouched ones as empty strings.
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String name : List.of("systemPrompt", "keyId", "temperature", "topP", "maxTokens", "n", "presencePenalty",
                "frequencyPenalty", "logitBias")) {
            fields.put(name, "");
        }
        fields.put("providerId", provider);
        fields.put("model", "stable-diffusion");
        fields.put("prompt", prompt);
        for (int i = 0; i < extra.length; i += 2) {
            fields.put(extra[i], extra[i + 1]);
        }
        var request = post("/generations").with(csrf()).session(session).header("HX-Request", "true");
        fields.forEach(request::param);
        MvcResult result = mvc.perform(request).andExpect(status().isOk()).andReturn();
        String html = result.getResponse().getContentAsString();
        assertThat(html).contains("id=\"gen-");
        return Long.parseLong(html.replaceAll("(?s).*?id=\"gen-(\\d+)\".*", "$1"));
    }

    long submitDirect(String prompt) {
        GenerationForm form = new GenerationForm(prompt, "", "fake", null, "stable-diffusion", null, null, null, "1", null, null, null, null);
        return submissions.submit(aliceId, form, new BeanPropertyBindingResult(form, "form")).orElseThrow();
    }

    GenerationView awaitFinished(long id) {
        Eventually.within(Duration.ofSeconds(20)).until(() -> generations.find(aliceId, id).orElseThrow().finished());
        return generations.find(aliceId, id).orElseThrow();
    }

    @Test
    void theSeedsChinesePromptGoesOutByteForByteAndTheImageLandsInTheGallery() throws Exception {
        byte[] png = FakeGateway.png(Color.ORANGE);
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "> 🎨 生成中...\n> 进度 **67%**\n\n![file_0001](" + FakeGateway.dataUri(png) + ")\n[点击下载](https://cdn.example/download/x.png)"))));

        long id = submit(alice, "fake", SeedPrompt.TEXT);
        assertThat(generations.find(aliceId, id).orElseThrow().status()).isIn(GenerationStatus.QUEUED, GenerationStatus.RUNNING,
                GenerationStatus.SUCCEEDED);
        GenerationView done = awaitFinished(id);

        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(done.imageIds()).hasSize(1);
        assertThat(done.totalTokens()).isEqualTo(77);
        assertThat(done.upstreamId()).isEqualTo("chatcmpl-fake-1");
        assertThat(done.finishReason()).isEqualTo("stop");
        assertThat(done.rawReply()).doesNotContain("base64,iVBOR").contains("chatcmpl-fake-1");
        assertThat(done.upstreamLatencyMs()).isNotNull();

        LoggedRequest sent = FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertThat(new String(sent.getBody(), StandardCharsets.UTF_8)).contains(SeedPrompt.TEXT)
                .doesNotContain("\"temperature\"").doesNotContain("null").contains("\"user\":\"atelier-");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-flow-test-0123456789abcdef");

        long imageId = done.imageIds().get(0);
        MvcResult image = mvc.perform(MockMvcRequestBuilders.get("/images/" + imageId).session(alice))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                // private bytes are asked for again each time they are shown: no copy outlives the access to it
                .andExpect(header().string("Cache-Control", "no-cache, private")).andReturn();
        assertThat(image.getResponse().getContentAsByteArray()).isEqualTo(png);
        String etag = image.getResponse().getHeader("ETag");
        mvc.perform(MockMvcRequestBuilders.get("/images/" + imageId).session(alice).header("If-None-Match", etag))
                .andExpect(status().isNotModified()).andExpect(header().string("Cache-Control", "no-cache, private"));
        mvc.perform(MockMvcRequestBuilders.get("/images/" + imageId + "/thumb").session(alice))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "image/jpeg"));
        mvc.perform(MockMvcRequestBuilders.get("/images/" + imageId).param("download", "").session(alice))
                .andExpect(header().string("Content-Disposition", containsString("attachment")));

        mvc.perform(MockMvcRequestBuilders.get("/gallery").param("q", "石器时代").session(alice).header("HX-Request", "true")
                .header("HX-Target", "gallery-results"))
                .andExpect(content().string(containsString("id=\"gen-" + id + "\"")));
        mvc.perform(MockMvcRequestBuilders.get("/gallery").param("q", "恐龙").session(alice).header("HX-Request", "true")
                .header("HX-Target", "gallery-results"))
                .andExpect(content().string(not(containsString("id=\"gen-" + id + "\""))));
        mvc.perform(MockMvcRequestBuilders.get("/generations/" + id).session(alice))
                .andExpect(status().isOk()).andExpect(content().string(containsString("石器时代")));
    }

    @Test
    void anotherPersonsGenerationAndImagesAnswer404() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(FakeGateway.png(Color.BLUE)) + ")"))));
        long id = submit(alice, "fake", "a private lighthouse");
        GenerationView done = awaitFinished(id);
        MockHttpSession mallory = Accounts.signUpAndIn(mvc, Accounts.uniqueName("mallory"));
        for (String url : List.of("/generations/" + id, "/generations/" + id + "/card", "/images/" + done.imageIds().get(0),
                "/images/" + done.imageIds().get(0) + "/thumb", "/generate?from=" + id)) {
            var expected = url.startsWith("/generate?") ? status().isOk() : status().isNotFound();
            mvc.perform(MockMvcRequestBuilders.get(url).session(mallory)).andExpect(expected)
                    .andExpect(content().string(not(containsString("private lighthouse"))));
        }
        for (String action : List.of("cancel", "retry", "favourite", "delete")) {
            mvc.perform(post("/generations/" + id + "/" + action).with(csrf()).session(mallory)).andExpect(status().isNotFound());
        }
        assertThat(generations.find(aliceId, id)).isPresent();
    }

    @Test
    void imagesByUrlAreDownloadedAtOnceAndSeveralImagesAreKeptInOrder() throws Exception {
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/files/one.png")).willReturn(aResponse().withBody(FakeGateway.png(Color.RED))));
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/files/two.png")).willReturn(aResponse().withBody(FakeGateway.png(Color.GREEN))));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![1](" + FakeGateway.base() + "/files/one.png)\n![2](" + FakeGateway.base() + "/files/two.png)"))));
        GenerationView done = awaitFinished(submit(alice, "fake", "two apples", "n", "2"));
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(done.imageIds()).hasSize(2);
        assertThat(done.parameters().n()).isEqualTo(2);
        assertThat(new String(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBody(),
                StandardCharsets.UTF_8)).contains("\"n\":2");
    }

    @Test
    void imagesFromPrivateAddressesAreRefusedUnlessTheProviderAllowsThem() throws Exception {
        FakeGateway.SERVER.stubFor(get(urlEqualTo("/files/inside.png")).willReturn(aResponse().withBody(FakeGateway.png(Color.RED))));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![x](" + FakeGateway.base() + "/files/inside.png)"))));
        GenerationView strict = awaitFinished(submit(alice, "strict", "ssrf attempt"));
        assertThat(strict.status()).isEqualTo(GenerationStatus.FAILED);
        assertThat(strict.errorKind()).isEqualTo("IMAGE_REJECTED");
        assertThat(FakeGateway.SERVER.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/files/inside.png")))).isEmpty();

        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![x](http://169.254.169.254/latest/meta-data/x.png)"))));
        GenerationView metadata = awaitFinished(submit(alice, "fake", "metadata attempt"));
        assertThat(metadata.errorKind()).isEqualTo("IMAGE_REJECTED");
    }

    @Test
    void aRejectedKeyEndsWithAClearMessageAndRetry() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"无效的令牌 (request id: 2024)\",\"type\":\"new_api_error\",\"code\":\"\"}}")));
        long id = submit(alice, "fake", "will fail");
        GenerationView failed = awaitFinished(id);
        assertThat(failed.status()).isEqualTo(GenerationStatus.FAILED);
        assertThat(failed.errorKind()).isEqualTo("KEY_REJECTED");
        assertThat(failed.errorMessage()).contains("无效的令牌");
        mvc.perform(MockMvcRequestBuilders.get("/generations/" + id + "/card").session(alice).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("rejected your API key")))
                .andExpect(content().string(containsString("/generations/" + id + "/retry")));
        mvc.perform(MockMvcRequestBuilders.get("/generations/" + id).session(alice).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(content().string(containsString("网关拒绝了你的 API 密钥")))
                .andExpect(content().string(containsString("无效的令牌 (request id: 2024)")));
        assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
    }

    @Test
    void aKeyRejectedInsideAStreamReadsExactlyAsWithoutStreaming() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 排队中..\"}}]}\n\n"
                        + "data: {\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}\n\n")));
        long id = submit(alice, "fake", "streamed, key rejected", "stream", "true");
        assertThat(awaitFinished(id).errorKind()).isEqualTo("KEY_REJECTED");
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            String card = mvc.perform(MockMvcRequestBuilders.get("/generations/" + id + "/card").session(alice).locale(locale))
                    .andReturn().getResponse().getContentAsString();
            assertThat(card).contains(locale == Locale.ENGLISH ? "rejected your API key" : "网关拒绝了你的 API 密钥")
                    .contains("href=\"/keys\"").contains("Incorrect API key provided")
                    .doesNotContain(locale == Locale.ENGLISH ? "while streaming" : "流式传输中");
        }
    }

    @Test
    void aRefusedRequestSaysWhatToChangeAndShowsTheGatewaysReasonNeverRetryInAMoment() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"model stable-diffusion is not configured for this provider\","
                        + "\"type\":\"new_api_error\"}}")));
        long id = submit(alice, "fake", "refused as sent");
        assertThat(awaitFinished(id).errorKind()).isEqualTo("REQUEST_REFUSED");
        String en = mvc.perform(MockMvcRequestBuilders.get("/generations/" + id + "/card").session(alice).locale(Locale.ENGLISH))
                .andReturn().getResponse().getContentAsString();
        assertThat(en).contains("The gateway refused this request").contains("model, parameters, key or provider settings")
                .contains("is not configured for this provider").doesNotContain("internal error").doesNotContain("Retry in a moment");
        String zh = mvc.perform(MockMvcRequestBuilders.get("/generations/" + id).session(alice).locale(Locale.SIMPLIFIED_CHINESE))
                .andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("网关拒绝了这次请求").contains("is not configured for this provider").doesNotContain("网关内部出错");
    }

    @Test
    void retryCreatesANewGenerationWithTheSameParameters() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(503)
                .withBody("{\"error\":{\"message\":\"当前分组 default 下对于模型 stable-diffusion 无可用渠道\",\"code\":\"model_not_found\"}}")));
        long first = submit(alice, "fake", "retry me", "temperature", "0.7", "maxTokens", "300");
        assertThat(awaitFinished(first).errorKind()).isEqualTo("MODEL_UNAVAILABLE");
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![a](" + FakeGateway.dataUri(FakeGateway.png(Color.CYAN)) + ")"))));
        MvcResult redirect = mvc.perform(post("/generations/" + first + "/retry").with(csrf()).session(alice))
                .andExpect(status().is3xxRedirection()).andReturn();
        long second = Long.parseLong(redirect.getResponse().getRedirectedUrl().replace("/generations/", ""));
        GenerationView again = awaitFinished(second);
        assertThat(again.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(again.retryOf()).isEqualTo(first);
        assertThat(again.parameters().temperature()).isEqualTo(0.7);
        assertThat(again.parameters().maxTokens()).isEqualTo(300);
        assertThat(again.prompt()).isEqualTo("retry me");
    }

    @Test
    void runningAndQueuedGenerationsCanBeCancelledAndQueuedOnesAreNeverSent() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("text only")).withFixedDelay(4000)));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(alice, "fake", "slow " + i));
        }
        // Four run at once for one person; the fifth waits in order.
        Eventually.within(Duration.ofSeconds(10)).until(() -> ids.stream().limit(4)
                .allMatch(id -> generations.find(aliceId, id).orElseThrow().status() == GenerationStatus.RUNNING));
        assertThat(generations.find(aliceId, ids.get(4)).orElseThrow().status()).isEqualTo(GenerationStatus.QUEUED);
        mvc.perform(post("/generations/" + ids.get(4) + "/cancel").with(csrf()).session(alice)).andExpect(status().is3xxRedirection());
        mvc.perform(post("/generations/" + ids.get(0) + "/cancel").with(csrf()).session(alice).header("HX-Request", "true"))
                .andExpect(status().isOk());
        assertThat(awaitFinished(ids.get(4)).status()).isEqualTo(GenerationStatus.CANCELLED);
        GenerationView cancelledRunning = awaitFinished(ids.get(0));
        assertThat(cancelledRunning.status()).isEqualTo(GenerationStatus.CANCELLED);
        for (int i = 1; i < 4; i++) {
            assertThat(awaitFinished(ids.get(i)).status()).isEqualTo(GenerationStatus.SUCCEEDED);
        }
        List<LoggedRequest> sent = FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(sent).hasSize(4).noneMatch(r -> r.getBodyAsString().contains("slow 4"));
    }

    @Test
    void aTextOnlyReplyIsShownAsText() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "I cannot draw that, sorry."))));
        long id = submit(alice, "fake", "something refused");
        GenerationView done = awaitFinished(id);
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(done.imageIds()).isEmpty();
        assertThat(done.replyText()).isEqualTo("I cannot draw that, sorry.");
        mvc.perform(MockMvcRequestBuilders.get("/generations/" + id).session(alice))
                .andExpect(content().string(containsString("I cannot draw that, sorry.")));
    }

    @Test
    void streamingRepliesAreReadAndTheRequestAsksForAStream() throws Exception {
        String image = FakeGateway.dataUri(FakeGateway.png(Color.MAGENTA));
        String sse = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"> 排队中..\\n\"}}]}\n\n"
                + ": PING\n\n"
                + "data:{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 进度 **50%**\\n\"}}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"![img](" + image + ")\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}\n\n"
                + "data: [DONE]\n\n";
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse)));
        GenerationView done = awaitFinished(submit(alice, "fake", "streamed", "stream", "true"));
        assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
        assertThat(done.imageIds()).hasSize(1);
        assertThat(done.totalTokens()).isEqualTo(15);
        assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBodyAsString())
                .contains("\"stream\":true");
    }

    /** The gateway's own progress words reach the running card labelled as the gateway's, in either language. */
    @Test
    void theRunningCardLabelsTheGatewaysProgressText() throws Exception {
        String image = FakeGateway.dataUri(FakeGateway.png(Color.GREEN));
        String sse = "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 进度 **50%**\\n\"}}]}\n\n"
                + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"![img](" + image + ")\"},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
        // The reply trickles in over a few seconds, so the card can be looked at while the progress line is the latest.
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(sse).withChunkedDribbleDelay(20, 8000)));
        long id = submit(alice, "fake", "progress", "stream", "true");
        Eventually.within(Duration.ofSeconds(10)).until(() -> card(id, Locale.ENGLISH).contains("进度 50%"));

        assertThat(card(id, Locale.ENGLISH)).contains("<small class=\"progress-text\">Gateway: 进度 50%</small>");
        assertThat(card(id, Locale.SIMPLIFIED_CHINESE)).contains("<small class=\"progress-text\">网关：进度 50%</small>");
        assertThat(awaitFinished(id).status()).isEqualTo(GenerationStatus.SUCCEEDED);
    }

    private String card(long id, Locale locale) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get("/generations/" + id + "/card").session(alice).locale(locale)
                .header("HX-Request", "true")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void badInputIsRefusedWithSpecificMessagesAndNothingIsSavedOrSent() throws Exception {
        long before = count();
        mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.ENGLISH)
                .param("providerId", "fake").param("prompt", "p").param("temperature", "0.5").param("topP", "0.5")
                .param("n", "9").param("logitBias", "{\"abc\": 5}").param("presencePenalty", "3"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Use temperature or top p, not both")))
                .andExpect(content().string(containsString("between 1 and 4")))
                .andExpect(content().string(containsString("token ids")))
                .andExpect(content().string(containsString("between −2 and 2")));
        mvc.perform(post("/generations").with(csrf()).session(alice).locale(Locale.SIMPLIFIED_CHINESE)
                .param("providerId", "fake").param("prompt", "  ").param("temperature", "abc"))
                .andExpect(content().string(containsString("请填写提示词")))
                .andExpect(content().string(containsString("请输入有效的数字")));
        mvc.perform(post("/generations").with(csrf()).session(alice).param("providerId", "fake")
                .param("prompt", "x".repeat(4001))).andExpect(content().string(containsString("4 000")));
        MockHttpSession keyless = Accounts.signUpAndIn(mvc, Accounts.uniqueName("keyless"));
        mvc.perform(post("/generations").with(csrf()).session(keyless).header("HX-Request", "true").locale(Locale.ENGLISH)
                .param("providerId", "fake").param("prompt", "no key"))
                .andExpect(header().string("HX-Retarget", "#generate-form"))
                .andExpect(content().string(containsString("no API key for this provider")))
                .andExpect(content().string(containsString("/keys?provider=fake")));
        mvc.perform(post("/generations").with(csrf()).session(alice).param("providerId", "chatgptsb-not-here").param("prompt", "p"))
                .andExpect(content().string(containsString("does not exist or is not enabled")));
        assertThat(count()).isEqualTo(before);
        assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).isEmpty();
    }

    long count() {
        return jdbc.sql("select count(*) from generation").query(Long.class).single();
    }

    @Test
    void aJobWhoseNodeDiedBecomesInterruptedAndIsNeverResent() throws Exception {
        long id = jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, "
                        + "queued_at, started_at, worker_id, lease_until) values (:o, 'fake', 'stable-diffusion', 'lost', 'lost', "
                        + "'{\"stream\":false}', 'RUNNING', :t, :t, 'dead-node', :lease) returning id")
                .param("o", aliceId).param("t", Timestamp.from(Instant.now().minusSeconds(120)))
                .param("lease", Timestamp.from(Instant.now().minusSeconds(60))).query(Long.class).single();
        heartbeat.renew();
        GenerationView interrupted = generations.find(aliceId, id).orElseThrow();
        assertThat(interrupted.status()).isEqualTo(GenerationStatus.INTERRUPTED);
        assertThat(interrupted.retryable()).isTrue();
        // it may have been billed, so it is on the usage record like any call that reached the gateway
        assertThat(jdbc.sql("select count(*) from usage_record where generation_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
        Thread.sleep(600);
        assertThat(generations.find(aliceId, id).orElseThrow().status()).isEqualTo(GenerationStatus.INTERRUPTED);
        assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).isEmpty();
        mvc.perform(MockMvcRequestBuilders.get("/generations/" + id).session(alice).locale(Locale.ENGLISH))
                .andExpect(content().string(containsString("not re-sent automatically")));
    }

    @Test
    void aNodeRenewsOnlyTheLeasesOfJobsItIsRunningSoAJobItLostTrackOfEndsInterrupted() {
        // claimed by node-h, which runs the first; the second it claimed but never started (the database went away
        // between the claim and the start), so nothing will ever finish it
        Instant soon = Instant.now().plusSeconds(2);
        List<Long> ids = new ArrayList<>();
        for (String prompt : List.of("running here", "claimed, never started")) {
            ids.add(jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, "
                            + "queued_at, started_at, worker_id, lease_until) values (:o, 'fake', 'stable-diffusion', :p, :p, "
                            + "'{\"stream\":false}', 'RUNNING', :t, :t, 'node-h', :lease) returning id")
                    .param("o", aliceId).param("p", prompt).param("t", Timestamp.from(Instant.now())).param("lease", Timestamp.from(soon))
                    .query(Long.class).single());
        }
        queue.heartbeat("node-h", Duration.ofSeconds(60), List.of(ids.get(0)));
        java.util.function.LongFunction<Instant> lease = id -> jdbc.sql("select lease_until from generation where id = ?").param(id)
                .query(Timestamp.class).single().toInstant();
        assertThat(lease.apply(ids.get(0))).isAfter(Instant.now().plusSeconds(30));
        assertThat(lease.apply(ids.get(1))).isBefore(Instant.now().plusSeconds(3));
        Eventually.within(Duration.ofSeconds(20)).until(() -> { // any node's heartbeat interrupts it once the lease is over
            heartbeat.renew();
            return generations.find(aliceId, ids.get(1)).orElseThrow().status() == GenerationStatus.INTERRUPTED;
        });
        assertThat(generations.find(aliceId, ids.get(0)).orElseThrow().status()).isEqualTo(GenerationStatus.RUNNING);
        jdbc.sql("update generation set status = 'CANCELLED', finished_at = now(), worker_id = null, lease_until = null where id = ?")
                .param(ids.get(0)).update();
    }

    @Test
    void twoWorkersClaimingAtTheSameTimeNeverTakeTheSameJob() throws Exception {
        // Rows the background worker cannot pick up: they belong to a provider-less owner set and are claimed here first.
        List<Long> owners = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = Accounts.uniqueName("claim");
            Accounts.register(mvc, name);
            owners.add(userId(name));
        }
        worker.pause();
        try {
            for (int i = 0; i < 60; i++) {
                jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at) "
                                + "values (:o, 'nowhere', 'm', 'p', 'p', '{\"stream\":false}', 'QUEUED', :t)")
                        .param("o", owners.get(i % 10)).param("t", Timestamp.from(Instant.now().plusMillis(i))).update();
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<List<JobQueue.Claimed>>> claims = List.of(
                    () -> queue.claim("node-a", 25, 4, Duration.ofSeconds(30)),
                    () -> queue.claim("node-b", 25, 4, Duration.ofSeconds(30)));
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<List<JobQueue.Claimed>> f : pool.invokeAll(claims)) {
                for (JobQueue.Claimed c : f.get()) {
                    assertThat(seen.add(c.id())).as("claimed twice: %s", c.id()).isTrue();
                    total++;
                }
            }
            pool.shutdown();
            // ten people, at most four running each
            assertThat(total).isEqualTo(40);
            assertThat(jdbc.sql("select max(c) from (select count(*) c from generation where status = 'RUNNING' "
                    + "and provider_id = 'nowhere' group by owner_id) x").query(Long.class).single()).isEqualTo(4L);
        } finally {
            jdbc.sql("delete from generation where provider_id = 'nowhere'").update();
            worker.resume();
        }
    }

    @Test
    void aJobSubmittedWhileThereIsRoomStartsAtOnceWithoutWaitingForAClaim() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("text only")).withFixedDelay(1500)));
        long id = submit(alice, "fake", "at once");
        // written RUNNING on this node by the submission itself: started in the same instant it was queued
        var row = jdbc.sql("select status, worker_id, started_at = queued_at from generation where id = ?").param(id)
                .query((rs, n) -> List.of(rs.getString(1), String.valueOf(rs.getString(2) != null), String.valueOf(rs.getBoolean(3))))
                .single();
        assertThat(row).containsExactly("RUNNING", "true", "true");
        assertThat(awaitFinished(id).status()).isEqualTo(GenerationStatus.SUCCEEDED);
    }

    @Test
    void aGenerationRunsOnTheApplicationsNamedTaskThreadsAndScheduler() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("text only"))));
        long id = submit(alice, "fake", "on whose thread");
        awaitFinished(id);
        // Spring Boot's pools, named by spring.task.execution/scheduling.thread-name-prefix; none of the application's own
        Set<String> names = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.add(thread.getName()));
        assertThat(names).anyMatch(name -> name.startsWith("atelier-task-"));
        assertThat(names).anyMatch(name -> name.startsWith("atelier-scheduling-"));
        // the gateway client's HTTP work: a small executor bean of its own (atelier.upstream.http-threads)
        assertThat(names).anyMatch(name -> name.startsWith("gateway-http-"));
        assertThat(names).noneMatch(name -> name.startsWith("generation-finish-") || name.startsWith("gateway-io-")
                || name.equals("gateway-stall-watchdog"));
    }

    @Test
    void aNodeBeingStoppedKeepsTheResultsOfCallsInFlightAndStartsNothingNew() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(FakeGateway.png(Color.MAGENTA)) + ")")).withFixedDelay(1500)));
        // Through the service, not the page: the call leaves as the submission commits, and rendering the page's card
        // after that took longer than the gateway's delay on a busy machine, so the call had ended before the node stopped.
        long running = submitDirect("answered during the shutdown");
        String stillRunning = jdbc.sql("select status from generation where id = ?").param(running).query(String.class).single();
        assertThat(stillRunning).isEqualTo("RUNNING");
        long queued;
        worker.stop(); // what the context does on SIGTERM: returns once the call in flight has been answered and stored
        try {
            GenerationView answered = generations.find(aliceId, running).orElseThrow();
            assertThat(answered.status()).as("stored before the node went away, not INTERRUPTED later").isEqualTo(GenerationStatus.SUCCEEDED);
            assertThat(answered.imageIds()).hasSize(1);
            queued = submit(alice, "fake", "submitted while the node stops");
            Thread.sleep(600); // a few poll intervals
            assertThat(jdbc.sql("select status from generation where id = ?").param(queued).query(String.class).single())
                    .as("left for a running node").isEqualTo("QUEUED");
        } finally {
            worker.start();
        }
        assertThat(awaitFinished(queued).status()).isEqualTo(GenerationStatus.SUCCEEDED);
    }

    @Test
    void submissionsStartingAtOnceAndClaimsTogetherNeverRunMoreThanFourOfOnePersonsJobs() throws Exception {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(FakeGateway.json(FakeGateway.completion("text only")).withFixedDelay(3000)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Long>> submissions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String prompt = "racing " + i;
            submissions.add(() -> submit(alice, "fake", prompt));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<Long> f : pool.invokeAll(submissions)) {
            ids.add(f.get());
        }
        pool.shutdown();
        try {
            // watched while the worker's claims run next to the submissions' own starts
            for (int look = 0; look < 15; look++) {
                long running = jdbc.sql("select count(*) from generation where owner_id = ? and status = 'RUNNING'").param(aliceId)
                        .query(Long.class).single();
                assertThat(running).as("running at look %d", look).isLessThanOrEqualTo(4);
                Thread.sleep(100);
            }
            assertThat(FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSizeLessThanOrEqualTo(4);
        } finally {
            for (Long id : ids) {
                generations.cancel(aliceId, id);
            }
            ids.forEach(this::awaitFinished);
        }
    }

    @Test
    void anEndingThatCannotBeWrittenDoesNotCostTheOthersInItsBatchTheirs() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // provider 'nowhere': no worker of this node would ever claim or finish these by itself
            ids.add(jdbc.sql("insert into generation (owner_id, provider_id, model, prompt, prompt_search, parameters, status, queued_at, "
                            + "started_at, worker_id, lease_until) values (:o, 'nowhere', 'm', 'p', 'p', '{\"stream\":false}', 'RUNNING', :t, :t, "
                            + "'node-x', :lease) returning id")
                    .param("o", aliceId).param("t", Timestamp.from(Instant.now()))
                    .param("lease", Timestamp.from(Instant.now().plus(Duration.ofHours(1)))).query(Long.class).single());
        }
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            // the second one's image has a hash longer than its column: the database refuses that ending
            Ending ending = i == 1
                    ? Ending.succeeded(GenerationOutcome.failure(null, null), List.of(new studio.atelier.generation.image.StoredImage(
                            "f".repeat(65), studio.atelier.generation.image.ImageFormat.PNG, 1, 1, 1)))
                    : Ending.failed(GenerationOutcome.failure("GATEWAY_ERROR", "kept"));
            GenerationRequest request = new GenerationRequest("nowhere", "m", null, "p", null,
                    GenerationParameters.fromJson("{\"stream\":false}"), null);
            finishes.add(new PendingEnd(ids.get(i), new PendingEnd.Job(aliceId, request), "node-x", ending, true, null,
                    written::countDown, 0));
        }
        assertThat(written.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try {
            List<String> statuses = ids.stream().map(id -> jdbc.sql("select status from generation where id = ?").param(id)
                    .query(String.class).single()).toList();
            assertThat(statuses).containsExactly("FAILED", "RUNNING", "FAILED");
            // usage is written with the ending it belongs to: once each for the two written, never for the other
            List<Long> records = ids.stream().map(id -> jdbc.sql("select count(*) from usage_record where generation_id = ?").param(id)
                    .query(Long.class).single()).toList();
            assertThat(records).containsExactly(1L, 0L, 1L);
        } finally {
            jdbc.sql("delete from usage_record where generation_id in (:ids)").param("ids", ids).update();
            jdbc.sql("delete from generation where id in (:ids)").param("ids", ids).update();
        }
    }
}
