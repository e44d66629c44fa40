package studio.atelier.shared;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes the start-up tasks of nodes started at the same moment take turns: the caller's transaction locks the one row
 * of {@code start_up_lock} until it ends. A task that reads "is it there yet?" after the lock sees what another node's
 * run committed (both databases read committed rows statement by statement), so it updates instead of inserting twice.
 * A waiting lock rather than ShedLock's skip: every node must apply its own configuration, not trust another node's.
 */
@Component
public class StartUpLock {

    private final JdbcClient jdbc;

    StartUpLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Waits for the lock; it is released when the current transaction commits or rolls back. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void take() {
        jdbc.sql("select id from start_up_lock where id = 1 for update").query(Integer.class).single();
    }
}
