package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.account.AccountApi;
import studio.atelier.account.AccountSummary;

/**
 * The usage page's read path. Day-based ranges read the daily roll-up only (a few rows per day however many
 * requests there were); the 24 h range reads the raw records of the last 24 hours through the (user_id, occurred_at)
 * index; the latest requests are the newest rows of that index. Every query is scoped to one person or one team
 * ({@link UsageScope}: the same queries on {@code user_id} or {@code team_id}, each with its own index).
 */
@Component
class UsageQueries {

    static final int LATEST = 20;
    static final String RECORD_COLUMNS = "id, generation_id, provider_id, model, api_key_id, status, error_kind, prompt_tokens, "
            + "completion_tokens, total_tokens, image_count, upstream_latency_ms, cost, currency, price_version_id, prompt, occurred_at";

    private final JdbcClient jdbc;
    private final UsagePeriods periods;
    private final UsageSettings settings;
    private final AccountApi accounts;

    UsageQueries(JdbcClient jdbc, UsagePeriods periods, UsageSettings settings, AccountApi accounts) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.periods = periods;
        this.settings = settings;
    }

    /** The instants a range covers: [from, to). */
    Instant[] bounds(UsageRange range) {
        Instant now = periods.now();
        LocalDate today = periods.today();
        return switch (range.kind()) {
            case H24 -> new Instant[] { now.minus(Duration.ofHours(24)), now.plusMillis(1) };
            case D7 -> new Instant[] { periods.startOf(today.minusDays(6)), periods.startOf(today.plusDays(1)) };
            case D30 -> new Instant[] { periods.startOf(today.minusDays(29)), periods.startOf(today.plusDays(1)) };
            case MONTH -> new Instant[] { periods.startOf(today.withDayOfMonth(1)), periods.startOf(today.plusDays(1)) };
            case CUSTOM -> new Instant[] { periods.startOf(range.from()), periods.startOf(range.to().plusDays(1)) };
        };
    }

    LocalDate[] days(UsageRange range) {
        LocalDate today = periods.today();
        return switch (range.kind()) {
            case H24 -> throw new IllegalArgumentException("hourly");
            case D7 -> new LocalDate[] { today.minusDays(6), today };
            case D30 -> new LocalDate[] { today.minusDays(29), today };
            case MONTH -> new LocalDate[] { today.withDayOfMonth(1), today };
            case CUSTOM -> new LocalDate[] { range.from(), range.to() };
        };
    }

    UsageReport report(UsageScope scope, UsageRange range) {
        Instant[] bounds = bounds(range);
        Aggregate agg = range.hourly() ? hourly(scope, bounds[0], bounds[1]) : daily(scope, days(range));
        List<UsageRecordView> latest = jdbc.sql("select " + RECORD_COLUMNS + " from usage_record where " + scope.column() + " = :u "
                        + "and occurred_at >= :from and occurred_at < :to order by occurred_at desc, id desc limit " + LATEST)
                .param("u", scope.id()).param("from", Timestamp.from(bounds[0])).param("to", Timestamp.from(bounds[1]))
                .query((rs, n) -> record(rs)).list();
        LocalDate[] days = range.hourly() ? new LocalDate[] { periods.dayOf(bounds[0]), periods.today() } : days(range);
        return new UsageReport(range, bounds[0], bounds[1], days[0], days[1], agg.totals(), agg.points(), agg.models(), agg.statuses(),
                latest, settings.currency(), scope.isTeam() ? agg.members(this::username) : List.of());
    }

    /** A member's name for the team breakdown (someone whose account is gone shows as their id). */
    String username(long userId) {
        return accounts.find(userId).map(AccountSummary::username).orElse("#" + userId);
    }

    private Aggregate hourly(UsageScope scope, Instant from, Instant to) {
        ZonedDateTime first = from.atZone(periods.zone()).truncatedTo(ChronoUnit.HOURS);
        Aggregate agg = new Aggregate();
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:00");
        for (ZonedDateTime h = first; h.toInstant().isBefore(to); h = h.plusHours(1)) {
            agg.bucket(h.toInstant().toString(), h.format(hour));
        }
        jdbc.sql("select occurred_at, provider_id, model, status, error_kind, image_count, total_tokens, cost, user_id from usage_record "
                        + "where " + scope.column() + " = :u and occurred_at >= :from and occurred_at < :to")
                .param("u", scope.id()).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(rs -> {
                    Instant at = rs.getTimestamp(1).toInstant();
                    String key = at.atZone(periods.zone()).truncatedTo(ChronoUnit.HOURS).toInstant().toString();
                    agg.add(key, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), 1, rs.getLong(6),
                            rs.getLong(7), rs.getBigDecimal(8), rs.getLong(9));
                });
        return agg;
    }

    private Aggregate daily(UsageScope scope, LocalDate[] days) {
        Aggregate agg = new Aggregate();
        DateTimeFormatter label = DateTimeFormatter.ofPattern("MM-dd");
        for (LocalDate d = days[0]; !d.isAfter(days[1]); d = d.plusDays(1)) {
            agg.bucket(d.toString(), d.format(label));
        }
        jdbc.sql("select usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost, user_id from usage_daily "
                        + "where " + scope.column() + " = :u and usage_day >= :from and usage_day <= :to")
                .param("u", scope.id()).param("from", Date.valueOf(days[0])).param("to", Date.valueOf(days[1]))
                .query(rs -> {
                    agg.add(rs.getDate(1).toLocalDate().toString(), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBigDecimal(9), rs.getLong(10));
                });
        return agg;
    }

    Optional<UsageRecordView> forGeneration(long userId, long generationId) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from usage_record where user_id = :u and generation_id = :g order by id desc limit 1")
                .param("u", userId).param("g", generationId).query((rs, n) -> record(rs)).optional();
    }

    Map<Long, KeyUsage> keysThisMonth(long userId) {
        Map<Long, KeyUsage> out = new HashMap<>();
        jdbc.sql("select api_key_id, count(*), coalesce(sum(cost), 0) from usage_record where user_id = :u and occurred_at >= :from "
                        + "and api_key_id is not null group by api_key_id")
                .param("u", userId).param("from", Timestamp.from(periods.startOf(periods.monthStart())))
                .query(rs -> {
                    out.put(rs.getLong(1), new KeyUsage(rs.getLong(2), rs.getBigDecimal(3), settings.currency()));
                });
        return out;
    }

    static UsageRecordView record(ResultSet rs) throws SQLException {
        return new UsageRecordView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), (Long) rs.getObject(5, Long.class),
                rs.getString(6), rs.getString(7), rs.getObject(8, Integer.class), rs.getObject(9, Integer.class),
                rs.getObject(10, Integer.class), rs.getInt(11), rs.getObject(12, Long.class), rs.getBigDecimal(13), rs.getString(14),
                rs.getObject(15, Long.class), rs.getString(16), rs.getTimestamp(17).toInstant());
    }

    /** Totals, chart buckets and breakdowns built in one pass over the rows. */
    private static final class Aggregate {
        long requests;
        long succeeded;
        long images;
        long tokens;
        BigDecimal cost = BigDecimal.ZERO;
        final Map<String, long[]> bucketRequests = new LinkedHashMap<>();
        final Map<String, BigDecimal> bucketCost = new HashMap<>();
        final Map<String, String> bucketLabel = new HashMap<>();
        final Map<String, UsageReport.ModelLine> models = new HashMap<>();
        final Map<String, UsageReport.StatusLine> statuses = new HashMap<>();
        final Map<Long, UsageReport.MemberLine> members = new HashMap<>();

        void bucket(String key, String label) {
            bucketRequests.put(key, new long[1]);
            bucketCost.put(key, BigDecimal.ZERO);
            bucketLabel.put(key, label);
        }

        void add(String bucket, String provider, String model, String status, String errorKind, long n, long img, long tok,
                BigDecimal c, long userId) {
            requests += n;
            if ("SUCCEEDED".equals(status)) {
                succeeded += n;
            }
            images += img;
            tokens += tok;
            cost = cost.add(c);
            long[] r = bucketRequests.get(bucket);
            if (r != null) {
                r[0] += n;
                bucketCost.merge(bucket, c, BigDecimal::add);
            }
            models.merge(provider + "\u0000" + model, new UsageReport.ModelLine(provider, model, n, img, tok, c),
                    (a, b) -> new UsageReport.ModelLine(a.providerId(), a.model(), a.requests() + b.requests(), a.images() + b.images(),
                            a.tokens() + b.tokens(), a.cost().add(b.cost())));
            members.merge(userId, new UsageReport.MemberLine(userId, null, n, img, tok, c),
                    (a, b) -> new UsageReport.MemberLine(a.userId(), null, a.requests() + b.requests(), a.images() + b.images(),
                            a.tokens() + b.tokens(), a.cost().add(b.cost())));
            String kind = errorKind == null || errorKind.isEmpty() ? null : errorKind;
            statuses.merge(status + "\u0000" + kind, new UsageReport.StatusLine(status, kind, n),
                    (a, b) -> new UsageReport.StatusLine(a.status(), a.errorKind(), a.requests() + b.requests()));
        }

        UsageReport.Totals totals() {
            return new UsageReport.Totals(requests, succeeded, images, tokens, cost);
        }

        List<UsageReport.Point> points() {
            List<UsageReport.Point> out = new ArrayList<>();
            bucketRequests.forEach((k, r) -> out.add(new UsageReport.Point(bucketLabel.get(k), r[0], bucketCost.get(k))));
            return out;
        }

        List<UsageReport.ModelLine> models() {
            return models.values().stream().sorted(Comparator.comparingLong(UsageReport.ModelLine::requests).reversed()
                    .thenComparing(UsageReport.ModelLine::model)).toList();
        }

        /** Per member, most cost first (then most requests, then name). */
        List<UsageReport.MemberLine> members(java.util.function.LongFunction<String> names) {
            return members.values().stream()
                    .map(m -> new UsageReport.MemberLine(m.userId(), names.apply(m.userId()), m.requests(), m.images(), m.tokens(), m.cost()))
                    .sorted(Comparator.comparing(UsageReport.MemberLine::cost).reversed()
                            .thenComparing(Comparator.comparingLong(UsageReport.MemberLine::requests).reversed())
                            .thenComparing(UsageReport.MemberLine::username))
                    .toList();
        }

        List<UsageReport.StatusLine> statuses() {
            return statuses.values().stream().sorted(Comparator.comparingLong(UsageReport.StatusLine::requests).reversed()
                    .thenComparing(UsageReport.StatusLine::status)).toList();
        }
    }
}
