package studio.atelier.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser against a real server: a cookie jar, no redirect following, and the CSRF token of the last
 * page that had one (a form's hidden field), sent with every form.
 */
final class Browser {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    record Page(int status, String body, String location) {
    }

    private final String base;
    private final HttpClient http;
    private volatile String token;

    Browser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Page get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    /** A form post with the current CSRF token. */
    Page post(String path, Map<String, String> form, String... headers) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (token != null) {
            fields.put("_csrf", token);
        }
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** Registers through the form, which signs the person in, as a person does. */
    void signUpAndIn(String username, String password) {
        get("/register");
        Page registered = post("/register", Map.of("username", username, "password", password, "passwordConfirm", password));
        check(registered.status() == 302, "registration", registered);
        get("/gallery"); // signing in replaced the CSRF token: take the new one from a page
    }

    void signIn(String username, String password) {
        get("/login");
        Page signedIn = post("/login", Map.of("username", username, "password", password));
        check(signedIn.status() == 302 && !signedIn.location().contains("error"), "sign-in", signedIn);
        get("/gallery"); // signing in replaced the CSRF token: take the new one from a page
    }

    private Page send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = TOKEN.matcher(response.body());
            if (m.find()) {
                token = m.group(1);
            }
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean ok, String what, Page page) {
        if (!ok) {
            throw new IllegalStateException(what + " failed: " + page.status() + " " + page.location() + " " + page.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
