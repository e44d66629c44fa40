package studio.atelier.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** One person's usage over a range (admin usage table, dashboard top users, CSV export). */
public record UserUsageLine(long userId, String username, long requests, long succeeded, long images, long tokens, BigDecimal cost) {

    /** Percent of requests that succeeded, one decimal; null without requests. */
    public BigDecimal successRate() {
        return requests == 0 ? null : BigDecimal.valueOf(succeeded * 100).divide(BigDecimal.valueOf(requests), 1, RoundingMode.HALF_UP);
    }

    public String costText(String currency) {
        return new Money(cost, currency).display();
    }
}
