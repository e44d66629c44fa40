package studio.atelier.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the usage page shows for one range; {@code byMember} only for a team (empty for a person). {@code from} and
 * {@code to} are the instants covered, [from, to); {@code firstDay} and {@code lastDay} the calendar days they span in
 * the usage time zone (inclusive), which the range form shows.
 */
public record UsageReport(UsageRange range, Instant from, Instant to, LocalDate firstDay, LocalDate lastDay, Totals totals, List<Point> chart, List<ModelLine> byModel,
        List<StatusLine> byStatus, List<UsageRecordView> latest, String currency, List<MemberLine> byMember) {

    public record Totals(long requests, long succeeded, long images, long tokens, BigDecimal cost) {

        /** Percent of requests that succeeded, one decimal; null without requests. */
        public BigDecimal successRate() {
            return requests == 0 ? null : BigDecimal.valueOf(succeeded * 100).divide(BigDecimal.valueOf(requests), 1, RoundingMode.HALF_UP);
        }
    }

    /** One bar of the chart: an hour (24 h range) or a day. */
    public record Point(String label, long requests, BigDecimal cost) {
    }

    public record ModelLine(String providerId, String model, long requests, long images, long tokens, BigDecimal cost) {
    }

    /** One member's share of a team's usage. */
    public record MemberLine(long userId, String username, long requests, long images, long tokens, BigDecimal cost) {
    }

    public record StatusLine(String status, String errorKind, long requests) {
    }

    public String costText(BigDecimal amount) {
        return new Money(amount, currency).display();
    }
}
