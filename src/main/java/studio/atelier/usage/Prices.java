package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The price table. Prices are only ever inserted: the price that applies at a moment is the newest version valid
 * by then, for the exact model first and the provider's {@code *} price otherwise; without one, calls are free.
 */
@Component
class Prices {

    private static final String COLUMNS = "id, provider_id, model, per_call, per_image, per_1k_tokens, failed_call_cost, currency, valid_from";

    private final JdbcClient jdbc;
    private final UsageSettings settings;

    Prices(JdbcClient jdbc, UsageSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    Price at(String providerId, String model, Instant at) {
        List<Price> found = jdbc.sql("select " + COLUMNS + " from price where provider_id = :p and model in (:m, '*') "
                        + "and valid_from <= :at order by case when model = '*' then 1 else 0 end, valid_from desc, id desc limit 1")
                .param("p", providerId).param("m", model).param("at", Timestamp.from(at))
                .query((rs, n) -> new Price(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), rs.getTimestamp(9).toInstant()))
                .list();
        return found.isEmpty() ? Price.free(providerId, model, settings.currency()) : found.get(0);
    }

    Price add(NewPrice p, Long createdBy, Instant now) {
        if (p.providerId() == null || p.providerId().isBlank() || p.model() == null || p.model().isBlank()) {
            throw new IllegalArgumentException("provider and model are required (model '*' for all models)");
        }
        BigDecimal perCall = amount(p.perCall());
        BigDecimal perImage = amount(p.perImage());
        BigDecimal perTokens = amount(p.per1kTokens());
        BigDecimal failed = amount(p.failedCallCost());
        String currency = p.currency() == null || p.currency().isBlank() ? settings.currency() : p.currency().trim().toUpperCase(java.util.Locale.ROOT);
        Instant validFrom = p.validFrom() == null ? now : p.validFrom();
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into price (provider_id, model, per_call, per_image, per_1k_tokens, failed_call_cost, currency, valid_from, "
                        + "created_by, created_at) values (:p, :m, :c, :i, :t, :f, :cur, :from, :by, :now)")
                .param("p", p.providerId().trim()).param("m", p.model().trim()).param("c", perCall).param("i", perImage)
                .param("t", perTokens).param("f", failed).param("cur", currency).param("from", Timestamp.from(validFrom))
                .param("by", createdBy).param("now", Timestamp.from(now))
                .update(keys, "id");
        return new Price(keys.getKey().longValue(), p.providerId().trim(), p.model().trim(), perCall, perImage, perTokens, failed,
                currency, validFrom);
    }

    List<Price> history(String providerId) {
        return jdbc.sql("select " + COLUMNS + " from price where provider_id = :p order by model, valid_from desc, id desc")
                .param("p", providerId)
                .query((rs, n) -> new Price(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), rs.getTimestamp(9).toInstant()))
                .list();
    }

    private static BigDecimal amount(BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
        return value == null ? BigDecimal.ZERO : value.setScale(6, java.math.RoundingMode.HALF_UP);
    }
}
