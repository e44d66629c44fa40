package studio.atelier.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values read from the database on every submission (a provider, a person's quota) kept for a moment. A change made on
 * this node clears them at once and again after its commit, so no read in between keeps the old value; another node's
 * change is seen within the freshness window.
 */
public final class RecentlyRead<K, V> {

    private final Duration freshFor;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Bumped by every forget: a read that began before one is not kept, since it may predate the change. */
    private final AtomicLong forgotten = new AtomicLong();

    private record Entry<V>(V value, long readAtNanos) {
    }

    public RecentlyRead(Duration freshFor, int maxEntries) {
        this.freshFor = freshFor;
        this.maxEntries = maxEntries;
    }

    public V get(K key, Function<K, V> read) {
        Entry<V> known = entries.get(key);
        long now = System.nanoTime();
        if (known == null || now - known.readAtNanos() >= freshFor.toNanos()) {
            if (entries.size() >= maxEntries) {
                entries.clear(); // made-up keys (ids from forms) must not grow it without bound
            }
            long before = forgotten.get();
            known = new Entry<>(read.apply(key), now);
            if (forgotten.get() == before) {
                entries.put(key, known);
            }
        }
        return known.value();
    }

    /** Forgets everything now and, inside a transaction, once more when it ends. */
    public void forget() {
        forgotten.incrementAndGet();
        entries.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgotten.incrementAndGet();
                    entries.clear();
                }
            });
        }
    }
}
