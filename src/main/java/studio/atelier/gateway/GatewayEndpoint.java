package studio.atelier.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where a provider lives. {@code baseUrl} is the part before {@code /chat/completions}, e.g.
 * {@code https://api.chatgptsb.com/v1}; trailing slashes and surrounding blanks are removed.
 * {@code timeout} bounds the wait for the response head and any later silence while reading the body.
 * {@code headers} are sent with every call besides the key (the built-in demo's pass).
 */
public record GatewayEndpoint(String baseUrl, EndpointStyle style, Duration timeout, Map<String, String> headers) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public GatewayEndpoint {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl is required");
        }
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + trimmed);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + trimmed);
        }
        baseUrl = trimmed;
        style = style == null ? EndpointStyle.CHAT_COMPLETIONS : style;
        timeout = timeout == null || timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public GatewayEndpoint(String baseUrl, EndpointStyle style, Duration timeout) {
        this(baseUrl, style, timeout, Map.of());
    }

    public static GatewayEndpoint chat(String baseUrl, Duration timeout) {
        return new GatewayEndpoint(baseUrl, EndpointStyle.CHAT_COMPLETIONS, timeout);
    }

    public URI resolve(String path) {
        return URI.create(baseUrl + path);
    }
}
