package studio.atelier.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * The packaged application stopped with SIGTERM (a deployment, a scale-down) while generations wait on their gateway:
 * it exits by itself once their answers are stored, instead of leaving them to end INTERRUPTED; what was still queued
 * stays queued for another node, never sent.
 */
class GenerationGracefulStopIT {

    static final int PER_USER_RUNNING = 4;

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
    void sigtermWhileCallsAreInFlightKeepsTheirResults() throws Exception {
        String jdbcUrl = EmbeddedPostgresInitializer.newDatabase();
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
        GenerationCrashIT.slowGateway(Duration.ofSeconds(4));
        PackagedApp.Settings settings = new PackagedApp.Settings(jdbcUrl, dataDir, GenerationCrashIT.randomEncryptionKey())
                .localGateway("slow", FakeGateway.base() + "/v1")
                .property("atelier.generation.per-user-running", Integer.toString(PER_USER_RUNNING))
                .jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-Xmx512m");
        app = PackagedApp.start("graceful-stop", settings, GenerationCrashIT.START_TIMEOUT);
        WebSession browser = new WebSession(app.baseUrl());
        browser.register("stop_admin", Accounts.PASSWORD);
        browser.signIn("stop_admin", Accounts.PASSWORD);
        assertThat(browser.post("/keys", Map.of("providerId", "slow", "label", "stop", "apiKey", "sk-stop-test-0000")).statusCode())
                .isEqualTo(302);
        List<Long> ids = new ArrayList<>();
        for (int n = 1; n <= PER_USER_RUNNING + 2; n++) {
            ids.add(GenerationCrashIT.submit(browser, n));
        }
        Eventually.within(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(GenerationCrashIT.gatewayCalls()).hasSize(PER_USER_RUNNING));

        long stopping = System.nanoTime();
        app.stop(Duration.ofSeconds(40));
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);

        assertThat(app.isAlive()).isFalse();
        assertThat(took).as("exited by itself once the calls were answered, not killed").isLessThan(Duration.ofSeconds(30));
        Map<Long, String> statuses = GenerationCrashIT.statuses(db);
        assertThat(GenerationCrashIT.idsWith(statuses, "SUCCEEDED")).as("the calls in flight at SIGTERM").containsExactlyInAnyOrderElementsOf(
                ids.subList(0, PER_USER_RUNNING));
        assertThat(GenerationCrashIT.idsWith(statuses, "QUEUED")).as("left for another node")
                .containsExactlyInAnyOrderElementsOf(ids.subList(PER_USER_RUNNING, ids.size()));
        assertThat(db.sql("select count(*) from generation_image").query(Long.class).single()).isEqualTo(PER_USER_RUNNING);
        assertThat(db.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(PER_USER_RUNNING);
        assertThat(GenerationCrashIT.gatewayCalls()).as("nothing queued was sent").hasSize(PER_USER_RUNNING);
        assertThat(Files.readString(app.logFile())).doesNotContain("still waiting for their gateway");
    }
}
