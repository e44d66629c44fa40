package studio.atelier.config.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.Cache;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

import studio.atelier.gateway.ProviderCatalog;
import studio.atelier.support.Eventually;
import studio.atelier.support.PostgresTest;

/**
 * Two nodes on one PostgreSQL database: this context's caches ("here") and a second set with its own listener
 * ("there"), as another application node would have.
 */
@PostgresTest
class CacheNoticesTest {

    @Autowired
    NoticedCaches here;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ProviderCatalog providers;

    NoticedCaches there;
    ThreadPoolTaskScheduler thereThreads;
    CacheNoticeListener thereListens;
    final AtomicInteger reads = new AtomicInteger();
    Cache cachedHere;
    Cache cachedThere;
    static final AtomicInteger NAMES = new AtomicInteger();

    String read(String key) {
        return key + "#" + reads.incrementAndGet();
    }

    String get(Cache cache, String key) {
        return cache.get(key, () -> read(key));
    }

    static ThreadPoolTaskScheduler threads() {
        ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
        threads.setPoolSize(2);
        threads.setThreadNamePrefix("other-node-notices-");
        threads.initialize();
        return threads;
    }

    NoticedCaches node() {
        NoticedCaches node = new NoticedCaches(jdbc, true);
        node.setCacheSpecification("expireAfterWrite=1m");
        return node;
    }

    @BeforeEach
    void secondNode() {
        there = node();
        thereThreads = threads();
        // the same window heard or not, so that only the drop on (re)connecting can make it read again
        thereListens = new CacheNoticeListener(dataSource, there, thereThreads, Duration.ofMinutes(1));
        String name = "test-" + NAMES.incrementAndGet();
        cachedHere = here.getCache(name);
        cachedThere = there.getCache(name);
        thereListens.start();
        Eventually.within(Duration.ofSeconds(10)).until(thereListens::hearing);
    }

    @AfterEach
    void stopSecondNode() {
        thereListens.stop();
        thereThreads.shutdown();
    }

    @Test
    void aChangeOnOneNodeIsHeardOnTheOtherWhenItCommitsAndNotBefore() {
        assertThat(get(cachedThere, "k")).isEqualTo("k#1");
        assertThat(get(cachedThere, "k")).isEqualTo("k#1");

        tx.executeWithoutResult(status -> {
            cachedHere.clear();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            // not committed: the other node still keeps its value
            assertThat(get(cachedThere, "k")).isEqualTo("k#1");
        });

        Eventually.within(Duration.ofSeconds(5)).until(() -> get(cachedThere, "k").equals("k#2"));
    }

    @Test
    void aRolledBackChangeIsNotAnnounced() throws Exception {
        get(cachedThere, "k");
        tx.executeWithoutResult(status -> {
            cachedHere.clear();
            status.setRollbackOnly();
        });
        Thread.sleep(500);
        assertThat(get(cachedThere, "k")).isEqualTo("k#1");
    }

    @Test
    void whileHearingValuesAreKeptLongerThanTheShortWindow() throws Exception {
        NoticedCaches node = node();
        Cache cached = node.getCache("window");
        ThreadPoolTaskScheduler threads = threads();
        try (HikariDataSource away = new HikariDataSource()) {
            // a node whose database is away cannot hear
            away.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/atelier");
            CacheNoticeListener deaf = new CacheNoticeListener(away, node, threads, CacheNoticeListener.UNHEARD);
            deaf.start();
            try {
                get(cached, "k");
                Thread.sleep(CacheNoticeListener.UNHEARD.toMillis() + 200);
                assertThat(get(cached, "k")).as("not hearing: the short window").isEqualTo("k#2");
            } finally {
                deaf.stop();
            }
            CacheNoticeListener listens = new CacheNoticeListener(dataSource, node, threads, CacheNoticeListener.UNHEARD);
            listens.start();
            try {
                Eventually.within(Duration.ofSeconds(10)).until(listens::hearing);
                get(cached, "k");
                Thread.sleep(CacheNoticeListener.UNHEARD.toMillis() + 200);
                assertThat(get(cached, "k")).as("hearing: kept longer").isEqualTo("k#3");
            } finally {
                listens.stop();
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void aCutConnectionDropsWhatIsKeptAndListensAgain() {
        int pid = thereListens.backendPid();
        jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid);
        Eventually.within(Duration.ofSeconds(5)).until(() -> !thereListens.hearing());
        // read while not hearing: a change made now could be missed, so this must not outlive the reconnection
        assertThat(get(cachedThere, "k")).isEqualTo("k#1");
        assertThat(get(cachedThere, "k")).isEqualTo("k#1");

        Eventually.within(Duration.ofSeconds(10)).until(() -> thereListens.hearing() && thereListens.backendPid() != pid);
        assertThat(get(cachedThere, "k")).isEqualTo("k#2");
        // and it hears again
        tx.executeWithoutResult(status -> cachedHere.clear());
        Eventually.within(Duration.ofSeconds(5)).until(() -> get(cachedThere, "k").equals("k#3"));
    }

    @Test
    void aModuleChangeClearsItsCachesHereAndOnTheOtherNode() {
        Cache providersHere = here.getCache("providers");
        Cache providersThere = there.getCache("providers");
        providers.findEnabled("unknown-provider");
        assertThat(providersHere.get("unknown-provider")).as("kept here").isNotNull();
        assertThat(get(providersThere, "k")).isEqualTo("k#1");

        providers.syncConfiguredProviders();

        assertThat(providersHere.get("unknown-provider")).as("cleared here").isNull();
        Eventually.within(Duration.ofSeconds(5)).until(() -> get(providersThere, "k").equals("k#2"));
    }

    @Test
    void forgettingOutsideTheChangingTransactionIsRefused() {
        assertThatThrownBy(() -> cachedHere.clear()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }
}
