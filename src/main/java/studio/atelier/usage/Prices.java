package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The price table. Prices are only ever inserted: the price that applies at a moment is the newest version valid
 * by then, for the exact model first and the provider's {@code *} price otherwise; without one, calls are free.
 */
@Component
class Prices {

    private final JdbcClient jdbc;
    private final UsageSettings settings;
    private final PriceHistory history;

    Prices(JdbcClient jdbc, UsageSettings settings, PriceHistory history) {
        this.jdbc = jdbc;
        this.history = history;
        this.settings = settings;
    }

    /** Every generation that ends asks; the provider's price versions are cached ({@link PriceHistory}). */
    Price at(String providerId, String model, Instant at) {
        Price best = applying(history.of(providerId), model, at);
        return best == null ? Price.free(providerId, model, settings.currency()) : best;
    }

    /** Of a provider's price versions, the one for {@code model} at {@code at}; null when none applies. */
    static Price applying(List<Price> versions, String model, Instant at) {
        Price best = null;
        for (Price p : versions) {
            boolean fits = p.model().equals(model) || p.model().equals(Price.ANY_MODEL);
            if (fits && !p.validFrom().isAfter(at) && (best == null || precedes(p, best))) {
                best = p;
            }
        }
        return best;
    }

    /** The exact model's price before the provider's {@code *} one, then the newest version, then the latest added. */
    private static boolean precedes(Price p, Price other) {
        boolean exact = !p.model().equals(Price.ANY_MODEL);
        if (exact != !other.model().equals(Price.ANY_MODEL)) {
            return exact;
        }
        int newer = p.validFrom().compareTo(other.validFrom());
        return newer != 0 ? newer > 0 : p.id() > other.id();
    }

    /** Call it in the transaction that adds the price: every node's cached versions are cleared as it commits. */
    @CacheEvict(cacheNames = "prices", allEntries = true)
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
        return history.of(providerId);
    }

    private static BigDecimal amount(BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
        return value == null ? BigDecimal.ZERO : value.setScale(6, java.math.RoundingMode.HALF_UP);
    }
}
