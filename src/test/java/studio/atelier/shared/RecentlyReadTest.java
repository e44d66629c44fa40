package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class RecentlyReadTest {

    final AtomicInteger reads = new AtomicInteger();

    String read(String key) {
        return key + "#" + reads.incrementAndGet();
    }

    @AfterEach
    void noTransactionLeftBehind() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aValueIsReadOncePerWindowAndKey() throws InterruptedException {
        RecentlyRead<String, String> recent = new RecentlyRead<>(Duration.ofMillis(200), 100);
        assertThat(recent.get("a", this::read)).isEqualTo("a#1");
        assertThat(recent.get("a", this::read)).isEqualTo("a#1");
        assertThat(recent.get("b", this::read)).isEqualTo("b#2");
        Thread.sleep(250);
        assertThat(recent.get("a", this::read)).as("read again once the window has passed").isEqualTo("a#3");
    }

    @Test
    void aChangeInsideATransactionIsForgottenAgainWhenItEnds() {
        RecentlyRead<String, String> recent = new RecentlyRead<>(Duration.ofMinutes(1), 100);
        recent.get("a", this::read);
        TransactionSynchronizationManager.initSynchronization();
        recent.forget();
        // another request reads the old value before the change commits...
        assertThat(recent.get("a", this::read)).isEqualTo("a#2");
        for (TransactionSynchronization sync : TransactionSynchronizationManager.getSynchronizations()) {
            sync.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
        }
        // ...and does not keep it after the commit
        assertThat(recent.get("a", this::read)).isEqualTo("a#3");
    }

    @Test
    void aReadOverlappingAChangeIsNotKept() {
        RecentlyRead<String, String> recent = new RecentlyRead<>(Duration.ofMinutes(1), 100);
        // the read began before the change was committed (and forgotten), and ends after it
        assertThat(recent.get("a", key -> {
            recent.forget();
            return read(key);
        })).isEqualTo("a#1");
        assertThat(recent.get("a", this::read)).as("read again: the first one may hold the old value").isEqualTo("a#2");
        assertThat(recent.get("a", this::read)).isEqualTo("a#2");
    }

    @Test
    void madeUpKeysCannotGrowItWithoutBound() {
        RecentlyRead<Integer, String> recent = new RecentlyRead<>(Duration.ofMinutes(1), 3);
        for (int i = 0; i < 10; i++) {
            recent.get(i, key -> "value");
        }
        AtomicInteger again = new AtomicInteger();
        recent.get(0, key -> "read " + again.incrementAndGet());
        assertThat(again).as("the first keys were dropped when it was full").hasValue(1);
    }
}
