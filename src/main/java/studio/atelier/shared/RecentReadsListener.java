package studio.atelier.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

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
    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);
    /** No cache has such a name, so other nodes ignore this node's probes. */
    private static final String PROBE_PREFIX = "probe:";
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final RecentReads reads;
    private volatile boolean running;
    private volatile Connection connection;
    private volatile int backendPid;
    private Thread thread;
    /** Failed attempts in a row; only the listening thread uses it. */
    private int failures;

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
        try {
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
                    hear(c);
                } catch (SQLException | RuntimeException e) {
                    reads.hearing(false);
                    if (!running) {
                        return;
                    }
                    if (failures++ == 0) {
                        log.warn("Not hearing other nodes' changes ({}); cached providers, quotas and prices are read again every {} s "
                                + "until it does", DatabaseOutage.summary(e), RecentReads.UNHEARD.toSeconds());
                    }
                    pause(failures);
                } finally {
                    connection = null;
                }
            }
        } finally {
            reads.hearing(false);
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

    /**
     * Hears notices until stopped. The node counts as hearing only once a notice of its own has come back through
     * PostgreSQL, and again every {@link #CHECK_EVERY}: that proves the connection alive both ways, and catches a
     * connection pooler in transaction mode, through which LISTEN succeeds but nothing is ever heard.
     */
    private void hear(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String probe = probe(c);
        long probeSent = System.nanoTime();
        boolean answered = false;
        while (running) {
            PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
            for (PGNotification notice : notices == null ? new PGNotification[0] : notices) {
                if (!notice.getParameter().equals(probe)) {
                    reads.heard(notice.getParameter());
                } else if (!answered) {
                    answered = true;
                    if (running && !reads.hearing()) {
                        reads.hearing(true);
                        if (failures > 0) {
                            log.info("Hearing other nodes' changes again");
                        }
                        failures = 0;
                    }
                }
            }
            long since = System.nanoTime() - probeSent;
            if (!answered && since > PROBE_WAIT.toNanos()) {
                throw new SQLException("a notice of this node's own did not come back within " + PROBE_WAIT.toSeconds()
                        + " s (LISTEN needs a direct connection to PostgreSQL, or a pooler in session mode)");
            }
            if (answered && since > CHECK_EVERY.toNanos()) {
                probe = probe(c);
                probeSent = System.nanoTime();
                answered = false;
            }
        }
    }

    private static String probe(Connection c) throws SQLException {
        String probe = PROBE_PREFIX + UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("select pg_notify(?, ?)")) {
            s.setString(1, RecentReads.CHANNEL);
            s.setString(2, probe);
            s.execute();
        }
        return probe;
    }

    private void pause(int failures) {
        try {
            Thread.sleep(Backoff.after(FIRST_RETRY, MAX_RETRY, failures).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
