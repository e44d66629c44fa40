package studio.atelier.gateway.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.gateway.GatewayResult.Failure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps gateway answers and transport exceptions to a {@link Failure}: what the body's code or type says first
 * ({@link ErrorBody}), then the HTTP status. Failures are built with a null latency; the client stamps it.
 */
public final class ErrorMapper {

    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final JsonMapper json;
    private final Clock clock;

    public ErrorMapper(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** A non-2xx response. The body may be empty (429), an error object in one of several shapes, text or HTML (502). */
    public Failure fromResponse(int status, HttpHeaders headers, byte[] body) {
        Duration retryAfter = headers.firstValue("Retry-After").map(this::parseRetryAfter).orElse(null);
        JsonNode root = readJson(body);
        ErrorBody said = root != null && root.isObject() ? ErrorBody.of(root) : ErrorBody.text(messageFromText(body));
        GatewayErrorKind byBody = said.kind();
        return new Failure(byBody != null ? byBody : kindForStatus(status, said.aboutTheRequest()), status, said.message(),
                said.code(), retryAfter, null);
    }

    /** A 200 body whose top level is an error object instead of a completion. */
    public Failure fromErrorBody(JsonNode root) {
        return inside200(root, GatewayErrorKind.GATEWAY_ERROR);
    }

    /** {@code data: {"error": {...}}} inside a 200 event stream: read exactly as the same error outside a stream. */
    public Failure fromStreamError(JsonNode root) {
        return inside200(root, GatewayErrorKind.STREAM_ERROR);
    }

    private static Failure inside200(JsonNode root, GatewayErrorKind otherwise) {
        ErrorBody said = ErrorBody.of(root);
        GatewayErrorKind kind = said.kind();
        if (kind == null) {
            Integer status = said.statusHint();
            kind = status != null ? kindForStatus(status, true) : otherwise;
        }
        return new Failure(kind, 200, said.message(), said.code(), null, null);
    }

    public Failure fromException(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        GatewayErrorKind kind;
        if (cause instanceof CancellationException) {
            kind = GatewayErrorKind.CANCELLED;
        } else if (isConnectFailure(cause) || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException || cause instanceof NoRouteToHostException
                || cause instanceof SSLHandshakeException) {
            kind = GatewayErrorKind.CONNECT_FAILED;
        } else if (cause instanceof HttpTimeoutException) {
            kind = GatewayErrorKind.TIMEOUT;
        } else if (hasCause(cause, UnknownHostException.class) || hasCause(cause, UnresolvedAddressException.class)) {
            kind = GatewayErrorKind.CONNECT_FAILED;
        } else {
            // The connection dropped after the request went out: the gateway (or a proxy before it) failed.
            kind = GatewayErrorKind.GATEWAY_ERROR;
        }
        return new Failure(kind, null, null, null, null, null);
    }

    /**
     * True only when nothing can have reached the gateway, the one case where a retry cannot double-bill.
     * HttpConnectTimeoutException is a subclass of HttpTimeoutException, so it must be checked by type first.
     */
    public static boolean isConnectFailure(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                || cause instanceof IOException && cause.getCause() instanceof ConnectException;
    }

    public static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * What the status alone says. A 4xx is the gateway refusing this request (never "retry in a moment"); a 404 means
     * there is no API at the address only when the answer is not an API's error object.
     */
    static GatewayErrorKind kindForStatus(int status, boolean aboutTheRequest) {
        if (status >= 300 && status < 400) {
            // A redirect means the URL points at a website or the http:// form of an https-only host.
            return GatewayErrorKind.WRONG_BASE_URL;
        }
        return switch (status) {
            case 401 -> GatewayErrorKind.KEY_REJECTED;
            case 402, 403 -> GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN;
            case 404, 405 -> aboutTheRequest ? GatewayErrorKind.REQUEST_REFUSED : GatewayErrorKind.WRONG_BASE_URL;
            case 408, 504 -> GatewayErrorKind.TIMEOUT;
            case 429 -> GatewayErrorKind.RATE_LIMITED;
            case 503, 529 -> GatewayErrorKind.GATEWAY_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? GatewayErrorKind.REQUEST_REFUSED : GatewayErrorKind.GATEWAY_ERROR;
        };
    }

    /** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
    public Duration parseRetryAfter(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A proxy's HTML error page says little beyond its title; short plain text is kept as it is. */
    private static String messageFromText(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        String lower = text.length() > 512 ? text.substring(0, 512).toLowerCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        if (lower.contains("<html") || lower.contains("<!doctype")) {
            Matcher title = HTML_TITLE.matcher(text);
            return title.find() ? title.group(1).replaceAll("\\s+", " ").strip() : null;
        }
        return text;
    }

    private static boolean hasCause(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
