package studio.atelier.ops;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.h2.tools.Restore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import studio.atelier.AtelierApplication;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;
import studio.atelier.support.Accounts;
import studio.atelier.support.Eventually;
import studio.atelier.support.WebSession;

/**
 * The README's backup and restore of the default (H2) installation, as a drill: back up from the admin console while
 * the application runs (plus the image folder and the master key file), lose the whole data folder, restore, start
 * again; every account, generation, image and usage record is back, and the stored API key opens.
 */
class RestoreDrillTest {

    private static final String SECRET = "sk-restore-drill-secret-5c1e";
    /** What a drill compares, before and after: every row that matters, in a stable order. */
    private static final List<String> RECORDS = List.of(
            "select id, username, role, password_hash from app_user order by id",
            "select id, owner_id, status, prompt, image_count from generation order by id",
            "select id, generation_id, sha256, size_bytes from generation_image order by id",
            "select id, generation_id, user_id, status, cost, image_count from usage_record order by id",
            "select id, owner_id, ciphertext, key_id from api_key order by id");

    @TempDir
    Path data;
    @TempDir
    Path offsite;

    @Test
    void backUpWipeRestoreAndEverythingIsBack() throws Exception {
        String admin = Accounts.uniqueName("drill");
        List<List<Map<String, Object>>> before;
        long imageId;
        long owner;
        Path zip;
        try (ConfigurableApplicationContext node = start()) {
            WebSession browser = new WebSession(url(node));
            browser.register(admin, Accounts.PASSWORD); // the first account administers the instance
            assertThat(browser.post("/keys", Map.of("providerId", "demo", "label", "drill", "apiKey", SECRET)).statusCode())
                    .isEqualTo(302);
            assertThat(browser.post("/generations", Map.of("prompt", "a restored lighthouse 灯塔", "providerId", "demo",
                    "model", "stable-diffusion", "n", "2")).statusCode()).isEqualTo(302);
            JdbcClient jdbc = node.getBean(JdbcClient.class);
            Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(jdbc.sql("select status from generation").query(String.class).list()).containsExactly("SUCCEEDED");
                assertThat(jdbc.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(1);
            });
            imageId = jdbc.sql("select min(id) from generation_image").query(Long.class).single();
            owner = jdbc.sql("select id from app_user").query(Long.class).single();

            HttpResponse<byte[]> download = downloadBackup(node, browser);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
            String name = download.headers().firstValue("Content-Disposition").orElseThrow().replaceAll("^.*filename=\"([^\"]+)\".*$", "$1");
            assertThat(name).matches("atelier-\\d{8}-\\d{6}\\.zip");
            zip = Files.write(offsite.resolve(name), download.body());
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'DATABASE_BACKED_UP'").query(Long.class).single())
                    .isEqualTo(1);
            // the other two parts of a backup: images and the master key, copied as files
            FileSystemUtils.copyRecursively(data.resolve("images"), offsite.resolve("images"));
            Files.copy(data.resolve("secrets/encryption.key"), offsite.resolve("encryption.key"));
            before = records(jdbc);
        }

        FileSystemUtils.deleteRecursively(data);
        Files.createDirectories(data.resolve("db"));
        Restore.execute(zip.toString(), data.resolve("db").toString(), "atelier");
        FileSystemUtils.copyRecursively(offsite.resolve("images"), data.resolve("images"));
        Files.createDirectories(data.resolve("secrets"));
        Files.copy(offsite.resolve("encryption.key"), data.resolve("secrets/encryption.key"));

        try (ConfigurableApplicationContext node = start()) {
            assertThat(records(node.getBean(JdbcClient.class))).isEqualTo(before);
            assertThat(node.getBean(ApiKeyService.class).usableKey(owner, "demo", null)).map(UsableKey::secret).contains(SECRET);
            WebSession browser = new WebSession(url(node));
            browser.signIn(admin, Accounts.PASSWORD);
            assertThat(browser.get("/images/" + imageId).statusCode()).isEqualTo(200);
            assertThat(browser.get("/images/" + imageId + "/thumb").statusCode()).isEqualTo(200);
            assertThat(browser.get("/usage").body()).contains("stable-diffusion");
        }
    }

    /** The dashboard's button, as the browser sends it (session cookie and CSRF token), keeping the ZIP's bytes. */
    private static HttpResponse<byte[]> downloadBackup(ConfigurableApplicationContext node, WebSession browser)
            throws IOException, InterruptedException {
        assertThat(browser.get("/admin").body()).contains("action=\"/admin/backup\"");
        HttpRequest post = HttpRequest.newBuilder(URI.create(url(node) + "/admin/backup"))
                .header("Cookie", browser.cookie("JSESSIONID").orElseThrow())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + browser.csrfToken())).build();
        return HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every row a drill compares; the PostgreSQL drill compares the same. */
    static List<List<Map<String, Object>>> records(JdbcClient jdbc) {
        return RECORDS.stream().map(sql -> jdbc.sql(sql).query().listOfRows()).toList();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AtelierApplication.class).profiles("test").run(
                "--server.port=0",
                "--atelier.data-dir=" + data);
    }

    static String url(ConfigurableApplicationContext node) {
        return "http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
