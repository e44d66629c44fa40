package studio.atelier.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import studio.atelier.AtelierApplication;
import studio.atelier.fault.Browser.Page;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;

/**
 * The database is stopped under a running application with people browsing and a generation waiting on the gateway,
 * then started again on the same port and data. While it is away every request gets a clear 503 page in the person's
 * language (a fragment for HTMX), never a stack trace; nothing sent meanwhile is half-saved; afterwards the
 * application is healthy again by itself, the generation that finished during the outage is saved, and new work runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTest {

    private static final String PASSWORD = "Harbour-Violet-42";
    private static final Duration SLOW_GATEWAY = Duration.ofSeconds(4);
    /** Words of a stack trace or an exception that must never reach a page. */
    private static final List<String> TECHNICAL = List.of("Exception", "\tat ", "at java.", "org.springframework", "org.postgresql",
            "com.zaxxer", "studio.atelier", "SQLState");

    @Test
    void requestsDuringAnOutageGetAClearPageAndTheApplicationRecoversByItself(CapturedOutput output, @TempDir Path dir)
            throws Exception {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().atPriority(5).willReturn(FakeGateway.json(FakeGateway.completion(
                "![img](" + FakeGateway.dataUri(FakeGateway.png(Color.GREEN)) + ")"))));
        FakeGateway.SERVER.stubFor(FakeGateway.chat().atPriority(1).withRequestBody(containing("slow lighthouse"))
                .willReturn(FakeGateway.json(FakeGateway.completion("![img](" + FakeGateway.dataUri(FakeGateway.png(Color.BLUE)) + ")"))
                        .withFixedDelay((int) SLOW_GATEWAY.toMillis())));
        ExecutorService threads = Executors.newCachedThreadPool();
        try (RestartablePostgres postgres = new RestartablePostgres(dir.resolve("pgdata")).start();
                ConfigurableApplicationContext app = start(postgres, dir.resolve("data"))) {
            String base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcClient db = JdbcClient.create(postgres.dataSource());
            Browser alice = new Browser(base);
            alice.signUpAndIn("alice", PASSWORD);
            check(alice.post("/keys", Map.of("providerId", "fake", "label", "main", "apiKey", "sk-outage-0123456789abcdef")), 302);
            long before = submit(alice, "calm harbour");
            awaitStatus(db, before, "SUCCEEDED");

            // light load: alice on a second device browsing all along, whole pages and the live card's polling
            Browser phone = new Browser(base);
            phone.signIn("alice", PASSWORD);
            AtomicReference<String> phase = new AtomicReference<>("before");
            AtomicBoolean browsing = new AtomicBoolean(true);
            List<String> seen = new CopyOnWriteArrayList<>();
            Future<?> load = threads.submit(() -> {
                while (browsing.get()) {
                    for (String path : List.of("/gallery", "/usage", "/generate", "/generations/" + before + "/card")) {
                        String when = phase.get();
                        Page page = path.endsWith("/card") ? phone.get(path, "HX-Request", "true") : phone.get(path);
                        // a request still on its way when the database went (or came back) belongs to the outage
                        if (!when.equals(phase.get())) {
                            when = "outage";
                        }
                        seen.add(when + " " + page.status() + (technical(page.body()) ? " TECHNICAL" : ""));
                    }
                    sleep(Duration.ofMillis(150));
                }
                return null;
            });

            // a generation waiting on the gateway when the database goes
            long slow = submit(alice, "slow lighthouse");
            awaitStatus(db, slow, "RUNNING");
            Page signInPage = new Browser(base).get("/login");
            Browser carol = new Browser(base);
            carol.get("/login");
            assertThat(signInPage.status()).isEqualTo(200);

            phase.set("outage");
            sleep(Duration.ofMillis(300)); // what the load asked for before now has been answered
            postgres.stop();
            List<Future<Page>> during = new ArrayList<>();
            during.add(threads.submit(() -> alice.get("/gallery", "Accept-Language", "en")));
            during.add(threads.submit(() -> alice.get("/gallery", "Accept-Language", "zh-CN,zh;q=0.9")));
            during.add(threads.submit(() -> alice.get("/generations/" + before + "/card", "HX-Request", "true", "Accept-Language", "en")));
            during.add(threads.submit(() -> alice.post("/generations", Map.of("prompt", "written during the outage", "providerId", "fake",
                    "model", "stable-diffusion", "n", "1"), "HX-Request", "true", "Accept-Language", "en")));
            during.add(threads.submit(() -> carol.post("/login", Map.of("username", "alice", "password", PASSWORD), "Accept-Language", "en")));
            during.add(threads.submit(() -> new Browser(base).get("/actuator/health")));

            Page english = during.get(0).get();
            assertThat(english.status()).isEqualTo(503);
            assertThat(english.body()).contains("<html", "Atelier is temporarily unavailable", "was not saved", "lang=\"en\"");
            Page chinese = during.get(1).get();
            assertThat(chinese.status()).isEqualTo(503);
            assertThat(chinese.body()).contains("Atelier 暂时无法使用", "没有保存", "lang=\"zh-CN\"");
            Page card = during.get(2).get();
            assertThat(card.status()).isEqualTo(503);
            assertThat(card.body()).as("HTMX gets the message alone").contains("Atelier is temporarily unavailable").doesNotContain("<html");
            Page submitted = during.get(3).get();
            assertThat(submitted.status()).isEqualTo(503);
            assertThat(submitted.body()).contains("Atelier is temporarily unavailable");
            Page signIn = during.get(4).get();
            assertThat(signIn.status()).as("signing in").isEqualTo(503);
            assertThat(signIn.body()).contains("Atelier is temporarily unavailable");
            Page health = during.get(5).get();
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN");
            for (Future<Page> page : during) {
                assertThat(technical(page.get().body())).as("a stack trace or class name in %s", page.get().body()).isFalse();
            }
            // the gateway answered while the database was away: the result waits for the database
            Eventually.within(Duration.ofSeconds(20)).until(() -> output.getAll().contains("Generation " + slow + " is finished but the database"));
            Eventually.within(Duration.ofSeconds(20)).until(() -> output.getAll().contains("Claiming generations failed")
                    && output.getAll().contains("Generation heartbeat failed"));

            postgres.start();
            Eventually.within(Duration.ofSeconds(60)).until(() -> new Browser(base).get("/actuator/health").status() == 200);
            phase.set("after");
            assertThat(alice.get("/gallery").status()).isEqualTo(200);
            awaitStatus(db, slow, "SUCCEEDED");
            long after = submit(alice, "harbour after the storm");
            awaitStatus(db, after, "SUCCEEDED");
            Eventually.within(Duration.ofSeconds(60)).until(() -> seen.stream().filter(s -> s.startsWith("after 200")).count() >= 8);
            browsing.set(false);
            load.get();

            // nothing half-written: three accepted submissions, three finished generations with their images and usage
            assertThat(db.sql("select count(*) from generation where prompt like '%during the outage%'").query(Long.class).single()).isZero();
            assertThat(db.sql("select status, count(*) from generation group by status").query().listOfRows())
                    .as("every generation finished").hasSize(1).first().satisfies(r -> assertThat(r.get("status")).isEqualTo("SUCCEEDED"));
            assertThat(db.sql("select count(*) from generation").query(Long.class).single()).isEqualTo(3);
            assertThat(db.sql("select count(*) from generation_image").query(Long.class).single()).isEqualTo(3);
            assertThat(db.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(3);
            assertThat(db.sql("select sum(requests) from usage_daily").query(Long.class).single()).isEqualTo(3);
            assertThat(FakeGateway.SERVER.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().endsWith("/chat/completions")))
                    .as("nothing sent twice").hasSize(3);

            // the browsing never saw anything but pages before and after, and the clear 503 in between
            assertThat(seen).noneMatch(s -> s.contains("TECHNICAL"));
            assertThat(seen).allMatch(s -> s.matches("(before|after) (200|302)|outage (503|200|302)"));
            assertThat(seen).anyMatch(s -> s.equals("outage 503"));
            assertThat(output.getAll()).contains("Claiming generations works again", "saved after")
                    .doesNotContain("Servlet.service()");
        } finally {
            threads.shutdownNow();
        }
    }

    private static ConfigurableApplicationContext start(RestartablePostgres postgres, Path data) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--atelier.data-dir=" + data,
                "--atelier.generation.heartbeat=1s"));
        for (String property : FakeGateway.providerProperties()) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(AtelierApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static long submit(Browser browser, String prompt) {
        Page page = browser.post("/generations", Map.of("prompt", prompt, "providerId", "fake", "model", "stable-diffusion", "n", "1"));
        check(page, 302);
        return Long.parseLong(page.location().replaceAll(".*/generations/(\\d+)$", "$1"));
    }

    private static void awaitStatus(JdbcClient db, long id, String status) {
        Eventually.within(Duration.ofSeconds(60)).until(() -> status.equals(
                db.sql("select status from generation where id = ?").param(id).query(String.class).optional().orElse(null)));
    }

    private static void check(Page page, int status) {
        assertThat(page.status()).as(page.body()).isEqualTo(status);
    }

    private static boolean technical(String body) {
        return TECHNICAL.stream().anyMatch(body::contains);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
