package studio.atelier.config.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.cache.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A Caffeine cache whose evictions hold across nodes and transactions. An eviction clears it now and, inside a
 * transaction, once more when it ends, so no read in between keeps the old value; the other nodes are told when it
 * commits ({@link NoticedCaches#announce}). Reads go through {@code @Cacheable(sync = true)}: a value whose read
 * overlapped an eviction is returned but not kept, as it may predate the change.
 */
final class NoticedCache implements Cache {

    private final Cache target;
    private final NoticedCaches caches;
    /** Bumped by every eviction, so that a read can tell whether one happened while it ran. */
    private final AtomicLong forgotten = new AtomicLong();

    NoticedCache(Cache target, NoticedCaches caches) {
        this.target = target;
        this.caches = caches;
    }

    @Override
    public String getName() {
        return target.getName();
    }

    @Override
    public Object getNativeCache() {
        return target.getNativeCache();
    }

    @Override
    public ValueWrapper get(Object key) {
        return target.get(key);
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        return target.get(key, type);
    }

    @Override
    public <T> T get(Object key, Callable<T> valueLoader) {
        long before = forgotten.get();
        T value = target.get(key, valueLoader);
        if (forgotten.get() != before) {
            target.evict(key);
        }
        return value;
    }

    @Override
    public CompletableFuture<?> retrieve(Object key) {
        return target.retrieve(key);
    }

    @Override
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return target.retrieve(key, valueLoader);
    }

    @Override
    public void put(Object key, Object value) {
        target.put(key, value);
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        return target.putIfAbsent(key, value);
    }

    /** A notice names a cache, not an entry: evicting one entry clears the cache, here and on every node. */
    @Override
    public void evict(Object key) {
        clear();
    }

    @Override
    public void clear() {
        forgetHere();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetHere();
                }
            });
        }
        caches.announce(getName());
    }

    /** What another node's change, or a gap in hearing of them, calls for: nothing on this node changed. */
    void forgetHere() {
        forgotten.incrementAndGet();
        target.clear();
    }
}
