package studio.atelier.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.gateway.Provider.ProviderSource;

/**
 * The providers stored in the database, cached: every submission and every claimed job asks for one, and forms and
 * pages for the whole list. A change clears both caches on every node as it commits.
 */
@Component
class StoredProviders {

    private final ProviderRepository rows;
    private final JdbcClient jdbc;

    StoredProviders(ProviderRepository rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    /** Plain SQL: several times cheaper than loading the entity, and asked for on every submission once the cache is stale. */
    @Cacheable(cacheNames = "providers", sync = true)
    Optional<Provider> find(String id) {
        return jdbc.sql("select id, name, base_url, models, default_model, endpoint_style, timeout_seconds, allow_private_network, "
                        + "enabled, source from provider where id = :id")
                .param("id", id)
                .query((rs, n) -> ProviderRow.provider(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        EndpointStyle.valueOf(rs.getString(6)), rs.getInt(7), rs.getBoolean(8), rs.getBoolean(9),
                        ProviderSource.valueOf(rs.getString(10))))
                .optional();
    }

    @Cacheable(cacheNames = "all-providers", sync = true)
    List<Provider> all() {
        return rows.findAll().stream().map(ProviderRow::toProvider).sorted(Comparator.comparing(Provider::name)).toList();
    }

    /** Call it in the transaction that changes a provider. */
    @CacheEvict(cacheNames = {"providers", "all-providers"}, allEntries = true)
    void forget() {
        // the annotation does the work
    }
}
