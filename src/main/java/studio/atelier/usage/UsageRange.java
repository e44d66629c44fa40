package studio.atelier.usage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import studio.atelier.shared.FilterCheck;

/**
 * A range of the usage page: the last 24 hours, the last 7 or 30 days (today included), this month, or custom days
 * (inclusive). Unknown or incomplete input falls back to 7 days; custom ranges are capped at 366 days.
 */
public record UsageRange(Kind kind, LocalDate from, LocalDate to) {

    public enum Kind {
        H24("24h"), D7("7d"), D30("30d"), MONTH("month"), CUSTOM("custom");

        private final String param;

        Kind(String param) {
            this.param = param;
        }

        public String param() {
            return param;
        }
    }

    /** The range as the address gives it, each wrong parameter kept as a problem of {@code check} (and left out). */
    public static UsageRange checked(FilterCheck check, String range, String from, String to) {
        List<String> known = Arrays.stream(Kind.values()).map(Kind::param).toList();
        return parse(check.oneOf("range", range, known), check.date("from", from), check.date("to", to));
    }

    public static UsageRange parse(String range, LocalDate from, LocalDate to) {
        for (Kind k : Kind.values()) {
            if (k.param.equals(range)) {
                if (k == Kind.CUSTOM) {
                    if (from == null || to == null) {
                        return new UsageRange(Kind.D7, null, null);
                    }
                    LocalDate start = from.isAfter(to) ? to : from;
                    LocalDate end = from.isAfter(to) ? from : to;
                    if (start.plusDays(366).isBefore(end)) {
                        start = end.minusDays(366);
                    }
                    return new UsageRange(k, start, end);
                }
                return new UsageRange(k, null, null);
            }
        }
        return new UsageRange(Kind.D7, null, null);
    }

    public boolean hourly() {
        return kind == Kind.H24;
    }
}
