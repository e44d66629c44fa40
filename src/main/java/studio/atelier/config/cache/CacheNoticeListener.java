package studio.atelier.config.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import studio.atelier.shared.Backoff;
import studio.atelier.shared.DatabaseOutage;

/**
 * Listens on PostgreSQL for other nodes' evictions and clears this node's cache of the same name. It has a connection
 * of its own, opened with the pool's settings but outside it: it is held for as long as the node runs, and cut at
 * shutdown, neither of which a pooled connection is for. While it does not hear (starting, the connection broken), a
 * change made on another node could be missed, so every cache is cleared each {@link #UNHEARD} until it hears again.
 */
@Component
class CacheNoticeListener implements SmartLifecycle {

    /** How stale a cached value can be on a node that cannot hear the others' changes. */
    static final Duration UNHEARD = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(CacheNoticeListener.class);
    private static final int WAIT_MILLIS = 5_000;
    /** A connection cut without a word (a network partition) only shows when something is sent on it. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final NoticedCaches caches;
    private final ThreadPoolTaskScheduler threads;
    private final Duration unheard;
    private volatile boolean running;
    private volatile boolean hearing;
    private volatile Connection connection;
    private volatile int backendPid;
    private Future<?> listening;
    private CountDownLatch listened;
    private ScheduledFuture<?> forgettingWhileDeaf;
    /** Failed attempts in a row; only the listening thread uses it. */
    private int failures;

    @Autowired
    CacheNoticeListener(DataSource dataSource, NoticedCaches caches,
            @Qualifier("cacheNoticeThreads") ThreadPoolTaskScheduler threads) {
        this(dataSource, caches, threads, UNHEARD);
    }

    CacheNoticeListener(DataSource dataSource, NoticedCaches caches, ThreadPoolTaskScheduler threads, Duration unheard) {
        this.dataSource = dataSource;
        this.caches = caches;
        this.threads = threads;
        this.unheard = unheard;
    }

    @Override
    public synchronized void start() {
        if (running || !caches.onPostgres()) {
            return;
        }
        running = true;
        forgettingWhileDeaf = threads.scheduleAtFixedRate(() -> {
            if (!hearing) {
                caches.forgetAll();
            }
        }, unheard);
        if (!NoticeConnection.canOpen(dataSource)) {
            log.info("Not listening for other nodes' changes: the data source is not Hikari's, so its settings are unknown; "
                    + "cached providers, quotas and prices are read again every {} s", unheard.toSeconds());
            return;
        }
        CountDownLatch ended = new CountDownLatch(1);
        listened = ended;
        listening = threads.submit(() -> {
            try {
                listen();
            } finally {
                ended.countDown();
            }
        });
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
        if (forgettingWhileDeaf != null) {
            forgettingWhileDeaf.cancel(false);
        }
        if (listening != null) {
            listening.cancel(true); // ends a pause between attempts
            awaitEnd(listened);
        }
        hearing(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    boolean hearing() {
        return hearing;
    }

    /** The database process that listens, so a test can cut it off. */
    int backendPid() {
        return backendPid;
    }

    /**
     * Called once the node listens (again), or stops. Notices may have been missed before, so what is kept is dropped;
     * the listener is already registered, so anything read from now on is either current or will be heard of.
     */
    private void hearing(boolean now) {
        if (!now) {
            hearing = false;
        }
        caches.forgetAll();
        hearing = now;
    }

    private void listen() {
        try {
            while (running) {
                try (Connection c = NoticeConnection.open(dataSource)) {
                    connection = c;
                    try (Statement s = c.createStatement()) {
                        s.execute("listen " + NoticedCaches.CHANNEL);
                        try (var rs = s.executeQuery("select pg_backend_pid()")) {
                            rs.next();
                            backendPid = rs.getInt(1);
                        }
                    }
                    hear(c);
                } catch (SQLException | RuntimeException e) {
                    hearing(false);
                    if (!running) {
                        return;
                    }
                    if (failures++ == 0) {
                        log.warn("Not hearing other nodes' changes ({}); cached providers, quotas and prices are read again every {} s "
                                + "until it does", DatabaseOutage.summary(e), unheard.toSeconds());
                    }
                    pause(failures);
                } finally {
                    connection = null;
                }
            }
        } finally {
            hearing(false);
        }
    }

    /**
     * Hears notices until stopped. The node counts as hearing only once a notice of its own has come back through
     * PostgreSQL, and again every {@link #CHECK_EVERY}: that proves the connection alive both ways, and catches a
     * connection pooler in transaction mode, through which LISTEN succeeds but nothing is ever heard.
     */
    private void hear(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        String probe = NoticeConnection.probe(c);
        long probeSent = System.nanoTime();
        boolean answered = false;
        while (running) {
            PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
            for (PGNotification notice : notices == null ? new PGNotification[0] : notices) {
                if (!notice.getParameter().equals(probe)) {
                    caches.heard(notice.getParameter());
                } else if (!answered) {
                    answered = true;
                    if (running && !hearing) {
                        hearing(true);
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
                probe = NoticeConnection.probe(c);
                probeSent = System.nanoTime();
                answered = false;
            }
        }
    }

    private void pause(int failures) {
        try {
            Thread.sleep(Backoff.after(FIRST_RETRY, MAX_RETRY, failures).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** The loop ends once its connection is aborted, within a wait for notices at most. */
    private static void awaitEnd(CountDownLatch listened) {
        try {
            if (!listened.await(WAIT_MILLIS + 1_000, TimeUnit.MILLISECONDS)) {
                log.warn("The cache-notice listener did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
