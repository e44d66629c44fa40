package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/** The failures seen while PostgreSQL was stopped under the running application, and look-alikes that are not outages. */
class DatabaseOutageCausesTest {

    @Test
    void whatTheStackSaysWhenTheDatabaseIsAway() {
        // no connection to be had: Hikari's timeout around the driver's "connection refused", inside Spring's wrapper
        SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001", new ConnectException("Connection refused"));
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("Could not open JPA EntityManager",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", null, refused)))).isTrue();
        // a query running when the server shut down
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("wrapped",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("the database system is starting up", "57P03"))).isTrue();
        // ... and its transaction's rollback on the connection the pool has already thrown away
        assertThat(DatabaseOutage.causedBy(new JpaSystemException(new RuntimeException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed"))))).isTrue();
        assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("I/O error"))).isTrue();
        assertThat(DatabaseOutage.summary(new CannotCreateTransactionException("x", refused))).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void otherDatabaseErrorsAreNotOutages() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new QueryTimeoutException("slow"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("Connection is closed", "42000"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("bad input"))).isFalse();
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertThat(DatabaseOutage.causedBy(loop)).isFalse();
    }
}
