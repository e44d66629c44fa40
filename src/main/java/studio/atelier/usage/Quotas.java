package studio.atelier.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Quota rows (per person, and the default with {@code user_id} null) and the per-person submission lock. */
@Component
class Quotas {

    private final JdbcClient jdbc;
    private final Savepoint savepoint;

    Quotas(JdbcClient jdbc, Savepoint savepoint) {
        this.jdbc = jdbc;
        this.savepoint = savepoint;
    }

    /**
     * The person's own limits when an admin set some, otherwise the default, in one statement. Every submission asks,
     * and admins change them rarely, so they are cached; a change applies at once on every node.
     */
    @Cacheable(cacheNames = "quotas", sync = true)
    Limits effective(long userId) {
        return jdbc.sql("select requests_per_day, images_per_month, cost_per_month from quota where user_id = :u or user_id is null "
                        + "order by case when user_id is null then 1 else 0 end, id limit 1")
                .param("u", userId).query((rs, n) -> limits(rs)).optional().orElse(Limits.unlimited());
    }

    Optional<Limits> own(long userId) {
        return jdbc.sql("select requests_per_day, images_per_month, cost_per_month from quota where user_id = :u")
                .param("u", userId).query((rs, n) -> limits(rs)).optional();
    }

    Limits defaults() {
        return jdbc.sql("select requests_per_day, images_per_month, cost_per_month from quota where user_id is null order by id limit 1")
                .query((rs, n) -> limits(rs)).optional().orElse(Limits.unlimited());
    }

    @CacheEvict(cacheNames = "quotas", allEntries = true)
    void setOwn(long userId, Limits limits, Instant now) {
        int updated = jdbc.sql("update quota set requests_per_day = :r, images_per_month = :i, cost_per_month = :c, updated_at = :now "
                + "where user_id = :u").params(params(limits, now)).param("u", userId).update();
        if (updated == 0) {
            jdbc.sql("insert into quota (user_id, requests_per_day, images_per_month, cost_per_month, updated_at) "
                    + "values (:u, :r, :i, :c, :now)").params(params(limits, now)).param("u", userId).update();
        }
    }

    @CacheEvict(cacheNames = "quotas", allEntries = true)
    void clearOwn(long userId) {
        jdbc.sql("delete from quota where user_id = :u").param("u", userId).update();
    }

    @CacheEvict(cacheNames = "quotas", allEntries = true)
    void setDefaults(Limits limits, Instant now) {
        int updated = jdbc.sql("update quota set requests_per_day = :r, images_per_month = :i, cost_per_month = :c, updated_at = :now "
                + "where user_id is null").params(params(limits, now)).update();
        if (updated == 0) {
            jdbc.sql("insert into quota (user_id, requests_per_day, images_per_month, cost_per_month, updated_at) "
                    + "values (null, :r, :i, :c, :now)").params(params(limits, now)).update();
        }
    }

    /**
     * Locks this person's row until the calling transaction ends. The row is created on first use, inside a savepoint
     * of the same transaction (no second connection): a concurrent first submission waits on the uncommitted row,
     * then gets a duplicate key, rolls back to its savepoint and locks the row that now exists.
     */
    void lock(long userId) {
        for (int attempt = 0; attempt < 50; attempt++) {
            if (tryLock(userId)) {
                return;
            }
            if (savepoint.insertUnlessDuplicate(() -> jdbc.sql("insert into quota_lock (user_id) values (:u)").param("u", userId).update())) {
                return; // our own uncommitted row is locked by us until the transaction ends
            } else {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("could not lock the quota row of user " + userId);
    }

    /** The team's budget; unlimited when its owners set none. */
    Limits team(long teamId) {
        return jdbc.sql("select requests_per_day, images_per_month, cost_per_month from team_budget where team_id = :t")
                .param("t", teamId).query((rs, n) -> limits(rs)).optional().orElse(Limits.unlimited());
    }

    /** Sets (or, all unlimited, removes) the team's budget. */
    void setTeam(long teamId, Limits limits, Instant now) {
        if (limits.isUnlimited()) {
            jdbc.sql("delete from team_budget where team_id = :t").param("t", teamId).update();
            return;
        }
        int updated = jdbc.sql("update team_budget set requests_per_day = :r, images_per_month = :i, cost_per_month = :c, updated_at = :now "
                + "where team_id = :t").params(params(limits, now)).param("t", teamId).update();
        if (updated == 0 && !savepoint.insertUnlessDuplicate(() -> jdbc.sql("insert into team_budget (team_id, requests_per_day, "
                + "images_per_month, cost_per_month, updated_at) values (:t, :r, :i, :c, :now)").params(params(limits, now))
                .param("t", teamId).update())) {
            jdbc.sql("update team_budget set requests_per_day = :r, images_per_month = :i, cost_per_month = :c, updated_at = :now "
                    + "where team_id = :t").params(params(limits, now)).param("t", teamId).update();
        }
    }

    /**
     * Locks the team's budget row until the calling transaction ends and reads the budget under that lock; a team
     * without a budget has no row and nothing to lock (it is unlimited).
     */
    Limits lockTeam(long teamId) {
        return jdbc.sql("select requests_per_day, images_per_month, cost_per_month from team_budget where team_id = :t for update")
                .param("t", teamId).query((rs, n) -> limits(rs)).optional().orElse(Limits.unlimited());
    }

    private boolean tryLock(long userId) {
        return !jdbc.sql("select user_id from quota_lock where user_id = :u for update").param("u", userId).query(Long.class)
                .list().isEmpty();
    }

    private static java.util.Map<String, Object> params(Limits l, Instant now) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("r", l.requestsPerDay());
        p.put("i", l.imagesPerMonth());
        p.put("c", l.costPerMonth());
        p.put("now", Timestamp.from(now));
        return p;
    }

    private static Limits limits(java.sql.ResultSet rs) throws java.sql.SQLException {
        Integer r = (Integer) rs.getObject(1, Integer.class);
        Integer i = (Integer) rs.getObject(2, Integer.class);
        BigDecimal c = rs.getBigDecimal(3);
        return new Limits(r, i, c);
    }
}
