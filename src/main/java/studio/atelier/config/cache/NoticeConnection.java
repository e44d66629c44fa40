package studio.atelier.config.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.Driver;

/** The listener's own PostgreSQL connection, opened with the pool's settings, and the probes it sends itself. */
final class NoticeConnection {

    /** No cache has such a name, so other nodes ignore this node's probes. */
    private static final String PROBE_PREFIX = "probe:";

    private NoticeConnection() {
    }

    /** Only a Hikari pool tells where and as whom it connects. */
    static boolean canOpen(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) && dataSource.unwrap(HikariDataSource.class).getJdbcUrl() != null;
        } catch (SQLException e) {
            return false;
        }
    }

    static Connection open(DataSource dataSource) throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "atelier cache-notice listener");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "10");
        // above the wait for notices (which sets its own, shorter, timeout): a read on a cut connection must end
        properties.setProperty("socketTimeout", "40");
        properties.setProperty("tcpKeepAlive", "true");
        Connection c = new Driver().connect(pool.getJdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL address: " + pool.getJdbcUrl());
        }
        return c;
    }

    /** Sends a notice only this node knows, to see it come back. */
    static String probe(Connection c) throws SQLException {
        String probe = PROBE_PREFIX + UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("select pg_notify(?, ?)")) {
            s.setString(1, NoticedCaches.CHANNEL);
            s.setString(2, probe);
            s.execute();
        }
        return probe;
    }
}
