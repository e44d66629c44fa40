package studio.atelier.config.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** One node's cache on H2 (no other node to tell): what {@code @Cacheable(sync = true)} and {@code @CacheEvict} see. */
class NoticedCacheTest {

    final AtomicInteger reads = new AtomicInteger();

    String read(Object key) {
        return key + "#" + reads.incrementAndGet();
    }

    static Cache cache(String spec) {
        NoticedCaches caches = new NoticedCaches(null, false);
        caches.setCacheSpecification(spec);
        return caches.getCache("test");
    }

    @AfterEach
    void noTransactionLeftBehind() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void aValueIsReadOncePerWindowAndKey() throws InterruptedException {
        NoticedCaches caches = new NoticedCaches(null, false);
        caches.setCaffeine(Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(200)));
        Cache recent = caches.getCache("test");
        assertThat(recent.get("a", () -> read("a"))).isEqualTo("a#1");
        assertThat(recent.get("a", () -> read("a"))).isEqualTo("a#1");
        assertThat(recent.get("b", () -> read("b"))).isEqualTo("b#2");
        Thread.sleep(250);
        assertThat(recent.get("a", () -> read("a"))).as("read again once the window has passed").isEqualTo("a#3");
    }

    @Test
    void aChangeInsideATransactionIsForgottenAgainWhenItEnds() {
        Cache recent = cache("expireAfterWrite=1m");
        recent.get("a", () -> read("a"));
        TransactionSynchronizationManager.initSynchronization();
        TransactionSynchronizationManager.setActualTransactionActive(true);
        recent.clear();
        // another request reads the old value before the change commits...
        assertThat(recent.get("a", () -> read("a"))).isEqualTo("a#2");
        for (TransactionSynchronization sync : TransactionSynchronizationManager.getSynchronizations()) {
            sync.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
        }
        // ...and does not keep it after the commit
        assertThat(recent.get("a", () -> read("a"))).isEqualTo("a#3");
    }

    @Test
    void aReadOverlappingAChangeIsNotKept() {
        NoticedCache recent = (NoticedCache) cache("expireAfterWrite=1m");
        // the read began before the change was committed (and forgotten), and ends after it
        assertThat(recent.get("a", () -> {
            recent.forgetHere();
            return read("a");
        })).isEqualTo("a#1");
        assertThat(recent.get("a", () -> read("a"))).as("read again: the first one may hold the old value").isEqualTo("a#2");
        assertThat(recent.get("a", () -> read("a"))).isEqualTo("a#2");
    }

    @Test
    void madeUpKeysCannotGrowItWithoutBound() {
        Cache recent = cache("maximumSize=3");
        for (int i = 0; i < 10; i++) {
            recent.get(i, () -> "value");
        }
        com.github.benmanes.caffeine.cache.Cache<?, ?> entries = (com.github.benmanes.caffeine.cache.Cache<?, ?>) recent.getNativeCache();
        entries.cleanUp();
        assertThat(entries.estimatedSize()).as("the first keys were dropped when it was full").isLessThanOrEqualTo(3);
    }
}
