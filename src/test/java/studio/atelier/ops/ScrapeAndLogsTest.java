package studio.atelier.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.WebSession;

/**
 * What an operator watches: with {@code management.server.port} set, a Prometheus scraper reads Atelier's meters there
 * without a session, while the application's port keeps the endpoint for administrators; and with JSON logs on, the
 * lines of a request carry its request id and the lines of a generation its id, with no secret anywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "logging.structured.format.console=ecs",
        "logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG",
        "logging.level.studio.atelier.generation.image=DEBUG"})
@ActiveProfiles("test")
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class ScrapeAndLogsTest {

    private static final String SECRET = "sk-scrape-and-logs-secret-7f3a";
    private static final String PROMPT = "a lighthouse painted for the scrape test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aScraperReadsAtelierMetersOnTheManagementPortWithoutASession(CapturedOutput output) throws Exception {
        String admin = Accounts.uniqueName("scrape-admin");
        String person = Accounts.uniqueName("scrape-person");
        long generation = generateOnce(admin);
        WebSession other = new WebSession(base());
        other.register(person, Accounts.PASSWORD);

        HttpResponse<String> scrape = get("http://localhost:" + managementPort + "/actuator/prometheus", Map.of());
        assertThat(scrape.statusCode()).isEqualTo(200);
        String meters = scrape.body();
        assertThat(lines(meters, "atelier_generations_total{")).anySatisfy(line -> assertThat(line)
                .contains("provider=\"demo\"", "model=\"stable-diffusion\"", "outcome=\"succeeded\"").endsWith(" 1.0"));
        assertThat(lines(meters, "atelier_generation_seconds_bucket{")).anyMatch(line -> line.contains("phase=\"gateway\""))
                .anyMatch(line -> line.contains("phase=\"queued\""));
        assertThat(lines(meters, "atelier_jobs{")).anyMatch(line -> line.contains("state=\"queued\""))
                .anyMatch(line -> line.contains("state=\"running\""));
        assertThat(lines(meters, "atelier_image_store_seconds_count{")).anyMatch(line -> line.contains("operation=\"put\""));
        assertThat(meters).contains("jvm_memory_used_bytes", "hikaricp_connections", "http_server_requests_seconds",
                "tomcat_sessions");
        assertThat(meters).as("no person, prompt or key in any label").doesNotContain(admin, person, PROMPT, SECRET,
                "lighthouse", "sk-scrape");
        assertThat(generation).isPositive();

        // elsewhere on the management port, and on the application's port, nothing changed: administrators only
        assertThat(get("http://localhost:" + managementPort + "/actuator/metrics", Map.of()).statusCode()).isNotEqualTo(200);
        HttpResponse<String> anonymous = get(base() + "/actuator/prometheus", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/login");
        assertThat(other.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        assertThat(other.at(base()).get("/actuator/prometheus").body()).doesNotContain("atelier_generations_total");
    }

    @Test
    void jsonLogLinesCarryTheRequestIdAndTheGenerationIdAndNoSecret(CapturedOutput output) throws Exception {
        HttpResponse<String> login = get(base() + "/login", Map.of("X-Request-Id", "lb-7d1c9e-0042"));
        assertThat(login.headers().firstValue("X-Request-Id")).hasValue("lb-7d1c9e-0042");
        HttpResponse<String> hostile = get(base() + "/login", Map.of("X-Request-Id", "x\"} {\"forged\":1"));
        String replaced = hostile.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).matches("[0-9a-f-]{36}");

        long generation = generateOnce(Accounts.uniqueName("logs"));

        Eventually.within(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> json = jsonLines(output.getOut());
            assertThat(json).anySatisfy(line -> assertThat(line.path("requestId").asString()).isEqualTo("lb-7d1c9e-0042"));
            assertThat(json).anySatisfy(line -> assertThat(line.path("requestId").asString()).isEqualTo(replaced));
            assertThat(json).anySatisfy(line -> {
                assertThat(line.path("generationId").asString()).isEqualTo(Long.toString(generation));
                assertThat(line.path("message").asString()).contains("Stored image");
            });
        });
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("forged");
    }

    /** Registers, stores a demo key and makes one generation; returns its id once it has succeeded. */
    private long generateOnce(String username) {
        WebSession browser = new WebSession(base());
        browser.register(username, Accounts.PASSWORD);
        assertThat(browser.post("/keys", Map.of("providerId", "demo", "label", "ops", "apiKey", SECRET)).statusCode()).isEqualTo(302);
        String location = browser.post("/generations", Map.of("prompt", PROMPT, "providerId", "demo",
                "model", "stable-diffusion", "n", "1")).headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.replaceAll("^.*/generations/(\\d+).*$", "$1"));
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql("select status from generation where id = ?")
                .param(id).query(String.class).single()).isEqualTo("SUCCEEDED"));
        return id;
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    private static List<JsonNode> jsonLines(String text) {
        JsonMapper json = JsonMapper.builder().build();
        return text.lines().filter(line -> line.startsWith("{")).map(json::readTree).toList();
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
