package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.atelier.gateway.GatewayErrorKind.GATEWAY_ERROR;
import static studio.atelier.gateway.GatewayErrorKind.GATEWAY_UNAVAILABLE;
import static studio.atelier.gateway.GatewayErrorKind.KEY_REJECTED;
import static studio.atelier.gateway.GatewayErrorKind.MODEL_NOT_FOUND;
import static studio.atelier.gateway.GatewayErrorKind.MODEL_UNAVAILABLE;
import static studio.atelier.gateway.GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN;
import static studio.atelier.gateway.GatewayErrorKind.RATE_LIMITED;
import static studio.atelier.gateway.GatewayErrorKind.REQUEST_REFUSED;
import static studio.atelier.gateway.GatewayErrorKind.STREAM_ERROR;
import static studio.atelier.gateway.GatewayErrorKind.TIMEOUT;
import static studio.atelier.gateway.GatewayErrorKind.WRONG_BASE_URL;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.gateway.GatewayResult.Failure;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error shape seen from real gateways, at every status people meet, and inside a 200 event stream: the kind
 * (which decides the words and the link people get) and the gateway's own sentence.
 */
class GatewayErrorShapesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ErrorMapper mapper = new ErrorMapper(JSON, Clock.systemUTC());

    /** A shape, filled in for a status: how each gateway family words an error that says nothing more specific. */
    enum Shape {
        OPENAI("{\"error\":{\"message\":\"It went wrong\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}", true),
        ONE_API("{\"error\":{\"message\":\"It went wrong (request id: 2024112402300001)\",\"type\":\"one_api_error\"}}", true),
        NEW_API("{\"error\":{\"message\":\"It went wrong (request id: 77)\",\"type\":\"new_api_error\",\"code\":\"bad_response_status_code\"}}",
                true),
        OPENROUTER("{\"error\":{\"code\":%d,\"message\":\"It went wrong\",\"metadata\":{\"provider_name\":\"X\"}}}", true),
        LITELLM("{\"error\":\"It went wrong\"}", true),
        TOP_LEVEL("{\"code\":%d,\"message\":\"It went wrong\",\"data\":null}", true),
        PLAIN_TEXT("It went wrong", false),
        HTML("<!DOCTYPE html><html><head><title>It went wrong</title></head><body><h1>nginx</h1></body></html>", false);

        final String body;
        final boolean api;

        Shape(String body, boolean api) {
            this.body = body;
            this.api = api;
        }

        String at(int status) {
            return body.contains("%d") ? body.formatted(status) : body;
        }
    }

    static GatewayErrorKind expected(int status, Shape shape) {
        return switch (status) {
            case 401 -> KEY_REJECTED;
            case 403 -> QUOTA_OR_MODEL_FORBIDDEN;
            case 404 -> shape.api ? REQUEST_REFUSED : WRONG_BASE_URL;
            case 408, 504 -> TIMEOUT;
            case 429 -> RATE_LIMITED;
            case 500, 502 -> GATEWAY_ERROR;
            case 503 -> GATEWAY_UNAVAILABLE;
            default -> REQUEST_REFUSED;
        };
    }

    static Stream<Arguments> everyShapeAtEveryStatus() {
        List<Arguments> cases = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504}) {
            for (Shape shape : Shape.values()) {
                cases.add(Arguments.of(status, shape, expected(status, shape)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource
    void everyShapeAtEveryStatus(int status, Shape shape, GatewayErrorKind kind) {
        Failure failure = map(status, shape.at(status));
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(failure.gatewayMessage()).startsWith("It went wrong");
    }

    static Stream<Arguments> specificAnswers() {
        return Stream.of(
                // how OpenAI and many relays say "no such model": about the request, not the address
                Arguments.of(404, "{\"error\":{\"message\":\"The model `sd-9` does not exist or you do not have access to it.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}", MODEL_NOT_FOUND),
                Arguments.of(400, "{\"error\":{\"message\":\"model sd-9 is not configured for provider x\",\"type\":\"new_api_error\"}}",
                        REQUEST_REFUSED),
                Arguments.of(400, "{\"error\":{\"message\":\"Invalid model name passed in model=sd-9\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"400\"}}", REQUEST_REFUSED),
                // One API and New API: no channel serves the model, in Chinese and in New API's English
                Arguments.of(503, "{\"error\":{\"message\":\"当前分组 default 下对于模型 sd-9 无可用渠道 (request id: 1)\","
                        + "\"type\":\"one_api_error\"}}", MODEL_UNAVAILABLE),
                Arguments.of(503, "{\"error\":{\"message\":\"当前分组 default 下对于模型 sd-9 无可用渠道\",\"type\":\"new_api_error\","
                        + "\"code\":\"model_not_found\"}}", MODEL_UNAVAILABLE),
                Arguments.of(503, "{\"error\":{\"message\":\"No available channel for model sd-9 under group default\","
                        + "\"type\":\"new_api_error\",\"code\":\"model_not_found\"}}", MODEL_UNAVAILABLE),
                Arguments.of(503, "", GATEWAY_UNAVAILABLE),
                Arguments.of(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                        GATEWAY_UNAVAILABLE),
                // OpenAI's "you exceeded your current quota" comes as a 429
                Arguments.of(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"code\":\"insufficient_quota\"}}", QUOTA_OR_MODEL_FORBIDDEN),
                Arguments.of(402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}", QUOTA_OR_MODEL_FORBIDDEN),
                Arguments.of(400, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}", KEY_REJECTED),
                // web servers' own "no such page" answers: the address is wrong
                Arguments.of(404, "", WRONG_BASE_URL),
                Arguments.of(404, "404 page not found", WRONG_BASE_URL),
                Arguments.of(404, "{\"detail\":\"Not Found\"}", WRONG_BASE_URL),
                Arguments.of(404, "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/v1/chat/completions\"}",
                        WRONG_BASE_URL),
                Arguments.of(404, "{\"error\":{\"message\":\"Invalid URL (POST /v1/chat/completions)\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}}", WRONG_BASE_URL),
                Arguments.of(405, "", WRONG_BASE_URL),
                Arguments.of(301, "", WRONG_BASE_URL),
                Arguments.of(413, "<html><head><title>413 Request Entity Too Large</title></head></html>", REQUEST_REFUSED));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource
    void specificAnswers(int status, String body, GatewayErrorKind kind) {
        assertThat(map(status, body).kind()).isEqualTo(kind);
    }

    static Stream<Arguments> errorFramesInAStream() {
        List<Arguments> cases = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504}) {
            // OpenRouter's frames carry the status the error would have had as its code
            cases.add(Arguments.of(Shape.OPENROUTER.at(status), expected(status, Shape.OPENROUTER)));
        }
        cases.add(Arguments.of("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}", KEY_REJECTED));
        cases.add(Arguments.of("{\"error\":{\"message\":\"Authentication Error\",\"type\":\"auth_error\",\"param\":\"None\","
                + "\"code\":\"401\"}}", KEY_REJECTED));
        cases.add(Arguments.of("{\"error\":{\"message\":\"当前分组 default 下对于模型 sd 无可用渠道\",\"type\":\"new_api_error\"}}",
                MODEL_UNAVAILABLE));
        cases.add(Arguments.of("{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit_error\"}}", RATE_LIMITED));
        cases.add(Arguments.of("{\"error\":{\"message\":\"用户额度不足\",\"code\":\"insufficient_user_quota\"}}", QUOTA_OR_MODEL_FORBIDDEN));
        cases.add(Arguments.of(Shape.OPENAI.at(200), STREAM_ERROR));
        cases.add(Arguments.of(Shape.ONE_API.at(200), STREAM_ERROR));
        cases.add(Arguments.of(Shape.LITELLM.at(200), STREAM_ERROR));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void errorFramesInAStream(String frame, GatewayErrorKind kind) {
        SseReader reader = new SseReader(JSON, new ReplyParser(JSON, mapper), mapper, line -> { });
        reader.acceptLine("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"> 生成中...\"}}]}");
        reader.acceptLine("");
        GatewayResult result = reader.acceptLine("data: " + frame);
        assertThat(result).isInstanceOfSatisfying(Failure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(kind);
            assertThat(failure.gatewayMessage()).isNotBlank();
        });
    }

    private Failure map(int status, String body) {
        return mapper.fromResponse(status, HttpHeaders.of(Map.of(), (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    }
}
