package studio.atelier.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.stereotype.Component;

/** Calendar periods in the configured time zone: quotas reset at the start of the next day or month there. */
@Component
class UsagePeriods {

    private final Clock clock;
    private final ZoneId zone;

    UsagePeriods(Clock clock, UsageSettings settings) {
        this.clock = clock;
        this.zone = settings.timeZone();
    }

    ZoneId zone() {
        return zone;
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    LocalDate monthStart() {
        return today().withDayOfMonth(1);
    }

    /** When today's counters start again. */
    ZonedDateTime dayResetsAt() {
        return today().plusDays(1).atStartOfDay(zone);
    }

    /** When this month's counters start again. */
    ZonedDateTime monthResetsAt() {
        return monthStart().plusMonths(1).atStartOfDay(zone);
    }
}
