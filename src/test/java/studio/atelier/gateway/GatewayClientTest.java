package studio.atelier.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import studio.atelier.gateway.GatewayResult.Failure;
import studio.atelier.gateway.GatewayResult.Success;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GatewayClientTest {

    @RegisterExtension
    static WireMockExtension gateway = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().jettyIdleTimeout(60_000L)).build();

    static final String KEY = "sk-LEAKCANARY-7f3a9c2e51d04b8e";
    static final String REPLY = """
            {"id":"chatcmpl-9","object":"chat.completion","created":1732400000,"model":"stable-diffusion",
             "choices":[{"index":0,"message":{"role":"assistant","content":"> 进度 **100%**\\n\\n![img](https://cdn.example/a.png)","refusal":null},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":200,"completion_tokens":20,"total_tokens":220},"system_fingerprint":"fp"}""";

    private final GatewayClient client = GatewayClients.standard();
    private final JsonMapper json = JsonMapper.builder().build();

    private GatewayEndpoint endpoint() {
        return endpoint(Duration.ofSeconds(10));
    }

    private GatewayEndpoint endpoint(Duration timeout) {
        return GatewayEndpoint.chat(gateway.baseUrl() + "/v1/", timeout);
    }

    private static GatewayResult await(CompletableFuture<GatewayResult> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private Failure failureFor(int status, String body) throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        GatewayResult result = await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "cat"), null));
        assertThat(result).isInstanceOf(Failure.class);
        return (Failure) result;
    }

    @Test
    void seedPromptArrivesByteForByteAndUnsetFieldsAreAbsent() throws Exception {
        byte[] seedPrompt;
        try (InputStream in = getClass().getResourceAsStream("/upstream/seed-prompt.txt")) {
            seedPrompt = in.readAllBytes();
        }
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY)));

        GatewayResult result = await(client.complete(endpoint(), KEY,
                ChatRequest.of("stable-diffusion", new String(seedPrompt, StandardCharsets.UTF_8)), null));

        assertThat(result).isInstanceOf(Success.class);
        LoggedRequest request = gateway.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeader("Content-Type")).isEqualToIgnoringCase("application/json; charset=utf-8");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json, text/event-stream");
        JsonNode body = json.readTree(request.getBody());
        assertThat(body.path("messages").get(0).path("content").stringValue().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(seedPrompt);
        assertThat(new String(request.getBody(), StandardCharsets.UTF_8)).contains(new String(seedPrompt, StandardCharsets.UTF_8));
        assertThat(body.propertyNames()).containsExactly("model", "messages");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").stringValue()).isEqualTo("user");
    }

    @Test
    void setFieldsAreSentInSnakeCaseAndStreamAsksForUsage() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: " + REPLY.replace("\n", "") + "\n\ndata: [DONE]\n\n")));
        ChatRequest request = new ChatRequest("sd", "be brief", "a fox", null, 0.9, 300, true, 2, 0.1, -0.2,
                Map.of("50256", -100), "user-42");

        await(client.complete(endpoint(), KEY, request, null));

        JsonNode body = json.readTree(gateway.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBody());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "messages", "top_p", "max_tokens", "n",
                "presence_penalty", "frequency_penalty", "logit_bias", "user", "stream", "stream_options");
        assertThat(body.path("messages").get(0).path("role").stringValue()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").stringValue()).isEqualTo("be brief");
        assertThat(body.path("top_p").doubleValue()).isEqualTo(0.9);
        assertThat(body.path("max_tokens").intValue()).isEqualTo(300);
        assertThat(body.path("n").intValue()).isEqualTo(2);
        assertThat(body.path("logit_bias").path("50256").intValue()).isEqualTo(-100);
        assertThat(body.path("stream").booleanValue()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").booleanValue()).isTrue();
    }

    @Test
    void temperatureAndTopPTogetherAreRefused() {
        assertThatThrownBy(() -> new ChatRequest("sd", null, "x", 0.5, 0.5, null, false, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonStreamedReplyIsParsed() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY)));
        Success success = (Success) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "cat"), null));
        assertThat(success.reply().images()).extracting(GatewayImage::url).containsExactly("https://cdn.example/a.png");
        assertThat(success.reply().progress()).containsExactly("进度 100%");
        assertThat(success.reply().usage().totalTokens()).isEqualTo(220);
        assertThat(success.latency()).isPositive();
    }

    @Test
    void streamedReplyReportsProgressInOrder() throws Exception {
        StringBuilder stream = new StringBuilder(": PING\n\n");
        for (String piece : List.of("> 排队中..\n", "> 生成中...\n", "> 进度 **12%**\n", "> 进度 **67%**\n",
                "\n![file](https://cdn.example/s.png)")) {
            stream.append("data:{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                    .append(json.writeValueAsString(piece)).append("}}]}\n\n");
        }
        stream.append("data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\n");
        stream.append("data: [DONE]\n\n");
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream; charset=utf-8").withBody(stream.toString())));
        List<String> progress = new CopyOnWriteArrayList<>();

        Success success = (Success) await(client.complete(endpoint(), KEY,
                ChatRequest.of("sd", "cat").withStream(true), progress::add));

        assertThat(progress).containsExactly("排队中..", "生成中...", "进度 12%", "进度 67%");
        assertThat(success.reply().images()).extracting(GatewayImage::url).containsExactly("https://cdn.example/s.png");
        assertThat(success.reply().usage().totalTokens()).isEqualTo(7);
    }

    @Test
    void a33MegabyteStreamedImageArrivesWhole() throws Exception {
        byte[] image = new byte[25 * 1024 * 1024];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i ^ (i >>> 11));
        }
        String content = "![image](data:image/png;base64," + Base64.getEncoder().encodeToString(image) + ")";
        String line = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}";
        assertThat(line.length()).isGreaterThan(33 * 1024 * 1024);
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(line + "\n\ndata: [DONE]\n\n")));

        Success success = (Success) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "big").withStream(true), null));

        assertThat(success.reply().images()).singleElement().satisfies(i -> assertThat(i.data()).isEqualTo(image));
        assertThat(success.reply().redactedRawJson()).hasSizeLessThan(1000);
    }

    @Test
    void errorFrameInsideA200StreamIsAStreamError() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 生成中...\\n\"}}]}\n\n"
                        + "data: {\"error\":{\"message\":\"生成失败 (request id: abc)\",\"type\":\"upstream_error\",\"code\":\"\"}}\n\n"
                        + "data: [DONE]\n\n")));
        Failure failure = (Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x").withStream(true), null));
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.STREAM_ERROR);
        assertThat(failure.gatewayMessage()).isEqualTo("生成失败 (request id: abc)");
        assertThat(failure.gatewayCode()).isNull();
        assertThat(failure.httpStatus()).isEqualTo(200);
    }

    @Test
    void status401IsKeyRejectedWithTheGatewayMessage() throws Exception {
        Failure failure = failureFor(401,
                "{\"error\":{\"message\":\"无效的令牌 (request id: 20241124xyz)\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"\"}}");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.KEY_REJECTED);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.gatewayMessage()).isEqualTo("无效的令牌 (request id: 20241124xyz)");
        assertThat(failure.gatewayCode()).isNull();
    }

    @Test
    void status403IsQuotaOrModelForbidden() throws Exception {
        Failure failure = failureFor(403, "{\"error\":{\"message\":\"用户额度不足\",\"type\":\"new_api_error\",\"code\":\"insufficient_user_quota\"}}");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN);
        assertThat(failure.gatewayCode()).isEqualTo("insufficient_user_quota");
    }

    @Test
    void status404IsWrongBaseUrl() throws Exception {
        Failure failure = failureFor(404, "{\"error\":{\"message\":\"Invalid URL (POST /v1/chat/completions)\",\"type\":\"invalid_request_error\",\"code\":\"\"}}");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.WRONG_BASE_URL);
        assertThat(failure.gatewayMessage()).isEqualTo("Invalid URL (POST /v1/chat/completions)");
    }

    @Test
    void status429WithEmptyBodyAndNoRetryAfter() throws Exception {
        Failure failure = failureFor(429, "");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.RATE_LIMITED);
        assertThat(failure.gatewayMessage()).isNull();
        assertThat(failure.retryAfter()).isNull();
    }

    @Test
    void status429WithRetryAfterSecondsOrDate() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17")
                .withBody("{\"error\":{\"message\":\"您已达到请求数限制：1分钟内最多请求10次\",\"code\":429}}")));
        Failure seconds = (Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null));
        assertThat(seconds.kind()).isEqualTo(GatewayErrorKind.RATE_LIMITED);
        assertThat(seconds.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(seconds.gatewayCode()).isEqualTo("429");
        assertThat(seconds.gatewayMessage()).isEqualTo("您已达到请求数限制：1分钟内最多请求10次");

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(120));
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429).withHeader("Retry-After", date)));
        Failure dated = (Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null));
        assertThat(dated.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
    }

    @Test
    void status500IsGatewayErrorAndIsNotRetried() throws Exception {
        Failure failure = failureFor(500, "{\"error\":{\"message\":\"do_request_failed\",\"type\":\"upstream_error\",\"code\":\"bad_response_status_code\"}}");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.GATEWAY_ERROR);
        assertThat(failure.gatewayCode()).isEqualTo("bad_response_status_code");
        gateway.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void status502WithAnHtmlPageKeepsOnlyItsTitle() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center>"
                        + "<hr><center>cloudflare</center></body></html>")));
        Failure failure = (Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null));
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.GATEWAY_ERROR);
        assertThat(failure.httpStatus()).isEqualTo(502);
        assertThat(failure.gatewayMessage()).isEqualTo("502 Bad Gateway");
    }

    @Test
    void status503ModelNotFoundIsModelUnavailable() throws Exception {
        Failure failure = failureFor(503, "{\"error\":{\"message\":\"当前分组 default 下对于模型 sd 无可用渠道 (request id: 1)\","
                + "\"type\":\"new_api_error\",\"code\":\"model_not_found\"}}");
        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.MODEL_UNAVAILABLE);
        assertThat(failure.gatewayCode()).isEqualTo("model_not_found");
        assertThat(failure.gatewayMessage()).endsWith("(request id: 1)");
    }

    @Test
    void longGatewayMessagesAreTruncated() throws Exception {
        Failure failure = failureFor(500, "{\"error\":{\"message\":\"" + "x".repeat(5000) + "\"}}");
        assertThat(failure.gatewayMessage()).hasSize(2000);
    }

    @Test
    void malformedJsonAndEmptyChoices() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson("{\"id\":\"x\",\"choices\":[{\"index\":0,")));
        assertThat(((Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null))).kind())
                .isEqualTo(GatewayErrorKind.MALFORMED_REPLY);

        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}")));
        assertThat(((Failure) await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null))).kind())
                .isEqualTo(GatewayErrorKind.EMPTY_CHOICES);
    }

    @Test
    void aClosedPortIsConnectFailedAfterExactlyOneRetry() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CountingHttpClient http = new CountingHttpClient(HttpClient.newHttpClient(), 0);
        GatewayClient counted = GatewayClients.over(http);

        Failure failure = (Failure) await(counted.complete(GatewayEndpoint.chat("http://127.0.0.1:" + port + "/v1",
                Duration.ofSeconds(5)), KEY, ChatRequest.of("sd", "x"), null));

        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.CONNECT_FAILED);
        assertThat(failure.httpStatus()).isNull();
        assertThat(http.sends).hasValue(2);
    }

    @Test
    void aConnectFailureIsRetriedOnceAndThenSucceeds() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY)));
        CountingHttpClient http = new CountingHttpClient(HttpClient.newHttpClient(), 1);

        GatewayResult result = await(GatewayClients.over(http).complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null));

        assertThat(result).isInstanceOf(Success.class);
        assertThat(http.sends).hasValue(2);
        gateway.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aSlowGatewayIsATimeoutAndIsNotRetried() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY).withFixedDelay(3000)));
        CountingHttpClient http = new CountingHttpClient(HttpClient.newHttpClient(), 0);

        Failure failure = (Failure) await(GatewayClients.over(http).complete(endpoint(Duration.ofMillis(500)), KEY,
                ChatRequest.of("sd", "x"), null));

        assertThat(failure.kind()).isEqualTo(GatewayErrorKind.TIMEOUT);
        assertThat(failure.latency()).isLessThan(Duration.ofMillis(2500));
        assertThat(http.sends).hasValue(1);
    }

    @Test
    void aStreamThatGoesSilentIsATimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            List<String> progress = new CopyOnWriteArrayList<>();
            CompletableFuture<GatewayResult> future = client.complete(
                    GatewayEndpoint.chat("http://127.0.0.1:" + server.getLocalPort() + "/v1", Duration.ofMillis(700)),
                    KEY, ChatRequest.of("sd", "x").withStream(true), progress::add);
            try (var socket = server.accept()) {
                readRequest(socket.getInputStream());
                String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 排队中..\\n\"}}]}\n\n";
                byte[] eventBytes = event.getBytes(StandardCharsets.UTF_8);
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(eventBytes.length) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(eventBytes);
                socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                // Headers and a first event arrived in time; then the gateway says nothing more.
                Failure failure = (Failure) await(future);

                assertThat(failure.kind()).isEqualTo(GatewayErrorKind.TIMEOUT);
                assertThat(failure.httpStatus()).isEqualTo(200);
                assertThat(failure.latency()).isBetween(Duration.ofMillis(650), Duration.ofMillis(3000));
                assertThat(progress).containsExactly("排队中..");
            }
        }
    }

    @Test
    void cancellingTheFutureEndsItAtOnce() throws Exception {
        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY).withFixedDelay(20_000)));
        CompletableFuture<GatewayResult> future = client.complete(endpoint(Duration.ofSeconds(60)), KEY,
                ChatRequest.of("sd", "x"), null);
        Thread.sleep(300);
        long start = System.nanoTime();

        assertThat(future.cancel(true)).isTrue();

        assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void cancellingClosesTheConnectionBeforeAndDuringTheBody() throws Exception {
        for (boolean sendHead : new boolean[] {false, true}) {
            try (ServerSocket server = new ServerSocket(0)) {
                CompletableFuture<GatewayResult> future = client.complete(
                        GatewayEndpoint.chat("http://127.0.0.1:" + server.getLocalPort() + "/v1", Duration.ofSeconds(60)),
                        KEY, ChatRequest.of("sd", "x").withStream(true), null);
                try (var socket = server.accept()) {
                    socket.setSoTimeout(5000);
                    InputStream in = socket.getInputStream();
                    readRequest(in);
                    if (sendHead) {
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n8\r\n: PING\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        Thread.sleep(300);
                    }
                    future.cancel(true);
                    // The client side closing the socket shows up here as end of stream (or a reset).
                    assertThat(readUntilClosed(in)).as("connection closed after cancel, head sent: " + sendHead).isTrue();
                }
                assertThat(future).isCancelled();
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
    }

    private static boolean readUntilClosed(InputStream in) {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void theKeyNeverLeaksIntoResultsOrExceptions() throws Exception {
        List<String> texts = new ArrayList<>();
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + " (request id: 1)\",\"code\":\"" + KEY + "\"}}")));
        texts.add(await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null)).toString());

        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY.replace("> 进度", "> key " + KEY + " 进度")
                .replace("\"refusal\":null", "\"refusal\":null,\"echo\":\"" + KEY + "\""))));
        GatewayResult echoed = await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null));
        texts.add(echoed.toString());

        // streamed progress reaches the listener (and from there the page) before the reply exists as a whole
        List<String> progress = new CopyOnWriteArrayList<>();
        gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> using " + KEY + " 进度 10%\\n\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"done\"},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: [DONE]\n\n")));
        texts.add(await(client.complete(endpoint(), KEY, ChatRequest.of("sd", "x").withStream(true), progress::add)).toString());
        assertThat(progress).containsExactly("using [api key] 进度 10%");
        texts.addAll(progress);

        gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY).withFixedDelay(3000)));
        texts.add(await(client.complete(endpoint(Duration.ofMillis(300)), KEY, ChatRequest.of("sd", "x"), null)).toString());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        texts.add(await(client.complete(GatewayEndpoint.chat("http://127.0.0.1:" + closedPort + "/v1", null), KEY,
                ChatRequest.of("sd", "x"), null)).toString());

        gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"bad key " + KEY + "\"}}")));
        texts.add(client.checkKey(endpoint(), KEY).get(10, TimeUnit.SECONDS).toString());

        CompletableFuture<GatewayResult> cancelled = client.complete(endpoint(), KEY, ChatRequest.of("sd", "x"), null);
        cancelled.cancel(true);
        try {
            cancelled.join();
        } catch (CancellationException e) {
            texts.add(String.valueOf(e));
        }
        try {
            client.complete(endpoint(), "sk-bad\nkey" + KEY, ChatRequest.of("sd", "x"), null).join();
        } catch (RuntimeException e) {
            texts.add(String.valueOf(e));
        }
        texts.add(endpoint().toString());

        assertThat(texts).hasSizeGreaterThanOrEqualTo(7).allSatisfy(text -> assertThat(text).doesNotContain(KEY)
                .doesNotContain("LEAKCANARY"));
        assertThat(((Success) echoed).reply().redactedRawJson()).contains("[api key]");
        assertThat(texts.get(0)).contains("Incorrect API key provided: [api key]");
    }

    @Test
    void keyCheckListsModels() throws Exception {
        gateway.stubFor(get("/v1/models").withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"stable-diffusion\",\"object\":\"model\"},{\"id\":\"dall-e-3\"}]}")));
        KeyCheck check = client.checkKey(endpoint(), " " + KEY + "\n").get(10, TimeUnit.SECONDS);
        assertThat(check).isEqualTo(new KeyCheck(true, null, null, List.of("stable-diffusion", "dall-e-3")));
    }

    @Test
    void keyCheckFailuresAndTheMissingModelsRoute() throws Exception {
        gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"该令牌已过期\",\"code\":\"\"}}")));
        assertThat(client.checkKey(endpoint(), KEY).get(10, TimeUnit.SECONDS))
                .isEqualTo(new KeyCheck(false, GatewayErrorKind.KEY_REJECTED, "该令牌已过期", List.of()));

        gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"message\":\"用户额度不足\"}}")));
        assertThat(client.checkKey(endpoint(), KEY).get(10, TimeUnit.SECONDS).errorKind())
                .isEqualTo(GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN);

        gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(404)));
        assertThat(client.checkKey(endpoint(), KEY).get(10, TimeUnit.SECONDS))
                .isEqualTo(new KeyCheck(true, null, null, List.of()));

        gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!doctype html><html><title>New API</title></html>")));
        assertThat(client.checkKey(endpoint(), KEY).get(10, TimeUnit.SECONDS).errorKind())
                .isEqualTo(GatewayErrorKind.WRONG_BASE_URL);

        assertThat(client.checkKey(endpoint(), "  ").get(10, TimeUnit.SECONDS).errorKind())
                .isEqualTo(GatewayErrorKind.KEY_REJECTED);
    }

    @Test
    void imagesGenerationsStyle() throws Exception {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 7});
        gateway.stubFor(post("/v1/images/generations").willReturn(okJson("{\"created\":1,\"data\":[{\"b64_json\":\"" + png + "\"}]}")));
        GatewayEndpoint images = new GatewayEndpoint(gateway.baseUrl() + "/v1", EndpointStyle.IMAGES_GENERATIONS, null);

        Success success = (Success) await(client.complete(images, KEY, ChatRequest.of("dall-e-3", "a cat").withN(1), null));

        assertThat(success.reply().images()).singleElement().satisfies(i -> assertThat(i.mimeType()).isEqualTo("image/png"));
        JsonNode body = json.readTree(gateway.findAll(postRequestedFor(urlEqualTo("/v1/images/generations"))).get(0).getBody());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "prompt", "n", "response_format");
        assertThat(body.path("response_format").stringValue()).isEqualTo("b64_json");
        assertThat(images.timeout()).isEqualTo(GatewayEndpoint.DEFAULT_TIMEOUT);
    }

    @Test
    void baseUrlIsNormalised() {
        assertThat(new GatewayEndpoint("  https://api.chatgptsb.com/v1//  ", null, null).baseUrl())
                .isEqualTo("https://api.chatgptsb.com/v1");
        assertThatThrownBy(() -> new GatewayEndpoint("ftp://x/v1", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayEndpoint("api.example.com/v1", null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * What the caller chains on the reply runs on the thread that read it: the future the JDK's sendAsync returns would
     * first hand it to the common pool, a thread wake-up on every generation's path.
     */
    @Test
    void theReplyIsHandedOverOnTheThreadThatReadItWithoutAHopToTheCommonPool() throws Exception {
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "reader-under-test");
            thread.setDaemon(true);
            return thread;
        });
        try {
            GatewayClient onOwnThreads = GatewayClients.over(HttpClient.newBuilder().executor(readers)
                    .version(HttpClient.Version.HTTP_1_1).build());
            gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(REPLY).withFixedDelay(100)));
            // the JDK's own stage races the reader's hand-over: several calls, so that losing it now and then shows
            for (int call = 1; call <= 20; call++) {
                CompletableFuture<GatewayResult> reply = onOwnThreads.complete(endpoint(), KEY, ChatRequest.of("sd", "cat"), null);
                CompletableFuture<String> handedOverOn = reply.thenApply(result -> Thread.currentThread().getName());
                assertThat(reply.isDone()).as("the chained stage must be registered while the call is still out").isFalse();
                assertThat(await(reply)).isInstanceOf(Success.class);
                assertThat(handedOverOn.get(30, TimeUnit.SECONDS)).as("call %d", call).isEqualTo("reader-under-test");
            }
        } finally {
            readers.shutdownNow();
        }
    }
}
