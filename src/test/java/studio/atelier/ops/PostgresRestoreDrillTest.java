package studio.atelier.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import studio.atelier.AtelierApplication;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.PackagedApp;
import studio.atelier.support.WebSession;

/**
 * The README's PostgreSQL backup and restore, as a drill on Debian's PostgreSQL 15 with its own tools, run as the
 * README writes them: {@code pg_dump -Fc} while the application runs, plus a copy of the image folder; then the
 * database is dropped and the images deleted; {@code createdb atelier && pg_restore -d atelier …}, the images copied
 * back, the application started again with the same master key, and every account, generation, image (the same bytes
 * served) and usage record is back, and the stored API key opens.
 */
class PostgresRestoreDrillTest {

    private static final String SECRET = "sk-postgres-drill-secret-9a4d";
    private static final String MASTER_KEY = PackagedApp.randomEncryptionKey();

    private static DebianPostgres cluster;

    @TempDir
    Path data;
    @TempDir
    Path offsite;

    @BeforeAll
    static void startCluster() throws IOException {
        assumeTrue(DebianPostgres.available() || System.getenv("ATELIER_REQUIRE_BROWSER") != null,
                "Debian's postgresql-15 is not installed");
        cluster = DebianPostgres.start();
        cluster.tool("createdb", "atelier");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void dumpWipeRestoreAndEverythingIsBack() throws Exception {
        String admin = Accounts.uniqueName("pgdrill");
        List<List<Map<String, Object>>> before;
        long imageId;
        long owner;
        byte[] image;
        Path dump = offsite.resolve("atelier-drill.dump");
        try (ConfigurableApplicationContext node = start()) {
            WebSession browser = new WebSession(RestoreDrillTest.url(node));
            browser.register(admin, Accounts.PASSWORD);
            assertThat(browser.post("/keys", Map.of("providerId", "demo", "label", "drill", "apiKey", SECRET)).statusCode())
                    .isEqualTo(302);
            assertThat(browser.post("/generations", Map.of("prompt", "a restored harbour 港口", "providerId", "demo",
                    "model", "stable-diffusion", "n", "2")).statusCode()).isEqualTo(302);
            JdbcClient jdbc = node.getBean(JdbcClient.class);
            Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(jdbc.sql("select status from generation").query(String.class).list()).containsExactly("SUCCEEDED");
                assertThat(jdbc.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(1);
            });
            imageId = jdbc.sql("select min(id) from generation_image").query(Long.class).single();
            owner = jdbc.sql("select id from app_user").query(Long.class).single();
            image = served(node, browser, "/images/" + imageId);

            // the README's backup, while the application runs: the database with pg_dump, then the image folder
            cluster.tool("pg_dump", "-Fc", "-d", "atelier", "-f", dump.toString());
            FileSystemUtils.copyRecursively(data.resolve("images"), offsite.resolve("images"));
            before = RestoreDrillTest.records(jdbc);
        }

        cluster.tool("dropdb", "atelier");
        FileSystemUtils.deleteRecursively(data.resolve("images"));

        // the README's restore into a new, empty database, with every node stopped
        cluster.tool("createdb", "atelier");
        cluster.tool("pg_restore", "-d", "atelier", dump.toString());
        FileSystemUtils.copyRecursively(offsite.resolve("images"), data.resolve("images"));

        try (ConfigurableApplicationContext node = start()) {
            assertThat(RestoreDrillTest.records(node.getBean(JdbcClient.class))).isEqualTo(before);
            assertThat(node.getBean(ApiKeyService.class).usableKey(owner, "demo", null)).map(UsableKey::secret).contains(SECRET);
            WebSession browser = new WebSession(RestoreDrillTest.url(node));
            browser.signIn(admin, Accounts.PASSWORD);
            assertThat(served(node, browser, "/images/" + imageId)).isEqualTo(image);
            assertThat(served(node, browser, "/images/" + imageId + "/thumb")).isNotEmpty();
            assertThat(browser.get("/usage").body()).contains("stable-diffusion");
        }
    }

    /** A signed-in GET of an image, keeping its bytes. */
    private static byte[] served(ConfigurableApplicationContext node, WebSession browser, String path)
            throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(RestoreDrillTest.url(node) + path))
                .header("Cookie", browser.cookie("JSESSIONID").orElseThrow()).GET().build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AtelierApplication.class).profiles("test").run(
                "--server.port=0",
                "--spring.datasource.url=" + cluster.jdbcUrl("atelier"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--atelier.data-dir=" + data,
                "--atelier.security.encryption-key=" + MASTER_KEY);
    }
}
