package studio.atelier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import studio.atelier.shared.DataDirectory;

/**
 * The zero-setup default: H2 in file mode under the data directory, schema by Flyway, and a person can
 * register (becoming the administrator, as the first account) through a real HTTP server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultProfileOnH2Test {

    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("atelier-h2-").resolve("nested-data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("atelier.data-dir", DATA::toString);
        // as behind a TLS-terminating proxy (ATELIER_FORWARD_HEADERS=native): X-Forwarded-Proto is believed
        registry.add("server.forward-headers-strategy", () -> "native");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    studio.atelier.gallery.GalleryQuery gallery;
    @Autowired
    studio.atelier.keys.ApiKeyService keys;
    @Autowired
    studio.atelier.generation.GenerationSubmission submissions;
    @Autowired
    studio.atelier.generation.GenerationService generations;
    @Autowired
    studio.atelier.team.TeamApi teams;
    @Autowired
    studio.atelier.team.TeamInvitations invitations;

    @Test
    void startsOnH2InTheDataDirectoryAndTheFirstAccountBecomesAdmin() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getURL()).startsWith("jdbc:h2:file:").contains("nested-data");
        }
        assertThat(dataDirectory.dataDir()).isEqualTo(DATA.toAbsolutePath().normalize());
        assertThat(Files.isDirectory(DATA)).isTrue();

        HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String base = "http://localhost:" + port;
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("UP");

        String form = http.send(HttpRequest.newBuilder(URI.create(base + "/register")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String token = form.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token
                        + "&username=founder&password=Violet-Harbour-42&passwordConfirm=Violet-Harbour-42"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(302);

        try (Connection c = dataSource.getConnection();
                var rs = c.createStatement().executeQuery("select role from app_user where username_key = 'founder'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ADMIN");
        }
        // Offline, end to end on H2: a key for the built-in demo provider, a generation claimed by the worker, a real image.
        long founder;
        try (Connection c = dataSource.getConnection();
                var rs = c.createStatement().executeQuery("select id from app_user where username_key = 'founder'")) {
            rs.next();
            founder = rs.getLong(1);
        }
        var keyForm = new studio.atelier.keys.ApiKeyForm("demo", "", "demo");
        assertThat(keys.save(founder, keyForm, new org.springframework.validation.BeanPropertyBindingResult(keyForm, "form")))
                .get().extracting(studio.atelier.keys.KeyCheckOutcome::ok).isEqualTo(true);
        var request = new studio.atelier.generation.GenerationForm("一幅详细的图像描绘了一个广阔的石器时代城市", null, "demo", null, null,
                null, null, null, "2", null, null, null, null);
        long id = submissions.submit(founder, request, new org.springframework.validation.BeanPropertyBindingResult(request, "form"))
                .orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> generations.find(founder, id).orElseThrow().finished());
        assertThat(generations.find(founder, id).orElseThrow().status()).isEqualTo(studio.atelier.generation.GenerationStatus.SUCCEEDED);
        assertThat(generations.find(founder, id).orElseThrow().imageIds()).hasSize(2);

        // Six at once: four start on submission, two wait and are claimed (the row locks both paths use, on H2).
        java.util.List<Long> six = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var one = new studio.atelier.generation.GenerationForm("灯塔 " + i, null, "demo", null, null, null, null, null, "1", null, null,
                    null, null);
            six.add(submissions.submit(founder, one, new org.springframework.validation.BeanPropertyBindingResult(one, "form")).orElseThrow());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> six.stream().allMatch(g -> generations.find(founder, g).orElseThrow().finished()));
        assertThat(six).allMatch(g -> generations.find(founder, g).orElseThrow().status() == studio.atelier.generation.GenerationStatus.SUCCEEDED);

        // The gallery's keyset query (row-value comparison) is valid SQL on H2 too.
        assertThat(gallery.page(1L, studio.atelier.gallery.GalleryFilter.none(), "lz8k3x.1").items()).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndSecureBehindTls() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String plain = sessionCookie(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(plain).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        String behindTls = sessionCookie(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(behindTls).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Secure");
    }

    @Test
    void parallelAcceptsOfALinkByOnePersonUseItOnceOnH2Too() throws Exception {
        // On H2 a failed insert does not undo the rest of its transaction, so a use counted before a duplicate membership
        // would stay counted.
        java.util.function.Function<String, Long> user = prefix -> {
            String name = prefix + System.nanoTime() % 1_000_000_000L;
            try (Connection c = dataSource.getConnection(); var insert = c.prepareStatement(
                    "insert into app_user (username, username_key, password_hash, role, created_at) values (?, ?, 'x', 'USER', current_timestamp)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setString(2, name);
                insert.executeUpdate();
                var keys = insert.getGeneratedKeys();
                keys.next();
                return keys.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        for (int trial = 0; trial < 8; trial++) {
            long owner = user.apply("h2owner");
            long joiner = user.apply("h2joiner");
            String slug = teams.create(owner, "H2 accepts " + trial);
            String token = invitations.invite(owner, slug, null, "MEMBER", 7, 3);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(6);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            List<java.util.concurrent.Future<String>> accepts = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                accepts.add(pool.submit(() -> {
                    start.await();
                    return invitations.accept(joiner, token);
                }));
            }
            for (var accepted : accepts) {
                assertThat(accepted.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(slug);
            }
            pool.shutdown();
            try (Connection c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(
                    "select i.uses from invitation i join team t on t.id = i.team_id where t.slug = '" + slug + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("trial %d: one membership, one use", trial).isEqualTo(1);
            }
        }
    }

    @Test
    void redirectsNeverNameTheHostAClientClaims() throws Exception {
        for (String request : List.of("GET /gallery HTTP/1.1", "GET /keys HTTP/1.1", "GET / HTTP/1.1")) {
            String head = rawHead(request + "\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
            assertThat(head).as(request).startsWith("HTTP/1.1 302");
            String location = head.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElseThrow();
            assertThat(location).as(request).doesNotContain("evil.example").matches("(?i)location: /.*");
        }
    }

    private String rawHead(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return all.substring(0, Math.max(0, all.indexOf("\r\n\r\n")));
        }
    }

    static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }
}
