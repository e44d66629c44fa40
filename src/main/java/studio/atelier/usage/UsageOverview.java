package studio.atelier.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Instance-wide usage for the admin dashboard, read from the daily roll-up (the raw records for the 24 h range). */
public record UsageOverview(UsageRange range, Totals totals, List<Point> chart, List<Count> errors, List<Count> models,
        List<UserUsageLine> topUsers, String currency) {

    public record Totals(long activeUsers, long requests, long succeeded, long failed, long images, long tokens, BigDecimal cost) {

        /** Percent of requests that succeeded, one decimal; zero without requests. */
        public BigDecimal successRate() {
            return requests == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(succeeded * 100).divide(BigDecimal.valueOf(requests), 1, RoundingMode.HALF_UP);
        }
    }

    /** One bucket of the chart (an hour for 24 h, a day otherwise). */
    public record Point(String label, long requests, long failed, BigDecimal cost) {
    }

    public record Count(String key, long count) {
    }

    public String costText(BigDecimal amount) {
        return new Money(amount, currency).display();
    }
}
