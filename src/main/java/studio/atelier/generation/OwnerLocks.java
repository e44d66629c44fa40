package studio.atelier.generation;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import studio.atelier.account.AccountLocks;
import studio.atelier.shared.DatabaseKind;

/**
 * Makes one person's submissions and the claims touching that person take turns, on every node, with the account
 * module's lock on the person's account row.
 */
@Component
class OwnerLocks {

    private final AccountLocks accounts;
    private final boolean postgres;

    OwnerLocks(AccountLocks accounts, DataSource dataSource) throws SQLException {
        this.accounts = accounts;
        this.postgres = DatabaseKind.isPostgres(dataSource);
    }

    void lock(long ownerId) {
        accounts.lock(ownerId);
    }

    /** The statement {@link #lock} sends, for a request that sends more after it. */
    String lockStatement(String ownerParameter) {
        return accounts.lockStatement(ownerParameter);
    }

    /** Whether a statement that must wait for the lock can go in the same request (PostgreSQL; H2 takes one at a time). */
    boolean oneRequest() {
        return postgres;
    }

    /**
     * Locks those of these people nobody else holds, and says which: a claim never waits for a submission (or an account
     * being deleted), it leaves that person's jobs for its next round.
     */
    Set<Long> lockAvailable(Collection<Long> ownerIds) {
        return accounts.lockAvailable(ownerIds);
    }
}
