package studio.atelier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser session against a running application over real HTTP: a cookie jar, the CSRF token read from
 * the pages the way a form carries it, and redirects left unfollowed so that callers see where a post leads.
 */
public final class WebSession {

    private static final Pattern HIDDEN_TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** A light signed-in page whose forms carry the token. */
    private static final String TOKEN_PAGE = "/account";

    private final String baseUrl;
    private final CookieManager cookies;
    private final HttpClient http;
    private String csrf;

    public WebSession(String baseUrl) {
        this(baseUrl, new CookieManager());
    }

    private WebSession(String baseUrl, CookieManager cookies) {
        this.baseUrl = baseUrl;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The same browser (the same cookies) talking to another node of the same host, as behind a load balancer without
     * sticky sessions: cookies do not depend on the port.
     */
    public WebSession at(String otherBaseUrl) {
        return new WebSession(otherBaseUrl, cookies);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A form post with this session's CSRF token, as the page's form would send it. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        if (csrf == null) {
            csrf = token(get(TOKEN_PAGE).body());
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "_csrf=" + encode(csrf) + (form.isEmpty() ? "" : "&"), ""));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Registers through the form, which also signs the person in. */
    public void register(String username, String password) {
        csrf = token(get("/register").body());
        HttpResponse<String> response = post("/register", Map.of("username", username, "password", password, "passwordConfirm", password));
        if (response.statusCode() != 302) {
            throw new IllegalStateException("registration of " + username + " answered " + response.statusCode() + ": " + response.body());
        }
        // registering signs the person in, on a new session with a new token
        csrf = null;
    }

    public void signIn(String username, String password) {
        csrf = token(get("/login").body());
        HttpResponse<String> response = post("/login", Map.of("username", username, "password", password));
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("/login")) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + response.statusCode() + " → " + location);
        }
        // signing in changes the session and with it the token
        csrf = null;
    }

    /** The current CSRF token (fetched if this session has none yet), e.g. for a load tool's {@code X-CSRF-TOKEN}. */
    public String csrfToken() {
        if (csrf == null) {
            csrf = token(get(TOKEN_PAGE).body());
        }
        return csrf;
    }

    /** {@code name=value} of the named cookie, for a {@code Cookie:} header of a tool outside this JVM. */
    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().get(URI.create(baseUrl)).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::toString).findFirst();
    }

    private static String token(String page) {
        Matcher hidden = HIDDEN_TOKEN.matcher(page);
        if (hidden.find()) {
            return hidden.group(1);
        }
        throw new IllegalStateException("No CSRF token in the page: " + page.substring(0, Math.min(500, page.length())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
