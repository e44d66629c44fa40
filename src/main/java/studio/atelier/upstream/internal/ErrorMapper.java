package studio.atelier.upstream.internal;

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

import studio.atelier.upstream.GatewayErrorKind;
import studio.atelier.upstream.GatewayResult.Failure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps gateway answers and transport exceptions to a {@link Failure}. Decisions use the HTTP status and the
 * error {@code code} only: gateway messages are free text, often Chinese, and change between relay versions.
 * Failures are built with a null latency; the client stamps it.
 */
public final class ErrorMapper {

    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final JsonMapper json;
    private final Clock clock;

    public ErrorMapper(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** A non-2xx response. The body may be empty (429), the OpenAI error shape, or an HTML page (502). */
    public Failure fromResponse(int status, HttpHeaders headers, byte[] body) {
        Duration retryAfter = headers.firstValue("Retry-After").map(this::parseRetryAfter).orElse(null);
        JsonNode root = readJson(body);
        String message;
        String code = null;
        if (root != null && root.isObject()) {
            message = messageOf(root);
            code = codeOf(root);
        } else {
            message = messageFromText(body);
        }
        return new Failure(kindFor(status, code), status, message, code, retryAfter, null);
    }

    /** A 200 body whose top level is an error object instead of a completion. */
    public Failure fromErrorBody(int status, JsonNode root) {
        String code = codeOf(root);
        GatewayErrorKind byCode = kindForCode(code);
        return new Failure(byCode != null ? byCode : GatewayErrorKind.GATEWAY_ERROR, status, messageOf(root), code,
                null, null);
    }

    /** {@code data: {"error": {...}}} inside a 200 event stream. */
    public Failure fromStreamError(JsonNode root) {
        return new Failure(GatewayErrorKind.STREAM_ERROR, 200, messageOf(root), codeOf(root), null, null);
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

    static GatewayErrorKind kindFor(int status, String code) {
        switch (status) {
            case 401:
                return GatewayErrorKind.KEY_REJECTED;
            case 403:
                return GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN;
            case 404:
            case 405:
                return GatewayErrorKind.WRONG_BASE_URL;
            case 429:
                return GatewayErrorKind.RATE_LIMITED;
            case 503:
                return GatewayErrorKind.MODEL_UNAVAILABLE;
            default:
                GatewayErrorKind byCode = kindForCode(code);
                if (byCode != null) {
                    return byCode;
                }
                // A redirect means the URL points at a website or the http:// form of an https-only host.
                return status >= 300 && status < 400 ? GatewayErrorKind.WRONG_BASE_URL : GatewayErrorKind.GATEWAY_ERROR;
        }
    }

    static GatewayErrorKind kindForCode(String code) {
        if (code == null) {
            return null;
        }
        switch (code) {
            case "model_not_found":
                return GatewayErrorKind.MODEL_UNAVAILABLE;
            case "insufficient_user_quota":
            case "insufficient_quota":
                return GatewayErrorKind.QUOTA_OR_MODEL_FORBIDDEN;
            case "invalid_api_key":
            case "invalid_token":
                return GatewayErrorKind.KEY_REJECTED;
            case "rate_limit_exceeded":
                return GatewayErrorKind.RATE_LIMITED;
            default:
                return null;
        }
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

    /** Handles {@code {"error":{"message"}}}, {@code {"error":"..."}}, {@code {"message"}} and {@code {"detail"}}. */
    static String messageOf(JsonNode root) {
        JsonNode error = root.path("error");
        String message = error.isObject() ? JsonFields.text(error, "message") : JsonFields.text(error);
        if (message == null) {
            message = JsonFields.text(root, "message");
        }
        if (message == null) {
            message = JsonFields.text(root, "detail");
        }
        return message == null ? null : message.strip();
    }

    static String codeOf(JsonNode root) {
        JsonNode error = root.path("error");
        String code = error.isObject() ? JsonFields.text(error, "code") : JsonFields.text(root, "code");
        return code == null || code.isBlank() ? null : code.strip();
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
