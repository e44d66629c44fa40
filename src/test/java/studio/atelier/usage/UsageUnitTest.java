package studio.atelier.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Cost arithmetic, calendar periods in a time zone, range parsing and CSV cells, without a database. */
class UsageUnitTest {

    static Price price(String perCall, String perImage, String per1k, String failed) {
        return new Price(7L, "p", "m", new BigDecimal(perCall), new BigDecimal(perImage), new BigDecimal(per1k), new BigDecimal(failed),
                "USD", Instant.EPOCH);
    }

    @Test
    void costIsPerCallPlusPerImagePlusPerThousandTokensAndFailuresCostTheFailedCallPrice() {
        Price p = price("0.01", "0.04", "0.002", "0.005");
        assertThat(p.costOf(true, 3, 1500)).isEqualByComparingTo("0.133");
        assertThat(p.costOf(true, 0, null)).isEqualByComparingTo("0.01");
        assertThat(p.costOf(false, 3, 1500)).isEqualByComparingTo("0.005");
        assertThat(p.estimate(2)).isEqualByComparingTo("0.09");
        assertThat(Price.free("p", "m", "USD").costOf(true, 4, 99999)).isEqualByComparingTo("0");
    }

    static Price version(long id, String model, String validFrom) {
        return new Price(id, "p", model, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, "USD", Instant.parse(validFrom));
    }

    @Test
    void thePriceOfAMomentIsTheModelsNewestVersionValidByThenAndTheProvidersStarPriceOtherwise() {
        Price anyOld = version(1, Price.ANY_MODEL, "2026-01-01T00:00:00Z");
        Price own = version(2, "m", "2026-02-01T00:00:00Z");
        Price ownSameMoment = version(3, "m", "2026-02-01T00:00:00Z");
        Price ownLater = version(4, "m", "2026-03-01T00:00:00Z");
        Price anyNew = version(5, Price.ANY_MODEL, "2026-02-15T00:00:00Z");
        java.util.List<Price> versions = java.util.List.of(anyNew, ownLater, own, anyOld, ownSameMoment);

        assertThat(Prices.applying(versions, "m", Instant.parse("2025-12-31T00:00:00Z"))).as("before any version").isNull();
        assertThat(Prices.applying(versions, "m", Instant.parse("2026-01-15T00:00:00Z"))).as("only the star price yet").isEqualTo(anyOld);
        assertThat(Prices.applying(versions, "m", Instant.parse("2026-02-20T00:00:00Z")))
                .as("the model's own price beats a newer star price; of two from one moment the later added").isEqualTo(ownSameMoment);
        assertThat(Prices.applying(versions, "m", Instant.parse("2026-03-01T00:00:00Z"))).as("valid from that very moment").isEqualTo(ownLater);
        assertThat(Prices.applying(versions, "other", Instant.parse("2026-02-20T00:00:00Z"))).isEqualTo(anyNew);
    }

    @Test
    void periodsFollowCalendarBoundariesInTheConfiguredZone() {
        // 2026-01-31 16:30 UTC is already 2026-02-01 00:30 in Shanghai: a new day and a new month there
        Clock clock = Clock.fixed(Instant.parse("2026-01-31T16:30:00Z"), ZoneId.of("UTC"));
        UsagePeriods shanghai = new UsagePeriods(clock, new UsageSettings(ZoneId.of("Asia/Shanghai"), null, null));
        assertThat(shanghai.today()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(shanghai.monthStart()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(shanghai.dayResetsAt().toInstant()).isEqualTo(Instant.parse("2026-02-01T16:00:00Z"));
        assertThat(shanghai.monthResetsAt().toInstant()).isEqualTo(Instant.parse("2026-02-28T16:00:00Z"));
        assertThat(QuotaMeter.formatReset(shanghai.monthResetsAt())).isEqualTo("2026-03-01 00:00 Asia/Shanghai");

        UsagePeriods utc = new UsagePeriods(clock, new UsageSettings(null, null, null));
        assertThat(utc.today()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(utc.monthResetsAt().toInstant()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void metersWarnAt80PercentAndAreReachedAt100() {
        var reset = java.time.ZonedDateTime.parse("2026-02-01T00:00:00Z[UTC]");
        QuotaMeter m79 = new QuotaMeter(QuotaMeter.Kind.REQUESTS_PER_DAY, new BigDecimal(79), new BigDecimal(100), reset, 80);
        QuotaMeter m80 = new QuotaMeter(QuotaMeter.Kind.REQUESTS_PER_DAY, new BigDecimal(80), new BigDecimal(100), reset, 80);
        QuotaMeter m100 = new QuotaMeter(QuotaMeter.Kind.REQUESTS_PER_DAY, new BigDecimal(100), new BigDecimal(100), reset, 80);
        assertThat(m79.warning()).isFalse();
        assertThat(m80.warning()).isTrue();
        assertThat(m80.reached()).isFalse();
        assertThat(m100.reached()).isTrue();
        assertThat(m100.warning()).isFalse();
        QuotaMeter cost = new QuotaMeter(QuotaMeter.Kind.COST_PER_MONTH, new BigDecimal("4.5"), new BigDecimal("5"), reset, 80);
        assertThat(cost.usedText()).isEqualTo("4.50");
        assertThat(cost.percent()).isEqualTo(90);
    }

    @Test
    void rangesFallBackTo7DaysAndCustomRangesAreOrderedAndCapped() {
        assertThat(UsageRange.parse(null, null, null).kind()).isEqualTo(UsageRange.Kind.D7);
        assertThat(UsageRange.parse("nonsense", null, null).kind()).isEqualTo(UsageRange.Kind.D7);
        assertThat(UsageRange.parse("custom", LocalDate.of(2026, 1, 1), null).kind()).isEqualTo(UsageRange.Kind.D7);
        UsageRange swapped = UsageRange.parse("custom", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 1, 1));
        assertThat(swapped.from()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(swapped.to()).isEqualTo(LocalDate.of(2026, 3, 1));
        UsageRange capped = UsageRange.parse("custom", LocalDate.of(2000, 1, 1), LocalDate.of(2026, 1, 1));
        assertThat(capped.from()).isEqualTo(LocalDate.of(2026, 1, 1).minusDays(366));
        assertThat(UsageRange.parse("24h", null, null).hourly()).isTrue();
    }

    @Test
    void csvCellsAreQuotedPerRfc4180AndFormulasAreDefused() {
        assertThat(CsvExport.cell(null)).isEmpty();
        assertThat(CsvExport.cell("plain")).isEqualTo("plain");
        assertThat(CsvExport.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvExport.cell("one\r\ntwo")).isEqualTo("\"one\r\ntwo\"");
        assertThat(CsvExport.cell("中文，提示")).isEqualTo("中文，提示");
        assertThat(CsvExport.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(CsvExport.cell("+cmd")).isEqualTo("'+cmd");
        assertThat(CsvExport.cell("-2")).isEqualTo("'-2");
        assertThat(CsvExport.cell("@A1")).isEqualTo("'@A1");
        assertThat(CsvExport.cell("=A1,B1")).isEqualTo("\"'=A1,B1\"");
        assertThat(CsvExport.cell(-5L)).as("numbers we write are not text").isEqualTo("-5");
        assertThat(Money.plain(new BigDecimal("0.0885"))).isEqualTo("0.0885");
        assertThat(Money.plain(new BigDecimal("12"))).isEqualTo("12.00");
    }
}
