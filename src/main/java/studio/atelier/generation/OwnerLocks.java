package studio.atelier.generation;

import java.sql.SQLException;
import java.util.Collection;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes one person's submissions and the claims touching that person take turns, on every node: the person's account
 * row is locked until the transaction ends. On PostgreSQL the lock is {@code FOR NO KEY UPDATE}, which still lets
 * other transactions insert rows that reference the account (usage records, images), so finishing generations never
 * waits for a submission.
 */
@Component
class OwnerLocks {

    private final JdbcClient jdbc;
    private final String mode;

    OwnerLocks(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.mode = studio.atelier.shared.DatabaseKind.isPostgres(dataSource) ? "for no key update" : "for update";
    }

    void lock(long ownerId) {
        jdbc.sql("select id from app_user where id = :o " + mode).param("o", ownerId).query(Long.class).optional();
    }

    /**
     * Locks those of these people nobody else holds, and says which: a claim never waits for a submission (or an account
     * being deleted), it leaves that person's jobs for its next round.
     */
    java.util.Set<Long> lockAvailable(Collection<Long> ownerIds) {
        if (ownerIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("select id from app_user where id in (:o) " + mode + " skip locked")
                .param("o", ownerIds).query(Long.class).list());
    }
}
