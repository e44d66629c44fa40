package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Usage across everyone, for the admin console. Day-based ranges read the daily roll-up through its (usage_day)
 * index; the 24 h range reads the raw records through their (occurred_at) index. Aggregation happens in the
 * database (a few hundred rows per query come back), never per record in Java.
 */
@Component
class AdminUsageQueries {

    /** Sortable columns of the usage table and their SQL. */
    static final Map<String, String> SORTS = Map.of(
            "user", "u.username_key",
            "requests", "s.requests",
            "success", "case when s.requests = 0 then 0 else s.succeeded * 1.0 / s.requests end",
            "images", "s.images",
            "tokens", "s.tokens",
            "cost", "s.cost");

    private final JdbcClient jdbc;
    private final UsageQueries queries;
    private final UsagePeriods periods;
    private final UsageSettings settings;

    AdminUsageQueries(JdbcClient jdbc, UsageQueries queries, UsagePeriods periods, UsageSettings settings) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.periods = periods;
        this.settings = settings;
    }

    /** Per-person sums for the range as a sub-select with the named parameters :from and :to. */
    private String perUser(UsageRange range) {
        if (range.hourly()) {
            return "select user_id, count(*) requests, sum(case when status = 'SUCCEEDED' then 1 else 0 end) succeeded, "
                    + "sum(image_count) images, sum(coalesce(total_tokens, 0)) tokens, sum(cost) cost from usage_record "
                    + "where occurred_at >= :from and occurred_at < :to group by user_id";
        }
        return "select user_id, sum(requests) requests, sum(case when status = 'SUCCEEDED' then requests else 0 end) succeeded, "
                + "sum(images) images, sum(tokens) tokens, sum(cost) cost from usage_daily "
                + "where usage_day >= :from and usage_day <= :to group by user_id";
    }

    private Map<String, Object> bounds(UsageRange range) {
        Map<String, Object> p = new HashMap<>();
        if (range.hourly()) {
            Instant[] b = queries.bounds(range);
            p.put("from", Timestamp.from(b[0]));
            p.put("to", Timestamp.from(b[1]));
        } else {
            LocalDate[] d = queries.days(range);
            p.put("from", Date.valueOf(d[0]));
            p.put("to", Date.valueOf(d[1]));
        }
        return p;
    }

    UserUsagePage byUser(UsageRange range, String search, String sort, boolean ascending, int page, int size) {
        String order = SORTS.getOrDefault(sort, SORTS.get("cost"));
        Map<String, Object> params = bounds(range);
        String where = "";
        if (search != null && !search.isBlank()) {
            where = " where u.username_key like :q escape '\\'";
            params.put("q", "%" + search.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String from = " from (" + perUser(range) + ") s join app_user u on u.id = s.user_id" + where;
        params.put("limit", size);
        params.put("offset", (long) page * size);
        long[] total = { -1 };
        // one pass: the window count gives the number of matching people along with the page
        List<UserUsageLine> lines = jdbc.sql("select u.id, u.username, s.requests, s.succeeded, s.images, s.tokens, s.cost, count(*) over ()"
                        + from + " order by " + order + (ascending ? " asc" : " desc") + ", u.username_key asc limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> {
                    total[0] = rs.getLong(8);
                    return new UserUsageLine(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getBigDecimal(7));
                })
                .list();
        if (total[0] < 0) {
            total[0] = page == 0 ? 0 : jdbc.sql("select count(*)" + from).params(params).query(Long.class).single();
        }
        return new UserUsagePage(lines, total[0], page, size);
    }

    UsageOverview overview(UsageRange range, int top) {
        Map<String, Object> params = bounds(range);
        // buckets first, so empty hours or days show as zero
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, BigDecimal> costs = new HashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        if (range.hourly()) {
            Instant[] b = queries.bounds(range);
            DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:00");
            for (ZonedDateTime h = b[0].atZone(periods.zone()).truncatedTo(ChronoUnit.HOURS); h.toInstant().isBefore(b[1]); h = h.plusHours(1)) {
                labels.put(h.toInstant().toString(), h.format(hour));
            }
        } else {
            LocalDate[] d = queries.days(range);
            DateTimeFormatter day = DateTimeFormatter.ofPattern("MM-dd");
            for (LocalDate x = d[0]; !x.isAfter(d[1]); x = x.plusDays(1)) {
                labels.put(x.toString(), x.format(day));
            }
        }
        labels.keySet().forEach(k -> {
            counts.put(k, new long[2]);
            costs.put(k, BigDecimal.ZERO);
        });
        long[] t = new long[5]; // requests, succeeded, failed, images, tokens
        BigDecimal[] cost = { BigDecimal.ZERO };
        Map<String, Long> errors = new HashMap<>();
        Map<String, Long> models = new HashMap<>();
        String grouped = range.hourly()
                ? "select occurred_at, model, status, coalesce(error_kind, ''), 1, image_count, coalesce(total_tokens, 0), cost "
                        + "from usage_record where occurred_at >= :from and occurred_at < :to"
                : "select usage_day, model, status, error_kind, sum(requests), sum(images), sum(tokens), sum(cost) from usage_daily "
                        + "where usage_day >= :from and usage_day <= :to group by usage_day, model, status, error_kind";
        jdbc.sql(grouped).params(params).query(rs -> {
            String key = range.hourly()
                    ? rs.getTimestamp(1).toInstant().atZone(periods.zone()).truncatedTo(ChronoUnit.HOURS).toInstant().toString()
                    : rs.getDate(1).toLocalDate().toString();
            String status = rs.getString(3);
            String kind = rs.getString(4);
            long n = rs.getLong(5);
            BigDecimal c = rs.getBigDecimal(8);
            boolean failed = "FAILED".equals(status) || "INTERRUPTED".equals(status);
            t[0] += n;
            t[1] += "SUCCEEDED".equals(status) ? n : 0;
            t[2] += failed ? n : 0;
            t[3] += rs.getLong(6);
            t[4] += rs.getLong(7);
            cost[0] = cost[0].add(c);
            long[] bucket = counts.get(key);
            if (bucket != null) {
                bucket[0] += n;
                bucket[1] += failed ? n : 0;
                costs.merge(key, c, BigDecimal::add);
            }
            if (kind != null && !kind.isEmpty()) {
                errors.merge(kind, n, Long::sum);
            }
            models.merge(rs.getString(2), n, Long::sum);
        });
        UserUsagePage topPage = byUser(range, null, "cost", false, 0, top);
        long activeUsers = topPage.total();
        List<UserUsageLine> topUsers = topPage.lines();
        List<UsageOverview.Point> chart = new ArrayList<>();
        labels.forEach((k, label) -> chart.add(new UsageOverview.Point(label, counts.get(k)[0], counts.get(k)[1], costs.get(k))));
        return new UsageOverview(range, new UsageOverview.Totals(activeUsers, t[0], t[1], t[2], t[3], t[4], cost[0]), chart,
                sorted(errors, Integer.MAX_VALUE), sorted(models, 10), topUsers, settings.currency());
    }

    private static List<UsageOverview.Count> sorted(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream().map(e -> new UsageOverview.Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(UsageOverview.Count::count).reversed().thenComparing(UsageOverview.Count::key))
                .limit(limit).toList();
    }

    Map<Long, MonthUsage> thisMonth(Collection<Long> userIds) {
        Map<Long, MonthUsage> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select user_id, sum(requests), sum(images), sum(cost) from usage_daily where usage_day >= :from and user_id in (:ids) "
                        + "group by user_id")
                .param("from", Date.valueOf(periods.monthStart())).param("ids", userIds)
                .query(rs -> {
                    out.put(rs.getLong(1), new MonthUsage(rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4)));
                });
        return out;
    }
}
