package studio.atelier.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL for other nodes' changes to what {@link RecentReads} caches. It has a connection of its own,
 * opened with the pool's settings but outside it: it is held for as long as the node runs, and cut at shutdown, neither
 * of which a pooled connection is for. When the connection breaks the caches fall back to their short window until
 * it listens again.
 */
@Component
class RecentReadsListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecentReadsListener.class);
    private static final int WAIT_MILLIS = 5_000;
    /** A connection cut without a word (a network partition) only shows when something is sent on it. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final RecentReads reads;
    private volatile boolean running;
    private volatile Connection connection;
    private volatile int backendPid;
    private Thread thread;

    RecentReadsListener(DataSource dataSource, RecentReads reads) {
        this.dataSource = dataSource;
        this.reads = reads;
    }

    @Override
    public synchronized void start() {
        if (running || !reads.canHear()) {
            return;
        }
        if (!pooledByHikari()) {
            log.info("Not listening for other nodes' changes: the data source is not Hikari's, so its settings are unknown; "
                    + "cached providers, quotas and prices are read again every {} s", RecentReads.UNHEARD.toSeconds());
            return;
        }
        running = true;
        thread = new Thread(this::listen, "recent-reads-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                // closing would wait for the pending read; aborting ends it at once
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // stopping anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reads.hearing(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The database process that listens, so a test can cut it off. */
    int backendPid() {
        return backendPid;
    }

    private void listen() {
        int failures = 0;
        while (running) {
            try (Connection c = open()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + RecentReads.CHANNEL);
                    try (var rs = s.executeQuery("select pg_backend_pid()")) {
                        rs.next();
                        backendPid = rs.getInt(1);
                    }
                }
                reads.hearing(true);
                if (failures > 0) {
                    log.info("Hearing other nodes' changes again");
                }
                failures = 0;
                hear(c);
            } catch (SQLException | RuntimeException e) {
                reads.hearing(false);
                if (!running) {
                    return;
                }
                if (failures++ == 0) {
                    log.warn("Not hearing other nodes' changes ({}); cached providers, quotas and prices are read again every {} s "
                            + "until the database answers", DatabaseOutage.summary(e), RecentReads.UNHEARD.toSeconds());
                }
                pause(failures);
            } finally {
                connection = null;
            }
        }
    }

    private boolean pooledByHikari() {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) && dataSource.unwrap(HikariDataSource.class).getJdbcUrl() != null;
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection open() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "atelier recent-reads listener");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        Connection c = new Driver().connect(pool.getJdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL address: " + pool.getJdbcUrl());
        }
        return c;
    }

    private void hear(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        while (running) {
            PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
            if (notices != null && notices.length > 0) {
                for (PGNotification notice : notices) {
                    reads.heard(notice.getParameter());
                }
            } else if (System.nanoTime() - checked > CHECK_EVERY.toNanos()) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(10);
                    s.execute("select 1");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void pause(int failures) {
        long millis = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures - 1, 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
