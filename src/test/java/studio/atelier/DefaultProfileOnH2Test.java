package studio.atelier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

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
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    studio.atelier.generation.GalleryQuery gallery;

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
        // The gallery's keyset query (row-value comparison) is valid SQL on H2 too.
        assertThat(gallery.page(1L, studio.atelier.generation.GalleryFilter.none(), "lz8k3x.1").items()).isEmpty();
    }
}
