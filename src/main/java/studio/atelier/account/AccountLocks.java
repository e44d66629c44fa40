package studio.atelier.account;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import studio.atelier.shared.DatabaseKind;

/**
 * A person's account row as the lock that makes work done for that person take turns on every node (the generation
 * module's submissions and job claims): held until the transaction ends. On PostgreSQL the lock is
 * {@code FOR NO KEY UPDATE}, which still lets other transactions insert rows that reference the account (usage
 * records, images), so finishing generations never waits for a submission.
 */
@Component
public class AccountLocks {

    private final JdbcClient jdbc;
    private final String mode;

    AccountLocks(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.mode = DatabaseKind.isPostgres(dataSource) ? "for no key update" : "for update";
    }

    public void lock(long userId) {
        jdbc.sql("select id from app_user where id = :o " + mode).param("o", userId).query(Long.class).optional();
    }

    /** Locks those of these people nobody else holds, and says which; never waits for the others. */
    public Set<Long> lockAvailable(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from app_user where id in (:o) " + mode + " skip locked")
                .param("o", userIds).query(Long.class).list());
    }
}
