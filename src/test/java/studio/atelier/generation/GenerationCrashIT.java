package studio.atelier.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;
import studio.atelier.support.Eventually;
import studio.atelier.support.FakeGateway;
import studio.atelier.support.PackagedApp;
import studio.atelier.support.WebSession;

/**
 * Issue #8's crash test, on the packaged application in a process of its own (run by failsafe after
 * {@code package}): 50 generations are submitted against a slow gateway, the process is killed with SIGKILL while
 * some are running, and started again on the same database. Every generation must still be there; those that were
 * running must end INTERRUPTED with Retry (never re-sent by themselves: the gateway may have billed them); the queued
 * ones must run after the restart; and no prompt may reach the gateway twice. Stopped with SIGTERM instead, it must
 * keep the results of the calls it has in flight.
 */
class GenerationCrashIT {

    static final int GENERATIONS = 50;
    static final int PER_USER_RUNNING = 4;
    static final Pattern PROMPT_NUMBER = Pattern.compile("crash-test-(\\d+)");
    static final Pattern GENERATION_LOCATION = Pattern.compile("/generations/(\\d+)$");
    /** Upper bounds only (a start takes 15–20 s): generous, because this machine is shared with other builds. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path dataDir;

    PackagedApp app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void killedWhileRunningThenRestarted() {
        String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
        // Slow enough that nothing finishes before the kill: the calls are certainly in flight when the process dies.
        slowGateway(Duration.ofSeconds(60));
        PackagedApp.Settings settings = onSlowGateway(jdbcUrl)
                // short leases so that recovery after the restart takes seconds, not the production 30 s
                .property("atelier.generation.lease", "3s")
                .property("atelier.generation.heartbeat", "500ms");

        app = PackagedApp.start("crash-before", settings, START_TIMEOUT);
        WebSession browser = new WebSession(app.baseUrl());
        browser.register("crash_admin", Accounts.PASSWORD);
        assertThat(browser.post("/keys", Map.of("providerId", "slow", "label", "crash", "apiKey", "sk-crash-test-0000")).statusCode())
                .isEqualTo(302);

        Map<Long, Integer> promptOf = new LinkedHashMap<>();
        for (int n = 1; n <= GENERATIONS; n++) {
            promptOf.put(submit(browser, n), n);
        }
        assertThat(promptOf).hasSize(GENERATIONS);
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gatewayCalls()).hasSize(PER_USER_RUNNING));

        app.kill();
        assertThat(app.isAlive()).isFalse();

        // The dead process cannot change anything any more: this is the state the restart has to recover from.
        Map<Long, String> atKill = statuses(db);
        assertThat(atKill).as("every submitted generation was persisted").containsOnlyKeys(promptOf.keySet());
        List<Long> running = idsWith(atKill, "RUNNING");
        List<Long> queued = idsWith(atKill, "QUEUED");
        assertThat(running).hasSize(PER_USER_RUNNING);
        assertThat(queued).hasSize(GENERATIONS - PER_USER_RUNNING);
        assertThat(gatewayCalls().keySet()).as("the gateway got exactly the running ones")
                .containsExactlyInAnyOrderElementsOf(running.stream().map(promptOf::get).toList());

        // From now on the gateway answers quickly, so the queued ones finish in seconds after the restart.
        quickGateway();
        app = PackagedApp.start("crash-after", settings, START_TIMEOUT);

        Eventually.within(Duration.ofSeconds(120)).untilAsserted(() -> {
            Map<Long, String> now = statuses(db);
            assertThat(idsWith(now, "INTERRUPTED")).containsExactlyInAnyOrderElementsOf(running);
            assertThat(idsWith(now, "SUCCEEDED")).containsExactlyInAnyOrderElementsOf(queued);
        });
        assertThat(statuses(db)).as("still all there after the restart, and nothing else").hasSize(GENERATIONS);
        assertThat(gatewayCalls()).as("every prompt reached the gateway exactly once").hasSize(GENERATIONS)
                .allSatisfy((prompt, calls) -> assertThat(calls).as("calls for prompt %d", prompt).isEqualTo(1));

        // What the person sees after signing in again (sessions do not survive a restart).
        WebSession again = new WebSession(app.baseUrl());
        again.signIn("crash_admin", Accounts.PASSWORD);
        for (long id : running) {
            String card = again.get("/generations/" + id + "/card").body();
            assertThat(card).contains("status-INTERRUPTED").contains("/generations/" + id + "/retry");
        }
        for (long id : queued) {
            assertThat(again.get("/generations/" + id + "/card").body()).contains("status-SUCCEEDED").contains("/thumb");
        }

        // Retry is the person's decision: it makes a new generation that runs, and only then is the prompt sent again.
        long interrupted = running.get(0);
        long retried = generationId(again.post("/generations/" + interrupted + "/retry", Map.of()));
        Eventually.within(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(statuses(db)).containsEntry(retried, "SUCCEEDED"));
        assertThat(gatewayCalls()).containsEntry(promptOf.get(interrupted), 2);
        assertThat(app.isAlive()).as(app.describeLog()).isTrue();
    }

    /**
     * SIGTERM (a deployment, a scale-down) while calls are in flight: the process exits by itself once their answers are
     * stored, instead of leaving them to end INTERRUPTED; what was still queued stays queued for another node, never sent.
     */
    @Test
    void stoppedWhileRunningKeepsTheResultsOfItsCalls() throws Exception {
        String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
        slowGateway(Duration.ofSeconds(4));
        app = PackagedApp.start("graceful-stop", onSlowGateway(jdbcUrl), START_TIMEOUT);
        WebSession browser = new WebSession(app.baseUrl());
        browser.register("stop_admin", Accounts.PASSWORD);
        assertThat(browser.post("/keys", Map.of("providerId", "slow", "label", "stop", "apiKey", "sk-stop-test-0000")).statusCode())
                .isEqualTo(302);
        List<Long> ids = new ArrayList<>();
        for (int n = 1; n <= PER_USER_RUNNING + 2; n++) {
            ids.add(submit(browser, n));
        }
        Eventually.within(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gatewayCalls()).hasSize(PER_USER_RUNNING));

