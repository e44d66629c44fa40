package studio.atelier.signin;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a screen: one cookie jar, redirects followed (or not), forms posted with the page's CSRF token. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final String language;
    private final HttpClient following;
    private final HttpClient stopping;

    WebClient(int port, String language) {
        this.base = "http://localhost:" + port;
        this.language = language;
        CookieManager cookies = new CookieManager();
        this.following = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.stopping = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    WebClient(int port) {
        this(port, "en");
    }

    HttpResponse<String> get(String pathOrUrl) {
        return send(following, request(pathOrUrl).GET().build());
    }

    /** One step only: the response itself, redirect or not. */
    HttpResponse<String> step(String pathOrUrl) {
        return send(stopping, request(pathOrUrl).GET().build());
    }

    /** Posts a form with the CSRF token of the page at {@code formPage}, following the redirects after it. */
    HttpResponse<String> post(String formPage, String action, Map<String, String> fields) {
        return send(following, formRequest(formPage, action, fields));
    }

    HttpResponse<String> postStep(String formPage, String action, Map<String, String> fields) {
        return send(stopping, formRequest(formPage, action, fields));
    }

    private HttpRequest formRequest(String formPage, String action, Map<String, String> fields) {
        Matcher token = CSRF.matcher(get(formPage).body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on " + formPage);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token.group(1));
        String body = all.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return request(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                .header("Accept-Language", language).header("Accept", "text/html");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
