package studio.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import studio.atelier.support.PostgresTest;

@PostgresTest
class ConnectionPoolTuningTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

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