        long stopping = System.nanoTime();
        app.stop(Duration.ofSeconds(40));
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);

        assertThat(app.isAlive()).isFalse();
        assertThat(took).as("exited by itself once the calls were answered, not killed").isLessThan(Duration.ofSeconds(30));
        Map<Long, String> statuses = statuses(db);
        assertThat(idsWith(statuses, "SUCCEEDED")).as("the calls in flight at SIGTERM")
                .containsExactlyInAnyOrderElementsOf(ids.subList(0, PER_USER_RUNNING));
        assertThat(idsWith(statuses, "QUEUED")).as("left for another node")
                .containsExactlyInAnyOrderElementsOf(ids.subList(PER_USER_RUNNING, ids.size()));
        assertThat(db.sql("select count(*) from generation_image").query(Long.class).single()).isEqualTo(PER_USER_RUNNING);
        assertThat(db.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(PER_USER_RUNNING);
        assertThat(gatewayCalls()).as("nothing queued was sent").hasSize(PER_USER_RUNNING);
        assertThat(Files.readString(app.logFile())).doesNotContain("still waiting for their gateway");
    }

    /** The packaged app on this test's database, with the fake gateway as provider "slow". */
    PackagedApp.Settings onSlowGateway(String jdbcUrl) {
        return new PackagedApp.Settings(jdbcUrl, dataDir, PackagedApp.randomEncryptionKey())
                .localGateway("slow", FakeGateway.base() + "/v1")
                .property("atelier.generation.per-user-running", Integer.toString(PER_USER_RUNNING))
                // C1 only: start-ups dominate these tests, and peak speed does not matter here
                .jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-Xmx512m");
    }

    static long submit(WebSession browser, int n) {
        HttpResponse<String> response = browser.post("/generations", Map.of("prompt", "crash-test-" + n + " 一座灯塔 at dawn",
                "providerId", "slow", "model", "stable-diffusion", "n", "1"));
        return generationId(response);
    }

    static long generationId(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse("");
        Matcher m = GENERATION_LOCATION.matcher(location);
        assertThat(m.find()).as("redirect to the new generation, got %d → %s", response.statusCode(), location).isTrue();
        return Long.parseLong(m.group(1));
    }

    static Map<Long, String> statuses(JdbcClient db) {
        Map<Long, String> statuses = new HashMap<>();
        db.sql("select id, status from generation").query((rs, n) -> statuses.put(rs.getLong(1), rs.getString(2))).list();
        return statuses;
    }

    static List<Long> idsWith(Map<Long, String> statuses, String status) {
        List<Long> ids = new ArrayList<>();
        statuses.forEach((id, s) -> {
            if (s.equals(status)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Chat completions the gateway received, per prompt number (WireMock logs a request when it arrives). */
    static Map<Integer, Integer> gatewayCalls() {
        Map<Integer, Integer> calls = new HashMap<>();
        for (var request : FakeGateway.SERVER.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))) {
            Matcher m = PROMPT_NUMBER.matcher(request.getBodyAsString());
            if (m.find()) {
                calls.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return calls;
    }

    static void slowGateway(Duration delay) {
        FakeGateway.reset();
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(imageReply().withFixedDelay((int) delay.toMillis())));
    }

    /** Added after the slow stub, so it wins; the request journal is kept. */
    static void quickGateway() {
        FakeGateway.SERVER.stubFor(FakeGateway.chat().willReturn(imageReply().withFixedDelay(200)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder imageReply() {
        String image = FakeGateway.dataUri(FakeGateway.png(Color.MAGENTA));
        return FakeGateway.json(FakeGateway.completion("> 进度 **100%**\n\n![image](" + image + ")"));
    }
}
