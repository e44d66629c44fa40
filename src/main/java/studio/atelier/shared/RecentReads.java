package studio.atelier.shared;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link RecentlyRead} caches of this node, kept honest across nodes. On PostgreSQL a change is announced with
 * {@code NOTIFY} inside the transaction that makes it, so it is delivered only once committed, and every node listens
 * ({@link RecentReadsListener}): while a node hears, its caches keep values for {@link #HEARD}, and a change made on
 * another node applies as soon as it commits. While it does not hear (starting, the database away, H2, which has no
 * second node), values are kept for {@link #UNHEARD} only, so another node's change applies within that.
 */
@Component
public class RecentReads {

    static final String CHANNEL = "atelier_recent_reads";
    /** Long enough that a lone person's submissions find them, short enough to bound a notice that got lost. */
    static final Duration HEARD = Duration.ofMinutes(1);
    static final Duration UNHEARD = Duration.ofSeconds(2);

    private final Map<String, RecentlyRead<?, ?>> byName = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final Duration heard;
    private final Duration unheard;
    private volatile boolean hearing;

    @org.springframework.beans.factory.annotation.Autowired
    RecentReads(JdbcTemplate jdbc, DataSource dataSource) throws SQLException {
        this(jdbc, dataSource, HEARD, UNHEARD);
    }

    RecentReads(JdbcTemplate jdbc, DataSource dataSource, Duration heard, Duration unheard) throws SQLException {
        this.jdbc = jdbc;
        this.heard = heard;
        this.unheard = unheard;
        this.postgres = DatabaseKind.isPostgres(dataSource);
    }

    /** A cache whose {@link RecentlyRead#forget()} is heard by the other nodes' cache of the same name. */
    public <K, V> RecentlyRead<K, V> named(String name, int maxEntries) {
        RecentlyRead<K, V> read = new RecentlyRead<>(() -> hearing ? heard : unheard, maxEntries, () -> announce(name));
        if (byName.putIfAbsent(name, read) != null) {
            throw new IllegalStateException("Two caches are named " + name);
        }
        return read;
    }

    /**
     * Sent with the change: outside a transaction the notice could arrive before the change and another node would
     * read and keep the old value.
     */
    private void announce(String name) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Forget " + name + " inside the transaction that changes it");
        }
        if (postgres) {
            jdbc.query("select pg_notify(?, ?)", rs -> null, CHANNEL, name);
        }
    }

    boolean canHear() {
        return postgres;
    }

    void heard(String name) {
        RecentlyRead<?, ?> read = byName.get(name);
        if (read != null) {
            read.forgetHere();
        }
    }

    /**
     * Called once the node listens (again), or stops. Notices may have been missed before, so what is kept is dropped;
     * the listener is already registered, so anything read from now on is either current or will be heard of.
     */
    void hearing(boolean now) {
        if (!now) {
            hearing = false;
        }
        byName.values().forEach(RecentlyRead::forgetHere);
        hearing = now;
    }

    boolean hearing() {
        return hearing;
    }
}
