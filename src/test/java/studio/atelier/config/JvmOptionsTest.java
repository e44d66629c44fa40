package studio.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import studio.atelier.support.PostgresTest;

/** The JVM options the application runs with (README, "JVM option"): the Docker image's, which the test JVM shares. */
@PostgresTest
class JvmOptionsTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theDockerImagePassesBothOptions() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2")
                .contains("-Dcom.zaxxer.hikari.aliveBypassWindowMs=5000");
    }

    @Test
    void asyncStepsOfTheTestJvmRunOnThePoolNotOnNewThreads() {
        assertThat(new CompletableFuture<Void>().defaultExecutor()).isInstanceOf(ForkJoinPool.class);
    }

    @Test
    void theRunningPoolHandsOutRecentlyUsedConnectionsWithoutATestRoundTrip() throws Exception {
        jdbc.sql("select 1").query(Integer.class).single(); // the pool exists once a connection was asked for
        Object pool = field(HikariDataSource.class, "pool").get(dataSource.unwrap(HikariDataSource.class));
        // the pool read the window when it was created: Hikari's default is 500 ms
        assertThat(field(pool.getClass(), "aliveBypassWindowMs").getLong(pool)).isEqualTo(5000L);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
