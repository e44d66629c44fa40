package studio.atelier.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values read from the database on every submission (a provider, a person's quota) kept for a while. A change made on
 * this node clears them at once and again after its commit, so no read in between keeps the old value. Other nodes
 * hear of the change when it commits if their {@link RecentReads} listen for it (PostgreSQL); otherwise they see it
 * within the freshness window.
 */
public final class RecentlyRead<K, V> {

    private final Supplier<Duration> freshFor;
    private final Runnable tellOtherNodes;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /**
     * Bumped by every forget. Each value carries the count from before it was read and is used only while the count is
     * unchanged: a read that began before a forget may predate the change, even when it is stored after the forget's
     * clear.
     */
    private final AtomicLong forgotten = new AtomicLong();

    private record Entry<V>(V value, long readAtNanos, long forgottenBefore) {
    }

    /** Kept for {@code freshFor}; a change is known only on this node. */
    public RecentlyRead(Duration freshFor, int maxEntries) {
        this(() -> freshFor, maxEntries, () -> {
        });
    }

    RecentlyRead(Supplier<Duration> freshFor, int maxEntries, Runnable tellOtherNodes) {
        this.freshFor = freshFor;
        this.maxEntries = maxEntries;
        this.tellOtherNodes = tellOtherNodes;
    }

    public V get(K key, Function<K, V> read) {
        Entry<V> known = entries.get(key);
        long now = System.nanoTime();
        long forgets = forgotten.get();
        if (known == null || known.forgottenBefore() != forgets || now - known.readAtNanos() >= freshFor.get().toNanos()) {
            if (entries.size() >= maxEntries) {
                entries.clear(); // made-up keys (ids from forms) must not grow it without bound
            }
            known = new Entry<>(read.apply(key), now, forgets);
            entries.put(key, known);
        }
        return known.value();
    }

    /**
     * Forgets everything now and, inside a transaction, once more when it ends; other nodes are told when it commits.
     * Call it in the transaction that makes the change.
     */
    public void forget() {
        forgetHere();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetHere();
                }
            });
        }
        tellOtherNodes.run();
    }

    /** What another node's change, or a gap in hearing of them, calls for: nothing on this node changed. */
    void forgetHere() {
        forgotten.incrementAndGet();
        entries.clear();
    }
}
