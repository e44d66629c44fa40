package studio.atelier.usage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Runs work inside a JDBC savepoint of the current transaction's connection, so that it can be undone alone: a duplicate
 * key then only undoes the insert and the transaction goes on (PostgreSQL would otherwise refuse every further statement
 * in it). Portable "insert if missing" for H2 and PostgreSQL without vendor upsert syntax.
 */
@Component
class Savepoint {

    private final DataSource dataSource;

    Savepoint(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} inside a savepoint and undoes it, row locks included, unless it says to keep it.
     *
     * @return what {@code work} said
     */
    boolean keepIf(java.util.function.BooleanSupplier work) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            java.sql.Savepoint savepoint = connection.setSavepoint();
            if (work.getAsBoolean()) {
                connection.releaseSavepoint(savepoint);
                return true;
            }
            connection.rollback(savepoint);
            return false;
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("savepoint failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** @return true when the insert happened, false when the row already existed */
    boolean insertUnlessDuplicate(Runnable insert) {
        return keepIf(() -> {
            try {
                insert.run();
                return true;
            } catch (DuplicateKeyException duplicate) {
                return false;
            }
        });
    }
}
