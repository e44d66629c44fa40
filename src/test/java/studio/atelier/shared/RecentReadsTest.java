package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.support.Eventually;
import studio.atelier.support.PostgresTest;

/**
 * Two nodes on one PostgreSQL database: this context's {@link RecentReads} ("here") and a second one with its own
 * listener ("there"), as another application node would have.
 */
@PostgresTest
class RecentReadsTest {

    @Autowired
    RecentReads here;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    RecentReads there;
    RecentReadsListener thereListens;
    final AtomicInteger reads = new AtomicInteger();
    RecentlyRead<String, String> cachedHere;
    RecentlyRead<String, String> cachedThere;
    static final AtomicInteger NAMES = new AtomicInteger();

    String read(String key) {
        return key + "#" + reads.incrementAndGet();
    }

    @BeforeEach
    void secondNode() throws Exception {
        // the same window heard or not, so that only the drop on (re)connecting can make it read again
        there = new RecentReads(jdbc, dataSource, Duration.ofMinutes(1), Duration.ofMinutes(1));
        thereListens = new RecentReadsListener(dataSource, there);
        String name = "test-" + NAMES.incrementAndGet();
        cachedHere = here.named(name, 10);
        cachedThere = there.named(name, 10);
        thereListens.start();
        Eventually.within(Duration.ofSeconds(10)).until(there::hearing);
    }

    @AfterEach
    void stopSecondNode() {
        thereListens.stop();
    }

    @Test
    void aChangeOnOneNodeIsHeardOnTheOtherWhenItCommitsAndNotBefore() throws Exception {
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");

        tx.executeWithoutResult(status -> {
            cachedHere.forget();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            // not committed: the other node still keeps its value
            assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");
        });

        Eventually.within(Duration.ofSeconds(5)).until(() -> cachedThere.get("k", this::read).equals("k#2"));
    }

    @Test
    void aRolledBackChangeIsNotAnnounced() throws Exception {
        cachedThere.get("k", this::read);
        tx.executeWithoutResult(status -> {
            cachedHere.forget();
            status.setRollbackOnly();
        });
        Thread.sleep(500);
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");
    }

    @Test
    void whileHearingValuesAreKeptLongerThanTheShortWindow() throws Exception {
        RecentReads node = new RecentReads(jdbc, dataSource);
        RecentReadsListener listens = new RecentReadsListener(dataSource, node);
        RecentlyRead<String, String> cached = node.named("window", 10);
        cached.get("k", this::read);
        Thread.sleep(RecentReads.UNHEARD.toMillis() + 200);
        assertThat(cached.get("k", this::read)).as("not hearing: the short window").isEqualTo("k#2");
        listens.start();
        try {
            Eventually.within(Duration.ofSeconds(10)).until(node::hearing);
            cached.get("k", this::read);
            Thread.sleep(RecentReads.UNHEARD.toMillis() + 200);
            assertThat(cached.get("k", this::read)).as("hearing: kept longer").isEqualTo("k#3");
        } finally {
            listens.stop();
        }
    }

    @Test
    void aCutConnectionDropsWhatIsKeptAndListensAgain() throws Exception {
        int pid = thereListens.backendPid();
        jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid);
        Eventually.within(Duration.ofSeconds(5)).until(() -> !there.hearing());
        // read while not hearing: a change made now could be missed, so this must not outlive the reconnection
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#1");

        Eventually.within(Duration.ofSeconds(10)).until(() -> there.hearing() && thereListens.backendPid() != pid);
        assertThat(cachedThere.get("k", this::read)).isEqualTo("k#2");
        // and it hears again
        tx.executeWithoutResult(status -> cachedHere.forget());
        Eventually.within(Duration.ofSeconds(5)).until(() -> cachedThere.get("k", this::read).equals("k#3"));
    }

    @Test
    void forgettingOutsideTheChangingTransactionIsRefused() {
        assertThatThrownBy(() -> cachedHere.forget()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }
}
