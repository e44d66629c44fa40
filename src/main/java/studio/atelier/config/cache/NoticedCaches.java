package studio.atelier.config.cache;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This node's caches (Caffeine, as {@code spring.cache.caffeine.spec} configures them), kept honest across nodes. An
 * eviction ({@code @CacheEvict}) is announced on PostgreSQL with {@code NOTIFY} inside the transaction that makes the
 * change, so it is delivered only once committed, and every node's {@link CacheNoticeListener} then clears the cache of
 * that name. On H2 there is no other node, and an eviction is only local.
 */
class NoticedCaches extends CaffeineCacheManager {

    static final String CHANNEL = "atelier_recent_reads";

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    NoticedCaches(JdbcTemplate jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    @Override
    protected Cache adaptCaffeineCache(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
        return new NoticedCache(super.adaptCaffeineCache(name, cache), this);
    }

    boolean onPostgres() {
        return postgres;
    }

    /**
     * Sent with the change: outside a transaction the notice could arrive before the change and another node would
     * read and keep the old value.
     */
    void announce(String name) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Evict " + name + " inside the transaction that changes it");
        }
        if (postgres) {
            jdbc.query("select pg_notify(?, ?)", rs -> null, CHANNEL, name);
        }
    }

    /** Another node changed what the cache of this name holds; a name this node has no cache for is ignored. */
    void heard(String name) {
        if (getCacheNames().contains(name) && getCache(name) instanceof NoticedCache cache) {
            cache.forgetHere();
        }
    }

    /** Notices may have been missed: nothing kept may be trusted. */
    void forgetAll() {
        for (String name : getCacheNames()) {
            if (getCache(name) instanceof NoticedCache cache) {
                cache.forgetHere();
            }
        }
    }
}
