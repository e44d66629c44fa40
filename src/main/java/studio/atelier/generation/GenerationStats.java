package studio.atelier.generation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Instance-wide figures for the admin dashboard, for a time range. */
@Service
public class GenerationStats {

    public record Totals(long generations, long succeeded, long failed, long images, long tokens, long activeUsers) {

        public double successRate() {
            long ended = succeeded + failed;
            return ended == 0 ? 0 : 100.0 * succeeded / ended;
        }
    }

    public record Count(String key, long count) {
    }

    public record TopUser(long userId, String username, long generations, long images) {
    }

    public record Bucket(Instant start, long generations, long failed) {
    }

    private final JdbcClient jdbc;

    GenerationStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Totals totals(Instant from, Instant to) {
        return jdbc.sql("select count(*), sum(case when status = 'SUCCEEDED' then 1 else 0 end), "
                        + "sum(case when status in ('FAILED','INTERRUPTED') then 1 else 0 end), coalesce(sum(image_count), 0), "
                        + "coalesce(sum(total_tokens), 0), count(distinct owner_id) from generation where queued_at >= :f and queued_at < :t")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to))
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .single();
    }

    @Transactional(readOnly = true)
    public List<Count> byErrorKind(Instant from, Instant to) {
        return jdbc.sql("select error_kind, count(*) c from generation where queued_at >= :f and queued_at < :t and error_kind is not null "
                        + "group by error_kind order by c desc")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).query((rs, n) -> new Count(rs.getString(1), rs.getLong(2)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<Count> topModels(Instant from, Instant to) {
        return jdbc.sql("select model, count(*) c from generation where queued_at >= :f and queued_at < :t group by model order by c desc limit 10")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).query((rs, n) -> new Count(rs.getString(1), rs.getLong(2)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<TopUser> topUsers(Instant from, Instant to, int limit) {
        return jdbc.sql("select g.owner_id, u.username, count(*) c, coalesce(sum(g.image_count), 0) from generation g "
                        + "join app_user u on u.id = g.owner_id where g.queued_at >= :f and g.queued_at < :t "
                        + "group by g.owner_id, u.username order by c desc limit :l")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).param("l", limit)
                .query((rs, n) -> new TopUser(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** Generations per bucket (hour or day), oldest first, with empty buckets filled in. */
    @Transactional(readOnly = true)
    public List<Bucket> series(Instant from, Instant to, Duration bucket) {
        long size = bucket.toMillis();
        java.util.Map<Long, long[]> counts = new java.util.HashMap<>();
        jdbc.sql("select queued_at, status from generation where queued_at >= :f and queued_at < :t")
                .param("f", Timestamp.from(from)).param("t", Timestamp.from(to))
                .query(rs -> {
                    long index = (rs.getTimestamp(1).toInstant().toEpochMilli() - from.toEpochMilli()) / size;
                    long[] c = counts.computeIfAbsent(index, k -> new long[2]);
                    c[0]++;
                    String status = rs.getString(2);
                    if ("FAILED".equals(status) || "INTERRUPTED".equals(status)) {
                        c[1]++;
                    }
                });
        List<Bucket> out = new java.util.ArrayList<>();
        for (long i = 0; from.toEpochMilli() + i * size < to.toEpochMilli(); i++) {
            long[] c = counts.getOrDefault(i, new long[2]);
            out.add(new Bucket(from.plusMillis(i * size), c[0], c[1]));
        }
        return out;
    }
}
