package studio.atelier.usage;

import java.util.List;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A provider's price versions, cached: every generation that ends asks, and they are a few rows (prices are versions,
 * not records). A price added on any node applies as soon as it commits ({@link Prices#add} clears the cache).
 */
@Component
class PriceHistory {

    private final JdbcClient jdbc;

    PriceHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Cacheable(cacheNames = "prices", sync = true)
    List<Price> of(String providerId) {
        return jdbc.sql("select id, provider_id, model, per_call, per_image, per_1k_tokens, failed_call_cost, currency, valid_from "
                        + "from price where provider_id = :p order by model, valid_from desc, id desc")
                .param("p", providerId)
                .query((rs, n) -> new Price(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), rs.getTimestamp(9).toInstant()))
                .list();
    }
}
