package studio.atelier.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The dashboard's time range: 24 h, 7 d, 30 d or custom days (UTC); hourly buckets for a day, daily otherwise. */
public record AdminRange(String key, Instant from, Instant to, Duration bucket) {

    public static AdminRange of(String key, LocalDate customFrom, LocalDate customTo, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant tomorrow = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        if ("custom".equals(key) && customFrom != null && customTo != null && !customTo.isBefore(customFrom)
                && ChronoUnit.DAYS.between(customFrom, customTo) <= 366) {
            return new AdminRange("custom", customFrom.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    customTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Duration.ofDays(1));
        }
        return switch (key == null ? "7d" : key) {
            case "24h" -> new AdminRange("24h", hour.minus(24, ChronoUnit.HOURS), hour, Duration.ofHours(1));
            case "30d" -> new AdminRange("30d", tomorrow.minus(30, ChronoUnit.DAYS), tomorrow, Duration.ofDays(1));
            default -> new AdminRange("7d", tomorrow.minus(7, ChronoUnit.DAYS), tomorrow, Duration.ofDays(1));
        };
    }

    public boolean hourly() {
        return bucket.equals(Duration.ofHours(1));
    }
}
