package studio.atelier.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayResult.Failure;
import tools.jackson.databind.json.JsonMapper;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper(JsonMapper.builder().build(),
            Clock.fixed(Instant.parse("2024-11-24T02:30:00Z"), ZoneOffset.UTC));

    private Failure map(int status, String body, String... headers) {
        Map<String, List<String>> map = headers.length == 0 ? Map.of() : Map.of(headers[0], List.of(headers[1]));
        return mapper.fromResponse(status, HttpHeaders.of(map, (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheCodeOrTypeDecidesNotTheSentence() {
        // The message says "quota" but a sentence is free text: only code and type may decide.
        assertThat(map(500, "{\"error\":{\"message\":\"insufficient_user_quota\",\"code\":\"\"}}").kind())
                .isEqualTo(GatewayErrorKind.GATEWAY_ERROR);
        assertThat(map(400, "{\"error\":{\"message\":\"bad\",\"code\":\"invalid_value\"}}").kind())
                .isEqualTo(GatewayErrorKind.REQUEST_REFUSED);
    }

    @Test
    void codeMayBeStringNumberEmptyOrMissing() {
        assertThat(map(500, "{\"error\":{\"message\":\"m\",\"code\":\"bad_response_status_code\"}}").gatewayCode())
                .isEqualTo("bad_response_status_code");
        assertThat(map(500, "{\"error\":{\"message\":\"m\",\"code\":500}}").gatewayCode()).isEqualTo("500");
        assertThat(map(500, "{\"error\":{\"message\":\"m\",\"code\":\"\"}}").gatewayCode()).isNull();
        assertThat(map(500, "{\"error\":{\"message\":\"m\",\"code\":null}}").gatewayCode()).isNull();
        assertThat(map(500, "{\"error\":{\"message\":\"m\"}}").gatewayCode()).isNull();
    }

    @Test
    void messageShapes() {
        assertThat(map(400, "{\"error\":\"plain string error\"}").gatewayMessage()).isEqualTo("plain string error");
        assertThat(map(400, "{\"message\":\"top level\",\"code\":7}").gatewayMessage()).isEqualTo("top level");
        assertThat(map(422, "{\"detail\":\"fastapi style\"}").gatewayMessage()).isEqualTo("fastapi style");
        assertThat(map(500, "upstream timed out").gatewayMessage()).isEqualTo("upstream timed out");
        assertThat(map(502, "<!DOCTYPE html><html><head><title>\n 502: Bad gateway </title></head></html>")
                .gatewayMessage()).isEqualTo("502: Bad gateway");
        assertThat(map(502, "<html><body>no title</body></html>").gatewayMessage()).isNull();
        assertThat(map(429, "   ").gatewayMessage()).isNull();
    }

    @Test
    void retryAfterInSecondsOrAsHttpDate() {
        assertThat(map(429, "", "Retry-After", "30").retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(map(429, "", "Retry-After", "Sun, 24 Nov 2024 02:31:30 GMT").retryAfter())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(map(429, "", "Retry-After", "Sun, 24 Nov 2024 02:00:00 GMT").retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(map(429, "", "Retry-After", "soon").retryAfter()).isNull();
        assertThat(map(429, "", "Retry-After", "-5").retryAfter()).isNull();
    }

    @Test
    void exceptionsMapToTransportKinds() {
        assertThat(mapper.fromException(new CompletionException(new ConnectException())).kind())
                .isEqualTo(GatewayErrorKind.CONNECT_FAILED);
        assertThat(mapper.fromException(new HttpConnectTimeoutException("connect")).kind())
                .isEqualTo(GatewayErrorKind.CONNECT_FAILED);
        assertThat(mapper.fromException(new HttpTimeoutException("request timed out")).kind())
                .isEqualTo(GatewayErrorKind.TIMEOUT);
        assertThat(mapper.fromException(new IOException(new UnknownHostException("gw.example"))).kind())
                .isEqualTo(GatewayErrorKind.CONNECT_FAILED);
        assertThat(mapper.fromException(new IOException("Connection reset")).kind())
                .isEqualTo(GatewayErrorKind.GATEWAY_ERROR);
        assertThat(mapper.fromException(new CancellationException()).kind()).isEqualTo(GatewayErrorKind.CANCELLED);
    }

    @Test
    void onlyConnectFailuresMayBeRetried() {
        assertThat(ErrorMapper.isConnectFailure(new CompletionException(new ConnectException()))).isTrue();
        assertThat(ErrorMapper.isConnectFailure(new HttpConnectTimeoutException("x"))).isTrue();
        assertThat(ErrorMapper.isConnectFailure(new HttpTimeoutException("x"))).isFalse();
        assertThat(ErrorMapper.isConnectFailure(new IOException("Connection reset"))).isFalse();
    }

    @Test
    void everyKindHasAMessageInBothLanguages() throws IOException {
        for (String bundle : List.of("/i18n/upstream.properties", "/i18n/upstream_zh_CN.properties")) {
            java.util.Properties properties = new java.util.Properties();
            try (var reader = new java.io.InputStreamReader(getClass().getResourceAsStream(bundle), StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            for (GatewayErrorKind kind : GatewayErrorKind.values()) {
                assertThat(properties.getProperty(kind.messageKey())).as(bundle + " " + kind).isNotBlank();
            }
        }
    }
}
