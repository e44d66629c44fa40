package studio.atelier.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;

/**
 * How much of one limit is used, counting what is still in flight. {@code resetsAtText} is the moment the period
 * starts again, in the configured time zone.
 */
public record QuotaMeter(Kind kind, BigDecimal used, BigDecimal limit, ZonedDateTime resetsAt, int warnPercent) {

    public enum Kind { REQUESTS_PER_DAY, IMAGES_PER_MONTH, COST_PER_MONTH }

    public int percent() {
        if (limit.signum() <= 0) {
            return 100;
        }
        return used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(999)).intValue();
    }

    public boolean reached() {
        return used.compareTo(limit) >= 0;
    }

    public boolean warning() {
        return !reached() && percent() >= warnPercent;
    }

    public String usedText() {
        return kind == Kind.COST_PER_MONTH ? Money.plain(used) : used.stripTrailingZeros().toPlainString();
    }

    public String limitText() {
        return kind == Kind.COST_PER_MONTH ? Money.plain(limit) : limit.stripTrailingZeros().toPlainString();
    }

    /**
     * The limit as a message argument: a whole number for a count, so that the bundles can choose between "1 request"
     * and "2 requests"; the amount as text for money.
     */
    public Object limitArgument() {
        return kind == Kind.COST_PER_MONTH ? limitText() : limit.longValue();
    }

    /** What is used, as a message argument (see {@link #limitArgument()}). */
    public Object usedArgument() {
        return kind == Kind.COST_PER_MONTH ? usedText() : used.longValue();
    }

    public String resetsAtText() {
        return formatReset(resetsAt);
    }

    static String formatReset(ZonedDateTime at) {
        return at.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " " + at.getZone().getId();
    }
}
