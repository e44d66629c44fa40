package studio.atelier.usage;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Usage settings: quota periods (days, months) and the usage page's days follow calendar boundaries in
 * {@code timeZone}; costs without a configured price are in {@code currency}; the banner warns at {@code warnPercent}.
 */
@ConfigurationProperties("atelier.usage")
record UsageSettings(ZoneId timeZone, String currency, Integer warnPercent) {

    UsageSettings {
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        currency = currency == null || currency.isBlank() ? "USD" : currency.trim().toUpperCase(java.util.Locale.ROOT);
        warnPercent = warnPercent == null ? 80 : warnPercent;
    }
}
