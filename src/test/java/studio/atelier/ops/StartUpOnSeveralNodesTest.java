package studio.atelier.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

import studio.atelier.AtelierApplication;
import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.OldKeys;
import studio.atelier.keys.UsableKey;
import studio.atelier.support.Accounts;
import studio.atelier.support.EmbeddedPostgresInitializer;

/**
 * Two nodes started at the same moment on one empty PostgreSQL database both come up, and each start-up task run on
 * both nodes at once (threads released together) ends without an error and with one row, not two.
 */
class StartUpOnSeveralNodesTest {

    private static final String ADMIN = "night-watch";
    private static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String OLD_MASTER_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    private static final int ROUNDS = 4;

    @TempDir
    static Path data;

    private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private static JdbcClient jdbc;

    @BeforeAll
    static void startTwoNodesTogether() {
        String database = EmbeddedPostgresInitializer.newDatabase();
        CompletableFuture<ConfigurableApplicationContext> a = CompletableFuture.supplyAsync(() -> start(database, data.resolve("a")));
        CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(database, data.resolve("b")));
        nodes.add(a.join());
        nodes.add(b.join());
        jdbc = nodes.get(0).getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void bothNodesStartedAndWroteTheConfiguredRowsOnce() {
        assertThat(count("select count(*) from provider where id = 'chatgptsb'")).isEqualTo(1);
        assertThat(count("select count(*) from app_user where username_key = '" + ADMIN + "'")).isEqualTo(1);
    }

    @Test
    void providerSyncOnTwoNodesAtOnceWritesOneRow() {
        for (int round = 0; round < ROUNDS; round++) {
            jdbc.sql("delete from provider where id = 'chatgptsb'").update();
            onBothNodesAtOnce(node -> node.getBean(ProviderCatalog.class).syncConfiguredProviders());
            assertThat(count("select count(*) from provider where id = 'chatgptsb'")).isEqualTo(1);
        }
    }

    @Test
    void adminBootstrapOnTwoNodesAtOnceWritesOneAccount() {
        for (int round = 0; round < ROUNDS; round++) {
            jdbc.sql("delete from app_user where username_key = '" + ADMIN + "'").update();
            onBothNodesAtOnce(node -> run(node.getBean("adminBootstrap", ApplicationRunner.class)));
            assertThat(count("select count(*) from app_user where username_key = '" + ADMIN + "' and role = 'ADMIN'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void keyReencryptionOnTwoNodesAtOnceResealsEachKeyOnceAndItStillOpens() {
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) values ('rotor', 'rotor', 'x', 'USER', ?)")
                .param(Timestamp.from(Instant.now())).update();
        long owner = jdbc.sql("select id from app_user where username_key = 'rotor'").query(Long.class).single();
        ApiKeyService keys = nodes.get(0).getBean(ApiKeyService.class);
        for (int round = 0; round < ROUNDS; round++) {
            jdbc.sql("delete from api_key where owner_id = ?").param(owner).update();
            OldKeys.insertSealedUnder(OLD_MASTER_KEY, jdbc, owner, "sk-sealed-before-rotation-" + round);
            onBothNodesAtOnce(node -> ReflectionTestUtils.invokeMethod(node.getBean(ApiKeyService.class), "reencryptOnStart"));
            assertThat(count("select count(*) from api_key where owner_id = " + owner)).isEqualTo(1);
            assertThat(OldKeys.keyIdOf(jdbc, owner)).isNotEqualTo(OldKeys.idOf(OLD_MASTER_KEY));
            assertThat(keys.usableKey(owner, "demo", null)).map(UsableKey::secret).contains("sk-sealed-before-rotation-" + round);
        }
    }

    private static void run(ApplicationRunner runner) {
        try {
            runner.run(new DefaultApplicationArguments());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the task on both nodes, released together; fails with the first error either met. */
    private static void onBothNodesAtOnce(Consumer<ConfigurableApplicationContext> task) {
        CyclicBarrier together = new CyclicBarrier(nodes.size());
        List<CompletableFuture<Void>> runs = nodes.stream().map(node -> CompletableFuture.runAsync(() -> {
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            task.accept(node);
        })).toList();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static ConfigurableApplicationContext start(String database, Path dataDir) {
        return new SpringApplicationBuilder(AtelierApplication.class).profiles("test").run(
                "--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--atelier.data-dir=" + dataDir,
                "--atelier.admin.username=" + ADMIN,
                "--atelier.admin.password=" + Accounts.PASSWORD,
                "--atelier.security.encryption-key=" + MASTER_KEY,
                "--atelier.security.old-encryption-keys[0]=" + OLD_MASTER_KEY,
                "--atelier.security.reencrypt-on-start=true");
    }
}
